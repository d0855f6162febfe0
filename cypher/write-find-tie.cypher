// A tie of a layer between two participants: in a directed layer from source to target, in an undirected
// one stored either way round.
MATCH (a:Participant {id: $source})-[t:TIE]-(b:Participant {id: $target})
WHERE t.layer = $layer AND ($undirected OR startNode(t) = a)
RETURN t.weight AS weight, t.since AS since
