// The import's ties with at least one participant that was not stored before it: none can exist yet.
// Sent as parallel lists, their ends as internal node numbers read once per import (participant-nodes):
// a node-number look-up and one list per property cost a third of two index seeks and a map per tie
// (bench:import-statements). A number that no longer names a participant matches nothing, and the
// import notices the short count.
UNWIND range(0, size($source) - 1) AS i
MATCH (a:Participant) WHERE id(a) = toInteger($source[i])
MATCH (b:Participant) WHERE id(b) = toInteger($target[i])
CREATE (a)-[:TIE {layer: $layer[i], weight: $weight[i], since: toInteger($since[i])}]->(b)
RETURN count(*) AS rows, count(*) AS written
