UNWIND $rows AS row
MATCH (a:Participant {id: row.source})-[t:TIE]->(b:Participant {id: row.target})
USING INDEX a:Participant(id)
WHERE t.layer = row.layer
DELETE t
RETURN count(t) AS deleted
