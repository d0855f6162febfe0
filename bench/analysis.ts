/**
 * Analysis benchmark (`npm run bench:analysis`): the measures on CA-GrQc (SNAP's arXiv GR-QC co-authorship
 * network, test/fixtures/ca-grqc.txt) and on a synthetic 3-layer network of 20,000 participants and 200,000
 * ties, side by side in one run:
 *
 * - API: `GET /api/analysis/{m}?top=1` on `clusterlens serve` over the bench's Neo4j, the network already
 *   loaded (one warm-up request first, then 3 s for the computation thread's own warm-up) — what a user of
 *   the web view waits for; first request per measure (later ones come from the result cache);
 * - whole CLI: `clusterlens analyze {m} --json` as a fresh process (start, load from Neo4j, flatten, run,
 *   print);
 * - kernel: the registry's function on the flattened graph in this process (median of three after up
 *   to 30 warm-up runs within 1 s, so that V8 has optimised it; once if slower than 3 s);
 * - networkx 3.x and igraph (python-igraph) on the same edge list, in bench/.venv (created on first run).
 *
 * On the large network the exact all-pairs measures (betweenness, closeness, harmonic) are timed, for the
 * kernel and igraph alike, on the first 2,000 sources and scaled by n / 2,000 (marked "est."), and the CLI
 * and the Python references get a budget per measure (BENCH_BUDGET_SECONDS, default 30): over it, "> budget";
 * the CLI's all-pairs runs on the large network are left out (minutes each; the kernel's estimate says how long).
 * Also the time to load the 200,000-tie network from Neo4j. Results: bench/results/analysis-<date>.json and a
 * markdown table on stdout. BENCH_SKIP_NETWORKX=1 or BENCH_SKIP_NEO4J=1 skip parts; BENCH_ONLY=ca-grqc runs
 * CA-GrQc alone (a few minutes instead of a quarter of an hour).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distanceKernel } from '../src/analysis/centrality/distance-kernel.ts';
import { betweenness } from '../src/analysis/centrality/paths.ts';
import { toCsr } from '../src/analysis/csr.ts';
import { flatten, networkFromBundle, type FlatGraph, type Network } from '../src/analysis/network.ts';
import { runSharded } from '../src/analysis/parallel/sharded.ts';
import { MEASURES, parseParameters, type MeasureDescriptor } from '../src/analysis/registry.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { loadNetwork } from '../src/store/network.ts';
import { applySchema } from '../src/store/schema.ts';
import type { Store } from '../src/store/driver.ts';
import { benchNeo4j } from './neo4j.ts';
import { caGrQc } from './ca-grqc.ts';
import { writeResult } from './results.ts';
import { benchEnv, startServeProcess } from './serve-process.ts';
import { syntheticNetwork } from './synthetic.ts';

const here = import.meta.dirname;
/** The measures of the side-by-side table (the issue's), in its order. */
const TABLE = [
  'betweenness',
  'closeness',
  'harmonic',
  'pagerank',
  'eigenvector',
  'kcore',
  'constraint',
  'louvain',
  'leiden',
];
const ALL_PAIRS = ['betweenness', 'closeness', 'harmonic'];
/** Sources the all-pairs measures are timed on in the large network (scaled by n / this). */
const LARGE_SOURCES = 2000;
const BUDGET_SECONDS = Number(process.env.BENCH_BUDGET_SECONDS ?? 30);

/** A timing: seconds, or why there is none ("refused …", "> 60 s", "—"). */
type Timing = number | string;

function time<T>(fn: () => T): { seconds: number; result: T } {
  const start = performance.now();
  const result = fn();
  return { seconds: (performance.now() - start) / 1000, result };
}

const round = (x: number) => Number(x.toFixed(4));

/**
 * An all-pairs measure on the first `k` sources only, for the large network: betweenness from k pivots
 * (Brandes & Pich; the same work per source as the exact run), closeness and harmonic by the distance
 * kernel on sources 0 … k − 1 — each on all cores, as the exact runs are.
 */
function allPairsOnSources(graph: FlatGraph, id: string, k: number): void {
  if (id === 'betweenness') {
    betweenness(graph, { k });
    return;
  }
  const rows = toCsr(graph, 'out');
  runSharded(distanceKernel, {
    inputs: [rows.offsets, rows.targets],
    sources: Int32Array.from({ length: k }, (_, i) => i),
    extras: [Float64Array.of(id === 'harmonic' ? 1 : 0, 1)],
    resultLength: rows.nodes.length,
    workPerSource: rows.targets.length,
  });
}

interface KernelTimes {
  seconds: Record<string, number>;
  /** Measures timed on a share of the sources and scaled. */
  estimated: string[];
  flattenSeconds: number;
}

/** The registry's measures on the flattened graph, in this process. */
function runMeasures(network: Network, large: boolean): KernelTimes {
  const flat = time(() => flatten(network));
  const graph = flat.result;
  console.log(`  flatten (graphology graph + compressed rows) ${flat.seconds.toFixed(3)} s`);
  const out: Record<string, number> = {};
  const estimated: string[] = [];
  const jobs: [string, MeasureDescriptor, Record<string, string>][] = [];
  for (const m of MEASURES) jobs.push([m.id, m, {}]);
  jobs.push(['betweenness-k500', MEASURES.find((m) => m.id === 'betweenness')!, { k: '500' }]);
  const n = network.nodes.length;
  for (const [name, m, raw] of jobs) {
    const options = parseParameters(m, raw);
    const scaled = large && ALL_PAIRS.includes(name);
    const once = () =>
      time(() => {
        if (scaled) return allPairsOnSources(graph, name, LARGE_SOURCES);
        return m.kind === 'multilayer' ? m.run(network, { ...options, layers: [] }) : m.run(graph, options);
      }).seconds;
    // Runs to warm the JIT, then the median of three; a measure slower than 3 s is timed once. V8
    // optimises a function after a number of calls, not of seconds: k-core on CA-GrQc took 0.8–1.9 ms on
    // its calls 2–20 and 0.52–0.61 ms from then on, Louvain 32–44 ms on calls 2–4 and 10–16 ms later. So a
    // fast measure is warmed by up to 30 runs (1 s at most) — the figure of an optimised kernel, which
    // a long-running server's threads reach as they run the measure again (other options, layers, versions).
    const first = once();
    let warm = first;
    for (let runs = 1; runs < 30 && warm < 1 && first <= 3; runs++) warm += once();
    let seconds = first > 3 ? first : [once(), once(), once()].sort((a, b) => a - b)[1]!;
    if (scaled) {
      seconds *= n / LARGE_SOURCES;
      estimated.push(name);
    }
    out[name] = round(seconds);
    console.log(`  ${name.padEnd(20)} ${seconds.toFixed(3)} s${scaled ? ' (est.)' : ''}`);
  }
  return { seconds: out, estimated, flattenSeconds: round(flat.seconds) };
}

function venvPython(): string | undefined {
  const venv = path.join(here, '.venv');
  const python = path.join(venv, 'bin', 'python');
  const has = (module: string) => spawnSync(python, ['-c', `import ${module}`]).status === 0;
  if (fs.existsSync(python) && has('networkx') && has('igraph')) return python;
  console.log('  preparing bench/.venv with networkx and igraph (once) …');
  if (!fs.existsSync(python) && spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0)
    return undefined;
  const pip = spawnSync(
    python,
    ['-m', 'pip', 'install', '-q', 'networkx>=3.4,<4', 'scipy', 'numpy', 'igraph>=0.11'],
    { stdio: 'inherit' },
  );
  return pip.status === 0 ? python : undefined;
}

function edgeList(network: Network): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cl-analysis-')), 'edges.tsv');
  fs.writeFileSync(
    file,
    network.ties.map((t) => `${t.source}\t${t.target}\t${t.weight}\t${t.layer}`).join('\n') + '\n',
  );
  return file;
}

/** Seconds per measure from one of the Python scripts; null (over budget) becomes "> budget". */
function python(
  script: string,
  args: string[],
  label: string,
): { times: Record<string, Timing>; version: string } | undefined {
  if (process.env.BENCH_SKIP_NETWORKX === '1') return undefined;
  const py = venvPython();
  if (!py) return undefined;
  const run = spawnSync(py, [path.join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    console.log(`  ${label} failed: ${run.stderr.slice(-500)}`);
    return undefined;
  }
  const raw = JSON.parse(run.stdout) as Record<string, number | null | string>;
  const version =
    typeof raw.version === 'string'
      ? raw.version
      : spawnSync(py, ['-c', 'import networkx; print(networkx.__version__)'], {
          encoding: 'utf8',
        }).stdout.trim();
  delete raw.version;
  const times: Record<string, Timing> = {};
  for (const [k, v] of Object.entries(raw)) {
    times[k] = v === null ? `> ${BUDGET_SECONDS} s` : round(v as number);
    console.log(`  ${label} ${version} ${k.padEnd(20)} ${times[k]}`);
  }
  return { times, version };
}

function networkxTimings(network: Network, names: string[]) {
  return python(
    'networkx_bench.py',
    [edgeList(network), names.join(','), String(BUDGET_SECONDS)],
    'networkx',
  );
}

function igraphTimings(network: Network, names: string[], sources: number) {
  const result = python(
    'igraph_bench.py',
    [edgeList(network), names.join(','), String(sources), String(BUDGET_SECONDS)],
    'igraph',
  );
  if (result && sources > 0) {
    // Scaled as the kernel's: the all-pairs measures ran on `sources` of the n sources.
    for (const name of ALL_PAIRS) {
      const t = result.times[name];
      if (typeof t === 'number') result.times[name] = round((t * network.nodes.length) / sources);
    }
  }
  return result;
}

async function importNetwork(store: Store, network: Network, name: string): Promise<number> {
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
  const started = performance.now();
  await importBundle(store, rawBundleFromJson(JSON.parse(JSON.stringify(bundle)), `${name}.json`), {
    replace: true,
  });
  return (performance.now() - started) / 1000;
}

/** `clusterlens serve` on the bench's Neo4j, as a user runs it; resolves when it answers. */
const startServer = (uri: string) => startServeProcess({ env: benchEnv(uri) });

/** The first request per measure through the API, the network loaded by a warm-up request before. */
async function apiTimings(uri: string, names: string[]): Promise<Record<string, Timing>> {
  const server = await startServer(uri);
  const base = server.base;
  const out: Record<string, Timing> = {};
  try {
    const warm = time(() => fetch(`${base}/api/analysis/degree?top=1`).then((r) => r.text()));
    await warm.result;
    // A server that has been up a few seconds: its computation thread has run its warm-up (worker.ts),
    // the quick measures on a small network at its start and on the network the request above brought.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const name of names) {
      const started = performance.now();
      // `top` exists for node measures only (communities come whole).
      const node = MEASURES.find((m) => m.id === name)?.kind === 'node';
      const response = await fetch(`${base}/api/analysis/${name}${node ? '?top=1' : ''}`);
      const body = await response.text();
      const seconds = (performance.now() - started) / 1000;
      if (response.ok) out[name] = round(seconds);
      else {
        const problem = JSON.parse(body) as { title?: string; detail?: string };
        out[name] = `refused (${response.status}: ${problem.detail ?? problem.title ?? ''})`;
      }
      console.log(`  API ${name.padEnd(20)} ${out[name]}`);
    }
  } finally {
    await server.stop();
  }
  return out;
}

/** `clusterlens analyze {m} --json` as a fresh process, within the budget. */
function cliTimings(uri: string, names: string[]): Record<string, Timing> {
  const out: Record<string, Timing> = {};
  for (const name of names) {
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'clusterlens.js'), 'analyze', name, '--json'],
      { env: benchEnv(uri), stdio: ['ignore', 'ignore', 'pipe'], timeout: BUDGET_SECONDS * 1000 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.error || run.signal) out[name] = `> ${BUDGET_SECONDS} s`;
    else if (run.status !== 0) out[name] = `failed (${String(run.stderr).trim().split('\n').pop()})`;
    else out[name] = round(seconds);
    console.log(`  CLI ${name.padEnd(20)} ${out[name]}`);
  }
  return out;
}

async function loadTiming(store: Store): Promise<Record<string, number>> {
  // The first read after the import plans the query and warms the caches; then three reads, each under
  // a filter set not cached yet (all layers named explicitly, one more layer each time), give the median.
  const started = performance.now();
  const loaded = await loadNetwork(store);
  const firstSeconds = (performance.now() - started) / 1000;
  const names = loaded.layers.map((l) => l.id);
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
}

interface Side {
  api?: Record<string, Timing>;
  cli?: Record<string, Timing>;
  kernel: KernelTimes;
  networkx?: Record<string, Timing>;
  igraph?: Record<string, Timing>;
}

/**
 * The goal for a memory-engine figure: at least 10× networkx and within 2× igraph. Judged for the
 * API and the kernel; a missing reference is no verdict, a reference over budget only a lower bound.
 */
function verdict(name: string, side: Side): string {
  const misses: string[] = [];
  const open: string[] = [];
  const nx = side.networkx?.[name];
  const ig = side.igraph?.[name];
  const figures: [string, Timing | undefined][] = [
    ['API', side.api?.[name]],
    ['kernel', side.kernel.seconds[name]],
  ];
  // networkx over budget ("> 30 s") is a lower bound: met when 10× ours is within it.
  const nxAtLeast =
    typeof nx === 'string' && /^> \d+/.test(nx) ? Number(nx.slice(2).split(' ')[0]) : undefined;
  for (const [label, t] of figures) {
    if (typeof t !== 'number') continue;
    if (typeof nx === 'number' && nx / t < 10) misses.push(`${label} ${(nx / t).toFixed(1)}× networkx`);
    if (nxAtLeast !== undefined && nxAtLeast / t < 10)
      open.push(`${label} ≥ ${(nxAtLeast / t).toFixed(1)}× networkx (networkx over budget)`);
    if (typeof ig === 'number' && t / ig > 2) misses.push(`${label} ${(t / ig).toFixed(1)}× igraph's time`);
  }
  const undecided = open.length > 0 ? `; undecided: ${open.join(', ')}` : '';
  return (misses.length === 0 ? 'meets' : `misses: ${misses.join(', ')}`) + undecided;
}

const show = (t: Timing | undefined, estimated = false) =>
  t === undefined
    ? '—'
    : typeof t === 'number'
      ? `${t < 0.1 ? t.toFixed(3) : t.toFixed(2)} s${estimated ? ' (est.)' : ''}`
      : t;

function table(title: string, side: Side): string {
  const rows = [
    `| ${title} | API | whole CLI | kernel | networkx | igraph | goal (≥ 10× networkx, ≤ 2× igraph) |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const name of TABLE) {
    const est = side.kernel.estimated.includes(name);
    rows.push(
      `| ${name} | ${show(side.api?.[name])} | ${show(side.cli?.[name])} | ${show(side.kernel.seconds[name], est)} | ${show(side.networkx?.[name])} | ${show(side.igraph?.[name], est && typeof side.igraph?.[name] === 'number')} | ${verdict(name, side)} |`,
    );
  }
  return rows.join('\n');
}

/** The large network's Neo4j part: its import, its load from Neo4j, the API and the CLI on it. */
async function syntheticApi(
  uri: string,
  store: Store,
  side: Side,
  synthetic: Network,
): Promise<Record<string, number>> {
  console.log(`  import synthetic: ${(await importNetwork(store, synthetic, 'synthetic')).toFixed(1)} s`);
  const load = await loadTiming(store);
  side.api = await apiTimings(uri, TABLE);
  side.cli = cliTimings(
    uri,
    TABLE.filter((m) => !ALL_PAIRS.includes(m)),
  );
  return load;
}

async function main() {
  const grqc = caGrQc();
  console.log(`CA-GrQc: ${grqc.nodes.length} nodes, ${grqc.ties.length} edges`);
  const grqcKernel = runMeasures(grqc, false);
  const grqcNx = networkxTimings(grqc, Object.keys(grqcKernel.seconds));
  const grqcIg = igraphTimings(grqc, Object.keys(grqcKernel.seconds), 0);
  const grqcSide: Side = { kernel: grqcKernel, networkx: grqcNx?.times, igraph: grqcIg?.times };
  const onlyGrQc = process.env.BENCH_ONLY === 'ca-grqc';
  const synthetic = networkFromBundle(syntheticNetwork(20_000, 200_000, 11));
  let synSide: Side | undefined;
  if (!onlyGrQc) {
    console.log(
      `synthetic: ${synthetic.nodes.length} participants, ${synthetic.ties.length} ties in 3 layers`,
    );
    const synKernel = runMeasures(synthetic, true);
    // networkx's exact all-pairs measures take hours on this network, 500 pivots minutes: not run.
    const synNx = networkxTimings(
      synthetic,
      Object.keys(synKernel.seconds).filter((m) => !ALL_PAIRS.includes(m) && m !== 'betweenness-k500'),
    );
    const synIg = igraphTimings(synthetic, Object.keys(synKernel.seconds), LARGE_SOURCES);
    synSide = { kernel: synKernel, networkx: synNx?.times, igraph: synIg?.times };
  }
  let load: Record<string, number> | undefined;
  let neo4jDescription: string | undefined;
  let neo4jError: string | undefined;
  if (process.env.BENCH_SKIP_NEO4J !== '1') {
    const neo4j = await benchNeo4j({ heap: '3g', pageCache: '1g' });
    neo4jDescription = neo4j.description;
    try {
      await applySchema(neo4j.store);
      console.log(`  import CA-GrQc: ${(await importNetwork(neo4j.store, grqc, 'ca-grqc')).toFixed(1)} s`);
      grqcSide.api = await apiTimings(neo4j.uri, TABLE);
      grqcSide.cli = cliTimings(neo4j.uri, TABLE);
      if (synSide) load = await syntheticApi(neo4j.uri, neo4j.store, synSide, synthetic);
    } catch (error) {
      // The figures taken so far are still written.
      neo4jError = String((error as Error)?.stack ?? error);
      console.log(`  the Neo4j part failed: ${neo4jError}`);
    } finally {
      await neo4j.close();
    }
  }
  const markdown = [
    table(
      `CA-GrQc (${grqc.nodes.length.toLocaleString('en')} / ${grqc.ties.length.toLocaleString('en')})`,
      grqcSide,
    ),
    ...(synSide
      ? [
          '',
          table(
            `synthetic ${synthetic.nodes.length.toLocaleString('en')} / ${synthetic.ties.length.toLocaleString('en')}, 3 layers`,
            synSide,
          ),
        ]
      : []),
  ].join('\n');
  console.log(`\n${markdown}\n`);
  writeResult(onlyGrQc ? 'analysis-ca-grqc' : 'analysis', {
    command: `${onlyGrQc ? 'BENCH_ONLY=ca-grqc ' : ''}npm run bench:analysis`,
    loadAverage: os.loadavg(),
    budgetSeconds: BUDGET_SECONDS,
    largeSources: LARGE_SOURCES,
    neo4j: neo4jDescription,
    neo4jError,
    goals: {
      'every memory-engine measure (API and kernel)': '≥ 10× networkx, ≤ 2× igraph',
      'betweenness on CA-GrQc': '≤ 2 s',
    },
    caGrQc: {
      nodes: grqc.nodes.length,
      edges: grqc.ties.length,
      ...grqcSide,
      networkxVersion: grqcNx?.version,
      igraphVersion: grqcIg?.version,
    },
    synthetic: synSide && {
      participants: synthetic.nodes.length,
      ties: synthetic.ties.length,
      ...synSide,
    },
    loadFromNeo4j: load,
    markdown,
  });
}

await main();
