UNWIND $rows AS row
MATCH (o:Observation {participant: row.participant, indicator: row.indicator, year: row.year})
DETACH DELETE o
RETURN count(*) AS deleted
