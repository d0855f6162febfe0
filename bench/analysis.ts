/**
 * Analysis benchmark (`npm run bench:analysis`): every measure of the registry on CA-GrQc
 * (SNAP's arXiv GR-QC co-authorship network, test/fixtures/ca-grqc.txt) and on a synthetic 3-layer network of 20,000 participants and 200,000
 * ties, networkx 3.x on the same inputs for the ratio (in bench/.venv, created on first run), and the
 * time to load the 200,000-tie network from Neo4j (a throwaway local server, or NEO4J_URI).
 * Each clusterlens measure is timed as the median of three runs after a warm-up run (once if slower
 * than 3 s); networkx runs once. Results: bench/results/analysis-<date>.json. Set BENCH_SKIP_NETWORKX=1 or BENCH_SKIP_NEO4J=1 to skip parts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flatten, networkFromBundle, type Network } from '../src/analysis/network.ts';
import { MEASURES, parseParameters, type MeasureDescriptor } from '../src/analysis/registry.ts';
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { loadNetwork } from '../src/store/network.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const here = import.meta.dirname;
const FIXTURES = path.join(here, '..', 'test', 'fixtures');

function caGrQc(): Network {
  const lines = fs.readFileSync(path.join(FIXTURES, 'ca-grqc.txt'), 'utf8').trim().split('\n').slice(1);
  const ids = new Set<string>();
  const ties = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const [a, b] = line.split('\t') as [string, string];
    ids.add(a);
    ids.add(b);
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    ties.push({ source: a, target: b, layer: 'coauthor', weight: 1 });
  }
  const nodes = [...ids].map((id) => ({
    id,
    kind: 'other',
    name: id,
    region: '',
    clusters: [],
    platforms: [],
  }));
  return { nodes, ties, layers: [{ id: 'coauthor', directed: false }] };
}

function time<T>(fn: () => T): { seconds: number; result: T } {
  const start = performance.now();
  const result = fn();
  return { seconds: (performance.now() - start) / 1000, result };
}

/** Measures run on a network; exact all-pairs measures are left out on the large one (hours in networkx). */
function runMeasures(network: Network, large: boolean) {
  const graph = flatten(network);
  const out: Record<string, number> = {};
  const jobs: [string, MeasureDescriptor, Record<string, string>][] = [];
  for (const m of MEASURES) {
    if (large && ['betweenness', 'closeness', 'harmonic'].includes(m.id)) continue;
    jobs.push([m.id, m, {}]);
  }
  jobs.push(['betweenness-k500', MEASURES.find((m) => m.id === 'betweenness')!, { k: '500' }]);
  for (const [name, m, raw] of jobs) {
    const options = parseParameters(m, raw);
    const once = () =>
      time(() =>
        m.kind === 'multilayer' ? m.run(network, { ...options, layers: [] }) : m.run(graph, options),
      ).seconds;
    // One run to warm the JIT, then the median of three; a measure slower than 3 s is timed once.
    const first = once();
    const seconds = first > 3 ? first : [once(), once(), once()].sort((a, b) => a - b)[1]!;
    out[name] = Number(seconds.toFixed(4));
    console.log(`  ${name.padEnd(20)} ${seconds.toFixed(3)} s`);
  }
  return out;
}

function networkxTimings(network: Network, names: string[]): Record<string, number> | undefined {
  if (process.env.BENCH_SKIP_NETWORKX === '1') return undefined;
  const venv = path.join(here, '.venv');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) {
    console.log('  creating bench/.venv with networkx (once) …');
    const made = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    const pip =
      made.status === 0 &&
      spawnSync(python, ['-m', 'pip', 'install', '-q', 'networkx>=3.4,<4', 'scipy', 'numpy'], {
        stdio: 'inherit',
      });
    if (!pip || pip.status !== 0) return undefined;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-')), 'edges.tsv');
  fs.writeFileSync(
    file,
    network.ties.map((t) => `${t.source}\t${t.target}\t${t.weight}\t${t.layer}`).join('\n') + '\n',
  );
  const run = spawnSync(python, [path.join(here, 'networkx_bench.py'), file, names.join(',')], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) {
    console.log(`  networkx failed: ${run.stderr.slice(-500)}`);
    return undefined;
  }
  const nx = JSON.parse(run.stdout) as Record<string, number>;
  const version = spawnSync(python, ['-c', 'import networkx; print(networkx.__version__)'], {
    encoding: 'utf8',
  }).stdout.trim();
  for (const [k, v] of Object.entries(nx))
    console.log(`  networkx ${version} ${k.padEnd(20)} ${v.toFixed(3)} s`);
  return Object.fromEntries([
    ...Object.entries(nx).map(([k, v]) => [k, Number(v.toFixed(4))]),
    ['version', version as never],
  ]);
}

async function loadTiming(network: Network): Promise<Record<string, number> | undefined> {
  if (process.env.BENCH_SKIP_NEO4J === '1') return undefined;
  const neo4j = await benchNeo4j({ heap: '3g', pageCache: '1g' });
  const { store } = neo4j;
  try {
    await applySchema(store);
    const bundle = {
      participants: network.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        region: n.region || 'synthetic',
      })),
      layers: network.layers,
      ties: network.ties,
    };
    const imported = await time(async () =>
      importBundle(store, rawBundleFromJson(JSON.parse(JSON.stringify(bundle)), 'synthetic.json'), {
        replace: true,
      }),
    ).result;
    void imported;
    // The first read after the import plans the query and warms the caches; then three reads, each under
    // a filter set not cached yet (all layers named explicitly, one more layer each time), give the median.
    const started = performance.now();
    const loaded = await loadNetwork(store);
    const firstSeconds = (performance.now() - started) / 1000;
    const names = network.layers.map((l) => l.id);
    const warm: number[] = [];
    for (const extra of ['none-1', 'none-2', 'none-3']) {
      const t = performance.now();
      await loadNetwork(store, { layers: [...names, extra] });
      warm.push((performance.now() - t) / 1000);
    }
    const warmSeconds = warm.sort((a, b) => a - b)[1]!;
    const cached = performance.now();
    await loadNetwork(store);
    const cachedSeconds = (performance.now() - cached) / 1000;
    console.log(
      `  load ${loaded.ties.length} ties: first ${firstSeconds.toFixed(3)} s, warm (uncached, median of 3) ${warmSeconds.toFixed(3)} s, cached ${cachedSeconds.toFixed(4)} s`,
    );
    return {
      ties: loaded.ties.length,
      firstSeconds: Number(firstSeconds.toFixed(3)),
      warmSeconds: Number(warmSeconds.toFixed(3)),
      cachedSeconds: Number(cachedSeconds.toFixed(4)),
    };
  } finally {
    await neo4j.close();
  }
}

async function main() {
  const grqc = caGrQc();
  console.log(`CA-GrQc: ${grqc.nodes.length} nodes, ${grqc.ties.length} edges`);
  const grqcTimes = runMeasures(grqc, false);
  const grqcNx = networkxTimings(grqc, Object.keys(grqcTimes));
  const synthetic = networkFromBundle(syntheticNetwork(20_000, 200_000, 11));
  console.log(`synthetic: ${synthetic.nodes.length} participants, ${synthetic.ties.length} ties in 3 layers`);
  const syntheticTimes = runMeasures(synthetic, true);
  const syntheticNx = networkxTimings(synthetic, Object.keys(syntheticTimes));
  const load = await loadTiming(synthetic);
  writeResult('analysis', {
    targets: {
      'betweenness on CA-GrQc': '≤ 2 s',
      'pagerank, louvain, leiden, kcore, multilayer on 200k ties': '≤ 0.5 s each',
      'load 200k ties from Neo4j': '≤ 2 s',
    },
    caGrQc: {
      nodes: grqc.nodes.length,
      edges: grqc.ties.length,
      clusterlensSeconds: grqcTimes,
      networkxSeconds: grqcNx,
    },
    synthetic: {
      participants: synthetic.nodes.length,
      ties: synthetic.ties.length,
      clusterlensSeconds: syntheticTimes,
      networkxSeconds: syntheticNx,
    },
    loadFromNeo4j: load,
  });
}

await main();
