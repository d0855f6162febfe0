UNWIND $rows AS id
MATCH (n:Region {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
