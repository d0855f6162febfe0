// Whether a participant holds a membership ($type: MEMBER_OF, JOINED or PART_OF) of a cluster, platform
// or project.
MATCH (p:Participant {id: $participant})-[m:MEMBER_OF|JOINED|PART_OF]->(t)
WHERE type(m) = $type AND t.id = $target
RETURN m.since AS since, m.role AS role
