// The figures that /api/health and `clusterlens db status` report.
CALL {
  MATCH (p:Participant)
  WITH p.kind AS kind, count(*) AS n
  RETURN collect([kind, n]) AS byKind
}
CALL {
  MATCH ()-[t:TIE]->()
  WITH t.layer AS layer, count(*) AS n
  RETURN collect([layer, n]) AS byLayer
}
RETURN
  COUNT { (:Participant) } AS participants,
  COUNT { (:Cluster) } AS clusters,
  COUNT { (:Platform) } AS platforms,
  COUNT { (:Project) } AS projects,
  COUNT { (:Region) } AS regions,
  COUNT { ()-[:TIE]->() } AS ties,
  COUNT { (:Observation) } AS observations,
  byKind,
  byLayer
