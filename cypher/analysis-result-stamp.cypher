// What a written result is: its measure, the settings its property name stands for, the graph version it
// was computed on (the API serves it only while that is the current version), and the rest of the result.
MERGE (r:AnalysisResult {property: $property})
SET r.measure = $measure,
  r.settings = $settings,
  r.summary = $summary,
  r.outputs = $outputs,
  r.properties = $properties,
  r.participants = $participants,
  r.graphVersion = $graphVersion,
  r.writtenAt = datetime()
RETURN r.property AS property
