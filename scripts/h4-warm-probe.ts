import { ComputePool, networkKey } from '../src/api/compute/pool.ts';
import { caGrQc } from '../bench/ca-grqc.ts';
import { networkFromBundle } from '../src/analysis/network.ts';
import { syntheticNetwork } from '../bench/synthetic.ts';
import { measure, parseParameters } from '../src/analysis/registry.ts';

const network = caGrQc();
const small = networkFromBundle(syntheticNetwork(300, 1500, 3));
const view = {};
const ids = ['pagerank', 'eigenvector', 'kcore', 'constraint', 'louvain', 'leiden'];
for (const warm of [false, true, false, true]) {
  const pool = new ComputePool({ deadlineMs: 600_000, maxPerClient: 4 });
  await pool.runMeasure('x', networkKey(1), network, { measure: 'degree', options: {}, view });
  if (warm) {
    const t = performance.now();
    for (const id of ids)
      await pool.runMeasure('x', networkKey(2), small, { measure: id, options: parseParameters(measure(id), {}), view });
    console.log('warm-up', (performance.now() - t).toFixed(0));
  }
  const out: string[] = [];
  for (const id of ids) {
    const t = performance.now();
    await pool.runMeasure('x', networkKey(1), network, { measure: id, options: parseParameters(measure(id), {}), view });
    out.push(`${id} ${(performance.now() - t).toFixed(1)}`);
  }
  console.log(warm ? 'warmed' : 'cold  ', out.join('  '));
  await pool.close();
}
