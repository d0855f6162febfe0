UNWIND $rows AS id
MATCH (n:Cluster {id: id})
USING INDEX n:Cluster(id)
DETACH DELETE n
RETURN count(*) AS deleted
