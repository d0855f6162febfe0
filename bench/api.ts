/**
 * The API under load (`npm run bench:api`): autocannon, 50 concurrent connections, 10 s per scenario,
 * after 3 s of warm-up load (BENCH_WARMUP; reported apart), on the demo and on the synthetic
 * 20,000-participant / 200,000-tie network. Scenarios: partner
 * suggestions (cached: a set of 50 participants asked again and again; uncached: a new participant each
 * time, so every request computes), a cached centrality read (PageRank), and participant reads (cached per
 * graph version; uncached: a new participant each time, so a Neo4j query per request — on the demo, with
 * 283 participants, most of these are cached after the first second). The server runs in its own process (`clusterlens serve`), as in
 * production, so that the load generator does not share its event loop. Uses a throwaway local Neo4j.
 * Results: bench/results/api-<date>.json.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { DEMO_BUNDLE_PATH } from '../seed/generate.ts';
import { rawBundleFromJson, readJsonBundle } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { benchEnv, startServeProcess } from './serve-process.ts';
import { syntheticNetwork } from './synthetic.ts';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
/** Server processes (`serve --workers`; BENCH_WORKERS=2 uses both cores of this machine). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
/** Only the scenarios whose name starts with this (BENCH_ONLY=suggestions: a bounded rerun of those). */
const ONLY = process.env.BENCH_ONLY ?? '';

interface Scenario {
  name: string;
  paths: string[];
  /** Asked once before measuring, so that cached scenarios measure the cache. */
  warm: boolean;
  /**
   * Paths for the warm-up load before measuring: the same kind of request, but not the measured paths
   * where those must stay uncached. (V8 compiles a request path's code under load: without a warm-up
   * the first 1–1.5 s of a scenario answer 5 times slower, which says nothing about a running server.)
   */
  warmup: string[];
}

/** Seconds of warm-up load before each scenario (its figures are reported, apart, as `warmup`). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every mainstream build). */
const USER_HZ = 100;

/**
 * CPU time (ms) used so far by a process and its descendants, from /proc: the server's workers are
 * children of the primary, and their time is only added to the primary's when they exit.
 */
function processTreeCpuMs(root: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) in parentheses: state ppid … utime(14) stime(15).
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we read.
    }
  }
  let ticks = 0;
  for (const [pid, stat] of stats) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = stats.get(p)?.parent) {
      if (p === root) {
        ticks += stat.ticks;
        break;
      }
    }
  }
  return (ticks * 1000) / USER_HZ;
}

/** autocannon with CONNECTIONS connections, asking for the paths in turn. */
function load(base: string, paths: string[], seconds: number) {
  let next = 0;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) },
    ],
  });
}

async function measure(base: string, serverPid: number, scenario: Scenario) {
  if (scenario.warm) for (const p of scenario.paths) await fetch(base + p).then((r) => r.arrayBuffer());
  const warmup = WARMUP > 0 ? await load(base, scenario.warmup, WARMUP) : undefined;
  const serverCpuBefore = processTreeCpuMs(serverPid);
  const clientCpuBefore = process.cpuUsage();
  const result = await load(base, scenario.paths, DURATION);
  const serverCpuMs = processTreeCpuMs(serverPid) - serverCpuBefore;
  const client = process.cpuUsage(clientCpuBefore);
  const figures = {
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    // Where the time goes: the server's CPU per request, and the load generator's share of a core
    // (near 1, autocannon itself limits the rate, as with large documents).
    serverCpuMsPerRequest: Number((serverCpuMs / result.requests.total).toFixed(3)),
    clientCpuCores: Number(((client.user + client.system) / 1e6 / DURATION).toFixed(2)),
    ...(warmup
      ? {
          warmup: {
            seconds: WARMUP,
            requestsPerSecond: Math.round(warmup.requests.average),
            p50ms: warmup.latency.p50,
            p99ms: warmup.latency.p99,
            errors: warmup.errors + warmup.timeouts,
          },
        }
      : {}),
  };
  console.log(`  ${scenario.name.padEnd(28)} ${JSON.stringify(figures)}`);
  return figures;
}

function scenarios(ids: string[], hub: string): Scenario[] {
  const pick = (n: number, offset = 0) =>
    Array.from({ length: n }, (_, i) => ids[(offset + i * 7919) % ids.length]!);
  const cached = (name: string, paths: string[]): Scenario => ({ name, paths, warm: true, warmup: paths });
  const everyone = pick(Math.min(ids.length, 20_000), 1);
  // Participant reads take no options: the warm-up reads the other end of the list.
  const otherHalf = [...everyone.slice(everyone.length >> 1), ...everyone.slice(0, everyone.length >> 1)];
  return [
    cached(
      'suggestions (cached)',
      pick(50).map((id) => `/api/participants/${id}/suggestions`),
    ),
    {
      name: 'suggestions (uncached)',
      paths: everyone.map((id) => `/api/participants/${id}/suggestions?limit=11`),
      warm: false,
      // Another limit: other cache keys, the same computation.
      warmup: everyone.map((id) => `/api/participants/${id}/suggestions?limit=12`),
    },
    cached('pagerank (cached)', ['/api/analysis/pagerank']),
    cached('pagerank top 100 (cached)', ['/api/analysis/pagerank?top=100']),
    cached(
      'participant read (cached)',
      pick(500, 2).map((id) => `/api/participants/${id}`),
    ),
    {
      name: 'participant read (uncached)',
      paths: everyone.map((id) => `/api/participants/${id}`),
      warm: false,
      warmup: otherHalf.map((id) => `/api/participants/${id}`),
    },
    cached('hub participant (cached)', [`/api/participants/${hub}`]),
  ];
}

/** `clusterlens serve` in a child process on the bench's Neo4j, rate limiting off; resolves when it answers. */
const startServer = (neo4jUri: string) =>
  startServeProcess({
    args: ['--workers', String(WORKERS)],
    timeoutMs: 60_000,
    env: benchEnv(neo4jUri),
  });

async function run(neo4jUri: string, ids: string[], hub: string) {
  const server = await startServer(neo4jUri);
  const out: Record<string, unknown> = {};
  try {
    for (const scenario of scenarios(ids, hub).filter((s) => s.name.startsWith(ONLY)))
      out[scenario.name] = await measure(server.base, server.pid, scenario);
  } finally {
    await server.stop();
  }
  return out;
}

async function main() {
  const neo4j = await benchNeo4j(
    { heap: '2g', pageCache: '1g' },
    { useNeo4jUri: false, maxTransactionRetryTime: 2000 },
  );
  const { store, uri } = neo4j;
  try {
    await applySchema(store);
    const demo = readJsonBundle(DEMO_BUNDLE_PATH);
    await importBundle(store, demo);
    const demoIds = (demo.collections.participants ?? []).map((r) => r.values.id as string);
    console.log(`demo (${demoIds.length} participants)`);
    const demoFigures = await run(uri, demoIds, 'uni-lgtu');

    const synthetic = syntheticNetwork(20_000, 200_000, 11);
    await importBundle(store, rawBundleFromJson(JSON.parse(JSON.stringify(synthetic)), 'synthetic.json'), {
      replace: true,
    });
    const degree = new Map<string, number>();
    for (const t of synthetic.ties)
      for (const e of [t.source, t.target]) degree.set(e, (degree.get(e) ?? 0) + 1);
    const hub = [...degree].sort((a, b) => b[1] - a[1])[0]![0];
    console.log('synthetic (20,000 participants, 200,000 ties)');
    const syntheticFigures = await run(
      uri,
      synthetic.participants.map((p) => p.id),
      hub,
    );
    const name = WORKERS === 1 ? 'api' : `api-workers${WORKERS}`;
    writeResult(ONLY ? `${name}-${ONLY}` : name, {
      tool: `autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario; the server in its own processes (serve --workers ${WORKERS})`,
      neo4j: neo4j.description,
      target: 'p99 ≤ 50 ms for cached reads and suggestions, no errors',
      demo: demoFigures,
      synthetic: syntheticFigures,
    });
  } finally {
    await neo4j.close();
  }
}

await main();
