UNWIND $rows AS id
MATCH (n:Platform {id: id})
USING INDEX n:Platform(id)
DETACH DELETE n
RETURN count(*) AS deleted
