/**
 * clusterlens on a `neo4j://` routing URI (issue 16, item 4): the driver asks the server for its routing
 * table and sends READ sessions to readers, WRITE sessions to the writer — on a cluster, followers and the
 * leader; on the test run's single Neo4j, that one server in both roles. Run end to end as a user runs it
 * (import, analyze --write, serve), and the access mode of every session checked in-process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SessionMode } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startServeProcess } from '../../bench/serve-process.ts';
import { openStore, type Store } from '../../src/store/driver.ts';
import { emptyDatabase, openTestStore, testEnv, testUri } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'small.json');
const KEY = 'routing-test-key';
const participantCount = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { participants: unknown[] })
  .participants.length;

/** The test server's Bolt address as a routing URI. */
const routingUri = () => testUri().replace(/^bolt:\/\//, 'neo4j://');
const routingEnv = (): NodeJS.ProcessEnv => ({
  ...testEnv(),
  NEO4J_URI: routingUri(),
  CLUSTERLENS_API_KEYS: KEY,
  LOG_LEVEL: 'warn',
});

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), ...args], {
    env: routingEnv(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let plainStore: Store;
beforeAll(async () => {
  expect(testUri()).toMatch(/^bolt:\/\//);
  plainStore = await openTestStore();
  await emptyDatabase(plainStore);
});
afterAll(async () => {
  await plainStore?.close();
});

describe('NEO4J_URI=neo4j://… (routing) end to end', () => {
  it('imports, analyzes with --write and serves reads and a write through the routing driver', async () => {
    const imported = cli(['import', fixture, '--replace', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ changed: true });

    const analyzed = cli(['analyze', 'pagerank', '--write', '--json']);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    const pagerank = JSON.parse(analyzed.stdout) as {
      values: Record<string, number>;
      written: { property: string; participants: number };
    };
    expect(pagerank.written).toMatchObject({ property: 'cl_pagerank', participants: participantCount });

    const server = await startServeProcess({ env: routingEnv(), capture: true, timeoutMs: 120_000 });
    const base = server.base;
    try {
      const participants = (await (await fetch(`${base}/api/participants`)).json()) as { total: number };
      expect(participants.total).toBe(participantCount);
      // The served measure is the result the CLI wrote (same graph version, same options).
      const served = (await (await fetch(`${base}/api/analysis/pagerank`)).json()) as {
        values: Record<string, number>;
      };
      expect(served.values).toEqual(pagerank.values);
      const written = await fetch(`${base}/api/analysis/degree/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(written.status, await written.clone().text()).toBe(200);
      expect(((await written.json()) as { property: string }).property).toBe('cl_degree');
    } finally {
      await server.stop();
    }
  }, 300_000);
});

describe('access modes on a routing driver', () => {
  let store: Store;
  const modes: SessionMode[] = [];
  beforeAll(async () => {
    store = await openStore(loadConfig({ NEO4J_URI: routingUri() }));
    // Record each session's access mode; the sessions themselves are the driver's own.
    const open = store.driver.session.bind(store.driver);
    store.driver.session = ((config?: Parameters<typeof open>[0]) => {
      modes.push(config?.defaultAccessMode ?? 'WRITE');
      return open(config);
    }) as typeof store.driver.session;
  });
  afterAll(async () => {
    await store?.close();
  });

  it('opens READ sessions for every read and WRITE sessions for writes', async () => {
    const app = await buildApp({ store, keepStoreOpen: true, api: { rateLimit: 0, keys: [KEY] } });
    try {
      const reads = [
        '/api/health',
        '/api/facets',
        '/api/participants',
        '/api/participants/lgtu',
        '/api/network',
        '/api/metacorporation',
        '/api/analysis/pagerank?alpha=0.8',
        '/api/analysis/written',
        '/api/gaps',
        '/api/export?format=json',
        '/api/audit',
      ];
      for (const url of reads) {
        const response = await app.inject({ url, headers: { authorization: `Bearer ${KEY}` } });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      }
      expect(modes.length).toBeGreaterThan(reads.length);
      expect(new Set(modes)).toEqual(new Set(['READ']));

      modes.length = 0;
      const write = await app.inject({
        method: 'PATCH',
        url: '/api/participants/lgtu',
        headers: { authorization: `Bearer ${KEY}` },
        payload: { employees: 1234 },
      });
      expect(write.statusCode, write.body).toBe(200);
      expect(modes).toContain('WRITE');
      // The read right after the write follows it (the store's bookmarks), wherever the read is routed.
      const read = await app.inject({ url: '/api/participants/lgtu' });
      expect(read.json()).toMatchObject({ employees: 1234 });
    } finally {
      await app.close();
    }
  });
});
