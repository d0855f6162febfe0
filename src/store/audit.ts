/**
 * The audit trail of the writes, in Neo4j: which API key (its label, never the key), when, what
 * (operation and ids), the status and the graph versions before and after it. Recorded in the write's
 * own transaction, so an entry exists exactly when the write committed. The granular writes record
 * through store/write-transaction.ts; bundle imports (`bundle.import`) through store/import.ts, with
 * their report: rows and written per collection, deletions.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { InvalidArgumentError } from '../errors.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { decodeCursor, encodeCursor, type Page } from './entities.ts';
import { int, plain } from './values.ts';

/** What an audit entry of a bundle import keeps of the import's report. */
export interface ImportAudit {
  replace: boolean;
  importId: string;
  collections: Record<string, { rows: number; written: number }>;
  deleted: number;
  changed: boolean;
}

export interface AuditRecord {
  client: string;
  operation: string;
  ids: string[];
  status: number;
  graphVersion: number;
  graphVersionBefore: number;
  idempotencyKey?: string;
  import?: ImportAudit;
}

export interface AuditEntry extends Omit<AuditRecord, 'idempotencyKey' | 'import' | 'graphVersionBefore'> {
  seq: number;
  /** ISO 8601 time of the write (UTC). */
  at: string;
  /** Null in entries recorded before the trail kept it. */
  graphVersionBefore: number | null;
  idempotencyKey: string | null;
  /** The import's report, for `bundle.import` entries; null for the granular writes. */
  import: ImportAudit | null;
}

export async function recordAudit(tx: ManagedTransaction, entry: AuditRecord): Promise<void> {
  await tx.run(cypher('audit-record'), {
    client: entry.client,
    operation: entry.operation,
    ids: entry.ids,
    status: int(entry.status),
    graphVersion: int(entry.graphVersion),
    graphVersionBefore: int(entry.graphVersionBefore),
    idempotencyKey: entry.idempotencyKey ?? null,
    importReport: entry.import ? JSON.stringify(entry.import) : null,
  });
}

export interface AuditQuery {
  limit: number;
  cursor?: string;
  operation?: string;
  /** Only entries that name this id (a participant, a layer …). */
  id?: string;
}

/** A page of the trail, newest first; the cursor is the last entry's sequence number (opaque). */
export async function listAudit(
  store: Store,
  query: AuditQuery,
): Promise<Page<AuditEntry> & { total: number }> {
  const after = decodeCursor(query.cursor);
  if (after !== null && !/^\d+$/.test(after)) {
    throw new InvalidArgumentError(`cursor '${query.cursor}' is not one this server gave out`);
  }
  const s = session(store, 'READ');
  try {
    const result = await s.run(cypher('audit-page'), {
      before: after === null ? null : int(Number(after)),
      operation: query.operation ?? null,
      id: query.id ?? null,
      limit: int(query.limit + 1),
    });
    const rows = result.records.map((r) => {
      const { importReport, ...entry } = plain(r.toObject()) as Omit<AuditEntry, 'import'> & {
        importReport: string | null;
      };
      return { ...entry, import: importReport ? (JSON.parse(importReport) as ImportAudit) : null };
    });
    const more = rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit) : rows;
    // Not cached: the trail grows with every write, and a count of one label is cheap.
    const counted = await s.run(cypher('audit-count'), {
      operation: query.operation ?? null,
      id: query.id ?? null,
    });
    const total = Number(plain(counted.records[0]?.get('total') ?? 0));
    return {
      items,
      nextCursor: more ? encodeCursor(String(items[items.length - 1]!.seq)) : null,
      total,
    };
  } finally {
    await s.close();
  }
}
