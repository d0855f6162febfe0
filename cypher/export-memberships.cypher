MATCH (p:Participant)-[m:MEMBER_OF|JOINED|PART_OF]->(t)
RETURN p.id AS participant, type(m) AS type, t.id AS target, m.since AS since, m.role AS role
ORDER BY participant, type, target
