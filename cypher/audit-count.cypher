// How many audit entries match the filters of GET /api/audit (the page's total).
MATCH (e:AuditEntry)
WHERE ($operation IS NULL OR e.operation = $operation)
  AND ($id IS NULL OR $id IN e.ids)
RETURN count(e) AS total
