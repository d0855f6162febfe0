// The stored layers and whether each is directed (a granular write refers to one of them).
MATCH (l:Layer)
RETURN l.id AS id, coalesce(l.directed, false) AS directed
ORDER BY id
