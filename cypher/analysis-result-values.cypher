// One batch of a written result: each participant's values, as properties named by measure and settings
// (src/analysis/written-results.ts), so that Neo4j Browser, Bloom and other tools see them.
UNWIND $rows AS row
MATCH (p:Participant {id: row.id})
SET p += row.props
RETURN count(p) AS written
