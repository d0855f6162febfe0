// Index hints in the import and delete statements keep the planner on id look-ups: after a large
// delete, stale statistics made it scan a whole index once per row (minutes instead of milliseconds).
// The observation has no label in the pattern, so that it can only be reached from its participant.
UNWIND $rows AS row
MATCH (p:Participant {id: row.participant})-[:HAS_OBSERVATION]->(o)
USING INDEX p:Participant(id)
WHERE o.indicator = row.indicator AND o.year = row.year
DETACH DELETE o
RETURN count(*) AS deleted
