// In an undirected layer a tie stored as b→a is the same tie as a→b: MERGE without a direction finds it.
UNWIND $rows AS row
MATCH (a:Participant {id: row.source})
USING INDEX a:Participant(id)
MATCH (b:Participant {id: row.target})
USING INDEX b:Participant(id)
MERGE (a)-[t:TIE {layer: row.props.layer}]-(b)
ON CREATE SET t.`_created` = true
WITH t, row, t.`_created` IS NULL AND properties(t) = row.props AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END | SET t = row.props)
RETURN count(*) AS rows, sum(CASE WHEN unchanged THEN 0 ELSE 1 END) AS written
