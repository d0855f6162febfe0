UNWIND $rows AS id
MATCH (n:Project {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
