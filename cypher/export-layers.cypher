MATCH (n:Layer) RETURN properties(n) AS props ORDER BY n.id
