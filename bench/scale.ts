/**
 * The scale benchmark (`npm run bench:scale`, not in CI): synthetic multilayer networks of 100k, 1M and
 * 10M ties (10 ties per participant, 3 layers, bench/synthetic.ts), each
 *   - imported transactionally (importBundle, one all-or-nothing transaction) into a fresh local Neo4j,
 *     up to SCALE_TX_MAX ties (default 1M: one transaction of 10M ties needs a heap beyond this machine),
 *   - loaded offline (clusterlens db load: neo4j-admin database import) into another fresh home,
 *   - analysed by the CLI (`analyze pagerank`) on the loaded database, per engine: memory always, and gds
 *     when the CLI has `--engine` (issue 16 item 1; until then the row says so),
 * with the peak RSS of the Node processes (this one; the analyze child, from /usr/bin/time) and of Neo4j
 * (VmHWM of its JVM). Writes bench/results/scale-<date>.json and prints a markdown table.
 *   flock /tmp/bench.lock npm run bench:scale
 *   SCALE_SIZES=100000,1000000 flock /tmp/bench.lock npm run bench:scale
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { freePort, localStatus, stopLocal } from '../src/neo4j-local/server.ts';
import { offlineLoad } from '../src/services/offline-load.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const SIZES = (process.env.SCALE_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
const TX_MAX = Number(process.env.SCALE_TX_MAX ?? 1_000_000);
const HEAP = process.env.SCALE_NEO4J_HEAP ?? '4g';
const PAGE_CACHE = process.env.SCALE_NEO4J_PAGECACHE ?? '2g';
/** Each analyze run is bounded; a run that takes longer is recorded as such. */
const ANALYZE_TIMEOUT_MS = Number(process.env.SCALE_ANALYZE_TIMEOUT_S ?? 900) * 1000;
const CLI = path.join(PROJECT_ROOT, 'bin', 'clusterlens.js');

/** Peak resident memory of a process so far (VmHWM), in MiB; undefined when it is gone. */
function peakRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const cliHasEngine = () =>
  /--engine/.test(spawnSync(process.execPath, [CLI, 'analyze', '--help'], { encoding: 'utf8' }).stdout ?? '');

function analyze(uri: string, engine: 'memory' | 'gds') {
  const args = [CLI, 'analyze', 'pagerank', '--json', ...(engine === 'gds' ? ['--engine', 'gds'] : [])];
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: uri, NEO4J_USER: '', NEO4J_PASSWORD: '' },
    maxBuffer: 1 << 30,
    timeout: ANALYZE_TIMEOUT_MS,
  });
  const seconds = (performance.now() - started) / 1000;
  const kb = /maxrss_kb=(\d+)/.exec(run.stderr ?? '')?.[1];
  const ok = run.status === 0;
  return {
    engine,
    ok,
    seconds: Number(seconds.toFixed(2)),
    nodePeakRssMiB: kb ? Math.round(Number(kb) / 1024) : undefined,
    ...(ok ? {} : { error: (run.error?.message ?? run.stderr ?? '').trim().split('\n').slice(-3).join(' ') }),
  };
}

async function transactional(ties: number, raw: ReturnType<typeof rawBundleFromJson>) {
  if (ties > TX_MAX) return { skipped: `more than SCALE_TX_MAX = ${TX_MAX} ties in one transaction` };
  const neo4j = await benchNeo4j({ heap: HEAP, pageCache: PAGE_CACHE }, { useNeo4jUri: false });
  try {
    await applySchema(neo4j.store);
    const pid = benchServerPid(neo4j.uri);
    const started = performance.now();
    const report = await importBundle(neo4j.store, raw);
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds: Number(seconds.toFixed(2)),
      tiesPerSecond: Math.round(ties / seconds),
      changed: report.changed,
      neo4jPeakRssMiB: peakRssMiB(pid),
    };
  } finally {
    await neo4j.close();
  }
}

/** The JVM of the throwaway server benchNeo4j started on this URI (its home's run state names the port). */
function benchServerPid(uri: string): number | undefined {
  const port = Number(new URL(uri.replace('bolt:', 'http:')).port);
  for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('clusterlens-bench-'))) {
    try {
      const state = JSON.parse(
        fs.readFileSync(path.join(os.tmpdir(), dir, 'run', 'clusterlens.json'), 'utf8'),
      ) as { port: number; pid: number };
      if (state.port === port) return state.pid;
    } catch {
      // another benchmark's home, or one being created
    }
  }
  return undefined;
}

/** Holds the generated bundle until the offline load takes it, so that it is not kept alive beyond its use. */
interface BundleBox {
  raw?: ReturnType<typeof rawBundleFromJson>;
}

/** Lets V8 return the validated bundle's memory before the analyses (bench:scale runs with --expose-gc). */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

async function offline(box: BundleBox, ties: number, engines: ('memory' | 'gds')[]) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-bench-'));
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: '',
    CLUSTERLENS_HOME: home,
    CLUSTERLENS_NEO4J_PORT: String(port),
    CLUSTERLENS_NEO4J_HEAP: HEAP,
    CLUSTERLENS_NEO4J_PAGECACHE: PAGE_CACHE,
  });
  try {
    const started = performance.now();
    const raw = box.raw!;
    box.raw = undefined;
    // At 10M ties the generated, raw and validated bundles together take about 10 GB: the analyses (child
    // processes, and Neo4j) should not share the machine with what the load no longer needs.
    const report = await offlineLoad(config, raw);
    const seconds = (performance.now() - started) / 1000;
    collectGarbage();
    const analyses = engines.map((engine) => analyze(report.uri, engine));
    return {
      load: {
        seconds: Number(seconds.toFixed(2)),
        phases: Object.fromEntries(Object.entries(report.seconds).map(([k, v]) => [k, Number(v.toFixed(2))])),
        tiesPerSecond: Math.round(ties / seconds),
      },
      analyses,
      neo4jPeakRssMiB: peakRssMiB(localStatus(config.local).pid),
    };
  } finally {
    await stopLocal(config.local, 120_000).catch(() => {});
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main() {
  const engines: ('memory' | 'gds')[] = cliHasEngine() ? ['memory', 'gds'] : ['memory'];
  const results = [];
  for (const ties of SIZES) {
    const participants = Math.max(1000, Math.round(ties / 10));
    let started = performance.now();
    // The generated object as a parsed JSON file would be (no JSON text: 10M ties exceed V8's longest string).
    const box: BundleBox = {
      raw: rawBundleFromJson(syntheticNetwork(participants, ties, 11), `synthetic-${ties}.json`),
    };
    const generated = (performance.now() - started) / 1000;
    console.log(`${ties} ties: generated in ${generated.toFixed(1)} s`);
    const tx = await transactional(ties, box.raw!);
    console.log(`  transactional import: ${JSON.stringify(tx)}`);
    started = performance.now();
    const off = await offline(box, ties, engines);
    console.log(`  offline load and analyses: ${JSON.stringify(off)}`);
    results.push({ ties, participants, layers: 3, transactional: tx, offline: off });
  }
  const nodePeakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const load = os.loadavg().map((l) => Number(l.toFixed(2)));
  writeResult('scale', {
    neo4j: `local Neo4j Community 5.26 (heap ${HEAP}, page cache ${PAGE_CACHE})`,
    note: 'measured at nice 0 with other sessions’ work at nice 19',
    loadAverageAtEnd: load,
    benchProcessPeakRssMiB: nodePeakRssMiB,
    gdsEngine: engines.includes('gds') ? 'measured' : 'not measured: analyze has no --engine on this branch',
    results,
  });
  const cell = (v: unknown) => (v === undefined ? '—' : String(v));
  console.log(
    '\n| ties | participants | transactional import | offline load (neo4j-admin) | analyze pagerank, memory | analyze pagerank, gds | Neo4j peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const tx = r.transactional as { seconds?: number; tiesPerSecond?: number; skipped?: string };
    const memory = r.offline.analyses.find((a) => a.engine === 'memory');
    const gds = r.offline.analyses.find((a) => a.engine === 'gds');
    const show = (a: typeof memory) =>
      a
        ? a.ok
          ? `${a.seconds} s (Node ${cell(a.nodePeakRssMiB)} MiB)`
          : `failed after ${a.seconds} s`
        : '—';
    console.log(
      `| ${r.ties.toLocaleString('en')} | ${r.participants.toLocaleString('en')} | ` +
        `${tx.skipped ? 'skipped' : `${tx.seconds} s (${cell(tx.tiesPerSecond)} ties/s)`} | ` +
        `${r.offline.load.seconds} s (${r.offline.load.tiesPerSecond} ties/s) | ${show(memory)} | ${show(gds)} | ` +
        `${cell(r.offline.neo4jPeakRssMiB)} MiB |`,
    );
  }
  console.log(`\nload average at the end: ${load.join(', ')}; bench process peak RSS ${nodePeakRssMiB} MiB`);
}

await main();
