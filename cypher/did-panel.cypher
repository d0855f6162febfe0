// The panel for per-group difference-in-differences: every participant with observations of the given
// indicators, its observations, and the clusters and platforms it joined with the year (uses the
// (indicator, year) index on :Observation). Parameters: $indicators (list of indicator ids).
MATCH (o:Observation)
WHERE o.indicator IN $indicators
WITH o.participant AS pid, collect({indicator: o.indicator, year: o.year, value: o.value}) AS observations
MATCH (p:Participant {id: pid})
RETURN
  p.id AS id,
  p.name AS name,
  p.kind AS kind,
  [(p)-[m:MEMBER_OF]->(c:Cluster) | {id: c.id, name: c.name, since: m.since}] AS clusters,
  [(p)-[j:JOINED]->(pl:Platform) | {id: pl.id, name: pl.name, since: j.since}] AS platforms,
  observations
ORDER BY id
