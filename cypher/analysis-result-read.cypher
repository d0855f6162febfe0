// A written result, when it was computed on the given graph version: its description and, in the same
// statement, every participant's values (the outputs' properties, in their order).
MATCH (r:AnalysisResult {property: $property})
WHERE r.graphVersion = $graphVersion
RETURN r.summary AS summary,
  r.outputs AS outputs,
  r.participants AS participants,
  COLLECT {
    MATCH (p:Participant)
    WHERE p[$property] IS NOT NULL
    RETURN {id: p.id, values: [k IN r.properties | p[k]]} AS row
  } AS rows
