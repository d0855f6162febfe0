UNWIND $rows AS row
MATCH (a:Participant {id: row.source})-[t:TIE]->(b:Participant {id: row.target})
WHERE t.layer = row.layer
DELETE t
RETURN count(t) AS deleted
