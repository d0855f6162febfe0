// Memberships of participants that were not stored before this import: none can exist yet.
UNWIND $rows AS row
MATCH (p:Participant {id: row.participant})
USING INDEX p:Participant(id)
MATCH (t:Platform {id: row.target})
USING INDEX t:Platform(id)
CREATE (p)-[m:JOINED]->(t)
SET m = row.props
RETURN count(*) AS rows, count(*) AS written
