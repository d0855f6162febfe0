UNWIND $rows AS id
MATCH (n:Layer {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
