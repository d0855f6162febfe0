// What the data offers to filter and analyse by (GET /api/facets).
RETURN
  COUNT { (:Participant) } AS participants,
  COLLECT { MATCH (l:Layer) RETURN {id: l.id, name: l.name, directed: l.directed} AS row ORDER BY row.id } AS layers,
  COLLECT { MATCH (c:Cluster) RETURN {id: c.id, name: c.name} AS row ORDER BY row.id } AS clusters,
  COLLECT { MATCH (c:Platform) RETURN {id: c.id, name: c.name} AS row ORDER BY row.id } AS platforms,
  COLLECT { MATCH (c:Region) RETURN {id: c.id, name: c.name} AS row ORDER BY row.id } AS regions,
  COLLECT { MATCH (p:Participant) RETURN DISTINCT p.kind AS kind ORDER BY kind } AS kinds,
  COLLECT {
    MATCH (:Participant)-[:HAS_OBSERVATION]->(o)
    RETURN DISTINCT o.indicator AS indicator ORDER BY indicator
  } AS indicators,
  COLLECT {
    MATCH ()-[t:TIE]->() WHERE t.since IS NOT NULL
    RETURN {min: min(t.since), max: max(t.since)} AS years
  }[0] AS years
