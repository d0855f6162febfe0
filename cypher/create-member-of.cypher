// Memberships of participants that were not stored before this import: none can exist yet. Sent as
// parallel lists, the participant as its internal node number (participant-nodes, read once per import
// for these and the ties), as create-ties-by-node does; a number that no longer names a participant
// matches nothing, and the import notices the short count.
UNWIND range(0, size($participant) - 1) AS i
MATCH (p:Participant) WHERE id(p) = toInteger($participant[i])
MATCH (t:Cluster {id: $target[i]})
USING INDEX t:Cluster(id)
CREATE (p)-[:MEMBER_OF {since: toInteger($since[i]), role: $role[i]}]->(t)
RETURN count(*) AS rows, count(*) AS written
