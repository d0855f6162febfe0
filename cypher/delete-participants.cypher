UNWIND $rows AS id
MATCH (n:Participant {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
