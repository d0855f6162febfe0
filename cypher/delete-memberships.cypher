UNWIND $rows AS row
MATCH (p:Participant {id: row.participant})-[m:MEMBER_OF|JOINED|PART_OF]->(t)
USING INDEX p:Participant(id)
WHERE type(m) = row.type AND t.id = row.target
DELETE m
RETURN count(m) AS deleted
