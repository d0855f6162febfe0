UNWIND $rows AS row
MATCH (p:Participant {id: row.props.participant})
USING INDEX p:Participant(id)
MERGE (o:Observation {participant: row.props.participant, indicator: row.props.indicator, year: row.props.year})
WITH p, o, row, properties(o) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET o = row.props)
MERGE (p)-[:HAS_OBSERVATION]->(o)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
