/** Sharded kernels in worker threads give the same result as one thread. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { betweenness } from '../../src/analysis/centrality/paths.ts';
import { brandesKernel } from '../../src/analysis/centrality/brandes-kernel.ts';
import { toCsr } from '../../src/analysis/csr.ts';
import { runShardedDetailed } from '../../src/analysis/parallel/sharded.ts';
import { lesMiserables } from '../helpers/graphs.ts';

describe('runSharded', () => {
  it('adds up the shards computed in worker threads exactly as one thread computes them', () => {
    const graph = lesMiserables();
    const csr = toCsr(graph);
    const n = csr.nodes.length;
    const run = (threads: number) =>
      runShardedDetailed(brandesKernel, {
        inputs: [csr.offsets, csr.targets, csr.offsets],
        sources: Int32Array.from({ length: n }, (_, i) => i),
        extras: [new Uint8Array(n), new Int32Array(n)],
        resultLength: n,
        workPerSource: csr.targets.length,
        maxThreads: threads,
        minWorkPerThread: 1,
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
  });
});
