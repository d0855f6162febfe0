UNWIND $rows AS id
MATCH (n:Participant {id: id})
USING INDEX n:Participant(id)
DETACH DELETE n
RETURN count(*) AS deleted
