MATCH (l:Layer)
RETURN l.id AS id, coalesce(l.directed, false) AS directed
ORDER BY id
