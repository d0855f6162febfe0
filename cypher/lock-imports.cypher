// Imports run one at a time: each first takes the write lock of the graph's Meta node and holds it to its
// commit, so that its reference checks, its writes and a --replace's deletions see no other import's
// half-way state. Reads take no locks and are not held up.
MERGE (m:Meta {id: 'graph'})
SET m.importLock = true
REMOVE m.importLock
RETURN m.id AS id
