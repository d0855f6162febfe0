UNWIND $rows AS id
MATCH (n:Cluster {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
