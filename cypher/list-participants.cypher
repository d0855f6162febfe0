// A page of participants (GET /api/participants): optional filters, keyset pagination on id.
// $q is lower-case; every filter is a parameter, null when not given.
MATCH (p:Participant)
WHERE ($after IS NULL OR p.id > $after)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($region IS NULL OR p.region = $region)
  AND ($q IS NULL OR toLower(p.name) CONTAINS $q OR toLower(p.id) CONTAINS $q)
  AND ($cluster IS NULL OR EXISTS { (p)-[:MEMBER_OF]->(:Cluster {id: $cluster}) })
  AND ($platform IS NULL OR EXISTS { (p)-[:JOINED]->(:Platform {id: $platform}) })
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.region AS region
ORDER BY p.id
LIMIT $limit
