MATCH (n:Platform) RETURN properties(n) AS props ORDER BY n.id
