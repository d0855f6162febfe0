// One entry of the audit trail: who (the API key's label, never the key), when, what. The sequence number
// comes from the graph's Meta node, whose lock the write holds, so entries are numbered in commit order.
// A bundle import keeps its report (counts per collection, deletions) as JSON text: a property holds no map.
MERGE (m:Meta {id: 'graph'})
SET m.auditSeq = coalesce(m.auditSeq, 0) + 1
CREATE (e:AuditEntry {
  seq: m.auditSeq,
  at: datetime(),
  client: $client,
  operation: $operation,
  ids: $ids,
  status: $status,
  graphVersion: $graphVersion,
  graphVersionBefore: $graphVersionBefore,
  importReport: $importReport,
  idempotencyKey: $idempotencyKey
})
RETURN e.seq AS seq
