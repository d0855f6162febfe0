/**
 * The API under load (`npm run bench:api`): autocannon, 50 concurrent connections, 10 s per scenario,
 * on the demo and on the synthetic 20,000-participant / 200,000-tie network. Scenarios: partner
 * suggestions (cached: a set of 50 participants asked again and again; uncached: a new participant each
 * time, so every request computes), a cached centrality read (PageRank), and a participant read
 * (a Neo4j query per request). Uses a throwaway local Neo4j. Results: bench/results/api-<date>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEMO_BUNDLE_PATH } from '../seed/generate.ts';
import { buildApp } from '../src/api/app.ts';
import { apiSettings, type LocalNeo4jSettings } from '../src/config.ts';
import { rawBundleFromJson, readJsonBundle } from '../src/exchange/json.ts';
import { freePort, startLocal, stopLocal } from '../src/neo4j-local/server.ts';
import { openStore, type Store } from '../src/store/driver.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

interface Scenario {
  name: string;
  paths: string[];
  /** Asked once before measuring, so that cached scenarios measure the cache. */
  warm: boolean;
}

async function measure(base: string, scenario: Scenario) {
  if (scenario.warm) for (const p of scenario.paths) await fetch(base + p).then((r) => r.arrayBuffer());
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: scenario.paths[next++ % scenario.paths.length]! }),
      },
    ],
  });
  const figures = {
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
  console.log(`  ${scenario.name.padEnd(28)} ${JSON.stringify(figures)}`);
  return figures;
}

function scenarios(ids: string[], hub: string): Scenario[] {
  const pick = (n: number, offset = 0) =>
    Array.from({ length: n }, (_, i) => ids[(offset + i * 7919) % ids.length]!);
  return [
    {
      name: 'suggestions (cached)',
      paths: pick(50).map((id) => `/api/participants/${id}/suggestions`),
      warm: true,
    },
    {
      name: 'suggestions (uncached)',
      paths: pick(Math.min(ids.length, 20_000), 1).map(
        (id) => `/api/participants/${id}/suggestions?limit=11`,
      ),
      warm: false,
    },
    { name: 'pagerank (cached)', paths: ['/api/analysis/pagerank'], warm: true },
    { name: 'participant read', paths: pick(500, 2).map((id) => `/api/participants/${id}`), warm: false },
    { name: 'participant read (hub)', paths: [`/api/participants/${hub}`], warm: false },
  ];
}

async function run(store: Store, ids: string[], hub: string) {
  const app = await buildApp({ store, api: { ...apiSettings({}), rateLimit: 0 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const out: Record<string, unknown> = {};
  try {
    for (const scenario of scenarios(ids, hub)) out[scenario.name] = await measure(base, scenario);
  } finally {
    await app.close();
  }
  return out;
}

async function main() {
  const local: LocalNeo4jSettings = {
    home: fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-bench-')),
    boltPort: await freePort(),
    heap: '2g',
    pageCache: '1g',
  };
  const store = await openStore(
    {
      external: { uri: (await startLocal(local, { gds: false })).uri! },
      local,
      server: { host: '', port: 0 },
      api: apiSettings({}),
    },
    { maxTransactionRetryTime: 2000 },
  );
  try {
    await applySchema(store);
    const demo = readJsonBundle(DEMO_BUNDLE_PATH);
    await importBundle(store, demo);
    const demoIds = (demo.collections.participants ?? []).map((r) => r.values.id as string);
    console.log(`demo (${demoIds.length} participants)`);
    const demoFigures = await run(store, demoIds, 'uni-lgtu');

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
      store,
      synthetic.participants.map((p) => p.id),
      hub,
    );
    writeResult('api', {
      tool: `autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario, one Node process`,
      neo4j: 'local Neo4j Community 5.26 (heap 2g, page cache 1g)',
      target: 'p99 ≤ 50 ms for cached reads and suggestions, no errors',
      demo: demoFigures,
      synthetic: syntheticFigures,
    });
  } finally {
    await store.close();
    await stopLocal(local, 60_000);
    fs.rmSync(local.home, { recursive: true, force: true });
  }
}

await main();
