UNWIND $rows AS row
MERGE (l:Layer {id: row.id})
WITH l, row, properties(l) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET l = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
