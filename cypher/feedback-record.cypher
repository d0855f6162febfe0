// Feedback on a suggestion (POST /api/participants/{id}/suggestions/{other}/feedback). It keeps the layers
// in which the pair is tied now, so that a tie created later tells a converted suggestion. Ids are kept as
// properties, not relationships: the history stays when a participant is deleted.
MATCH (a:Participant {id: $participant})
MATCH (b:Participant {id: $other})
WITH a, b, COLLECT { MATCH (a)-[t:TIE]-(b) RETURN DISTINCT t.layer AS layer ORDER BY layer } AS tiedLayers
CREATE (f:SuggestionFeedback {
  participant: $participant,
  other: $other,
  event: $event,
  scorer: $scorer,
  rank: $rank,
  at: coalesce(datetime($at), datetime()),
  recordedAt: datetime(),
  client: $client,
  tiedLayers: tiedLayers
})
RETURN toString(f.at) AS at, f.tiedLayers AS tiedLayers
