/**
 * Leiden, multislice modularity and the multiplex measures. Reference values: the karate club's optimum
 * modularity, 0.4197896 with four communities (Brandes et al. 2008, "On modularity clustering", IEEE TKDE
 * 20(2), by integer linear programming); Louvain (graphology-communities-louvain) as the bar for Leiden; an
 * independent computation of the multiplex measures in Python on multinet's AUCS and Florentine files
 * (test/reference/networkx_reference.py → networkx.json); and small cases worked by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { describe, expect, it } from 'vitest';
import { buildQualityGraph, quality, qualityGraphFromRows } from '../../src/analysis/community/engine.ts';
import { toCsr } from '../../src/analysis/csr.ts';
import { leiden } from '../../src/analysis/community/leiden.ts';
import { louvain, modularity } from '../../src/analysis/community/louvain.ts';
import { multislice } from '../../src/analysis/community/multislice.ts';
import { layerOverlap, multiplexNodeMeasures } from '../../src/analysis/multilayer/measures.ts';
import { networkFromBundle, type Network } from '../../src/analysis/network.ts';
import { readMpx } from '../../src/exchange/mpx.ts';
import { parseRows } from '../../src/exchange/validate.ts';
import { Random } from '../../src/random.ts';
import { karate, lesMiserables } from '../helpers/graphs.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'networkx.json'), 'utf8'),
);

function caGrQc(): AbstractGraph {
  const graph = new UndirectedGraph();
  const lines = fs.readFileSync(path.join(fixtures, 'ca-grqc.txt'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [a, b] = line.split('\t') as [string, string];
    graph.mergeNode(a);
    graph.mergeNode(b);
    if (a !== b && !graph.hasEdge(a, b)) graph.addEdge(a, b, { weight: 1 });
  }
  return graph;
}

function disconnectedCommunities(graph: AbstractGraph, communities: Record<string, number>): number {
  const groups = new Map<number, string[]>();
  for (const [node, c] of Object.entries(communities)) groups.set(c, [...(groups.get(c) ?? []), node]);
  let count = 0;
  for (const members of groups.values()) {
    const inside = new Set(members);
    const seen = new Set([members[0]!]);
    const stack = [members[0]!];
    while (stack.length > 0) {
      for (const next of graph.neighbors(stack.pop()!)) {
        if (inside.has(next) && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    if (seen.size !== inside.size) count++;
  }
  return count;
}

function networkOf(raw: ReturnType<typeof readMpx>): Network {
  const { bundle, problems } = parseRows(raw);
  expect(problems).toEqual([]);
  return networkFromBundle(bundle);
}

describe('Leiden', () => {
  it.each([
    ['karate', karate],
    ['Les Misérables', lesMiserables],
    ['CA-GrQc', caGrQc],
  ])('on %s: every community connected, modularity at least Louvain’s', (_name, build) => {
    const graph = build();
    const result = leiden(graph);
    expect(disconnectedCommunities(graph, result.communities)).toBe(0);
    expect(result.modularity).toBeGreaterThanOrEqual(louvain(graph).modularity - 1e-12);
  });

  it('finds the optimum modularity of the karate club, 0.4197896 in four communities', () => {
    const result = leiden(karate());
    expect(result.modularity).toBeCloseTo(0.4197896, 6);
    expect(new Set(Object.values(result.communities)).size).toBe(4);
  });

  it('is deterministic for a seed and follows the resolution', () => {
    const graph = lesMiserables();
    expect(leiden(graph, { seed: 5 })).toEqual(leiden(graph, { seed: 5 }));
    const coarse = new Set(Object.values(leiden(graph, { resolution: 0.5 }).communities)).size;
    const fine = new Set(Object.values(leiden(graph, { resolution: 2 }).communities)).size;
    expect(fine).toBeGreaterThan(coarse);
  });
});

/** Les Misérables as the quality engine's ties: node numbers in graphology's order, weights or 1. */
function lesMiserablesTies(weighted: boolean) {
  const graph = lesMiserables();
  const nodes = graph.nodes();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const edges = graph.mapEdges((_e, a, s, t) => ({
    source: index.get(s)!,
    target: index.get(t)!,
    weight: weighted ? (a.weight as number) : 1,
  }));
  return { graph, nodes, edges };
}

describe('the quality engine', () => {
  it('equals graphology’s modularity for one layer, on random partitions', () => {
    const { graph, nodes, edges } = lesMiserablesTies(true);
    const g = buildQualityGraph(nodes.length, new Int32Array(nodes.length), 1, edges);
    const rng = new Random(11);
    for (const resolution of [0.5, 1, 1.5]) {
      const membership = Int32Array.from(nodes, () => rng.int(0, 5));
      const communities = Object.fromEntries(nodes.map((n, i) => [n, membership[i]!]));
      expect(quality(g, membership, resolution)).toBeCloseTo(
        modularity(graph, communities, { resolution }),
        12,
      );
    }
  });
});

describe('the quality graph from kept rows', () => {
  it.each([true, false])('is the one built from the ties in walking order (weighted %s)', (weighted) => {
    const { graph, nodes, edges } = lesMiserablesTies(weighted);
    const built = buildQualityGraph(nodes.length, new Int32Array(nodes.length), 1, edges);
    const rows = toCsr(graph, 'out');
    expect(rows.nodes).toEqual(nodes);
    const fromRows = qualityGraphFromRows(rows, weighted);
    expect([...fromRows.offsets]).toEqual([...built.offsets]);
    expect([...fromRows.targets]).toEqual([...built.targets]);
    expect([...fromRows.weights]).toEqual([...built.weights]);
    expect([...fromRows.layerStrength]).toEqual([...built.layerStrength]);
    expect([...fromRows.selfWeight]).toEqual([...built.selfWeight]);
    // 2m summed row by row rather than tie by tie: equal up to rounding.
    expect(fromRows.twoM[0]).toBeCloseTo(built.twoM[0]!, 9);
    expect(fromRows.twoMu).toBeCloseTo(built.twoMu, 9);
  });
});

describe('multislice modularity (Mucha et al. 2010)', () => {
  // Two layers over six participants: in layer x the groups are {a,b,c} and {d,e,f}; in layer y, {a,b,d} and {c,e,f}.
  const triangle = (layer: string, [p, q, r]: string[]) => [
    { source: p!, target: q!, layer, weight: 1 },
    { source: q!, target: r!, layer, weight: 1 },
    { source: p!, target: r!, layer, weight: 1 },
  ];
  const network: Network = {
    nodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
      id,
      kind: 'other',
      name: id,
      region: '',
      clusters: [],
      platforms: [],
    })),
    ties: [
      ...triangle('x', ['a', 'b', 'c']),
      ...triangle('x', ['d', 'e', 'f']),
      ...triangle('y', ['a', 'b', 'd']),
      ...triangle('y', ['c', 'e', 'f']),
    ],
    layers: [
      { id: 'x', directed: false },
      { id: 'y', directed: false },
    ],
  };

  /** Q by its definition, term by term over all pairs of (participant, layer) — no shared code with the engine. */
  function definitionQ(
    communities: Record<string, Record<string, number>>,
    omega: number,
    gamma = 1,
  ): number {
    const layers = ['x', 'y'];
    const ids = network.nodes.map((n) => n.id);
    const A = (l: string, i: string, j: string) =>
      network.ties.some(
        (t) => t.layer === l && ((t.source === i && t.target === j) || (t.source === j && t.target === i)),
      )
        ? 1
        : 0;
    const k = (l: string, i: string) => ids.reduce((s, j) => s + A(l, i, j), 0);
    const m2 = (l: string) => ids.reduce((s, i) => s + k(l, i), 0);
    let twoMu = 0;
    let sum = 0;
    for (const s of layers) for (const i of ids) twoMu += k(s, i) + omega * (layers.length - 1);
    for (const s of layers) {
      for (const r of layers) {
        for (const i of ids) {
          for (const j of ids) {
            if (communities[s]![i] !== communities[r]![j]) continue;
            if (s === r) sum += A(s, i, j) - (gamma * k(s, i) * k(s, j)) / m2(s);
            else if (i === j) sum += omega;
          }
        }
      }
    }
    return sum / twoMu;
  }

  it('reports the Q of its partition as the definition gives it', () => {
    for (const omega of [0, 0.5, 1, 5]) {
      const result = multislice(network, { omega });
      expect(result.quality).toBeCloseTo(definitionQ(result.communities, omega), 10);
    }
  });

  it('with ω = 0 finds each layer’s own groups; with a large ω one partition for all layers', () => {
    const apart = multislice(network, { omega: 0 });
    const same = (layer: string, p: string, q: string) =>
      apart.communities[layer]![p] === apart.communities[layer]![q];
    expect(same('x', 'a', 'c') && !same('x', 'a', 'd')).toBe(true);
    expect(same('y', 'a', 'd') && !same('y', 'a', 'c')).toBe(true);
    // By hand: each layer is two triangles, 2m_s = 12; per layer Σ_C [2·3 − 6²/12] = 6; 2μ = 24; Q = 12/24.
    expect(apart.quality).toBeCloseTo(0.5, 10);
    const together = multislice(network, { omega: 100 });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      expect(together.communities.x![id]).toBe(together.communities.y![id]);
      expect(together.persistence[id]).toBe(1);
    }
  });
});

describe('multiplex measures', () => {
  it('work out by hand on a small multiplex', () => {
    const network: Network = {
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({
        id,
        kind: 'other',
        name: id,
        region: '',
        clusters: [],
        platforms: [],
      })),
      ties: [
        { source: 'a', target: 'b', layer: 'x', weight: 1 },
        { source: 'a', target: 'c', layer: 'x', weight: 1 },
        { source: 'b', target: 'a', layer: 'y', weight: 1 },
      ],
      layers: [
        { id: 'x', directed: false },
        { id: 'y', directed: true },
      ],
    };
    const m = multiplexNodeMeasures(network);
    expect(m.degreeByLayer).toEqual({ x: { a: 2, b: 1, c: 1, d: 0 }, y: { a: 1, b: 1, c: 0, d: 0 } });
    expect(m.overlappingDegree).toEqual({ a: 3, b: 2, c: 1, d: 0 });
    expect(m.activity).toEqual({ a: 2, b: 2, c: 1, d: 0 });
    // a: 2 · (1 − (2/3)² − (1/3)²) = 8/9; b: 2 · (1 − (1/2)² − (1/2)²) = 1; c (one layer) and d: 0.
    expect(m.participation.a).toBeCloseTo(8 / 9, 12);
    expect(m.participation.b).toBeCloseTo(1, 12);
    expect(m.participation.c).toBe(0);
    const overlap = layerOverlap(network);
    expect(overlap.pairs).toEqual([{ a: 'x', b: 'y', shared: 1, union: 2, jaccard: 0.5 }]);
  });

  it.each(['aucs', 'florentine'])('match an independent computation on %s', (name) => {
    const network = networkOf(readMpx(path.join(fixtures, `${name}.mpx`)));
    const expected = reference[name];
    const m = multiplexNodeMeasures(network, { layers: expected.layers });
    for (const key of ['overlappingDegree', 'participation', 'activity'] as const) {
      for (const [actor, value] of Object.entries(expected[key] as Record<string, number>)) {
        expect(Math.abs(m[key][actor]! - value), `${key} ${actor}`).toBeLessThan(1e-12);
      }
    }
    for (const layer of expected.layers as string[]) {
      for (const [actor, value] of Object.entries(expected.degreeByLayer[layer] as Record<string, number>))
        expect(m.degreeByLayer[layer]![actor]).toBe(value);
    }
    const overlap = layerOverlap(network, { layers: expected.layers });
    for (const p of overlap.pairs) expect(p.jaccard).toBeCloseTo(expected.jaccard[`${p.a}|${p.b}`], 12);
  });

  it('reads AUCS as 61 actors in 5 layers with 1,240 ties', () => {
    const network = networkOf(readMpx(path.join(fixtures, 'aucs.mpx')));
    expect(network.nodes).toHaveLength(61);
    expect(network.ties).toHaveLength(1240);
    expect(network.layers.map((l) => l.id).sort()).toEqual([
      'coauthor',
      'facebook',
      'leisure',
      'lunch',
      'work',
    ]);
  });
});
