MATCH (o:Observation)
RETURN o.participant AS participant, o.indicator AS indicator, o.year AS year, o.value AS value, o.unit AS unit
ORDER BY participant, indicator, year
