// The metacorporation (the article's Fig. 2) in one query: its levels — authorities, regional agencies,
// cluster development centres, clusters, participants — and the links between levels: governance ties
// among and from the upper levels, each development centre's coordination of its region's clusters,
// and cluster membership. Participants outside every cluster that an upper level governs are listed on
// their own ("outside"): without them the governance ties to them would have no end on the levels.
CALL {
  MATCH (p:Participant)
  WHERE p.kind IN ['government_body', 'regional_agency', 'cluster_development_center']
  RETURN collect({
    id: p.id, name: p.name, kind: p.kind, region: p.region,
    level: CASE p.kind WHEN 'government_body' THEN 1 WHEN 'regional_agency' THEN 2 ELSE 3 END
  }) AS upper
}
CALL {
  MATCH (c:Cluster)
  RETURN collect({id: c.id, name: c.name, region: c.region, formed: c.formed}) AS clusters
}
CALL {
  MATCH (p:Participant)-[m:MEMBER_OF]->(c:Cluster)
  RETURN collect({id: p.id, name: p.name, kind: p.kind, region: p.region, cluster: c.id, since: m.since, role: m.role}) AS members
}
CALL {
  MATCH (a:Participant)-[t:TIE]->(b:Participant)
  WHERE t.layer = 'governance'
    AND (a.kind IN ['government_body', 'regional_agency', 'cluster_development_center']
      OR b.kind IN ['government_body', 'regional_agency', 'cluster_development_center'])
  RETURN collect({source: a.id, target: b.id, weight: t.weight, since: t.since}) AS governance
}
CALL {
  MATCH (a:Participant)-[t:TIE]-(b:Participant)
  WHERE t.layer = 'governance'
    AND a.kind IN ['government_body', 'regional_agency', 'cluster_development_center']
    AND NOT b.kind IN ['government_body', 'regional_agency', 'cluster_development_center']
    AND NOT (b)-[:MEMBER_OF]->(:Cluster)
  RETURN collect(DISTINCT {id: b.id, name: b.name, kind: b.kind, region: b.region}) AS outside
}
CALL {
  MATCH (d:Participant {kind: 'cluster_development_center'})-[:LOCATED_IN]->(:Region)<-[:LOCATED_IN]-(c:Cluster)
  RETURN collect({source: d.id, target: c.id}) AS coordination
}
RETURN upper, clusters, members, outside, governance, coordination
