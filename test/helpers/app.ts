/** Builds the HTTP app on the test run's Neo4j with the demo imported, and closes both afterwards. */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import neo4j from 'neo4j-driver';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { buildApp, type AppOptions } from '../../src/api/app.ts';
import type { Bundle } from '../../src/exchange/model.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { openTestStore } from './store.ts';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  demo: Bundle;
  close(): Promise<void>;
}

/** The demo as the database holds it after `importBundle(…, {replace: true})`. */
export async function demoApp(
  api: AppOptions['api'] = {},
  options: Omit<AppOptions, 'store' | 'api'> = {},
): Promise<TestApp> {
  const store = await openTestStore();
  await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  const app = await buildApp({ store, api: { rateLimit: 0, ...api }, ...options });
  const demo = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle;
  return {
    app,
    store,
    demo,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/**
 * The API on a Neo4j that cannot be reached (nothing listens on port 1), for the 503 paths. Closing
 * the app closes its driver.
 */
export async function unreachableApp(api: AppOptions['api'] = {}): Promise<FastifyInstance> {
  const uri = 'bolt://127.0.0.1:1';
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'), {
    connectionTimeout: 1000,
    maxTransactionRetryTime: 0,
  });
  const app = await buildApp({
    store: { driver, uri, startedLocal: false, close: () => driver.close() },
    api,
  });
  app.addHook('onClose', () => driver.close());
  return app;
}

/** A multipart/form-data body of text files, for app.inject. */
export function multipart(files: { name: string; text: string }[]): {
  payload: string;
  headers: Record<string, string>;
} {
  const boundary = `----clusterlens${Date.now()}`;
  const parts = files.map(
    (f) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n${f.text}\r\n`,
  );
  return {
    payload: `${parts.join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * Removes every result written back (`cl_*` participant properties and their `:AnalysisResult` stamps).
 * A written result stays current while the graph is at its version and is then served without computing,
 * so a test file that writes them clears them, and later files compute as they expect.
 */
export async function clearWrittenResults(store: Store): Promise<void> {
  const session = store.driver.session();
  try {
    const keys = (
      await session.run(
        "MATCH (p:Participant) UNWIND keys(p) AS k WITH DISTINCT k WHERE k STARTS WITH 'cl_' RETURN collect(k) AS ks",
      )
    ).records[0]!.get('ks') as string[];
    const cleared = Object.fromEntries(keys.map((k) => [k, null]));
    // In transactions of a few hundred participants: after a fuzzed run of the write-back routes each
    // participant carries hundreds of written properties, and one transaction over all of them ran past
    // Neo4j's transaction memory limit.
    await session.run('MATCH (p:Participant) CALL (p) { SET p += $cleared } IN TRANSACTIONS OF 200 ROWS', {
      cleared,
    });
    await session.run('MATCH (r:AnalysisResult) DETACH DELETE r');
  } finally {
    await session.close();
  }
}
