MATCH (n:Project) RETURN properties(n) AS props ORDER BY n.id
