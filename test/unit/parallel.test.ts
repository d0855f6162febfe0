/** Sharded kernels in worker threads give the same result as one thread. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { betweenness } from '../../src/analysis/centrality/paths.ts';
import { brandesKernel } from '../../src/analysis/centrality/brandes-kernel.ts';
import { toCsr } from '../../src/analysis/csr.ts';
import { Worker } from 'node:worker_threads';
import { distanceKernel } from '../../src/analysis/centrality/distance-kernel.ts';
import { runShardedDetailed, ShardsStopped, stopShardsOn } from '../../src/analysis/parallel/sharded.ts';
import { lesMiserables } from '../helpers/graphs.ts';

describe('runSharded', () => {
  it('adds up the shards computed in worker threads exactly as one thread computes them', () => {
    const graph = lesMiserables();
    const csr = toCsr(graph);
    const n = csr.nodes.length;
    const run = (threads: number, workPerChunk?: number) =>
      runShardedDetailed(brandesKernel, {
        inputs: [csr.offsets, csr.targets, csr.offsets],
        sources: Int32Array.from({ length: n }, (_, i) => i),
        extras: [new Uint8Array(n), new Int32Array(n)],
        resultLength: n,
        workPerSource: csr.targets.length,
        maxThreads: threads,
        minWorkPerThread: 1,
        workPerChunk,
      });
    const single = run(1);
    const sharded = run(2);
    expect(single.threads).toBe(1);
    // Two threads: the main one and one worker, which must have succeeded (no fallback to this thread).
    expect(sharded.threads).toBe(Math.min(2, os.availableParallelism()));
    expect(sharded.fallbacks).toBe(0);
    const one = single.values;
    const three = sharded.values;
    for (let i = 0; i < n; i++) expect(three[i]).toBeCloseTo(one[i]!, 9);
    // And both are Brandes' betweenness (unnormalised sums count each undirected pair twice).
    const reference = betweenness(graph, { normalized: false });
    csr.nodes.forEach((node, i) => expect(one[i]! / 2).toBeCloseTo(reference[node]!, 9));
    expect(one.some((x) => x > 0)).toBe(true);
    // Shards run chunk by chunk (here three sources a chunk) add up to the same sums.
    const chunked = run(2, 3 * csr.targets.length).values;
    for (let i = 0; i < n; i++) expect(chunked[i]).toBeCloseTo(one[i]!, 9);
  });

  it('stops every shard soon after another thread sets the stop flag', () => {
    // A path of 40,000 nodes: one search per source visits all of them, 1.6·10⁹ visits in all —
    // several seconds of work on any machine, so the run is still going when the flag is set.
    const n = 40_000;
    const offsets = new Int32Array(n + 1);
    const targets = new Int32Array(2 * (n - 1));
    let k = 0;
    for (let v = 0; v < n; v++) {
      offsets[v] = k;
      if (v > 0) targets[k++] = v - 1;
      if (v < n - 1) targets[k++] = v + 1;
    }
    offsets[n] = k;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const setAt = new Float64Array(new SharedArrayBuffer(8));
    // The flag is set by another thread, as the compute pool sets it at a deadline (this one is busy),
    // 150 ms after that thread has started; it notes when (ms since the epoch).
    const setter = new Worker(
      `const { workerData } = require('node:worker_threads');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
       workerData.setAt[0] = performance.timeOrigin + performance.now();
       Atomics.store(workerData.flag, 0, 1);`,
      { eval: true, workerData: { flag, setAt } },
    );
    stopShardsOn(flag);
    try {
      expect(() =>
        runShardedDetailed(distanceKernel, {
          inputs: [offsets, targets],
          sources: Int32Array.from({ length: n }, (_, i) => i),
          extras: [Float64Array.of(0, 0)],
          resultLength: n,
          workPerSource: targets.length,
          maxThreads: 2,
          minWorkPerThread: 1,
        }),
      ).toThrow(ShardsStopped);
    } finally {
      stopShardsOn(undefined);
      void setter.terminate();
    }
    const took = performance.timeOrigin + performance.now() - setAt[0]!;
    console.log(`stopped ${Math.round(took)} ms after the flag was set`);
    expect(Atomics.load(flag, 0)).toBe(1);
    // Stopped within a chunk (a few ms) or a wait slice (20 ms) of the flag — generous for a loaded
    // machine — not after the whole run (seconds).
    expect(took).toBeLessThan(500);
  });
});
