// A page of platforms (GET /api/platforms) with member counts; keyset pagination on id, $q lower-case.
MATCH (n:Platform)
WHERE ($after IS NULL OR n.id > $after)
  AND ($q IS NULL OR toLower(n.name) CONTAINS $q OR toLower(n.id) CONTAINS $q)
RETURN properties(n) AS props, COUNT { (:Participant)-[:JOINED]->(n) } AS members
ORDER BY n.id
LIMIT $limit
