// The layers in which each of the given pairs of participants is tied now (either way).
UNWIND $pairs AS pair
MATCH (a:Participant {id: pair[0]})-[t:TIE]-(b:Participant {id: pair[1]})
RETURN pair[0] AS a, pair[1] AS b, collect(DISTINCT t.layer) AS layers
