UNWIND $rows AS row
MERGE (r:Region {id: row.id})
WITH r, row, properties(r) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET r = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
