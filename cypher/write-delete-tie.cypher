// Deletes one tie (see write-find-tie.cypher for which one).
MATCH (a:Participant {id: $source})-[t:TIE]-(b:Participant {id: $target})
WHERE t.layer = $layer AND ($undirected OR startNode(t) = a)
DELETE t
RETURN count(*) AS deleted
