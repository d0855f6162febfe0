// A page of projects (GET /api/projects) with member counts; keyset pagination on id, $q lower-case.
MATCH (n:Project)
WHERE ($after IS NULL OR n.id > $after)
  AND ($q IS NULL OR toLower(n.name) CONTAINS $q OR toLower(n.id) CONTAINS $q)
RETURN properties(n) AS props, COUNT { (:Participant)-[:PART_OF]->(n) } AS members
ORDER BY n.id
LIMIT $limit
