/**
 * The computation threads answer as the measures do in-process, also while a thread is running its warm
 * runs on a network that has just arrived (worker.ts): those share the network's kept views and rows
 * with the jobs, which must read them, never change them.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { networkFromBundle } from '../../src/analysis/network.ts';
import { measure, parseParameters } from '../../src/analysis/registry.ts';
import { runMeasure } from '../../src/analysis/run.ts';
import { ComputePool, networkKey } from '../../src/api/compute/pool.ts';
import type { Bundle } from '../../src/exchange/model.ts';

const network = networkFromBundle(JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle);
const MEASURES = ['pagerank', 'eigenvector', 'kcore', 'constraint', 'weighted-degree'];
const pools: ComputePool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('ComputePool', () => {
  for (const warmUp of [true, false]) {
    it(`answers as the in-process measures, jobs arriving right after the network (warm runs ${warmUp ? 'on' : 'off'})`, async () => {
      const pool = new ComputePool({ threads: 1, deadlineMs: 120_000, maxPerClient: 10, warmUp });
      pools.push(pool);
      const key = networkKey(1);
      for (const view of [{}, { layers: ['supply'], directed: true }]) {
        // All sent at once: the first brings the network, the others queue behind it and the warm runs.
        const answers = await Promise.all(
          MEASURES.map((id) =>
            pool.runMeasure('test', key, network, {
              measure: id,
              options: parseParameters(measure(id), {}),
              view,
            }),
          ),
        );
        MEASURES.forEach((id, i) => {
          const descriptor = measure(id);
          expect(answers[i]).toEqual(runMeasure(network, descriptor, parseParameters(descriptor, {}), view));
        });
      }
    });
  }
});
