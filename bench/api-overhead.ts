/**
 * Where an API measure request's time goes on CA-GrQc (`npm run bench:api-overhead`), beside the
 * kernel: the same measure through the server's computation pool (thread hand-off both ways, the result
 * record built and cloned back), the route's top-1 selection, and JSON of the answer — each with the
 * network already in the thread and the view built, as for a warm server (median of five).
 *
 * Then, on a throwaway Neo4j holding CA-GrQc (BENCH_SKIP_NEO4J=1 skips it), the parts a request has
 * beyond these, each timed on its own (median of five): the graph-version read, the look-up of a written
 * result (`readMeasureResult`), the engine choice under `auto` (a tie count in Neo4j), the cached
 * network, a cached request through Fastify (HTTP emulation by `inject`, validation, the result cache:
 * the floor every request pays), the first run of each measure in a fresh computation thread (the JIT
 * has not compiled its kernel there yet) and in one that has run its warm-ups (worker.ts: the quick
 * measures on a small network at the thread's start, and on this network once it arrived) — and the whole
 * first, uncached request per measure through
 * `inject`, as bench:analysis's API column takes it over a socket. Results:
 * bench/results/api-overhead-<date>.json.
 */
import os from 'node:os';
import { flatView } from '../src/analysis/views.ts';
import { buildApp } from '../src/api/app.ts';
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { engineFor } from '../src/store/gds/choice.ts';
import { importBundle } from '../src/store/import.ts';
import { loadNetwork } from '../src/store/network.ts';
import { applySchema } from '../src/store/schema.ts';
import { graphVersion } from '../src/store/status.ts';
import { readMeasureResult } from '../src/services/written-results.ts';
import { benchNeo4j } from './neo4j.ts';
import { measure, parseParameters } from '../src/analysis/registry.ts';
import { runMeasure, type NodeMeasureResult } from '../src/analysis/run.ts';
import { ComputePool, networkKey } from '../src/api/compute/pool.ts';
import { topValues } from '../src/api/routes/analysis.ts';
import { caGrQc } from './ca-grqc.ts';
import { writeResult } from './results.ts';

const MEASURES = ['pagerank', 'eigenvector', 'kcore', 'constraint', 'louvain'];

async function median(fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return Number(times.sort((a, b) => a - b)[2]!.toFixed(2));
}

const network = caGrQc();
const view = {};
flatView(network, { directed: false });
const pool = new ComputePool({ deadlineMs: 600_000, maxPerClient: 4 });
const key = networkKey(1);
await pool.runMeasure('bench', key, network, { measure: 'degree', options: {}, view });
const rows: Record<string, Record<string, number>> = {};
console.log(
  'ms (median of five)      kernel  run (record)  pool round trip  top-1  JSON (top-1)  JSON (all)',
);
for (const id of MEASURES) {
  const descriptor = measure(id);
  const options = parseParameters(descriptor, {});
  const kernel = await median(
    () => descriptor.kind !== 'multilayer' && descriptor.run(flatView(network, {}), options),
  );
  const run = await median(() => runMeasure(network, descriptor, options, view));
  const pooled = await median(() => pool.runMeasure('bench', key, network, { measure: id, options, view }));
  const result = runMeasure(network, descriptor, options, view);
  const isNode = 'values' in result;
  const top = isNode ? await median(() => topValues(result as NodeMeasureResult, 1)) : NaN;
  const topJson = isNode
    ? await median(() => JSON.stringify(topValues(result as NodeMeasureResult, 1)))
    : NaN;
  const allJson = await median(() => JSON.stringify(result));
  rows[id] = { kernel, run, pooled, top, topJson, allJson };
  console.log(
    `${id.padEnd(22)} ${[kernel, run, pooled, top, topJson, allJson].map((x) => String(x).padStart(8)).join('  ')}`,
  );
}
await pool.close();

/** The parts of a request that need the database, and whole requests through Fastify. */
async function requestParts(): Promise<Record<string, Record<string, number>>> {
  const neo4j = await benchNeo4j({ heap: '1g', pageCache: '256m' });
  const parts: Record<string, Record<string, number>> = {};
  try {
    await applySchema(neo4j.store);
    const bundle = {
      participants: network.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, region: 'x' })),
      layers: network.layers,
      ties: network.ties,
    };
    await importBundle(neo4j.store, rawBundleFromJson(bundle, 'ca-grqc.json'), { replace: true });
    const app = await buildApp({ store: neo4j.store, keepStoreOpen: true, api: { rateLimit: 0 } });
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    };
    try {
      // As bench:analysis: one warm-up request loads the network into the server and into a thread.
      await get('/api/analysis/degree?top=1');
      const version = await graphVersion(neo4j.store);
      const common = {
        graphVersionRead: await median(() => graphVersion(neo4j.store)),
        cachedNetwork: await median(() => loadNetwork(neo4j.store, {}, version)),
        cachedRequest: await median(() => get('/api/analysis/degree?top=1')),
      };
      console.log('ms (median of five):', common);
      parts.common = common;
      console.log(
        'ms                     written look-up  engine (auto)  first run: fresh thread  warmed thread  whole first request',
      );
      // A thread without the warm-up (the kernels compile on their first job) and one with it, given
      // time to finish it (a few hundred ms on a quiet machine) before the first job.
      const cold = new ComputePool({ deadlineMs: 600_000, maxPerClient: 4, warmUp: false });
      const warmed = new ComputePool({ deadlineMs: 600_000, maxPerClient: 4 });
      for (const fresh of [cold, warmed])
        await fresh.runMeasure('bench', key, network, { measure: 'degree', options: {}, view });
      await new Promise((resolve) => setTimeout(resolve, 5000));
      for (const id of MEASURES) {
        const descriptor = measure(id);
        const options = parseParameters(descriptor, {});
        const look = await median(() =>
          readMeasureResult(neo4j.store, descriptor, options, { directed: false }, version, 'auto'),
        );
        const engine = await median(() => engineFor(neo4j.store, 'auto', id, options, { directed: false }));
        let started = performance.now();
        await cold.runMeasure('bench', key, network, { measure: id, options, view });
        const firstRun = Number((performance.now() - started).toFixed(2));
        started = performance.now();
        await warmed.runMeasure('bench', key, network, { measure: id, options, view });
        const firstRunWarmed = Number((performance.now() - started).toFixed(2));
        started = performance.now();
        await get(`/api/analysis/${id}${descriptor.kind === 'node' ? '?top=1' : ''}`);
        const firstRequest = Number((performance.now() - started).toFixed(2));
        parts[id] = { look, engine, firstRun, firstRunWarmed, firstRequest };
        console.log(
          `${id.padEnd(22)} ${[look, engine, firstRun, firstRunWarmed, firstRequest].map((x) => String(x).padStart(14)).join('  ')}`,
        );
      }
      await cold.close();
      await warmed.close();
    } finally {
      await app.close();
    }
  } finally {
    await neo4j.close();
  }
  return parts;
}

const requests = process.env.BENCH_SKIP_NEO4J === '1' ? undefined : await requestParts();
writeResult('api-overhead', {
  command: 'npm run bench:api-overhead',
  loadAverage: os.loadavg(),
  network: 'CA-GrQc',
  unit: 'ms',
  rows,
  requests,
});
