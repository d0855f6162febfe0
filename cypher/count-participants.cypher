// How many participants a filtered page walks through (the `total` of GET /api/participants): the
// filters of list-participants.cypher, without the cursor and the limit.
MATCH (p:Participant)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($region IS NULL OR p.region = $region)
  AND ($q IS NULL OR toLower(p.name) CONTAINS $q OR toLower(p.id) CONTAINS $q)
  AND ($cluster IS NULL OR EXISTS { (p)-[:MEMBER_OF]->(:Cluster {id: $cluster}) })
  AND ($platform IS NULL OR EXISTS { (p)-[:JOINED]->(:Platform {id: $platform}) })
RETURN count(p) AS total
