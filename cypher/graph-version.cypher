OPTIONAL MATCH (m:Meta {id: 'graph'})
RETURN coalesce(m.version, 0) AS version
