// Ties with at least one participant that was not stored before this import: none can exist yet.
UNWIND $rows AS row
MATCH (a:Participant {id: row.source})
USING INDEX a:Participant(id)
MATCH (b:Participant {id: row.target})
USING INDEX b:Participant(id)
CREATE (a)-[t:TIE]->(b)
SET t = row.props
RETURN count(*) AS rows, count(*) AS written
