/**
 * A soak (`npm run bench:soak`): mixed reads and writes at a fixed rate against `clusterlens serve`, in its
 * own process on 127.0.0.1 only, on a throwaway Neo4j with the demo. Reports p50 / p99 latency and errors
 * per route, and the server's resident memory (RSS) after the warm-up and at the end, sampled every 10 s: the
 * flat-memory check compares the median RSS of the last third of the run with that of the first third.
 *
 * SOAK_SECONDS (default 1800: 30 minutes), SOAK_RATE (requests/s, default 10), SOAK_WARMUP (s, default 30).
 * One request in SOAK_WRITE_EVERY (default 100) is a write: a POST /api/import of a small bundle whose
 * attribute changes each time, so that the graph version moves and the caches are rebuilt under load.
 * Statuses: 0 = no answer (the connection failed), −1 = not sent (overload, see MAX_IN_FLIGHT).
 * Results: bench/results/soak-<date>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { DEMO_BUNDLE_PATH } from '../seed/generate.ts';
import { readJsonBundle } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { benchEnv, startServeProcess } from './serve-process.ts';
import { writeResult } from './results.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 1800);
const RATE = Number(process.env.SOAK_RATE ?? 10);
const WARMUP = Number(process.env.SOAK_WARMUP ?? 30);
const WRITE_EVERY = Number(process.env.SOAK_WRITE_EVERY ?? 100);
/**
 * Requests waiting for an answer at most (SOAK_MAX_IN_FLIGHT, default 200): a request due while this many
 * wait is not sent and counts as an error ("overload"), so that a server that falls behind shows as errors
 * rather than as an ever longer queue in the load generator.
 */
const MAX_IN_FLIGHT = Number(process.env.SOAK_MAX_IN_FLIGHT ?? 200);
const KEY = 'soak-key';
const HOST = '127.0.0.1';

/** Resident memory of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Route {
  name: string;
  weight: number;
  request: (i: number) => { method: 'GET' | 'POST'; url: string; body?: string };
}

function routes(ids: string[]): Route[] {
  const id = (i: number) => ids[i % ids.length]!;
  return [
    { name: 'GET /api/health', weight: 5, request: () => ({ method: 'GET', url: '/api/health' }) },
    {
      name: 'GET /api/participants',
      weight: 10,
      request: (i) => ({ method: 'GET', url: `/api/participants?limit=20&q=${'aeiou'[i % 5]}` }),
    },
    {
      name: 'GET /api/participants/:id',
      weight: 30,
      request: (i) => ({ method: 'GET', url: `/api/participants/${encodeURIComponent(id(i * 7))}` }),
    },
    {
      name: 'GET /api/participants/:id/suggestions',
      weight: 10,
      request: (i) => ({
        method: 'GET',
        url: `/api/participants/${encodeURIComponent(id(i * 13))}/suggestions?limit=5`,
      }),
    },
    {
      name: 'GET /api/network',
      weight: 15,
      request: (i) => ({ method: 'GET', url: `/api/network?limit=${50 + (i % 5) * 50}` }),
    },
    {
      name: 'GET /api/analysis/pagerank',
      weight: 10,
      request: (i) => ({ method: 'GET', url: `/api/analysis/pagerank?top=${5 + (i % 3)}` }),
    },
    {
      name: 'GET /api/analysis/betweenness',
      weight: 5,
      request: () => ({ method: 'GET', url: '/api/analysis/betweenness?top=5' }),
    },
    { name: 'GET /api/facets', weight: 5, request: () => ({ method: 'GET', url: '/api/facets' }) },
    {
      name: 'GET /api/export',
      weight: 2,
      request: () => ({ method: 'GET', url: '/api/export?format=json' }),
    },
  ];
}

/** The write: one participant of the soak, its attribute changed each time (a real change, a new version). */
const write = (i: number) => ({
  method: 'POST' as const,
  url: '/api/import',
  body: JSON.stringify({
    participants: [
      { id: 'soak-writer', kind: 'startup', name: 'Soak writer', region: 'lipetsk', attributes: { n: i } },
    ],
    ties: [{ source: 'soak-writer', target: 'uni-lgtu', layer: 'rnd', weight: 1 + (i % 5) }],
  }),
});

const startServer = (neo4jUri: string) =>
  startServeProcess({
    host: HOST,
    timeoutMs: 60_000,
    env: benchEnv(neo4jUri, { CLUSTERLENS_API_KEYS: KEY }),
  });

async function main() {
  const neo4j = await benchNeo4j({ heap: '1g', pageCache: '512m' }, { useNeo4jUri: false });
  try {
    await applySchema(neo4j.store);
    const demo = readJsonBundle(DEMO_BUNDLE_PATH);
    await importBundle(neo4j.store, demo, { replace: true });
    const ids = (demo.collections.participants ?? []).map((r) => r.values.id as string);
    const server = await startServer(neo4j.uri);
    const table = routes(ids);
    const totalWeight = table.reduce((n, r) => n + r.weight, 0);
    const samples = new Map<string, { ms: number[]; errors: number; statuses: Record<number, number> }>();
    const record = (name: string, ms: number, status: number) => {
      const s = samples.get(name) ?? { ms: [], errors: 0, statuses: {} };
      samples.set(name, s);
      if (status !== -1) s.ms.push(ms);
      s.statuses[status] = (s.statuses[status] ?? 0) + 1;
      if (status >= 400 || status <= 0) s.errors++;
    };
    let rssStart = NaN;
    /** RSS every 10 s after the warm-up: a Node heap saws up and down, so the trend is read off medians. */
    const rssSamples: number[] = [];
    let nextRssSample = WARMUP;
    const loadAtStart = os.loadavg()[0]!;
    let inFlight = 0;
    let maxInFlight = 0;
    const started = performance.now();
    const interval = 1000 / RATE;
    let i = 0;
    try {
      console.log(`soak: ${SECONDS} s at ${RATE} requests/s against ${server.base} (warm-up ${WARMUP} s)`);
      for (;;) {
        const elapsed = (performance.now() - started) / 1000;
        if (elapsed >= WARMUP + SECONDS) break;
        if (Number.isNaN(rssStart) && elapsed >= WARMUP) {
          rssStart = rssMiB(server.pid);
          samples.clear();
        }
        if (elapsed >= nextRssSample) {
          rssSamples.push(rssMiB(server.pid));
          nextRssSample += 10;
        }
        // A fixed schedule: request i goes out at i × interval, whatever the answers' latency.
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const n = i++;
        let name: string;
        let req: { method: 'GET' | 'POST'; url: string; body?: string };
        if (n % WRITE_EVERY === WRITE_EVERY - 1) {
          name = 'POST /api/import';
          req = write(n);
        } else {
          let pick = (n * 7919) % totalWeight;
          const route = table.find((r) => (pick -= r.weight) < 0)!;
          name = route.name;
          req = route.request(n);
        }
        if (inFlight >= MAX_IN_FLIGHT) {
          record(name, 0, -1);
          continue;
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const t0 = performance.now();
        void fetch(`${server.base}${req.url}`, {
          method: req.method,
          body: req.body,
          headers: req.body
            ? { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }
            : undefined,
        })
          .then(
            async (r) => {
              await r.arrayBuffer();
              record(name, performance.now() - t0, r.status);
            },
            () => record(name, performance.now() - t0, 0),
          )
          .finally(() => inFlight--);
        if (n % (RATE * 60) === 0 && n > 0)
          console.log(`  ${Math.round(elapsed)} s: RSS ${rssMiB(server.pid)} MiB, ${inFlight} in flight`);
      }
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
    } finally {
      const rssEnd = rssMiB(server.pid);
      await server.stop();
      const perRoute = Object.fromEntries(
        [...samples].map(([name, s]) => {
          const sorted = [...s.ms].sort((a, b) => a - b);
          return [
            name,
            {
              requests: s.ms.length,
              notSent: s.statuses[-1] ?? 0,
              errors: s.errors,
              statuses: s.statuses,
              p50ms: Number(percentile(sorted, 50).toFixed(1)),
              p99ms: Number(percentile(sorted, 99).toFixed(1)),
            },
          ];
        }),
      );
      const requests = [...samples.values()].reduce((n, s) => n + s.ms.length, 0);
      const errors = [...samples.values()].reduce((n, s) => n + s.errors, 0);
      const growth = ((rssEnd - rssStart) / rssStart) * 100;
      // The leak test: the median RSS of the last third of the run against that of the first third.
      const third = Math.max(1, Math.floor(rssSamples.length / 3));
      const firstThird = median(rssSamples.slice(0, third));
      const lastThird = median(rssSamples.slice(-third));
      const trend = ((lastThird - firstThird) / firstThird) * 100;
      const loadAtEnd = os.loadavg()[0]!;
      console.table(perRoute);
      console.log(
        `${requests} requests after warm-up, ${errors} errors; RSS ${rssStart} → ${rssEnd} MiB (${growth.toFixed(1)} %); median RSS first third ${firstThird} MiB, last third ${lastThird} MiB (${trend.toFixed(1)} %); at most ${maxInFlight} in flight; load average ${loadAtStart.toFixed(1)} → ${loadAtEnd.toFixed(1)}`,
      );
      writeResult('soak', {
        neo4j: neo4j.description,
        server: `clusterlens serve on ${HOST} (1 process), its own process on the same machine`,
        seconds: SECONDS,
        warmupSeconds: WARMUP,
        rate: RATE,
        maxInFlight: MAX_IN_FLIGHT,
        writeEvery: WRITE_EVERY,
        requests,
        errors,
        mostInFlight: maxInFlight,
        loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number(loadAtEnd.toFixed(2)) },
        rssMiB: {
          afterWarmup: rssStart,
          end: rssEnd,
          growthPercent: Number(growth.toFixed(1)),
          medianFirstThird: firstThird,
          medianLastThird: lastThird,
          trendPercent: Number(trend.toFixed(1)),
          every10s: rssSamples,
        },
        routes: perRoute,
      });
    }
  } finally {
    await neo4j.close();
  }
}

await main();
