/**
 * DiD benchmark (`npm run bench:did`): Callaway & Sant'Anna with analytic standard errors and all four
 * aggregations on mpdta (500 counties × 5 years; target ≤ 50 ms) and on a synthetic balanced panel of
 * 100,000 units × 20 periods with 5 cohorts (target ≤ 3 s), with memory; TWFE on the same panel for
 * comparison, and the mpdta multiplier bootstrap (999 draws). Each figure is the median of several
 * runs after a warm-up. Results: bench/results/did-<date>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callawaySantAnna } from '../src/did/callaway-santanna.ts';
import { panelFromCsv } from '../src/did/panel.ts';
import { syntheticPanel } from '../test/helpers/synthetic-panel.ts';
import { twfe } from '../src/did/twfe.ts';
import { writeResult } from './results.ts';

const mpdtaPath = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'did', 'mpdta.csv');
const MiB = 2 ** 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall time of `runs` runs after a warm-up, and the median CPU time of this process (user + system)
 * over the same runs: on a shared machine the wall time includes waiting for a core, the CPU time does not.
 */
function time<T>(fn: () => T, runs: number): { ms: number; cpuMs: number; runs: number[]; result: T } {
  let result = fn(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return { ms: round(median(times)), cpuMs: round(median(cpu)), runs: times.map(round), result };
}

const mem = () => {
  const m = process.memoryUsage();
  return {
    rssMiB: Math.round(m.rss / MiB),
    heapUsedMiB: Math.round(m.heapUsed / MiB),
    arrayBuffersMiB: Math.round(m.arrayBuffers / MiB),
  };
};

const text = fs.readFileSync(mpdtaPath, 'utf8');
const parse = time(
  () =>
    panelFromCsv(
      text,
      { unit: 'countyreal', time: 'year', outcome: 'lemp', cohort: 'first.treat' },
      'mpdta.csv',
    ),
  9,
);
const mpdta = parse.result;
const csMpdta = time(() => callawaySantAnna(mpdta), 15);
const bootMpdta = time(() => callawaySantAnna(mpdta, { bootstrap: 999, seed: 1 }), 3);
console.log(
  `mpdta: parse ${parse.ms.toFixed(1)} ms, CS analytic ${csMpdta.ms.toFixed(1)} ms (CPU ${csMpdta.cpuMs.toFixed(1)} ms; target ≤ 50), bootstrap 999 ${bootMpdta.ms.toFixed(0)} ms`,
);
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
);

const before = mem();
const t0 = performance.now();
const synthetic = syntheticPanel({
  units: 100_000,
  periods: 20,
  cohorts: 5,
  effect: 1,
  heterogeneous: true,
  seed: 5,
});
const generateMs = performance.now() - t0;
const afterGenerate = mem();
let peakRss = afterGenerate.rssMiB;
const csBig = time(() => {
  const r = callawaySantAnna(synthetic.panel);
  peakRss = Math.max(peakRss, mem().rssMiB);
  return r;
}, 3);
const afterCs = mem();
const twfeBig = time(() => twfe(synthetic.panel), 3);
const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  `synthetic 100,000 × 20, 5 cohorts (${synthetic.panel.rows.toLocaleString('en')} rows): CS analytic ${csBig.ms.toFixed(0)} ms (CPU ${csBig.cpuMs.toFixed(0)} ms; target ≤ 3000), TWFE ${twfeBig.ms.toFixed(0)} ms; max RSS ${maxRssMiB} MiB`,
);
console.log(
  `  simple ATT ${csBig.result.aggregate.simple.att.toFixed(4)} (true ${synthetic.trueSimple.toFixed(4)}), TWFE ${twfeBig.result.coef.toFixed(4)}`,
);

writeResult('did', {
  loadAverage: os.loadavg(),
  mpdta: {
    units: 500,
    periods: 5,
    parseMs: parse.ms,
    csAnalyticMs: csMpdta.ms,
    csAnalyticCpuMs: csMpdta.cpuMs,
    csAnalyticRunsMs: csMpdta.runs,
    targetMs: 50,
    bootstrap999Ms: bootMpdta.ms,
    attgtCells: csMpdta.result.attgt.length,
  },
  synthetic: {
    units: 100_000,
    periods: 20,
    cohorts: 5,
    rows: synthetic.panel.rows,
    generateMs: Math.round(generateMs),
    csAnalyticMs: Math.round(csBig.ms),
    csAnalyticCpuMs: Math.round(csBig.cpuMs),
    csAnalyticRunsMs: csBig.runs,
    targetMs: 3000,
    attgtCells: csBig.result.attgt.length,
    twfeMs: Math.round(twfeBig.ms),
    simpleAtt: csBig.result.aggregate.simple.att,
    trueSimpleAtt: synthetic.trueSimple,
    twfeCoef: twfeBig.result.coef,
    memory: {
      before,
      afterGenerate,
      afterCs: afterCs,
      peakRssDuringCsMiB: peakRss,
      maxRssMiB,
    },
  },
});
