import { describe, expect, it } from 'vitest';
import { NO_RING } from '../../web/src/node-ring.ts';
import type { NetworkResponse } from '../../web/src/api.ts';
import { CATEGORICAL, KIND_COLORS, LAYER_COLORS, NEUTRAL } from '../../web/src/colors.ts';
import {
  MIN_NODE_SIZE,
  applyAppearance,
  edgeColor,
  effectColors,
  layerLegend,
  maxNodeSize,
  networkToSigmaGraph,
  type Appearance,
} from '../../web/src/graph-mapping.ts';

const clusters = [
  { id: 'valley', name: 'Долина машиностроения' },
  { id: 'appliances', name: 'Кластер бытовой техники' },
];

function node(key: string, kind: string, clusterIds: string[], x = 1, y = 2) {
  return {
    key,
    attributes: {
      label: key.toUpperCase(),
      kind,
      region: 'lipetsk',
      clusters: clusterIds,
      platforms: [],
      degree: 0,
      community: '',
      x,
      y,
    },
  };
}

const network: NetworkResponse = {
  graphVersion: 7,
  truncated: false,
  limit: 5000,
  total: { nodes: 4, edges: 4 },
  layout: { method: 'forceatlas2-linlog', iterations: 0, converged: false },
  layers: [],
  graph: {
    options: { type: 'mixed', multi: true, allowSelfLoops: false },
    attributes: {},
    nodes: [
      node('a', 'enterprise', ['appliances', 'valley']),
      node('b', 'university', ['valley']),
      node('c', 'startup', []),
      node('d', 'enterprise', ['appliances']),
    ],
    edges: [
      {
        key: 'e1',
        source: 'a',
        target: 'b',
        undirected: true,
        attributes: { layer: 'rnd', weight: 3, since: 2012 },
      },
      {
        key: 'e2',
        source: 'a',
        target: 'b',
        undirected: true,
        attributes: { layer: 'supply', weight: 1, since: 2010 },
      },
      {
        key: 'e3',
        source: 'c',
        target: 'a',
        undirected: false,
        attributes: { layer: 'investment', weight: 2, since: 2015 },
      },
      {
        key: 'e4',
        source: 'c',
        target: 'missing',
        undirected: true,
        attributes: { layer: 'rnd', weight: 1, since: 2015 },
      },
    ],
  },
};

const byCluster: Appearance = { color: 'cluster', clusters };

describe('web graph mapping (API network → sigma graph)', () => {
  it('copies nodes with positions and labels, keeps parallel edges of different layers, drops dangling edges', () => {
    const g = networkToSigmaGraph(network, byCluster);
    expect(g.order).toBe(4);
    expect(g.size).toBe(3);
    expect(g.getNodeAttributes('a')).toMatchObject({ label: 'A', x: 1, y: 2, kind: 'enterprise' });
    expect(g.edges('a', 'b').sort()).toEqual(['e1', 'e2']);
    expect(g.isDirected('e3')).toBe(true);
    expect(g.getEdgeAttribute('e3', 'type')).toBe('arrow');
    expect(g.getEdgeAttribute('e1', 'type')).toBe('line');
  });

  it('colours edges by layer', () => {
    const g = networkToSigmaGraph(network, byCluster);
    expect(g.getEdgeAttribute('e1', 'color')).toBe(edgeColor('rnd'));
    expect(edgeColor('rnd')).toMatch(/^rgba\(224,123,57,/);
    expect(LAYER_COLORS.rnd).toBe('#e07b39');
    const legend = layerLegend(g, { rnd: 'R&D' });
    expect(legend.items.map((i) => [i.label, i.count])).toEqual([
      ['investment', 1],
      ['R&D', 1],
      ['supply', 1],
    ]);
  });

  it('colours by cluster in the facets order; a member of two clusters takes the first, is ringed and counted in both; none is grey', () => {
    const g = networkToSigmaGraph(network, byCluster);
    expect(g.getNodeAttribute('a', 'color')).toBe(CATEGORICAL[0]);
    expect(g.getNodeAttribute('a', 'category')).toBe('valley');
    expect(g.getNodeAttribute('d', 'color')).toBe(CATEGORICAL[1]);
    expect(g.getNodeAttribute('c', 'color')).toBe(NEUTRAL);
    const legend = applyAppearance(g, byCluster);
    expect(legend.title).toBe('Cluster');
    // Counts are members: a (in both clusters) counts in each, so both clusters have 2.
    expect(legend.items.map((i) => [i.label, i.count])).toEqual([
      ['Кластер бытовой техники', 2],
      ['Долина машиностроения', 2],
      ['no cluster', 1],
    ]);
    expect(legend.rings).toBe(1);
    expect(g.getNodeAttribute('a', 'ring')).toBe(CATEGORICAL[1]);
    expect(g.getNodeAttribute('b', 'ring')).toBe(NO_RING);
  });

  it('gives the palette to the biggest clusters when there are more clusters than colours', () => {
    const many = Array.from({ length: CATEGORICAL.length + 4 }, (_, i) => ({
      id: `c${i}`,
      name: `Cluster ${i}`,
    }));
    const last = many[many.length - 1]!.id;
    const big: NetworkResponse = {
      ...network,
      graph: {
        ...network.graph,
        nodes: [
          node('a', 'enterprise', [last]),
          node('b', 'enterprise', [last]),
          node('c', 'enterprise', ['c0']),
        ],
        edges: [],
      },
    };
    const g = networkToSigmaGraph(big, { color: 'cluster', clusters: many });
    expect(g.getNodeAttribute('a', 'color')).toBe(CATEGORICAL[0]);
    expect(g.getNodeAttribute('c', 'color')).toBe(CATEGORICAL[1]);
  });

  it('colours by kind with the fixed kind palette, and by community with the biggest first', () => {
    const g = networkToSigmaGraph(network, { color: 'kind', clusters });
    expect(g.getNodeAttribute('b', 'color')).toBe(KIND_COLORS.university);
    const legend = applyAppearance(g, { color: 'community', clusters, communities: { a: 5, b: 5, c: 9 } });
    expect(g.getNodeAttribute('a', 'color')).toBe(CATEGORICAL[0]);
    expect(g.getNodeAttribute('c', 'color')).toBe(CATEGORICAL[1]);
    expect(g.getNodeAttribute('d', 'color')).toBe(NEUTRAL);
    expect(legend.items.map((i) => i.label)).toEqual(['community 5', 'community 9', 'none']);
  });

  it('sizes by a measure on a square-root scale; equal sizes without one', () => {
    const g = networkToSigmaGraph(network, { ...byCluster, sizes: { a: 4, b: 1, c: 0 } });
    const top = maxNodeSize(4);
    expect(g.getNodeAttribute('a', 'size')).toBeCloseTo(top);
    expect(g.getNodeAttribute('c', 'size')).toBeCloseTo(MIN_NODE_SIZE);
    expect(g.getNodeAttribute('b', 'size')).toBeCloseTo(MIN_NODE_SIZE + 0.5 * (top - MIN_NODE_SIZE));
    expect(g.getNodeAttribute('d', 'size')).toBeCloseTo(MIN_NODE_SIZE);
    const flat = networkToSigmaGraph(network, byCluster);
    expect(new Set(flat.mapNodes((_, a) => a.size)).size).toBe(1);
    expect(maxNodeSize(20_000)).toBeLessThan(maxNodeSize(100));
  });

  it('gives DiD groups a diverging colour by effect, grey when not significant, first group wins', () => {
    const { colors, extent } = effectColors([
      { members: ['a', 'b'], value: 20, significant: true },
      { members: ['a', 'c'], value: -10, significant: true },
      { members: ['d'], value: 50, significant: false },
    ]);
    expect(extent).toBe(20);
    expect(colors.get('a')).toBe('#2166ac');
    // Half of the extent below zero: half way from white to ColorBrewer's red.
    expect(colors.get('c')).toBe('#d58891');
    expect(colors.get('c')).not.toBe(colors.get('a'));
    expect(colors.get('d')).toBe(NEUTRAL);
  });
});
