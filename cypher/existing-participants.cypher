// Which of the bundle's participants are already stored: rows of new participants are CREATEd
// (no MERGE look-up), which makes a first import several times faster.
UNWIND $ids AS id
MATCH (p:Participant {id: id})
USING INDEX p:Participant(id)
RETURN collect(id) AS existing
