// Observations of participants that were not stored before this import: none can exist yet.
UNWIND $rows AS row
MATCH (p:Participant {id: row.props.participant})
USING INDEX p:Participant(id)
CREATE (p)-[:HAS_OBSERVATION]->(o:Observation)
SET o = row.props
RETURN count(*) AS rows, count(*) AS written
