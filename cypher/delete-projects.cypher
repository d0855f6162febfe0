UNWIND $rows AS id
MATCH (n:Project {id: id})
USING INDEX n:Project(id)
DETACH DELETE n
RETURN count(*) AS deleted
