UNWIND $rows AS id
MATCH (n:Platform {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
