// Memberships of participants that were not stored before this import: none can exist yet.
UNWIND $rows AS row
MATCH (p:Participant {id: row.participant})
USING INDEX p:Participant(id)
MATCH (t:Project {id: row.target})
USING INDEX t:Project(id)
CREATE (p)-[m:PART_OF]->(t)
SET m = row.props
RETURN count(*) AS rows, count(*) AS written
