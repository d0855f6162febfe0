// Every participant's own fields and free attributes, with one value per indicator: the value of $year,
// or (when $year is null) the latest observed (the web view's data table and attribute styling).
MATCH (p:Participant)
RETURN properties(p) AS props,
  COLLECT {
    MATCH (p)-[:HAS_OBSERVATION]->(o)
    WHERE $year IS NULL OR o.year = $year
    WITH o ORDER BY o.indicator, o.year DESC
    WITH o.indicator AS indicator, head(collect(o)) AS chosen
    RETURN {indicator: indicator, year: chosen.year, value: chosen.value} AS row
  } AS indicators
ORDER BY props.id
