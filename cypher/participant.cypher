// One participant with its memberships, ties by layer and indicators (GET /api/participants/{id}).
MATCH (p:Participant {id: $id})
RETURN properties(p) AS props,
  COLLECT {
    MATCH (p)-[m:MEMBER_OF]->(c:Cluster)
    RETURN {id: c.id, name: c.name, since: m.since, role: m.role} AS row ORDER BY row.id
  } AS clusters,
  COLLECT {
    MATCH (p)-[m:JOINED]->(c:Platform)
    RETURN {id: c.id, name: c.name, since: m.since, role: m.role} AS row ORDER BY row.id
  } AS platforms,
  COLLECT {
    MATCH (p)-[m:PART_OF]->(c:Project)
    RETURN {id: c.id, name: c.name, since: m.since, role: m.role} AS row ORDER BY row.id
  } AS projects,
  COLLECT {
    MATCH (p)-[t:TIE]-(o:Participant)
    OPTIONAL MATCH (l:Layer {id: t.layer})
    RETURN {
      layer: t.layer, id: o.id, name: o.name, weight: t.weight, since: t.since,
      direction: CASE WHEN NOT coalesce(l.directed, false) THEN 'both'
                      WHEN startNode(t) = p THEN 'out' ELSE 'in' END
    } AS row ORDER BY row.layer, row.id
  } AS ties,
  COLLECT {
    MATCH (p)-[:HAS_OBSERVATION]->(o)
    RETURN {indicator: o.indicator, year: o.year, value: o.value, unit: o.unit} AS row
    ORDER BY row.indicator, row.year
  } AS indicators
