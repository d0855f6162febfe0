/**
 * Where an API measure request's time goes on CA-GrQc (`npm run bench:api-overhead`), beside the
 * kernel: the same measure through the server's computation pool (thread hand-off both ways, the result
 * record built and cloned back), the route's top-1 selection, and JSON of the answer — each with the
 * network already in the thread and the view built, as for a warm server (median of five). What the API
 * figure of bench:analysis has beyond these is HTTP, validation and the route's look-up of a written
 * result in Neo4j. Results: bench/results/api-overhead-<date>.json.
 */
import { flatView } from '../src/analysis/views.ts';
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
writeResult('api-overhead', { network: 'CA-GrQc', unit: 'ms', rows });
