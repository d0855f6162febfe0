import { MultiGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import type { NetworkResponse } from '../../web/src/api.ts';
import {
  addNetworkEdges,
  edgeColor,
  networkToSigmaGraph,
  responseEdges,
} from '../../web/src/graph-mapping.ts';
import { lineVertices, packColor, withoutEdges } from '../../web/src/line-edges.ts';

/** RGBA bytes of a packed colour, in memory order (what the vertex buffer holds). */
const bytes = (packed: number) => [...new Uint8Array(new Uint32Array([packed]).buffer)];

describe('packColor', () => {
  it('reads the CSS colour forms the graph holds into RGBA bytes', () => {
    // #e07b39 is (224, 123, 57) by its hex digits; alpha 0.55 of 255 is 140.25.
    expect(bytes(packColor('#e07b39'))).toEqual([224, 123, 57, 255]);
    expect(bytes(packColor('#fff'))).toEqual([255, 255, 255, 255]);
    expect(bytes(packColor('rgba(90,164,105,0.55)'))).toEqual([90, 164, 105, 140]);
    expect(bytes(packColor('rgb(1, 2, 3)'))).toEqual([1, 2, 3, 255]);
  });
});

function triangle() {
  const graph = new MultiGraph();
  for (const node of ['a', 'b', 'c']) graph.addNode(node);
  graph.addEdgeWithKey('ab', 'a', 'b', { color: '#ff0000' });
  graph.addEdgeWithKey('bc', 'b', 'c', { color: '#00ff00' });
  graph.addEdgeWithKey('ca', 'c', 'a', { color: '#0000ff' });
  return graph;
}
const positions: Record<string, { x: number; y: number }> = {
  a: { x: 0, y: 0 },
  b: { x: 1, y: 0 },
  c: { x: 0, y: 1 },
};

describe('lineVertices', () => {
  it('writes each edge as two vertices at its nodes, in its colour', () => {
    const out = lineVertices(triangle(), (n) => positions[n] ?? null, null);
    expect(out.count).toBe(3);
    expect([...out.positions.subarray(0, 12)]).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0]);
    expect([...out.colors.subarray(0, 6)].map((c) => bytes(c).slice(0, 3))).toEqual([
      [255, 0, 0],
      [255, 0, 0],
      [0, 255, 0],
      [0, 255, 0],
      [0, 0, 255],
      [0, 0, 255],
    ]);
  });

  it('leaves out the edges of a hidden node and those the reducer hides, and takes its colour', () => {
    const hiddenC = lineVertices(triangle(), (n) => (n === 'c' ? null : (positions[n] ?? null)), null);
    expect(hiddenC.count).toBe(1);
    const reduced = lineVertices(
      triangle(),
      (n) => positions[n] ?? null,
      (edge, data) => (edge === 'bc' ? { ...data, visibility: 'hidden' } : { ...data, color: '#010203' }),
    );
    expect(reduced.count).toBe(2);
    expect(bytes(reduced.colors[0]!)).toEqual([1, 2, 3, 255]);
    expect([...reduced.positions.subarray(4, 8)]).toEqual([0, 1, 0, 0]);
  });
});

describe('withoutEdges', () => {
  it('shows the nodes and their events, and no edge nor edge event', () => {
    const graph = triangle();
    const view = withoutEdges(graph);
    expect(view.order).toBe(3);
    expect(view.nodes()).toEqual(['a', 'b', 'c']);
    expect(view.size).toBe(0);
    expect(view.edges()).toEqual([]);
    let edgeCalls = 0;
    view.forEachEdge(() => edgeCalls++);
    expect(edgeCalls).toBe(0);
    const heard: string[] = [];
    view.on('nodeAttributesUpdated', () => heard.push('node'));
    view.on('edgeAdded', () => heard.push('edge'));
    graph.setNodeAttribute('a', 'x', 5);
    graph.addEdge('a', 'c');
    expect(heard).toEqual(['node']);
    expect(view.getNodeAttribute('a', 'x')).toBe(5);
    // The same view each time: sigma, given it again, sees the graph it already holds.
    expect(withoutEdges(graph)).toBe(view);
  });
});

describe('responseEdges and addNetworkEdges', () => {
  const node = (key: string) => ({
    key,
    attributes: { label: key, kind: 'enterprise', clusters: [], platforms: [], x: 0, y: 0 },
  });
  const network = {
    graphVersion: 1,
    truncated: false,
    limit: 10,
    total: { nodes: 3, edges: 4 },
    layout: { method: 'cluster-seeded', iterations: 0, converged: false },
    layers: [],
    graph: {
      options: { type: 'mixed', multi: true, allowSelfLoops: false },
      attributes: {},
      nodes: [node('a'), node('b'), node('c')],
      edges: [
        { key: 'e1', source: 'a', target: 'b', undirected: true, attributes: { layer: 'rnd', weight: 1 } },
        {
          key: 'e2',
          source: 'b',
          target: 'c',
          undirected: false,
          attributes: { layer: 'supply', weight: 2 },
        },
        { key: 'e3', source: 'c', target: 'c', undirected: true, attributes: { layer: 'rnd', weight: 1 } },
        { key: 'e4', source: 'c', target: 'gone', undirected: true, attributes: { layer: 'rnd', weight: 1 } },
      ],
    },
  } as unknown as NetworkResponse;

  it('read the same edges as the whole graph holds, added in parts', () => {
    const whole = networkToSigmaGraph(network, { color: 'kind', clusters: [] });
    const nodesOnly = networkToSigmaGraph(network, { color: 'kind', clusters: [] }, { edges: false });
    expect(nodesOnly.size).toBe(0);
    const pending = responseEdges(network, nodesOnly);
    const read: string[] = [];
    pending.forEachEdge((edge, a, source, target) => read.push(`${edge} ${source} ${target} ${a.color}`));
    const held: string[] = [];
    whole.forEachEdge((edge, a, source, target) => held.push(`${edge} ${source} ${target} ${a.color}`));
    expect(read).toEqual(held);
    expect(pending.size).toBe(whole.size);
    expect(read[0]).toBe(`e1 a b ${edgeColor('rnd')}`);
    addNetworkEdges(nodesOnly, network, 0, 1);
    addNetworkEdges(nodesOnly, network, 1, 10);
    expect(nodesOnly.edges()).toEqual(whole.edges());
    expect(nodesOnly.getEdgeAttributes('e2')).toEqual(whole.getEdgeAttributes('e2'));
  });
});
