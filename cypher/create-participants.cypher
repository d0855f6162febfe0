// Participants that are not stored yet (see existing-participants.cypher).
UNWIND $rows AS row
CREATE (p:Participant)
SET p = row.props
MERGE (r:Region {id: row.props.region})
CREATE (p)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, count(*) AS written
