// Every written result, newest first (GET /api/analysis/written).
MATCH (r:AnalysisResult)
RETURN r.property AS property, r.measure AS measure, r.settings AS settings, r.properties AS properties,
  r.participants AS participants, r.graphVersion AS graphVersion, toString(r.writtenAt) AS writtenAt
ORDER BY r.writtenAt DESC, r.property
