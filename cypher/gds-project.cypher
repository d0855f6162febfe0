// One Graph Data Science projection of the flattened network, as src/analysis/network.ts `flatten` builds
// it: every participant that passes the filters is a node (isolated or not); an edge wherever a chosen
// layer has a tie between two such participants (self-ties dropped), its `weight` the sum of those ties'
// weights and `cost` = 1 / weight (weighted shortest paths read weights as strengths); in the undirected
// view a tie a→b and a tie b→a are one edge, in the directed view a tie of an undirected layer runs both
// ways. `platform` (the derived layer) ties two participants once per platform they share.
// $layers: the chosen stored layers (null = all); $twoWay: the undirected layers.
CALL {
  MATCH (p:Participant)
  WHERE ($kinds IS NULL OR p.kind IN $kinds)
    AND ($regions IS NULL OR p.region IN $regions)
    AND ($clusters IS NULL OR EXISTS { (p)-[:MEMBER_OF]->(c:Cluster) WHERE c.id IN $clusters })
    AND ($platforms IS NULL OR EXISTS { (p)-[:JOINED]->(f:Platform) WHERE f.id IN $platforms })
  RETURN p AS s, null AS d, 0.0 AS w
  UNION ALL
  MATCH (a:Participant)-[t:TIE]->(b:Participant)
  WHERE a <> b
    AND ($layers IS NULL OR t.layer IN $layers)
    AND ($since IS NULL OR t.since >= $since)
    AND ($until IS NULL OR t.since <= $until)
    AND ($kinds IS NULL OR (a.kind IN $kinds AND b.kind IN $kinds))
    AND ($regions IS NULL OR (a.region IN $regions AND b.region IN $regions))
    AND ($clusters IS NULL OR (EXISTS { (a)-[:MEMBER_OF]->(c:Cluster) WHERE c.id IN $clusters }
      AND EXISTS { (b)-[:MEMBER_OF]->(c:Cluster) WHERE c.id IN $clusters }))
    AND ($platforms IS NULL OR (EXISTS { (a)-[:JOINED]->(f:Platform) WHERE f.id IN $platforms }
      AND EXISTS { (b)-[:JOINED]->(f:Platform) WHERE f.id IN $platforms }))
  UNWIND CASE
      WHEN $directed AND t.layer IN $twoWay THEN [[a, b], [b, a]]
      WHEN $directed OR elementId(a) < elementId(b) THEN [[a, b]]
      ELSE [[b, a]]
    END AS pair
  RETURN pair[0] AS s, pair[1] AS d, toFloat(coalesce(t.weight, 1.0)) AS w
  UNION ALL
  MATCH (a:Participant)-[:JOINED]->(:Platform)<-[:JOINED]-(b:Participant)
  WHERE $platformLayer AND elementId(a) < elementId(b)
    AND ($kinds IS NULL OR (a.kind IN $kinds AND b.kind IN $kinds))
    AND ($regions IS NULL OR (a.region IN $regions AND b.region IN $regions))
    AND ($clusters IS NULL OR (EXISTS { (a)-[:MEMBER_OF]->(c:Cluster) WHERE c.id IN $clusters }
      AND EXISTS { (b)-[:MEMBER_OF]->(c:Cluster) WHERE c.id IN $clusters }))
    AND ($platforms IS NULL OR (EXISTS { (a)-[:JOINED]->(f:Platform) WHERE f.id IN $platforms }
      AND EXISTS { (b)-[:JOINED]->(f:Platform) WHERE f.id IN $platforms }))
  UNWIND CASE WHEN $directed THEN [[a, b], [b, a]] ELSE [[a, b]] END AS pair
  RETURN pair[0] AS s, pair[1] AS d, 1.0 AS w
}
WITH s, d, sum(w) AS w
WITH gds.graph.project(
  $graphName, s, d,
  { relationshipProperties: { weight: w, cost: CASE WHEN w > 0 THEN 1.0 / w ELSE 0.0 END } },
  { undirectedRelationshipTypes: CASE WHEN $directed THEN [] ELSE ['*'] END }
) AS g
RETURN g.graphName AS graphName, g.nodeCount AS nodeCount, g.relationshipCount AS relationshipCount
