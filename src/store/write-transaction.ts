/**
 * The frame of every granular write (a participant, a tie, a membership, an observation, feedback): one
 * transaction that
 *   1. takes the imports' lock (writes and imports run one at a time, see cypher/lock-imports.cypher),
 *   2. answers a retried request from its stored response (Idempotency-Key) without writing anything,
 *   3. refuses a stale `If-Match` graph version (optimistic concurrency),
 *   4. runs the write itself, which checks its references in this same transaction,
 *   5. bumps the graph version when the network changed (caches and suggestions follow it),
 *   6. records the audit entry and the response kept for the Idempotency-Key.
 * Whatever fails rolls all of it back: a failed request leaves the database as it was.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { IdempotencyKeyReusedError, PreconditionFailedError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { graphVersionIn } from './status.ts';
import { findStoredResponse, storeResponse, type Idempotency } from './idempotency.ts';
import { toNumber } from './values.ts';

export interface WriteRequest {
  /** Who writes: the API key's label (never the key itself). */
  client: string;
  /** What the audit trail calls this write (`participant.create`, `tie.delete` …). */
  operation: string;
  /** Graph versions the client's `If-Match` accepts; undefined when it sent none (or `*`). */
  ifMatch?: number[];
  idempotency?: Idempotency;
}

/** What a write did: the response to give, and what the audit trail records. */
export interface Change {
  status: number;
  body: unknown;
  location?: string;
  /** The ids the write touched, for the audit trail (a participant; source, target and layer …). */
  ids: string[];
  /** False for writes that leave the network as it was (feedback): the graph version stays. */
  changesGraph: boolean;
}

export interface WriteResult {
  status: number;
  body: unknown;
  location?: string;
  /** The graph version after the write (the response's ETag). */
  graphVersion: number;
  /** True when the response is the stored one of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** Runs `write` in the frame described above. */
export async function runWrite(
  store: Store,
  request: WriteRequest,
  write: (tx: ManagedTransaction) => Promise<Change>,
): Promise<WriteResult> {
  const s = session(store, 'WRITE');
  try {
    return await s.executeWrite(async (tx) => {
      await tx.run(cypher('lock-imports'));
      if (request.idempotency) {
        const stored = await findStoredResponse(tx, request.client, request.idempotency.key);
        if (stored) {
          if (stored.fingerprint !== request.idempotency.fingerprint) {
            throw new IdempotencyKeyReusedError(
              `Idempotency-Key '${request.idempotency.key}' was used for a different request ` +
                `(another method, path or body); nothing was written. Use a new key for a new request.`,
            );
          }
          return { ...stored.response, replayed: true };
        }
      }
      const before = await graphVersionIn(tx);
      if (request.ifMatch && !request.ifMatch.includes(before)) {
        throw new PreconditionFailedError(
          `If-Match names graph version ${request.ifMatch.join(', ')}, but the graph is at version ` +
            `${before}: it changed since you read it. Read again (the ETag) and retry; nothing was written.`,
        );
      }
      const change = await write(tx);
      const graphVersion = change.changesGraph
        ? toNumber((await tx.run(cypher('write-bump-graph-version'))).records[0]!.get('version'))
        : before;
      await recordAudit(tx, {
        client: request.client,
        operation: request.operation,
        ids: change.ids,
        status: change.status,
        graphVersion,
        graphVersionBefore: before,
        idempotencyKey: request.idempotency?.key,
      });
      const result: WriteResult = {
        status: change.status,
        body: change.body,
        graphVersion,
        replayed: false,
        ...(change.location ? { location: change.location } : {}),
      };
      if (request.idempotency) await storeResponse(tx, request.client, request.idempotency, result);
      return result;
    });
  } finally {
    await s.close();
  }
}
