/**
 * Idempotency-Key for the granular writes: the first response to a key is kept in Neo4j (per client,
 * with an expiry) in the write's own transaction, so that a retried request gets that response and
 * writes nothing, whether the first one's answer was lost or not.
 */
import { createHash } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { cypher } from './cypher.ts';
import { int, toNumber } from './values.ts';

/** How long a key's response is kept: a day, as the IETF Idempotency-Key draft suggests for retries. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface Idempotency {
  key: string;
  /** A digest of what the request asked for (method, path, body): the same key must ask the same. */
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  location?: string;
  graphVersion: number;
}

/** JSON with object keys sorted, so that the same body sent with its keys in another order is the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

export async function findStoredResponse(
  tx: ManagedTransaction,
  client: string,
  key: string,
): Promise<{ fingerprint: string; response: StoredResponse } | undefined> {
  const record = (await tx.run(cypher('idempotency-find'), { client, key })).records[0];
  if (!record) return undefined;
  const location = record.get('location') as string | null;
  return {
    fingerprint: record.get('fingerprint') as string,
    response: {
      status: toNumber(record.get('status')),
      body: JSON.parse(record.get('body') as string) as unknown,
      graphVersion: toNumber(record.get('graphVersion')),
      ...(location ? { location } : {}),
    },
  };
}

export async function storeResponse(
  tx: ManagedTransaction,
  client: string,
  idempotency: Idempotency,
  response: StoredResponse,
  ttlSeconds = IDEMPOTENCY_TTL_SECONDS,
): Promise<void> {
  await tx.run(cypher('idempotency-save'), {
    client,
    key: idempotency.key,
    fingerprint: idempotency.fingerprint,
    status: int(response.status),
    body: JSON.stringify(response.body),
    location: response.location ?? null,
    graphVersion: int(response.graphVersion),
    ttlSeconds: int(ttlSeconds),
  });
}
