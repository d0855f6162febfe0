// Every import that changes the network bumps the graph version, the key of the analysis caches.
MERGE (m:Meta {id: 'graph'})
SET m.version = coalesce(m.version, 0) + 1, m.updatedAt = datetime()
RETURN m.version AS version
