// A participant's properties become exactly those of its row; LOCATED_IN follows its region.
UNWIND $rows AS row
MERGE (p:Participant {id: row.id})
// Results written back (cl_* properties, analyze --write) are not the participant's data: a participant
// whose own fields are the row's is unchanged whatever results it carries. A changed one loses them.
WITH p, row,
  size([k IN keys(p) WHERE NOT k STARTS WITH 'cl_']) = size(keys(row.props))
  AND all(k IN keys(row.props) WHERE p[k] = row.props[k]) AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET p = row.props)
WITH p, row, unchanged
OPTIONAL MATCH (p)-[old:LOCATED_IN]->(elsewhere:Region)
WHERE elsewhere.id <> row.props.region
DELETE old
WITH DISTINCT p, row, unchanged
MERGE (r:Region {id: row.props.region})
MERGE (p)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
