// A page of the audit trail, newest first (GET /api/audit); keyset pagination on the sequence number.
MATCH (e:AuditEntry)
WHERE ($before IS NULL OR e.seq < $before)
  AND ($operation IS NULL OR e.operation = $operation)
  AND ($id IS NULL OR $id IN e.ids)
RETURN e.seq AS seq, toString(e.at) AS at, e.client AS client, e.operation AS operation, e.ids AS ids,
  e.status AS status, e.graphVersion AS graphVersion, e.graphVersionBefore AS graphVersionBefore,
  e.idempotencyKey AS idempotencyKey, e.importReport AS importReport
ORDER BY e.seq DESC
LIMIT $limit
