// The clusterlens data model: one uniqueness constraint per node label on its string id, and the indexes
// that the import MERGEs, the loaders and the panel queries use. Applied idempotently at every start.
CREATE CONSTRAINT participant_id IF NOT EXISTS FOR (n:Participant) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (n:Cluster) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT platform_id IF NOT EXISTS FOR (n:Platform) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT layer_id IF NOT EXISTS FOR (n:Layer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (n:Meta) REQUIRE n.id IS UNIQUE;
// One value per participant, indicator and year; the constraint's index also serves the import's MERGE.
CREATE CONSTRAINT observation_key IF NOT EXISTS FOR (o:Observation) REQUIRE (o.participant, o.indicator, o.year) IS UNIQUE;
// A panel query reads every observation of one indicator.
CREATE INDEX observation_indicator IF NOT EXISTS FOR (o:Observation) ON (o.indicator, o.year);
CREATE INDEX participant_kind IF NOT EXISTS FOR (n:Participant) ON (n.kind);
CREATE INDEX participant_region IF NOT EXISTS FOR (n:Participant) ON (n.region);
// Granular writes: one stored response per client and Idempotency-Key; the audit trail in commit order;
// feedback on suggestions by participant.
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (i:IdempotencyKey) REQUIRE (i.client, i.key) IS UNIQUE;
CREATE INDEX idempotency_expiry IF NOT EXISTS FOR (i:IdempotencyKey) ON (i.expiresAt);
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE;
CREATE INDEX feedback_participant IF NOT EXISTS FOR (f:SuggestionFeedback) ON (f.participant);
// Results written back (analyze --write): one description per participant property they are written to.
CREATE CONSTRAINT analysis_result_property IF NOT EXISTS FOR (r:AnalysisResult) REQUIRE r.property IS UNIQUE;
