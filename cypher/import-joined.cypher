// A row MERGEd into being counts as written even when its properties are only the MERGE keys.
UNWIND $rows AS row
MATCH (p:Participant {id: row.participant})
USING INDEX p:Participant(id)
MATCH (t:Platform {id: row.target})
USING INDEX t:Platform(id)
MERGE (p)-[m:JOINED]->(t)
ON CREATE SET m.`_created` = true
WITH m, row, m.`_created` IS NULL AND properties(m) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET m = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
