MATCH (n:Participant) RETURN properties(n) AS props ORDER BY n.id
