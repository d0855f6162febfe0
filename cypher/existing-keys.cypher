// What the database holds, by key: an import with --replace deletes whatever the bundle does not have.
CALL { MATCH (n:Participant) RETURN collect(n.id) AS participants }
CALL { MATCH (n:Cluster) RETURN collect(n.id) AS clusters }
CALL { MATCH (n:Platform) RETURN collect(n.id) AS platforms }
CALL { MATCH (n:Project) RETURN collect(n.id) AS projects }
CALL { MATCH (n:Region) RETURN collect(n.id) AS regions }
CALL { MATCH (n:Layer) RETURN collect(n.id) AS layers }
CALL {
  MATCH (p:Participant)-[m:MEMBER_OF|JOINED|PART_OF]->(t)
  RETURN collect([p.id, type(m), t.id]) AS memberships
}
CALL {
  MATCH (a:Participant)-[t:TIE]->(b:Participant)
  RETURN collect([t.layer, a.id, b.id, toFloat(id(t))]) AS ties
}
CALL {
  MATCH (o:Observation)
  RETURN collect([o.participant, o.indicator, o.year]) AS observations
}
RETURN participants, clusters, platforms, projects, regions, layers, memberships, ties, observations
