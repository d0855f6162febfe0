// Every written result's property and the graph version it was computed on (what the API may serve
// without computing, src/services/written-results.ts); the AnalysisResult nodes are few, one per property.
MATCH (r:AnalysisResult)
RETURN collect([r.property, r.graphVersion]) AS results
