/**
 * The fault suite (`npm run test:faults`, not part of `npm test`): kills Neo4j (-9) and the CLI (KILL, INT,
 * TERM) at random moments of a `clusterlens import --replace`, and checks that the stored graph is then
 * either the old one or the new one, byte for byte in export, and that the CLI says which in words.
 *
 * It runs its own throwaway Neo4j (it kills it), never the test run's. CLUSTERLENS_FAULT_SEED fixes the
 * random offsets (the seed is printed); CLUSTERLENS_FAULT_NEO4J_RUNS and CLUSTERLENS_FAULT_CLI_RUNS set the
 * numbers of runs (6 and 14 by default: 20 in all).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNeo4jSettings } from '../../src/config.ts';
import { bundleToJson, readJsonBundle, writeJsonBundle } from '../../src/exchange/json.ts';
import { emptyBundle, type Bundle } from '../../src/exchange/model.ts';
import { freePort, localStatus, startLocal, stopLocal } from '../../src/neo4j-local/server.ts';
import type { Store } from '../../src/store/driver.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle } from '../../src/store/import.ts';
import { applySchema } from '../../src/store/schema.ts';
import { benchEnv, startServeProcess } from '../../bench/serve-process.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const NEO4J_RUNS = Number(process.env.CLUSTERLENS_FAULT_NEO4J_RUNS ?? 6);
const CLI_RUNS = Number(process.env.CLUSTERLENS_FAULT_CLI_RUNS ?? 14);
const SEED = Number(process.env.CLUSTERLENS_FAULT_SEED ?? Date.now() % 1_000_000);
/** The CLI must say that Neo4j was lost within this many milliseconds of the kill. */
const SAY_WITHIN_MS = 10_000;

/** mulberry32: a small seeded generator, so that a failing run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);

/** A network of n participants with about `perNode` ties each; `variant` changes names and weights. */
function network(n: number, perNode: number, variant: string): Bundle {
  const g = random(n * 31 + variant.length);
  const bundle = emptyBundle();
  for (let i = 0; i < n; i++) {
    bundle.participants.push({
      id: `p${i}`,
      kind: i % 10 === 0 ? 'university' : 'enterprise',
      name: `${variant} ${i}`,
      region: `r${i % 7}`,
      employees: 10 + i,
    });
  }
  const seen = new Set<string>();
  for (let i = 0; i < n * perNode; i++) {
    const a = Math.floor(g() * n);
    const b = Math.floor(g() * n);
    const layer = g() < 0.5 ? 'rnd' : 'supply';
    const key = layer === 'rnd' ? `${layer}|${Math.min(a, b)}|${Math.max(a, b)}` : `${layer}|${a}|${b}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    bundle.ties.push({ source: `p${a}`, target: `p${b}`, layer, weight: 1 + Math.floor(g() * 5) });
  }
  return bundle;
}

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** ms since the start, when the process exited. */
  exitedAt: number;
}

let settings: LocalNeo4jSettings;
let store: Store;
let dir: string;
let oldFile: string;
let newFile: string;
let oldExport: string;
let newExport: string;
/** How long a CLI import of the new bundle takes, start to exit (ms). */
let importMs: number;
/** How long the CLI takes to start, connect and refuse a bad bundle (ms): before that, no import runs. */
let startupMs: number;

function openStore(uri: string): Store {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'), { maxTransactionRetryTime: 5000 });
  return { driver, uri, startedLocal: false, close: () => driver.close() };
}

const exported = async () => bundleToJson(await exportBundle(store));

/** Starts `clusterlens import <file> --replace`; `kill` is called `afterMs` after the start. */
function cliImport(
  afterMs: number,
  file: string,
  kill: (child: ReturnType<typeof spawn>) => void,
): Promise<CliRun & { killedAt: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'clusterlens.js'), 'import', file, '--replace'],
    {
      env: { ...process.env, NEO4J_URI: store.uri, NEO4J_USER: '', NEO4J_PASSWORD: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let killedAt = -1;
  let exited = false;
  const timer = setTimeout(() => {
    if (exited) return;
    killedAt = Date.now() - started;
    kill(child);
  }, afterMs);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, signal, stderr, exitedAt: Date.now() - started, killedAt });
    });
  });
}

/** Puts the old network back (in-process) and checks that it is there. */
async function restoreOld(): Promise<void> {
  await importBundle(store, readJsonBundle(oldFile), { replace: true });
  expect(await exported()).toBe(oldExport);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-faults-'));
  settings = { home: path.join(dir, 'neo4j'), boltPort: await freePort(), heap: '768m', pageCache: '128m' };
  const status = await startLocal(settings, { log: (l) => console.log(l) });
  store = openStore(status.uri!);
  await applySchema(store);
  oldFile = path.join(dir, 'old.json');
  newFile = path.join(dir, 'new.json');
  writeJsonBundle(network(2000, 2, 'old'), oldFile);
  writeJsonBundle(network(10_000, 4, 'new'), newFile);
  await importBundle(store, readJsonBundle(newFile), { replace: true });
  newExport = await exported();
  await importBundle(store, readJsonBundle(oldFile), { replace: true });
  oldExport = await exported();
  expect(oldExport).not.toBe(newExport);
  // One undisturbed CLI import, to time the window that the faults fall into.
  const badFile = path.join(dir, 'bad.json');
  fs.writeFileSync(badFile, '{"participants": [{"id": "x"}]}');
  const bad = await cliImport(10 * 60_000, badFile, () => {});
  expect(bad.code, bad.stderr).toBe(2);
  startupMs = bad.exitedAt;
  const run = await cliImport(10 * 60_000, newFile, () => {});
  expect(run.code, run.stderr).toBe(0);
  expect(await exported()).toBe(newExport);
  importMs = run.exitedAt;
  console.log(
    `fault suite: seed ${SEED}; the CLI starts in ${startupMs} ms, an undisturbed import takes ${importMs} ms`,
  );
}, 900_000);

afterAll(async () => {
  await store?.close();
  if (settings) await stopLocal(settings, 60_000).catch(() => {});
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A random moment of the import proper: between the CLI's start-up and the import's end. */
const offset = () => Math.round(startupMs + Math.max(importMs - startupMs, 1000) * rand());

/**
 * Restores the old graph and runs the CLI import with a fault at a random moment; when the import ends
 * before the fault was due (the machine's load varies), aims earlier and runs again (up to 4 times).
 */
async function withFault(kill: (child: ReturnType<typeof spawn>) => void) {
  for (let attempt = 1; ; attempt++) {
    await restoreOld();
    const at = offset();
    const run = await cliImport(at, newFile, kill);
    if (run.killedAt >= 0 || attempt === 4) return { run, at };
    expect(run.code, run.stderr).toBe(0);
    expect(await exported()).toBe(newExport);
    console.log(`the import ended after ${run.exitedAt} ms, before the fault at ${at} ms; again`);
    importMs = run.exitedAt;
  }
}

describe('faults during an import', () => {
  const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGINT', 'SIGTERM'];
  it.each(Array.from({ length: CLI_RUNS }, (_, i) => [i + 1, signals[i % 3]!] as const))(
    'the CLI killed at a random moment, run %i (%s): old or new graph, and INT/TERM say which',
    async (_run, signal) => {
      const { run, at } = await withFault((child) => child.kill(signal));
      const last = run.stderr.trim().split('\n').pop();
      console.log(`${signal} at ${at} ms: exit ${run.code ?? run.signal}; ${last}`);
      const graph = await exported();
      if (run.code === 0) {
        expect(graph).toBe(newExport);
        return;
      }
      if (signal === 'SIGKILL' || run.signal !== null) {
        // Killed outright (or by INT/TERM before the import began): nothing said; old or new.
        expect([oldExport, newExport]).toContain(graph);
        return;
      }
      expect(run.code).toBe(signal === 'SIGINT' ? 130 : 143);
      if (/rolled back; nothing was written/.test(run.stderr)) expect(graph).toBe(oldExport);
      else {
        expect(run.stderr).toMatch(/after the commit: the import is in the database/);
        expect(graph).toBe(newExport);
      }
    },
    600_000,
  );
  it.each(Array.from({ length: NEO4J_RUNS }, (_, i) => i + 1))(
    'Neo4j killed (-9) at a random moment, run %i: old or new graph, and the CLI says so in seconds',
    async () => {
      const pid = localStatus(settings).pid!;
      const { run, at } = await withFault(() => process.kill(pid, 'SIGKILL'));
      const said = run.killedAt >= 0 ? run.exitedAt - run.killedAt : 0;
      console.log(
        `neo4j -9 at ${at} ms: exit ${run.code} ${run.exitedAt - Math.max(run.killedAt, 0)} ms after; ${run.stderr.trim().split('\n').pop()}`,
      );
      if (run.killedAt >= 0) {
        await startLocal(settings, { log: () => {} });
        await store.close();
        store = openStore(store.uri);
      }
      let expected: string[];
      if (run.code === 0) {
        // The import was committed before the kill (or the kill was not due before its end).
        expected = [newExport];
      } else {
        expect(run.code, run.stderr).toBe(1);
        expect(said).toBeLessThan(SAY_WITHIN_MS);
        expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
        if (/the connection to Neo4j was lost; nothing was written/.test(run.stderr)) expected = [oldExport];
        else {
          expect(run.stderr).toMatch(/lost while the import was being committed|cannot be reached/);
          expected = [oldExport, newExport];
        }
      }
      expect(expected).toContain(await exported());
    },
    600_000,
  );
});

/** `clusterlens serve` in its own process on the suite's Neo4j; stopped by the returned function. */
const serve = () => startServeProcess({ env: benchEnv(store.uri) });

/** A GET that gives up after 20 s (a hung request is a failure too): status, headers, body. */
async function read(url: string) {
  const started = Date.now();
  const r = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  return {
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    retryAfter: r.headers.get('retry-after'),
    body: (await r.json()) as { type?: string; status?: number; counts?: { participants: number } },
    ms: Date.now() - started,
  };
}

describe('Neo4j stopped and restarted under a serving API', () => {
  const READS = ['/api/health', '/api/participants?limit=5', '/api/network?limit=50', '/api/facets'];
  it.each([
    ['killed (-9)', 'kill'],
    ['stopped', 'stop'],
  ] as const)(
    'Neo4j %s: 503 problems with Retry-After while it is down, 200 again without a restart of clusterlens',
    async (_how, how) => {
      const server = await serve();
      try {
        const before = await read(`${server.base}/api/health`);
        expect(before.status).toBe(200);
        if (how === 'kill') process.kill(localStatus(settings).pid!, 'SIGKILL');
        else await stopLocal(settings, 60_000);
        // Every read while it is down: a 503 problem document that says when to retry, never a 500.
        for (const url of READS) {
          const down = await read(`${server.base}${url}`);
          console.log(`Neo4j ${how}: ${url} → ${down.status} in ${down.ms} ms`);
          expect(down.status, url).toBe(503);
          expect(down.type).toMatch(/^application\/problem\+json/);
          expect(down.retryAfter, url).not.toBeNull();
          expect(down.body.status).toBe(503);
        }
        const restarted = Date.now();
        await startLocal(settings, { log: () => {} });
        const back = Date.now();
        let status = 0;
        let after: Awaited<ReturnType<typeof read>> | undefined;
        while (status !== 200 && Date.now() - back < 60_000) {
          after = await read(`${server.base}/api/health`);
          status = after.status;
          if (status !== 200) await new Promise((r) => setTimeout(r, 500));
        }
        console.log(
          `Neo4j ${how}: restarted in ${back - restarted} ms; first 200 ${Date.now() - back} ms after Bolt was back`,
        );
        expect(status).toBe(200);
        // The same process (no restart of clusterlens), and the same data.
        expect(fs.existsSync(`/proc/${server.pid}`)).toBe(true);
        expect(after!.body.counts!.participants).toBe(before.body.counts!.participants);
        for (const url of READS) expect((await read(`${server.base}${url}`)).status, url).toBe(200);
      } finally {
        await server.stop();
        await store.close();
        store = openStore(store.uri);
      }
    },
    600_000,
  );
});

describe('reads while a large --replace runs under a serving API', () => {
  it('every view is the graph of the version it names: the old one or the new one, never a mix (no phantom view)', async () => {
    await restoreOld();
    const server = await serve();
    try {
      // The analysis result names no graph version (only its node count, `of`): for it, the count alone.
      type View = { version: number | undefined; nodes: number };
      const VIEWS = [
        '/api/network?limit=10',
        '/api/network?limit=10&layers=rnd',
        '/api/analysis/pagerank?top=3',
      ];
      const view = async (url: string): Promise<View> => {
        const r = await read(`${server.base}${url}`);
        expect(r.status, url).toBe(200);
        const body = r.body as unknown as { graphVersion?: number; total?: { nodes: number }; of?: number };
        return { version: body.graphVersion, nodes: body.total?.nodes ?? body.of! };
      };
      // Each view before the import: the old graph, read through a warm cache from now on.
      const before = new Map<string, View>();
      for (const url of VIEWS) before.set(url, await view(url));
      const seen: Array<{ url: string } & View> = [];
      let importing = true;
      const readers = [0, 1].map(async (reader) => {
        for (let i = reader; importing; i++) {
          const url = VIEWS[i % VIEWS.length]!;
          seen.push({ url, ...(await view(url)) });
        }
      });
      const run = await cliImport(10 * 60_000, newFile, () => {});
      // and on for a few seconds after the commit, when stale caches would show (the phantom views of old)
      await new Promise((r) => setTimeout(r, 5000));
      importing = false;
      await Promise.all(readers);
      expect(run.code, run.stderr).toBe(0);
      expect(await exported()).toBe(newExport);
      const after = new Map<string, View>();
      for (const url of VIEWS) after.set(url, await view(url));
      const during = seen.length;
      const mixed = seen.filter(
        (s) =>
          !(s.version === before.get(s.url)!.version && s.nodes === before.get(s.url)!.nodes) &&
          !(s.version === after.get(s.url)!.version && s.nodes === after.get(s.url)!.nodes),
      );
      console.log(
        `reads during the replace and 5 s after it: ${during} views, ${seen.filter((s) => s.version !== undefined && s.version === after.get(s.url)!.version).length} network views of the new version, ${mixed.length} mixed`,
      );
      expect(during).toBeGreaterThan(10);
      expect(seen.some((s) => s.version !== undefined && s.version === after.get(s.url)!.version)).toBe(true);
      expect(mixed).toEqual([]);
      for (const url of VIEWS) {
        if (before.get(url)!.version !== undefined)
          expect(after.get(url)!.version).toBeGreaterThan(before.get(url)!.version!);
        expect(after.get(url)!.nodes, url).not.toBe(before.get(url)!.nodes);
      }
    } finally {
      await server.stop();
    }
  }, 900_000);
});
