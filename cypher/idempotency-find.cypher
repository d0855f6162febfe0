// The stored response of an earlier request with this client's Idempotency-Key, unless it has expired.
MATCH (i:IdempotencyKey {client: $client, key: $key})
WHERE i.expiresAt > datetime()
RETURN i.fingerprint AS fingerprint, i.status AS status, i.body AS body, i.location AS location,
  i.graphVersion AS graphVersion
