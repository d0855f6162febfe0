/**
 * Results written back to Neo4j (`analyze <measure> --write`, `POST /api/analysis/{measure}/write`):
 * participant properties named by measure and settings (src/analysis/written-results.ts) and one
 * `:AnalysisResult` node per property that says what they are and which graph version they were computed on.
 *
 * A written result is derived data: writing it does not bump the graph version (the key of every cache and
 * of the network itself), so that writing a result never makes other results stale. It is written in one
 * transaction, all or nothing, under the imports' lock, and only when the graph is still at the version the
 * result was computed on.
 */
import neo4j from 'neo4j-driver';
import { resultFromWritten, type WrittenOutput, type WrittenResult } from '../analysis/written-results.ts';
import type { MeasureResult } from '../analysis/run.ts';
import { GraphChangedError } from './consistent-read.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { int, toNumber } from './values.ts';

/** Participants per UNWIND statement: large enough for few round trips, small enough for modest memory. */
const BATCH_SIZE = 10_000;

export interface WriteReport {
  property: string;
  /** Every property written (the main one first, then the other per-participant outputs). */
  properties: string[];
  measure: string;
  settings: Record<string, unknown>;
  participants: number;
  graphVersion: number;
}

/**
 * Writes a result computed on `graphVersion`. Throws GraphChangedError (nothing written) when the graph
 * has changed since: values of another version of the network must not be stamped with the current one.
 */
export async function writeAnalysisResult(
  store: Store,
  written: WrittenResult,
  graphVersion: number,
): Promise<WriteReport> {
  const properties = written.outputs.map((o) => o.property);
  const s = session(store, 'WRITE');
  try {
    return await s.executeWrite(async (tx) => {
      // Imports and granular writes take the same lock: none commits between the check and the write.
      await tx.run(cypher('lock-imports'));
      const current = toNumber((await tx.run(cypher('graph-version'))).records[0]!.get('version'));
      if (current !== graphVersion) {
        throw new GraphChangedError(
          `the network changed while ${written.measure} was computed (graph version ${graphVersion}, ` +
            `now ${current}); nothing was written, compute it again`,
        );
      }
      await tx.run(cypher('analysis-result-clear'), {
        properties,
        cleared: Object.fromEntries(properties.map((p) => [p, null])),
      });
      let participants = 0;
      for (let i = 0; i < written.rows.length; i += BATCH_SIZE) {
        const rows = written.rows.slice(i, i + BATCH_SIZE).map((row) => ({
          id: row.id,
          props: Object.fromEntries(
            written.outputs.map((o, j) => [o.property, storedValue(o, row.values[j]!)]),
          ),
        }));
        const result = await tx.run(cypher('analysis-result-values'), { rows });
        participants += toNumber(result.records[0]!.get('written'));
      }
      if (participants !== written.rows.length) {
        // The version check makes this unreachable unless the result names participants the graph lacks.
        throw new GraphChangedError(
          `${written.rows.length - participants} participants of the ${written.measure} result are not in ` +
            'the database; nothing was written',
        );
      }
      await tx.run(cypher('analysis-result-stamp'), {
        property: written.property,
        measure: written.measure,
        settings: JSON.stringify(written.settings),
        summary: JSON.stringify(written.summary),
        outputs: JSON.stringify(written.outputs),
        properties,
        participants: int(participants),
        graphVersion: int(graphVersion),
      });
      return {
        property: written.property,
        properties,
        measure: written.measure,
        settings: written.settings,
        participants,
        graphVersion,
      };
    });
  } finally {
    await s.close();
  }
}

/** Integers as Neo4j integers (a community is 3, not 3.0, in Browser and Bloom). */
const storedValue = (output: WrittenOutput, value: number) => (output.integer ? neo4j.int(value) : value);

/**
 * The result written to `property`, when it was computed on `graphVersion`; undefined when there is none,
 * when it is stale, or when it was being rewritten while read (then the caller computes it).
 */
export async function readAnalysisResult(
  store: Store,
  property: string,
  graphVersion: number,
): Promise<MeasureResult | undefined> {
  const s = session(store, 'READ', 10_000);
  try {
    const result = await s.executeRead((tx) =>
      tx.run(cypher('analysis-result-read'), { property, graphVersion: int(graphVersion) }),
    );
    const record = result.records[0];
    if (!record) return undefined;
    const rows = (record.get('rows') as { id: string; values: unknown[] }[]).map((row) => ({
      id: row.id,
      values: row.values.map((v) => (v === null ? null : toNumber(v))),
    }));
    // Neo4j reads are read-committed: a rewrite committing during this read could mix two runs.
    if (rows.length !== toNumber(record.get('participants'))) return undefined;
    return resultFromWritten(
      JSON.parse(record.get('summary') as string) as Record<string, unknown>,
      JSON.parse(record.get('outputs') as string) as WrittenOutput[],
      rows,
    );
  } finally {
    await s.close();
  }
}

/**
 * Every written result's property with the graph version it was computed on: one small read, however
 * many there are, that needs no graph version (so it can run beside the read of it).
 */
export async function writtenResultVersions(store: Store): Promise<Map<string, number>> {
  const s = session(store, 'READ', 10_000);
  try {
    const result = await s.executeRead((tx) => tx.run(cypher('analysis-results-current')));
    const pairs = (result.records[0]?.get('results') as [string, unknown][] | undefined) ?? [];
    return new Map(pairs.map(([property, version]) => [property, toNumber(version)]));
  } finally {
    await s.close();
  }
}

/** One written result as the list of them shows it. */
export interface WrittenResultSummary {
  property: string;
  measure: string;
  settings: Record<string, unknown>;
  properties: string[];
  participants: number;
  graphVersion: number;
  writtenAt: string;
}

/** Every written result, newest first. */
export async function listAnalysisResults(store: Store): Promise<WrittenResultSummary[]> {
  const s = session(store, 'READ');
  try {
    const result = await s.executeRead((tx) => tx.run(cypher('analysis-results')));
    return result.records.map((r) => ({
      property: r.get('property') as string,
      measure: r.get('measure') as string,
      settings: JSON.parse(r.get('settings') as string) as Record<string, unknown>,
      properties: r.get('properties') as string[],
      participants: toNumber(r.get('participants')),
      graphVersion: toNumber(r.get('graphVersion')),
      writtenAt: r.get('writtenAt') as string,
    }));
  } finally {
    await s.close();
  }
}
