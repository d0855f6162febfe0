// A participant's properties become exactly those of its row; LOCATED_IN follows its region.
UNWIND $rows AS row
MERGE (p:Participant {id: row.id})
WITH p, row, properties(p) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET p = row.props)
WITH p, row, unchanged
OPTIONAL MATCH (p)-[old:LOCATED_IN]->(elsewhere:Region)
WHERE elsewhere.id <> row.props.region
DELETE old
WITH DISTINCT p, row, unchanged
MERGE (r:Region {id: row.props.region})
MERGE (p)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
