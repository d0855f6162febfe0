// Every import that changes the network bumps the graph version, the key of the analysis caches, and
// stamps its import id (the last 100 are kept), so that an interrupted client can ask whether it landed.
MERGE (m:Meta {id: 'graph'})
SET m.version = coalesce(m.version, 0) + 1,
  m.updatedAt = datetime(),
  m.imports = (coalesce(m.imports, []) + [$importId])[-100..]
RETURN m.version AS version
