// Removes the stored network (everything but the Meta node that carries the graph version).
MATCH (n)
WHERE n:Participant OR n:Cluster OR n:Platform OR n:Project OR n:Region OR n:Layer OR n:Observation
DETACH DELETE n
RETURN count(n) AS deleted
