// A page of clusters (GET /api/clusters) with member counts; keyset pagination on id, $q lower-case.
MATCH (n:Cluster)
WHERE ($after IS NULL OR n.id > $after)
  AND ($q IS NULL OR toLower(n.name) CONTAINS $q OR toLower(n.id) CONTAINS $q)
RETURN properties(n) AS props, COUNT { (:Participant)-[:MEMBER_OF]->(n) } AS members
ORDER BY n.id
LIMIT $limit
