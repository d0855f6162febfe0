/**
 * `clusterlens db load`: a bundle (usually a CSV folder of millions of ties) loaded into the stopped local
 * Neo4j by neo4j-admin, then the server started with the schema applied and the graph version stamped.
 * The bundle is validated completely first, as an import validates it: a wrong row loads nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { EnvironmentError } from '../errors.ts';
import { adminImportFiles, hasMultilineValues } from '../exchange/admin-import-csv.ts';
import type { RawBundle } from '../exchange/validate.ts';
import { adminImport } from '../neo4j-local/admin-import.ts';
import { startLocal } from '../neo4j-local/server.ts';
import { openStore } from '../store/driver.ts';
import { stampLoadedGraph, validateForImport } from '../store/import.ts';
import { applySchema } from '../store/schema.ts';

export interface OfflineLoadOptions {
  /** Replace a database that already exists in the local home. */
  replace?: boolean;
  /** Progress of the phases: `writing` (CSV rows) then `loading` (neo4j-admin's own lines). */
  onProgress?: (done: number, total: number) => void;
  onOutput?: (line: string) => void;
  log?: (line: string) => void;
  /** Start the loaded server with Graph Data Science (default true, as `db start`). */
  gds?: boolean;
}

export interface OfflineLoadReport {
  rows: number;
  graphVersion: number;
  importId: string;
  uri: string;
  seconds: { validate: number; load: number; start: number };
}

export async function offlineLoad(
  config: Config,
  raw: RawBundle,
  options: OfflineLoadOptions = {},
): Promise<OfflineLoadReport> {
  if (config.external) {
    throw new EnvironmentError(
      `NEO4J_URI is set (${config.external.uri}): an offline load writes the store files of the local ` +
        `Neo4j only. Unset NEO4J_URI, or use clusterlens import to load into that server.`,
    );
  }
  let started = performance.now();
  // No stored ids count: the database the load makes holds the bundle alone.
  const { bundle, directed } = await validateForImport(undefined, raw, true);
  const files = adminImportFiles(bundle, directed);
  const validate = (performance.now() - started) / 1000;
  started = performance.now();
  await adminImport(config.local, files, {
    replace: options.replace,
    multiline: hasMultilineValues(bundle),
    onProgress: options.onProgress,
    onOutput: options.onOutput,
  });
  const load = (performance.now() - started) / 1000;
  started = performance.now();
  await startLocal(config.local, { gds: options.gds ?? true, log: options.log });
  const store = await openStore(config, { log: options.log });
  try {
    await applySchema(store);
    const importId = randomUUID();
    const graphVersion = await stampLoadedGraph(store, importId);
    return {
      rows: files.reduce((n, f) => n + f.rows, 0),
      graphVersion,
      importId,
      uri: store.uri,
      seconds: { validate, load, start: (performance.now() - started) / 1000 },
    };
  } finally {
    await store.close();
  }
}
