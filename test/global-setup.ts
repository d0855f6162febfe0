/**
 * Starts a throwaway Neo4j for the test run (fresh temporary home, free port) and stops it afterwards,
 * whatever happens. CLUSTERLENS_TEST_NEO4J_URI points the tests at an existing, disposable server
 * instead (they delete everything in it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalNeo4jSettings } from '../src/config.ts';
import { freePort, startLocal, stopLocal } from '../src/neo4j-local/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    /** The throwaway server's settings (JSON), when this run started one; tests may stop and restart it. */
    neo4jLocal: string | null;
  }
}

export default async function setup(project: TestProject) {
  // The tests run the sources: bin/clusterlens.js, spawned by the CLI tests, skips dist/ (bin/build-stamp.js).
  process.env.CLUSTERLENS_CLI = 'sources';
  const existing = process.env.CLUSTERLENS_TEST_NEO4J_URI;
  // For quick runs of pure unit tests: no Neo4j at all (integration tests then fail to connect).
  if (process.env.CLUSTERLENS_TEST_NEO4J === 'off') {
    project.provide('neo4jUri', 'bolt://127.0.0.1:1');
    project.provide('neo4jLocal', null);
    return;
  }
  if (existing) {
    project.provide('neo4jUri', existing);
    project.provide('neo4jLocal', null);
    return;
  }
  // The integration and browser projects (vitest.config.ts) each run this setup; they share one server,
  // started by the first and stopped when the last is done.
  const shared = globalThis as unknown as Record<symbol, SharedServer | undefined>;
  const server = (shared[SHARED] ??= startServer());
  server.users++;
  const { uri, local } = await server.ready;
  project.provide('neo4jUri', uri);
  project.provide('neo4jLocal', local);
  return async () => {
    if (--server.users > 0) return;
    shared[SHARED] = undefined;
    await server.stop();
  };
}

interface SharedServer {
  users: number;
  ready: Promise<{ uri: string; local: string }>;
  stop: () => Promise<void>;
}

const SHARED = Symbol.for('clusterlens.test-neo4j');

function startServer(): SharedServer {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-test-neo4j-'));
  let settings: LocalNeo4jSettings | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (settings) await stopLocal(settings, 30_000).catch(() => {});
    fs.rmSync(home, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  const ready = (async () => {
    try {
      // Graph Data Science is loaded when installed (test/integration/analysis-gds.test.ts needs it);
      // CLUSTERLENS_TEST_GDS=0 starts without it. Its projections and algorithms live on the heap: with
      // 768m, CA-GrQc's runs ran the server out of memory (it exits on OutOfMemoryError), so it gets 2g.
      const gds = process.env.CLUSTERLENS_TEST_GDS !== '0';
      settings = { home, boltPort: await freePort(), heap: gds ? '2g' : '768m', pageCache: '128m' };
      const status = await startLocal(settings, {
        gds,
        log: (l) => console.log(l),
      });
      return { uri: status.uri!, local: JSON.stringify(settings) };
    } catch (error) {
      await stop();
      throw error;
    }
  })();
  return { users: 0, ready, stop };
}
