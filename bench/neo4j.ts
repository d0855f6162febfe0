/**
 * The Neo4j a benchmark runs against: the one NEO4J_URI names (where the benchmark allows it), else a
 * throwaway local server in a temporary home, stopped and deleted by `close()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { freePort, startLocal, stopLocal } from '../src/neo4j-local/server.ts';
import { openStore, type OpenOptions, type Store } from '../src/store/driver.ts';

export interface BenchNeo4j {
  store: Store;
  uri: string;
  /** What the results file records about the server. */
  description: string;
  close(): Promise<void>;
}

export async function benchNeo4j(
  memory: { heap: string; pageCache: string },
  options: {
    useNeo4jUri?: boolean;
    /** Settings added to the throwaway server's neo4j.conf (bench:import tries settings with it). */
    extraConf?: string[];
    /** A home to use and keep (its database survives the run) instead of a throwaway one. */
    home?: string;
  } & Pick<OpenOptions, 'maxTransactionRetryTime'> = {},
): Promise<BenchNeo4j> {
  const config = loadConfig();
  if (config.external && options.useNeo4jUri !== false) {
    const store = await openStore(config, options);
    return { store, uri: store.uri, description: config.external.uri, close: () => store.close() };
  }
  const local = {
    home: options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-bench-')),
    boltPort: await freePort(),
    ...memory,
  };
  const uri = (await startLocal(local, { gds: false, extraConf: options.extraConf })).uri!;
  const store = await openStore({ ...config, external: { uri }, local }, options);
  return {
    store,
    uri,
    description: `local Neo4j Community 5.26 (heap ${memory.heap}, page cache ${memory.pageCache}${(options.extraConf ?? []).map((l) => `, ${l}`).join('')})`,
    close: async () => {
      await store.close();
      await stopLocal(local, 60_000);
      if (!options.home) fs.rmSync(local.home, { recursive: true, force: true });
    },
  };
}
