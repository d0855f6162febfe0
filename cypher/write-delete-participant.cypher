// Deletes a participant with its ties, its memberships and its own observations (one value per
// participant, indicator and year: without the participant they describe no one, and an export holding
// them would not import). Clusters, platforms, projects, regions and other participants stay.
MATCH (p:Participant {id: $id})
WITH p,
  COUNT { (p)-[:TIE]-() } AS ties,
  COUNT { (p)-[:MEMBER_OF|JOINED|PART_OF]->() } AS memberships
OPTIONAL MATCH (p)-[:HAS_OBSERVATION]->(o:Observation)
WITH p, ties, memberships, collect(o) AS observations
FOREACH (o IN observations | DETACH DELETE o)
DETACH DELETE p
RETURN ties, memberships, size(observations) AS observations
