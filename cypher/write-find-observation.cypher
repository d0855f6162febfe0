// Whether a participant's value of an indicator in a year is stored.
MATCH (o:Observation {participant: $participant, indicator: $indicator, year: $year})
RETURN o.value AS value
