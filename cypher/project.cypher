// One project with its members (GET /api/projects/{id}).
MATCH (n:Project {id: $id})
RETURN properties(n) AS props,
  COLLECT {
    MATCH (p:Participant)-[m:PART_OF]->(n)
    RETURN {id: p.id, name: p.name, kind: p.kind, region: p.region, since: m.since, role: m.role} AS row
    ORDER BY row.id
  } AS members
