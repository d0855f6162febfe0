UNWIND $rows AS row
MERGE (n:Platform {id: row.id})
WITH n, row, properties(n) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET n = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
