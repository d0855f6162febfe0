// A row MERGEd into being counts as written even when its properties are only the MERGE keys.
UNWIND $rows AS row
MERGE (r:Region {id: row.id})
ON CREATE SET r.`_created` = true
WITH r, row, r.`_created` IS NULL AND properties(r) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET r = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
