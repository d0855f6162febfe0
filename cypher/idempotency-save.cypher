// The response of a write, kept under its client's Idempotency-Key until it expires; expired keys go
// (a few at a time, so that no write pays for a large clean-up).
CALL {
  MATCH (old:IdempotencyKey)
  WHERE old.expiresAt <= datetime()
  WITH old LIMIT 100
  DELETE old
}
MERGE (i:IdempotencyKey {client: $client, key: $key})
SET i.fingerprint = $fingerprint,
  i.status = $status,
  i.body = $body,
  i.location = $location,
  i.graphVersion = $graphVersion,
  i.createdAt = datetime(),
  i.expiresAt = datetime() + duration({seconds: $ttlSeconds})
RETURN i.key AS key
