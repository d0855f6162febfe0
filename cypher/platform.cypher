// One platform with its members (GET /api/platforms/{id}).
MATCH (n:Platform {id: $id})
RETURN properties(n) AS props,
  COLLECT {
    MATCH (p:Participant)-[m:JOINED]->(n)
    RETURN {id: p.id, name: p.name, kind: p.kind, region: p.region, since: m.since, role: m.role} AS row
    ORDER BY row.id
  } AS members
