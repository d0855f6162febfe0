UNWIND $rows AS row
MERGE (c:Cluster {id: row.id})
WITH c, row, properties(c) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET c = row.props)
WITH c, row, unchanged
OPTIONAL MATCH (c)-[old:LOCATED_IN]->(elsewhere:Region)
WHERE elsewhere.id <> row.props.region
DELETE old
WITH DISTINCT c, row, unchanged
MERGE (r:Region {id: row.props.region})
MERGE (c)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
