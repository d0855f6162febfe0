// A granular write (POST /api/participants, /api/ties …) that changed the network bumps the graph version,
// the key of every cache, as an import does; it leaves the list of import ids alone (importLanded reads it).
MERGE (m:Meta {id: 'graph'})
SET m.version = coalesce(m.version, 0) + 1,
  m.updatedAt = datetime()
RETURN m.version AS version
