/**
 * Centralities and communities against independent values: networkx 3.6 on the same graphs
 * (test/reference/networkx.json, made by test/reference/networkx_reference.py) and networkx 3.6's
 * karate-club figures written out in the tests below (betweenness, PageRank converged to 1e-12,
 * closeness, eigenvector; the optimum modularity 0.4197896). Tolerance 1e-6 unless stated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { flatten, networkFromGraph } from '../../src/analysis/network.ts';
import { MEASURES, measure, parseParameters } from '../../src/analysis/registry.ts';
import { karate, lesMiserables } from '../helpers/graphs.ts';
import { ConvergenceError } from '../../src/errors.ts';
import { modularity } from '../../src/analysis/community/louvain.ts';
import { modularity as graphologyModularity } from '../../src/analysis/graphology-libs.ts';
import { Random } from '../../src/random.ts';
import { toCsr } from '../../src/analysis/csr.ts';
import { dominantEigenvectorStart, topEigenpair } from '../../src/analysis/centrality/lanczos.ts';

const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'networkx.json'), 'utf8'),
);

function expectClose(actual: Record<string, number>, expected: Record<string, number>, tolerance = 1e-6) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [node, value] of Object.entries(expected)) {
    expect(Math.abs(actual[node]! - value), `node ${node}: ${actual[node]} vs ${value}`).toBeLessThan(
      tolerance,
    );
  }
}

const run = (
  id: string,
  graph: ReturnType<typeof karate>,
  options: Record<string, string | boolean> = {},
) => {
  const descriptor = measure(id);
  if (descriptor.kind !== 'node') throw new Error('not a node measure');
  return descriptor.run(graph, parseParameters(descriptor, options));
};

describe.each([
  ['karate', karate, reference.karate],
  ['Les Misérables (unweighted)', lesMiserables, reference.lesMiserables],
])('node measures on %s match networkx 3.6', (_name, build, expected) => {
  const graph = build();
  it.each([
    ['degree', 'degree'],
    ['betweenness', 'betweenness'],
    ['closeness', 'closeness'],
    ['harmonic', 'harmonic'],
    ['eigenvector', 'eigenvector'],
    ['pagerank', 'pagerank'],
    ['hits', 'hits_hubs'],
    ['kcore', 'kcore'],
  ])('%s', (id, key) => {
    expectClose(run(id, graph), expected[key]);
  });
});

describe('weighted measures on Les Misérables match networkx 3.6', () => {
  const graph = lesMiserables();
  const expected = reference.lesMiserablesWeighted;
  it('weighted degree', () => expectClose(run('weighted-degree', graph), expected.weighted_degree));
  it('betweenness with distance = 1 / weight', () =>
    expectClose(run('betweenness', graph, { weighted: true }), expected.betweenness));
  it('PageRank with weights', () =>
    expectClose(run('pagerank', graph, { weighted: true }), expected.pagerank));
  it('eigenvector with weights', () =>
    expectClose(run('eigenvector', graph, { weighted: true }), expected.eigenvector));
  it('HITS hubs with weights', () => expectClose(run('hits', graph, { weighted: true }), expected.hits_hubs));
});

describe('karate-club figures of networkx 3.6', () => {
  const graph = karate();
  it('betweenness, PageRank, closeness and eigenvector', () => {
    const b = run('betweenness', graph);
    expect(b['0']).toBeCloseTo(0.437635, 6);
    expect(b['33']).toBeCloseTo(0.304075, 6);
    expect(b['32']).toBeCloseTo(0.145247, 6);
    expect(run('pagerank', graph)['33']).toBeCloseTo(0.100919, 6);
    expect(run('pagerank', graph)['0']).toBeCloseTo(0.096997, 6);
    expect(run('closeness', graph)['0']).toBeCloseTo(0.568966, 6);
    expect(run('eigenvector', graph)['33']).toBeCloseTo(0.373363, 6);
  });
});

describe('closeness on a disconnected graph', () => {
  it('applies the Wasserman–Faust correction as networkx does', () => {
    const graph = karate();
    graph.addEdge(graph.addNode('x1'), graph.addNode('x2'));
    graph.addEdge('x2', graph.addNode('x3'));
    expectClose(run('closeness', graph), reference.karatePlusPath.closeness);
  });
});

describe('approximate betweenness', () => {
  it('with k pivots stays near the exact values, and is exact with k = n', () => {
    const graph = lesMiserables();
    const exact = run('betweenness', graph);
    expectClose(run('betweenness', graph, { k: String(graph.order) } as never), exact);
    const approx = run('betweenness', graph, { k: '40' } as never);
    const top = Object.entries(exact).sort((a, b) => b[1] - a[1])[0]![0];
    expect(Math.abs(approx[top]! - exact[top]!)).toBeLessThan(0.25 * exact[top]!);
  });
});

describe('communities', () => {
  it('Louvain on karate reaches a modularity close to the optimum 0.4197896 and never above it', () => {
    const descriptor = measure('louvain');
    if (descriptor.kind !== 'community') throw new Error();
    const result = descriptor.run(karate(), parseParameters(descriptor, {}));
    expect(result.modularity).toBeGreaterThan(0.41);
    expect(result.modularity).toBeLessThanOrEqual(0.4197896 + 1e-7);
    expect(new Set(Object.values(result.communities)).size).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for a seed', () => {
    const descriptor = measure('louvain');
    if (descriptor.kind !== 'community') throw new Error();
    const a = descriptor.run(lesMiserables(), parseParameters(descriptor, { seed: '7' } as never));
    const b = descriptor.run(lesMiserables(), parseParameters(descriptor, { seed: '7' } as never));
    expect(a).toEqual(b);
  });

  it('label propagation separates two cliques joined by one tie', () => {
    const graph = new UndirectedGraph();
    for (const group of ['a', 'b']) {
      for (let i = 0; i < 5; i++)
        for (let j = i + 1; j < 5; j++) graph.mergeEdge(`${group}${i}`, `${group}${j}`, { weight: 1 });
    }
    graph.addEdge('a0', 'b0', { weight: 1 });
    const descriptor = measure('label-propagation');
    if (descriptor.kind !== 'community') throw new Error();
    const { communities, modularity } = descriptor.run(graph, parseParameters(descriptor, {}));
    expect(new Set(['a0', 'a1', 'a2', 'a3', 'a4'].map((n) => communities[n])).size).toBe(1);
    expect(communities.a1).not.toBe(communities.b1);
    // Two 10-edge cliques and one bridge: Q = 2·(10/21 − (21/42)²) = 0.452381 (worked by hand).
    expect(modularity).toBeCloseTo(2 * (10 / 21 - (21 / 42) ** 2), 6);
  });

  it('label propagation still changing labels at maxIterations is an error, not a partition', () => {
    const descriptor = measure('label-propagation');
    if (descriptor.kind !== 'community') throw new Error();
    // One sweep over karate moves labels (every participant starts with its own): not settled.
    expect(() => descriptor.run(karate(), parseParameters(descriptor, { maxIterations: '1' }))).toThrow(
      ConvergenceError,
    );
    expect(() => descriptor.run(karate(), parseParameters(descriptor, {}))).not.toThrow();
  });
});

describe('the registry', () => {
  it('describes every measure with defaults inside their bounds', () => {
    for (const m of MEASURES) {
      for (const p of m.parameters) {
        if (typeof p.default === 'number') {
          if (p.min !== undefined) expect(p.default).toBeGreaterThanOrEqual(p.min);
          if (p.max !== undefined) expect(p.default).toBeLessThanOrEqual(p.max);
        }
      }
    }
  });

  it('refuses unknown measures, unknown options and values out of bounds', () => {
    expect(() => measure('centralness')).toThrow(/unknown measure/);
    expect(() => parseParameters(measure('pagerank'), { beta: '1' })).toThrow(/no option 'beta'/);
    expect(() => parseParameters(measure('pagerank'), { alpha: '1.5' })).toThrow(
      /alpha must lie in \[0, 1\]/,
    );
  });
});

describe('the flattened view of a multilayer network', () => {
  it('sums the weights of the chosen layers into one edge', () => {
    const network = {
      nodes: ['a', 'b', 'c'].map((id) => ({
        id,
        kind: 'enterprise',
        name: id,
        region: 'r',
        clusters: [],
        platforms: id === 'c' ? [] : ['p'],
      })),
      ties: [
        { source: 'a', target: 'b', layer: 'rnd', weight: 2 },
        { source: 'b', target: 'a', layer: 'supply', weight: 3 },
        { source: 'b', target: 'c', layer: 'supply', weight: 1 },
      ],
      layers: [
        { id: 'rnd', directed: false },
        { id: 'supply', directed: true },
      ],
    };
    const all = flatten(network);
    expect(all.size).toBe(2);
    expect(all.getEdgeAttribute('a', 'b', 'weight')).toBe(5);
    expect(all.getEdgeAttribute('a', 'b', 'layers').sort()).toEqual(['rnd', 'supply']);
    expect(flatten(network, { layers: ['rnd'] }).size).toBe(1);
    expect(flatten(network, { layers: ['rnd'] }).order).toBe(3);
    // Directed view: the undirected rnd tie runs both ways, the supply ties one way each.
    const directed = flatten(network, { directed: true });
    expect(directed.size).toBe(3);
    expect(directed.getDirectedEdgeAttribute('a', 'b', 'weight')).toBe(2);
    expect(directed.getDirectedEdgeAttribute('b', 'a', 'weight')).toBe(5);
    expect(directed.hasDirectedEdge('c', 'b')).toBe(false);
    const platformDirected = flatten(network, { layers: ['platform'], directed: true });
    expect(platformDirected.hasDirectedEdge('a', 'b') && platformDirected.hasDirectedEdge('b', 'a')).toBe(
      true,
    );
    expect(flatten(network, { layers: ['platform'] }).hasEdge('a', 'b')).toBe(true);
    expect(() => flatten(network, { layers: ['nope'] })).toThrow(/unknown layer/);
  });

  it('round-trips a graphology graph', () => {
    const graph = karate();
    expect(flatten(networkFromGraph(graph)).size).toBe(graph.size);
  });
});

describe('modularity on compressed rows', () => {
  // The reference is graphology-metrics' own sparse modularity, the function this one replaced for
  // undirected graphs: equal on random partitions, weighted and not, a self-loop included.
  const withLoop = () => {
    const graph = lesMiserables();
    const first = graph.nodes()[0]!;
    graph.addEdge(first, first, { weight: 3 });
    return graph;
  };
  it.each([
    ['Les Misérables', lesMiserables],
    ['Les Misérables with a self-loop', withLoop],
  ])('equals graphology-metrics’ on %s', (_name, build) => {
    const graph = build();
    const rng = new Random(5);
    for (const weighted of [true, false]) {
      for (const resolution of [0.5, 1, 2]) {
        const communities = Object.fromEntries(graph.nodes().map((node) => [node, rng.int(0, 6)]));
        const expected = graphologyModularity(graph, {
          getNodeCommunity: (node: string) => communities[node],
          getEdgeWeight: weighted ? 'weight' : null,
          resolution,
        } as never);
        expect(modularity(graph, communities, { weighted, resolution })).toBeCloseTo(expected, 12);
      }
    }
  });

  it('names a participant missing from the partition', () => {
    const graph = lesMiserables();
    expect(() => modularity(graph, { [graph.nodes()[0]!]: 0 })).toThrow(/not in the partition/);
  });
});

describe('the Lanczos start of eigenvector centrality', () => {
  it('finds the top eigenpair of a tridiagonal matrix (the path on 12 nodes: 2 cos(π / 13))', () => {
    // Adjacency of a path: eigenvalues 2 cos(kπ / (m + 1)), eigenvector sin(ikπ / (m + 1)) (k = 1 the top).
    const m = 12;
    const { value, vector } = topEigenpair(new Array(m).fill(0), new Array(m - 1).fill(1));
    expect(value).toBeCloseTo(2 * Math.cos(Math.PI / (m + 1)), 12);
    const expected = Array.from({ length: m }, (_, i) => Math.sin(((i + 1) * Math.PI) / (m + 1)));
    const scale = Math.hypot(...expected) * Math.sign(vector[0]!);
    vector.forEach((x, i) => expect(x).toBeCloseTo(expected[i]! / scale, 10));
  });

  it.each([false, true])(
    'is networkx’s eigenvector of Les Misérables on its own (weighted %s), before any power step',
    (weighted) => {
      const graph = lesMiserables();
      const { nodes, offsets, targets, weights } = toCsr(graph, 'in');
      const n = nodes.length;
      const x = dominantEigenvectorStart(
        offsets,
        targets,
        weighted ? weights : null,
        new Float64Array(n).fill(1 / n),
      );
      const length = Math.hypot(...x);
      const expected = weighted
        ? reference.lesMiserablesWeighted.eigenvector
        : reference.lesMiserables.eigenvector;
      nodes.forEach((node, i) => expect(Math.abs(x[i]! / length - expected[node])).toBeLessThan(1e-6));
    },
  );
});
