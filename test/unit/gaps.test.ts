/**
 * Collaboration gaps. Structural holes against published values — Borgatti's example and the directed
 * example of networkx's test_structuralholes.py (checked there against UCINET and igraph), the karate
 * club's constraint and effective size as networkx 3.6 gives them (node 0: 0.155423 and 13.75; node 11:
 * 1.0; node 33: effective size 15.235294) — and against networkx 3.6 on every node of karate and Les
 * Misérables (test/reference/networkx-gaps.json, made by test/reference/networkx_gaps_reference.py);
 * brokerage roles on a hand-worked directed graph; a planted group gap and planted composition gaps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { describe, expect, it } from 'vitest';
import {
  brokerage,
  brokerageRoles,
  directedView,
  networkBrokerageRoles,
  roleOf,
} from '../../src/analysis/gaps/brokerage.ts';
import { compositionGaps } from '../../src/analysis/gaps/composition.ts';
import { groupGaps } from '../../src/analysis/gaps/group-gaps.ts';
import { gapsReport } from '../../src/analysis/gaps/report.ts';
import {
  constraint,
  effectiveSize,
  efficiency,
  holesSpanned,
} from '../../src/analysis/gaps/structural-holes.ts';
import { flatten, type Network } from '../../src/analysis/network.ts';
import { measure, parseParameters } from '../../src/analysis/registry.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { karate, lesMiserables } from '../helpers/graphs.ts';

const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'networkx-gaps.json'), 'utf8'),
);

function expectClose(actual: Record<string, number>, expected: Record<string, number | null>, tol = 1e-9) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [node, value] of Object.entries(expected)) {
    if (value === null) expect(actual[node], `node ${node}`).toBeNaN();
    else
      expect(Math.abs(actual[node]! - value), `node ${node}: ${actual[node]} vs ${value}`).toBeLessThan(tol);
  }
}

/** Borgatti's example (Connections 20(1), 1997), as networkx's tests build it, with their weights. */
function borgatti(weighted: boolean): AbstractGraph {
  const g = new UndirectedGraph();
  const edges: [string, string, number][] = [
    ['A', 'B', 2],
    ['A', 'F', 3],
    ['A', 'G', 5],
    ['A', 'E', 2],
    ['E', 'G', 8],
    ['F', 'G', 3],
    ['B', 'G', 4],
    ['B', 'D', 1],
    ['D', 'G', 3],
    ['G', 'C', 10],
  ];
  for (const [a, b, w] of edges) g.mergeEdge(a, b, weighted ? { weight: w } : {});
  return g;
}

function networkxDirected(weighted: boolean): AbstractGraph {
  const g = new DirectedGraph();
  const edges: [string, string, number][] = [
    ['0', '1', 2],
    ['0', '2', 2],
    ['1', '0', 1],
    ['2', '1', 1],
  ];
  for (const [a, b, w] of edges) g.mergeEdge(a, b, weighted ? { weight: w } : {});
  return g;
}

describe("Burt's structural holes", () => {
  it("reproduce Borgatti's example: constraint G 0.400, A 0.595, C 1; effective size G 4.67, A 2.50", () => {
    const g = borgatti(false);
    const c = constraint(g);
    expect(c.G).toBeCloseTo(0.4, 3);
    expect(c.A).toBeCloseTo(0.595, 3);
    expect(c.C).toBeCloseTo(1, 3);
    const e = effectiveSize(g);
    expect(Math.abs(e.G! - 4.67)).toBeLessThan(0.01);
    expect(e.A).toBeCloseTo(2.5, 2);
    expect(e.C).toBeCloseTo(1, 2);
    // Borgatti's shortcut n − 2t/n: G has 6 partners and 4 ties among them.
    expect(e.G).toBeCloseTo(6 - (2 * 4) / 6, 12);
    expect(efficiency(g).G).toBeCloseTo((6 - 8 / 6) / 6, 12);
  });

  it("reproduce Borgatti's weighted example (networkx tests: constraint G 0.299, A 0.795; effective size G 5.47, A 2.47)", () => {
    const g = borgatti(true);
    const c = constraint(g, { weighted: true });
    expect(c.G).toBeCloseTo(0.299, 3);
    expect(c.A).toBeCloseTo(0.795, 3);
    expect(c.C).toBeCloseTo(1, 3);
    const e = effectiveSize(g, { weighted: true });
    expect(Math.abs(e.G! - 5.47)).toBeLessThan(0.01);
    expect(Math.abs(e.A! - 2.47)).toBeLessThan(0.01);
    expect(e.C).toBeCloseTo(1, 2);
  });

  it("reproduce networkx's directed example, unweighted and weighted", () => {
    const close = (actual: Record<string, number>, expected: number[]) =>
      expected.forEach((x, i) => expect(Math.abs(actual[String(i)]! - x)).toBeLessThan(1e-3));
    close(constraint(networkxDirected(false)), [1.003, 1.003, 1.389]);
    close(effectiveSize(networkxDirected(false)), [1.167, 1.167, 1]);
    close(constraint(networkxDirected(true), { weighted: true }), [0.84, 1.143, 1.378]);
    close(effectiveSize(networkxDirected(true), { weighted: true }), [1.567, 1.083, 1]);
  });

  it('reproduce the karate figures: constraint 0 0.155423, 11 1.0; effective size 0 13.75, 33 15.235294', () => {
    const c = constraint(karate());
    const e = effectiveSize(karate());
    expect(c['0']).toBeCloseTo(0.155423, 6);
    expect(c['11']).toBeCloseTo(1, 12);
    expect(e['0']).toBeCloseTo(13.75, 12);
    expect(e['33']).toBeCloseTo(15.235294, 6);
  });

  it.each([
    ['karate', karate, reference.karate, false],
    ['Les Misérables', lesMiserables, reference.lesMiserables, false],
    ['Les Misérables, weighted', lesMiserables, reference.lesMiserablesWeighted, true],
  ])('match networkx 3.6 on every node of %s', (_name, build, expected, weighted) => {
    const g = build();
    expectClose(constraint(g, { weighted }), expected.constraint);
    expectClose(effectiveSize(g, { weighted }), expected.effective_size);
    expectClose(efficiency(g, { weighted }), expected.efficiency);
  });

  it('treat isolated participants and lone self-loops as networkx does (NaN; a weighted self-loop constrains 4)', () => {
    // networkx (gh-6916): nx.constraint / nx.effective_size on these graphs.
    for (const type of ['undirected', 'directed'] as const) {
      const g = type === 'directed' ? new DirectedGraph() : new UndirectedGraph();
      g.addNode('iso');
      g.mergeEdge('loop', 'loop');
      g.mergeEdge('heavy', 'heavy', { weight: 10 });
      g.mergeEdge('a', 'b');
      expect(constraint(g).iso).toBeNaN();
      expect(constraint(g).loop).toBeNaN();
      expect(constraint(g, { weighted: true }).heavy).toBe(4);
      expect(effectiveSize(g).iso).toBeNaN();
      expect(effectiveSize(g, { weighted: true }).heavy).toBeNaN();
      expect(constraint(g).a).toBe(1);
    }
    // A participant with only incoming ties has partners too (networkx: constraint 1, effective size 1).
    const d = new DirectedGraph();
    d.mergeEdge('0', '1');
    d.mergeEdge('2', '1');
    d.mergeEdge('1', '3');
    expect(constraint(d)['3']).toBe(1);
    expect(effectiveSize(d)['1']).toBe(3);
    expect(constraint(d)['1']).toBeCloseTo(1 / 3, 12);
  });

  it('match networkx with self-loops next to other ties (values from networkx 3.6)', () => {
    const g = new UndirectedGraph();
    const edges: [string, string, number][] = [
      ['2', '3', 1],
      ['3', '3', 2],
      ['4', '5', 2],
      ['5', '6', 1],
      ['6', '4', 3],
      ['6', '6', 1],
    ];
    for (const [a, b, weight] of edges) g.mergeEdge(a, b, { weight });
    expect(constraint(g)['3']).toBeCloseTo(2.125, 12);
    expect(constraint(g)['6']).toBeCloseTo(1.3518518518518519, 12);
    expect(constraint(g, { weighted: true })['3']).toBeCloseTo(2.3950617283950613, 12);
    expect(effectiveSize(g)['3']).toBeCloseTo(0.5, 12);
    expect(effectiveSize(g)['6']).toBeCloseTo(0.6666666666666667, 12);
  });

  it('name the holes a broker spans', () => {
    const h = holesSpanned(borgatti(false), 'G');
    expect(h.partners).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(h.pairs).toBe(15);
    expect(h.openPairs).toBe(11);
    expect(h.components).toEqual([['A', 'B', 'D', 'E', 'F'], ['C']]);
  });

  it('run through the registry as analyze does', () => {
    const g = karate();
    for (const [id, key] of [
      ['constraint', 'constraint'],
      ['effective-size', 'effective_size'],
      ['efficiency', 'efficiency'],
    ] as const) {
      const d = measure(id);
      if (d.kind !== 'node') throw new Error('not a node measure');
      expectClose(d.run(g, parseParameters(d, {})), reference.karate[key]);
    }
  });
});

/**
 * Groups A = {a1, a2}, B = {b, b2, b3}, C = {c1}. Ties into b: a1, b2; out of b: a2, b3, c1. The open
 * two-paths through b: a1→b→a2 itinerant (A B A), a1→b→b3 gatekeeper (A B B), b2→b→a2 representative
 * (B B A), b2→b→b3 coordinator (B B B), b2→b→c1 representative (B B C); a1→b→c1 would be a liaison but
 * a1 → c1 closes it. No other participant is in the middle of a two-path.
 */
function brokerageGraph(): { graph: DirectedGraph; groups: Map<string, string> } {
  const graph = new DirectedGraph();
  for (const [a, b] of [
    ['a1', 'b'],
    ['b2', 'b'],
    ['b', 'a2'],
    ['b', 'b3'],
    ['b', 'c1'],
    ['a1', 'c1'],
  ])
    graph.mergeEdge(a!, b!);
  const groups = new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['b', 'B'],
    ['b2', 'B'],
    ['b3', 'B'],
    ['c1', 'C'],
  ]);
  return { graph, groups };
}

describe('brokerage roles (Gould & Fernandez 1989)', () => {
  it('classify a two-path by the groups of its ends and middle', () => {
    expect(roleOf('A', 'A', 'A')).toBe('coordinator');
    expect(roleOf('A', 'B', 'A')).toBe('itinerant');
    expect(roleOf('A', 'A', 'B')).toBe('representative');
    expect(roleOf('A', 'B', 'B')).toBe('gatekeeper');
    expect(roleOf('A', 'B', 'C')).toBe('liaison');
  });

  it('count the roles of a hand-worked directed graph', () => {
    const { graph, groups } = brokerageGraph();
    const roles = brokerageRoles(graph, { groupBy: groups });
    expect(roles.b).toEqual({ coordinator: 1, itinerant: 1, representative: 2, gatekeeper: 1, liaison: 0 });
    for (const other of ['a1', 'a2', 'b2', 'b3', 'c1'])
      expect(Object.values(roles[other]!).every((x) => x === 0)).toBe(true);
    expect(brokerage(graph, { groupBy: groups }).b).toBe(5);
    expect(brokerage(graph, { groupBy: groups, role: 'representative' }).b).toBe(2);
  });

  it('follow tie direction: a tie c1 → a1 does not close a1 → b → c1', () => {
    const { graph, groups } = brokerageGraph();
    graph.dropEdge('a1', 'c1');
    graph.mergeEdge('c1', 'a1');
    expect(brokerageRoles(graph, { groupBy: groups }).b!.liaison).toBe(1);
  });

  it('count an open pair twice, once per direction, on an undirected view', () => {
    const g = new UndirectedGraph();
    g.mergeEdge('x', 'm');
    g.mergeEdge('m', 'y');
    const roles = brokerageRoles(g, {
      groupBy: new Map([
        ['x', 'A'],
        ['m', 'A'],
        ['y', 'B'],
      ]),
    });
    expect(roles.m).toEqual({ coordinator: 0, itinerant: 0, representative: 1, gatekeeper: 1, liaison: 0 });
  });

  it('run through the registry, grouped by a node attribute, with every role beside the total', () => {
    const { graph } = brokerageGraph();
    for (const [node, group] of brokerageGraph().groups) graph.setNodeAttribute(node, 'kind', group);
    const d = measure('brokerage');
    if (d.kind !== 'node') throw new Error('not a node measure');
    const options = parseParameters(d, { groupBy: 'kind' });
    expect(d.run(graph, options).b).toBe(5);
    expect(d.extras!(graph, options).gatekeeper!.b).toBe(1);
    expect(() => parseParameters(d, { groupBy: 'colour' })).toThrow(InvalidArgumentError);
  });
});

/**
 * A planted network: clusters P, Q and R of 8 participants each, tied densely inside; P and Q each tied
 * to R many times, never to each other except through r0 (tied to both). Platform `castings` has
 * enterprises only; start-up s1 is tied to a university only; `lonely` has no tie; cluster Q has no
 * supply tie.
 */
function planted(): Network {
  const nodes: Network['nodes'] = [];
  const ties: Network['ties'] = [];
  for (const c of ['P', 'Q', 'R']) {
    for (let i = 0; i < 8; i++) {
      nodes.push({
        id: `${c.toLowerCase()}${i}`,
        kind: 'enterprise',
        name: `${c}${i}`,
        region: 'lipetsk',
        clusters: [c],
        platforms: c === 'P' && i < 4 ? ['castings'] : [],
      });
    }
    for (let i = 0; i < 8; i++)
      for (let j = i + 1; j < 8; j++)
        if ((i + j) % 3 !== 0)
          ties.push({
            source: `${c.toLowerCase()}${i}`,
            target: `${c.toLowerCase()}${j}`,
            layer: 'rnd',
            weight: 1,
          });
  }
  for (let i = 1; i < 8; i++) {
    ties.push({ source: `p${i}`, target: `r${i}`, layer: 'rnd', weight: 1 });
    ties.push({ source: `q${i}`, target: `r${(i + 3) % 8}`, layer: 'rnd', weight: 1 });
    ties.push({ source: `p${i}`, target: `r${(i + 5) % 8}`, layer: 'rnd', weight: 1 });
  }
  ties.push({ source: 'r0', target: 'p2', layer: 'rnd', weight: 1 });
  ties.push({ source: 'r0', target: 'q2', layer: 'rnd', weight: 1 });
  ties.push({ source: 'r0', target: 'q5', layer: 'rnd', weight: 1 });
  ties.push({ source: 'p1', target: 'p2', layer: 'supply', weight: 1 });
  ties.push({ source: 'r1', target: 'r2', layer: 'supply', weight: 1 });
  nodes.push(
    { id: 's1', kind: 'startup', name: 'S1', region: 'lipetsk', clusters: [], platforms: [] },
    { id: 'u1', kind: 'university', name: 'U1', region: 'lipetsk', clusters: [], platforms: [] },
    { id: 'lonely', kind: 'enterprise', name: 'Lonely', region: 'lipetsk', clusters: [], platforms: [] },
  );
  ties.push({ source: 's1', target: 'u1', layer: 'rnd', weight: 1 });
  return {
    nodes,
    ties,
    layers: [
      { id: 'rnd', directed: false },
      { id: 'supply', directed: true },
    ],
  };
}

describe('group gaps', () => {
  it('find the planted gap between P and Q, with r0 as the bridge', () => {
    const network = planted();
    const graph = flatten(network);
    const groups = new Map(network.nodes.map((n) => [n.id, n.clusters[0] ?? 'none']));
    const gaps = groupGaps(graph, groups, { ignoreGroups: ['none'] });
    expect(gaps[0]!.groups).toEqual(['P', 'Q']);
    expect(gaps[0]!.observed).toBe(0);
    // Expected ties K_P · K_Q / 2m, from the degrees of the planted network.
    let kp = 0;
    let kq = 0;
    graph.forEachNode((n) => {
      if (groups.get(n) === 'P') kp += graph.degree(n);
      if (groups.get(n) === 'Q') kq += graph.degree(n);
    });
    expect(gaps[0]!.expected).toBeCloseTo((kp * kq) / (2 * graph.size), 12);
    expect(gaps[0]!.z).toBeCloseTo(-Math.sqrt(gaps[0]!.expected), 12);
    expect(gaps[0]!.bridges[0]).toEqual({ id: 'r0', group: 'R', ties: [2, 2] });
    // P and R are tied 15 times: no gap there; gaps are ranked by z.
    expect(gaps.some((g) => g.groups.join() === 'P,R')).toBe(false);
    expect(gaps.map((g) => g.z)).toEqual([...gaps.map((g) => g.z)].sort((a, b) => a - b));
  });

  it('appear in the report with words, numbers and the participants to highlight', () => {
    const report = gapsReport(planted(), { groupBy: 'cluster' });
    const gap = report.groupGaps[0]!;
    expect(gap.rank).toBe(1);
    expect(gap.participants[0]).toBe('r0');
    expect(gap.explanation).toMatch(
      /^P \(8\) and Q \(8\) have 0 ties between them where their activity predicts [\d.]+ \(ratio 0, z -[\d.]+\); best placed to bridge them: R0 \(2 ties to P, 2 to Q\), R1 \(2 ties to P, 1 to Q\)/,
    );
  });
});

describe('composition gaps', () => {
  it('find the planted platform, start-up, isolation and layer gaps', () => {
    const gaps = compositionGaps(planted());
    const find = (type: string, subject?: string) =>
      gaps.find((g) => g.type === type && (subject === undefined || g.subject === subject));
    expect(find('platform-missing-kinds', 'castings')).toMatchObject({
      missingKinds: ['university', 'research_institute', 'startup'],
      of: 4,
      participants: ['p0', 'p1', 'p2', 'p3'],
    });
    expect(find('startups-without-industry')).toMatchObject({ of: 1, participants: ['s1'] });
    expect(find('isolated')).toMatchObject({ participants: ['lonely'] });
    expect(find('cluster-absent-from-layer', 'Q')).toMatchObject({ layer: 'supply', of: 8 });
    expect(find('cluster-absent-from-layer', 'P')).toBeUndefined();
    // With the start-up tied to an enterprise the gap disappears.
    const network = planted();
    network.ties.push({ source: 's1', target: 'p0', layer: 'rnd', weight: 1 });
    expect(compositionGaps(network).some((g) => g.type === 'startups-without-industry')).toBe(false);
  });

  it('count only the chosen layers', () => {
    const gaps = compositionGaps(planted(), { layers: ['supply'] });
    expect(gaps.find((g) => g.type === 'isolated')!.participants).toContain('s1');
  });
});

describe('the gaps report', () => {
  it('ranks every section and explains every item', () => {
    const report = gapsReport(planted(), { groupBy: 'cluster', limit: 5 });
    expect(report.network).toEqual({ participants: 27, ties: expect.any(Number), groups: 4 });
    for (const section of [report.brokers, report.brokerage, report.groupGaps, report.composition]) {
      expect(section.length).toBeGreaterThan(0);
      section.forEach((item, i) => {
        expect(item.rank).toBe(i + 1);
        expect(item.explanation.length).toBeGreaterThan(20);
        expect(item.participants.length).toBeGreaterThan(0);
      });
    }
    // The broker between P, Q and R is found, with its numbers in words.
    const r0 = report.brokers.find((b) => b.id === 'r0');
    expect(r0).toBeDefined();
    expect(r0!.explanation).toContain(`Constraint ${r0!.constraint.toFixed(3)}`);
    expect(report.brokers.map((b) => b.constraint)).toEqual(
      [...report.brokers.map((b) => b.constraint)].sort((a, b) => a - b),
    );
    // JSON-safe: the same after a round trip.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('keeps at most `limit` items in every section, composition included', () => {
    const network = planted();
    const all = compositionGaps(network, { layers: ['rnd', 'supply'] }).length;
    const full = gapsReport(network, { groupBy: 'cluster', layers: ['rnd', 'supply'], limit: 100 });
    expect(full.composition.length).toBe(all);
    expect(all).toBeGreaterThan(2);
    const cut = gapsReport(network, { groupBy: 'cluster', layers: ['rnd', 'supply'], limit: 2 });
    for (const section of [cut.brokers, cut.brokerage, cut.groupGaps, cut.composition])
      expect(section.length).toBeLessThanOrEqual(2);
    expect(cut.composition.length).toBe(2);
    // The first items of the full ranking, in its order.
    expect(cut.composition.map((c) => c.explanation)).toEqual(
      full.composition.slice(0, 2).map((c) => c.explanation),
    );
  });

  it('uses tie directions for brokerage: a supply tie runs one way', () => {
    const view = directedView(planted());
    expect(view.hasEdge('p1', 'p3') && view.hasEdge('p3', 'p1')).toBe(true); // rnd, both ways
    const supplyOnly = directedView(planted(), ['supply']);
    expect(supplyOnly.hasEdge('p1', 'p2')).toBe(true);
    expect(supplyOnly.hasEdge('p2', 'p1')).toBe(false);
  });

  it('counts brokerage on the network as on its directed view', () => {
    const network = planted();
    const groups = new Map(network.nodes.map((n) => [n.id, n.clusters[0] ?? 'none']));
    const direct = networkBrokerageRoles(network, groups);
    expect(direct).toEqual(brokerageRoles(directedView(network), { groupBy: groups }));
    expect(Object.values(direct).some((r) => r.liaison > 0)).toBe(true);
  });

  it('refuses an unknown grouping or layer', () => {
    expect(() => gapsReport(planted(), { groupBy: 'colour' as 'kind' })).toThrow(InvalidArgumentError);
    expect(() => gapsReport(planted(), { layers: ['trade'] })).toThrow(InvalidArgumentError);
    expect(() => gapsReport(planted(), { layers: ['platform'] })).toThrow(InvalidArgumentError);
  });
});
