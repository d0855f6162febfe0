// Upper bounds of a projection's size from the stored counts (filters only make it smaller):
// participants, ties, and the participant pairs that share a platform (the derived layer).
CALL { MATCH (p:Participant) RETURN count(p) AS nodes }
CALL { MATCH ()-[t:TIE]->() RETURN count(t) AS ties }
CALL {
  OPTIONAL MATCH (f:Platform)<-[:JOINED]-(p:Participant)
  WITH f, count(p) AS k
  RETURN sum(k * (k - 1) / 2) AS platformPairs
}
RETURN nodes, ties, platformPairs
