/**
 * What the kernels keep and share between runs (compressed rows per graph, flattened views per network),
 * and the distance kernel on several threads. The measures' values themselves are checked against
 * networkx in centrality.test.ts and gaps.test.ts.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { distanceKernel } from '../../src/analysis/centrality/distance-kernel.ts';
import { closeness, harmonic } from '../../src/analysis/centrality/paths.ts';
import { toCsr, toRecord } from '../../src/analysis/csr.ts';
import { flatten, networkFromBundle } from '../../src/analysis/network.ts';
import { runShardedDetailed } from '../../src/analysis/parallel/sharded.ts';
import { measure, parseParameters } from '../../src/analysis/registry.ts';
import { runMeasure } from '../../src/analysis/run.ts';
import { flatView } from '../../src/analysis/views.ts';
import { syntheticNetwork } from '../../bench/synthetic.ts';
import { lesMiserables } from '../helpers/graphs.ts';

const rowsOf = (csr: ReturnType<typeof toCsr>) => ({
  nodes: csr.nodes,
  offsets: [...csr.offsets],
  targets: [...csr.targets],
  weights: [...csr.weights],
});

describe('compressed rows', () => {
  const network = networkFromBundle(syntheticNetwork(300, 2_000, 5));

  it.each([false, true])(
    'that the flattening keeps (directed %s) equal the rows built from its graph',
    (directed) => {
      const graph = flatten(network, { directed });
      const kept = toCsr(graph, 'out');
      // A copy has no kept rows: its rows are built by walking its edges.
      const built = toCsr(graph.copy(), 'out');
      expect(kept).not.toBe(built);
      expect(rowsOf(kept)).toEqual(rowsOf(built));
      expect(kept.targets.length).toBe(directed ? graph.size : 2 * graph.size);
    },
  );

  it('are kept while the graph stays as it is and rebuilt once it changes', () => {
    const graph = lesMiserables();
    const first = toCsr(graph);
    expect(toCsr(graph)).toBe(first);
    const [a, b] = graph.nodes().filter((x, _i, all) => !graph.hasEdge(all[0]!, x) && x !== all[0]);
    graph.addEdge(graph.nodes()[0]!, a!, { weight: 1 });
    const second = toCsr(graph);
    expect(second).not.toBe(first);
    expect(second.targets.length).toBe(first.targets.length + 2);
    graph.setEdgeAttribute(graph.edges()[0]!, 'weight', 99);
    expect(toCsr(graph)).not.toBe(second);
    expect(toCsr(graph).weights).toContain(99);
    graph.dropNode(b!);
    expect(toCsr(graph).nodes).not.toContain(b);
  });
});

describe('flattened views', () => {
  it('are shared by the runs on the same network, layers and direction', () => {
    const network = networkFromBundle(syntheticNetwork(200, 1_000, 3));
    const undirected = flatView(network, {});
    expect(flatView(network, {})).toBe(undirected);
    expect(flatView(network, { directed: true })).not.toBe(undirected);
    const layer = network.layers[0]!.id;
    expect(flatView(network, { layers: [layer] })).not.toBe(undirected);
    // Values through the kept view equal those on a view built afresh.
    const pagerank = measure('pagerank');
    if (pagerank.kind !== 'node') throw new Error('PageRank is a node measure');
    const options = parseParameters(pagerank, {});
    const kept = runMeasure(network, pagerank, options, {});
    expect(kept.values).toEqual(pagerank.run(flatten(network), options));
  });
});

describe('closeness and harmonic on several threads', () => {
  it('give what one thread gives', () => {
    const graph = lesMiserables();
    const csr = toCsr(graph);
    const n = csr.nodes.length;
    for (const mode of [0, 1]) {
      const run = (threads: number) =>
        runShardedDetailed(distanceKernel, {
          inputs: [csr.offsets, csr.targets],
          sources: Int32Array.from({ length: n }, (_, i) => i),
          extras: [Float64Array.of(mode, 1)],
          resultLength: n,
          workPerSource: csr.targets.length,
          maxThreads: threads,
          minWorkPerThread: 1,
        });
      const one = run(1);
      const two = run(2);
      expect(two.threads).toBe(Math.min(2, os.availableParallelism()));
      expect(two.fallbacks).toBe(0);
      expect([...two.values]).toEqual([...one.values]);
      const direct = mode === 0 ? closeness(graph) : harmonic(graph);
      csr.nodes.forEach((node, i) => expect(one.values[i]).toBeCloseTo(direct[node]!, 12));
      expect(one.values.some((x) => x > 0)).toBe(true);
    }
  });
});

describe('records of values by node id', () => {
  // The fast path for ids that are array indices inserts in ascending id order: the record must be the
  // one built node by node (same keys, same enumeration order, same values), mixed ids included.
  const naive = (nodes: string[], values: number[]) => {
    const out: Record<string, number> = {};
    nodes.forEach((node, i) => (out[node] = values[i]!));
    return out;
  };
  it.each([
    ['array indices', ['3466', '937', '5233', '0', '26197', '12']],
    ['not all indices', ['3466', '937', 'p1', '007', '12']],
    ['an index beyond 9 digits', ['12', '4294967295', '3']],
  ])('with %s equal the record built node by node', (_name, nodes) => {
    const values = nodes.map((_, i) => i / 7);
    const record = toRecord(nodes, Float64Array.from(values));
    expect(Object.entries(record)).toEqual(Object.entries(naive(nodes, values)));
  });
});
