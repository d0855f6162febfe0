// Participant ids in order, at most $limit (the OpenAPI document lists them for `exclude` when few).
MATCH (p:Participant)
RETURN p.id AS id
ORDER BY p.id
LIMIT $limit
