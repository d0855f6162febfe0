/** Counts and the graph version, for health checks and `db status`. */
import type { ManagedTransaction } from 'neo4j-driver';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { toNumber } from './values.ts';

export interface NetworkCounts {
  participants: number;
  clusters: number;
  platforms: number;
  projects: number;
  regions: number;
  ties: number;
  observations: number;
  participantsByKind: Record<string, number>;
  tiesByLayer: Record<string, number>;
}

function pairs(rows: unknown[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of rows as [string, unknown][]) out[key] = toNumber(n);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function networkCounts(store: Store): Promise<NetworkCounts> {
  const s = session(store, 'READ');
  try {
    const record = (await s.executeRead((tx) => tx.run(cypher('counts')))).records[0]!;
    return {
      participants: toNumber(record.get('participants')),
      clusters: toNumber(record.get('clusters')),
      platforms: toNumber(record.get('platforms')),
      projects: toNumber(record.get('projects')),
      regions: toNumber(record.get('regions')),
      ties: toNumber(record.get('ties')),
      observations: toNumber(record.get('observations')),
      participantsByKind: pairs(record.get('byKind')),
      tiesByLayer: pairs(record.get('byLayer')),
    };
  } finally {
    await s.close();
  }
}

export async function graphVersion(store: Store): Promise<number> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(graphVersionIn);
  } finally {
    await s.close();
  }
}

/** The graph version as a transaction sees it (a write reads it under the imports' lock). */
export async function graphVersionIn(tx: ManagedTransaction): Promise<number> {
  return toNumber((await tx.run(cypher('graph-version'))).records[0]!.get('version'));
}
