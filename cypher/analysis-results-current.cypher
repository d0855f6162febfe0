// The properties of the results written on the given graph version (what the API may serve without
// computing); the AnalysisResult nodes are few, one per written property.
MATCH (r:AnalysisResult)
WHERE r.graphVersion = $graphVersion
RETURN collect(r.property) AS properties
