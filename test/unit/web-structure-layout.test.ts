import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { edgeLengthRatio, noverlap } from '../../src/analysis/layout-geometry.ts';
import { structureLayout } from '../../src/analysis/structure-layout.ts';

/** Two 6-cliques joined by one bridge, and a third 6-clique hanging off the second. */
function threeCliques() {
  const nodes: { id: string; kind: string; clusters: string[] }[] = [];
  const edges: { source: string; target: string; weight: number }[] = [];
  for (const g of ['a', 'b', 'c']) {
    for (let i = 0; i < 6; i++) nodes.push({ id: `${g}${i}`, kind: 'enterprise', clusters: [] });
    for (let i = 0; i < 6; i++)
      for (let j = i + 1; j < 6; j++) edges.push({ source: `${g}${i}`, target: `${g}${j}`, weight: 1 });
  }
  edges.push({ source: 'a0', target: 'b0', weight: 1 }, { source: 'b3', target: 'c0', weight: 1 });
  return { nodes, edges };
}

describe('edgeLengthRatio', () => {
  it('is the mean inside length over the mean between length (worked by hand)', () => {
    const positions = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 3, y: 4 }], // |ab| = 5
      ['c', { x: 0, y: 1 }], // |ac| = 1
      ['d', { x: 0, y: 11 }], // |cd| = 10
    ]);
    const groups = new Map([
      ['a', 'g'],
      ['b', 'h'],
      ['c', 'g'],
      ['d', 'g'],
    ]);
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'c' },
      { source: 'c', target: 'd' },
    ];
    // inside: (1 + 10) / 2 = 5.5; between: 5 → 1.1
    expect(edgeLengthRatio(positions, edges, groups)).toBeCloseTo(11 / 10, 12);
    expect(edgeLengthRatio(positions, edges.slice(1), groups)).toBeNaN();
  });
});

describe('noverlap', () => {
  it('leaves no two nodes closer than two radii, coincident ones included', () => {
    const g = new UndirectedGraph();
    for (let i = 0; i < 30; i++) g.addNode(String(i), { x: (i % 3) * 0.1, y: 0 });
    noverlap(g, 1, 200);
    const xy = g.mapNodes((_, a) => [a.x as number, a.y as number] as const);
    let closest = Infinity;
    for (let i = 0; i < xy.length; i++)
      for (let j = i + 1; j < xy.length; j++)
        closest = Math.min(closest, Math.hypot(xy[i]![0] - xy[j]![0], xy[i]![1] - xy[j]![1]));
    expect(closest).toBeGreaterThan(1.9);
  });
});

describe('structureLayout', () => {
  it('draws three cliques apart: inside edges far shorter than bridges, converged', () => {
    const input = threeCliques();
    const layout = structureLayout(input);
    expect(layout.method).toBe('forceatlas2-linlog');
    expect(layout.converged).toBe(true);
    // Leiden finds the three cliques.
    expect(new Set(layout.communities.values()).size).toBe(3);
    expect(layout.communities.get('a1')).toBe(layout.communities.get('a5'));
    expect(layout.communities.get('a1')).not.toBe(layout.communities.get('b1'));
    const byClique = new Map(input.nodes.map((n) => [n.id, n.id[0]!]));
    expect(edgeLengthRatio(layout.positions, input.edges, byClique)).toBeLessThan(0.5);
  });

  it('is deterministic: the same input gives the same positions', () => {
    const first = structureLayout(threeCliques());
    const second = structureLayout(threeCliques());
    expect([...second.positions]).toEqual([...first.positions]);
  });

  it('keeps the cluster-seeded start alone above its size limit', () => {
    const nodes = Array.from({ length: 6001 }, (_, i) => ({
      id: `n${i}`,
      kind: 'enterprise',
      clusters: [`c${i % 3}`],
    }));
    const layout = structureLayout({ nodes, edges: [] });
    expect(layout).toMatchObject({ method: 'cluster-seeded', iterations: 0, converged: false });
    expect(layout.positions.size).toBe(6001);
  });
});
