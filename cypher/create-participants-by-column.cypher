// An import's participants that are not stored yet (see existing-participants.cypher), sent as parallel
// lists, one per field (a value absent from a row is null there, and CREATE sets no property for a
// null), the free attributes as one map per row or null: one list per field is cheaper to send and read
// than a map per row (as for the ties, bench:import-statements). It names every participant field of the
// exchange format (participantColumns in src/store/import.ts sends one list each). Their region is
// MERGEd once per region and batch, not once per row: most participants of a bundle share a few regions.
UNWIND range(0, size($id) - 1) AS i
CREATE (p:Participant {
  id: $id[i],
  kind: $kind[i],
  name: $name[i],
  region: $region[i],
  municipality: $municipality[i],
  founded: toInteger($founded[i]),
  employees: toInteger($employees[i])
})
SET p += coalesce($attributes[i], {})
WITH $region[i] AS region, collect(p) AS participants
MERGE (r:Region {id: region})
WITH r, participants
UNWIND participants AS p
CREATE (p)-[:LOCATED_IN]->(r)
RETURN count(*) AS rows, count(*) AS written
