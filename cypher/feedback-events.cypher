// Every feedback event, oldest first, for the outcomes of suggestions (GET /api/suggestions/outcomes).
MATCH (f:SuggestionFeedback)
RETURN f.participant AS participant, f.other AS other, f.event AS event, f.scorer AS scorer, f.rank AS rank,
  toString(f.at) AS at, f.tiedLayers AS tiedLayers
ORDER BY f.at
