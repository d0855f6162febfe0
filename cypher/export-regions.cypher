MATCH (n:Region) RETURN properties(n) AS props ORDER BY n.id
