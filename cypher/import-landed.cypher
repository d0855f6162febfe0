// Whether an import with this id was committed (see bump-graph-version.cypher), and the version now.
OPTIONAL MATCH (m:Meta {id: 'graph'})
RETURN coalesce($importId IN m.imports, false) AS landed, coalesce(m.version, 0) AS version
