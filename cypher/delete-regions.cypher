UNWIND $rows AS id
MATCH (n:Region {id: id})
USING INDEX n:Region(id)
DETACH DELETE n
RETURN count(*) AS deleted
