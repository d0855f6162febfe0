// Ties of a --replace that the bundle lacks, found by the relationship number existing-keys read in
// this transaction (under the imports' lock): one seek per tie, whatever the planner's statistics say
// after a large delete. The key is checked again, so a number reused meanwhile deletes nothing.
UNWIND $rows AS row
MATCH (a)-[t:TIE]->(b)
WHERE id(t) = toInteger(row.id) AND t.layer = row.layer AND a.id = row.source AND b.id = row.target
DELETE t
RETURN count(t) AS deleted
