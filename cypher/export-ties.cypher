MATCH (a:Participant)-[t:TIE]->(b:Participant)
RETURN a.id AS source, b.id AS target, t.layer AS layer, t.weight AS weight, t.since AS since
ORDER BY layer, source, target
