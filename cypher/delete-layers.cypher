UNWIND $rows AS id
MATCH (n:Layer {id: id})
USING INDEX n:Layer(id)
DETACH DELETE n
RETURN count(*) AS deleted
