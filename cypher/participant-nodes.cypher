// The internal node numbers of these participants, read inside the import's transaction (so that the
// participants it has just created are among them), for create-ties-by-node and the create-* memberships.
UNWIND $ids AS id
MATCH (p:Participant {id: id})
USING INDEX p:Participant(id)
RETURN collect(id) AS ids, collect(toFloat(id(p))) AS nodes
