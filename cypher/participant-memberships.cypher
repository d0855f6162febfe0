// The clusters and platforms of the participants of one page ($ids), for `fields=clusters,platforms`.
UNWIND $ids AS id
MATCH (p:Participant {id: id})
RETURN p.id AS id, properties(p) AS props,
       COLLECT { MATCH (p)-[:MEMBER_OF]->(c:Cluster) RETURN c.id ORDER BY c.id } AS clusters,
       COLLECT { MATCH (p)-[:JOINED]->(f:Platform) RETURN f.id ORDER BY f.id } AS platforms
