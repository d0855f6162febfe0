/**
 * `npm run bench:cli`: how fast the CLI starts, from the compiled dist/ (npm run build) against the
 * sources through tsx. Targets (issue 15): `clusterlens --help` within 3× the time of `node -e 0`, and
 * `clusterlens analyze pagerank` on the demo under 1 s with the database running.
 *
 * Each figure is the median wall time of RUNS processes, run one after another, with the median CPU time
 * (user + system) they used; the load average is recorded beside them, since the machine may be shared
 * (on a loaded machine the wall time is mostly waiting for a core, the CPU time much less so). The database is the configured one (NEO4J_URI, or
 * the local Neo4j, started by the first, unmeasured run); load the demo first (`clusterlens seed`).
 * Writes bench/results/cli-start-<date>.json.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { distState } from '../bin/build-stamp.js';
import { writeResult } from './results.ts';

const RUNS = Number(process.env.RUNS ?? 9);
const root = path.join(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'clusterlens.js');

/** Wall time, and the CPU time the process used (user + system, from bash's `time`), in ms. */
function timed(args: string[], env: Record<string, string> = {}): { wall: number; cpu: number } {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const started = process.hrtime.bigint();
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time ${quoted} >/dev/null`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    cwd: root,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  const [user, system] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: ((user ?? NaN) + (system ?? NaN)) * 1000 };
}

const middle = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);

function median(args: string[], env: Record<string, string> = {}) {
  timed(args, env); // warm-up: file cache, and the local Neo4j started if needed
  const runs = Array.from({ length: RUNS }, () => timed(args, env));
  return {
    medianMs: middle(runs.map((r) => r.wall)),
    medianCpuMs: middle(runs.map((r) => r.cpu)),
    runsMs: runs.map((r) => Math.round(r.wall)),
  };
}

const dist = distState(root);
if (dist.state !== 'current') {
  console.error(
    `dist/ is ${dist.state === 'stale' ? `out of date (${dist.reason})` : 'missing'}: run npm run build first`,
  );
  process.exit(1);
}
const loadBefore = os.loadavg();
const node = median(['-e', '0']);
const helpDist = median([bin, '--help'], { CLUSTERLENS_CLI: 'dist' });
const helpSources = median([bin, '--help'], { CLUSTERLENS_CLI: 'sources' });
const pagerankDist = median([bin, 'analyze', 'pagerank', '--json'], { CLUSTERLENS_CLI: 'dist' });
const pagerankSources = median([bin, 'analyze', 'pagerank', '--json'], { CLUSTERLENS_CLI: 'sources' });
const loadAfter = os.loadavg();

const helpRatio = helpDist.medianMs / node.medianMs;
const figures = {
  runs: RUNS,
  loadAverage: { before: loadBefore.map((x) => +x.toFixed(2)), after: loadAfter.map((x) => +x.toFixed(2)) },
  nodeMs: node,
  help: {
    dist: helpDist,
    sources: helpSources,
    ratioToNode: +helpRatio.toFixed(2),
    target: '≤ 3 × node -e 0',
  },
  analyzePagerank: { dist: pagerankDist, sources: pagerankSources, target: '< 1000 ms' },
  met: { help: helpRatio <= 3, analyzePagerank: pagerankDist.medianMs < 1000 },
};
console.log(JSON.stringify(figures, null, 2));
writeResult('cli-start', figures);
