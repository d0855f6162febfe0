// Participants that are not stored yet (see existing-participants.cypher). Their region is MERGEd once
// per region and batch, not once per row: most participants of a bundle share a few regions.
UNWIND $rows AS row
CREATE (p:Participant)
SET p = row.props
WITH row.props.region AS region, collect(p) AS participants
MERGE (r:Region {id: region})
WITH r, participants
UNWIND participants AS p
CREATE (p)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, count(*) AS written
