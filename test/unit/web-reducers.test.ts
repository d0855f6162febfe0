import fs from 'node:fs';
import { MultiGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import type { Bundle } from '../../src/exchange/model.ts';
import { FADED_NODE } from '../../web/src/colors.ts';
import {
  createReducers,
  distinctShortLabels,
  emptyInteraction,
  focusOf,
  shortLabel,
} from '../../web/src/reducers.ts';

// a — b — c — d, and e alone; a → e directed.
function graph(): MultiGraph {
  const g = new MultiGraph({ type: 'mixed' });
  for (const n of ['a', 'b', 'c', 'd', 'e'])
    g.addNode(n, { x: 0, y: 0, size: 3, color: '#123456', label: n });
  g.addUndirectedEdgeWithKey('ab', 'a', 'b', { size: 1, color: '#999' });
  g.addUndirectedEdgeWithKey('bc', 'b', 'c', { size: 1, color: '#999' });
  g.addUndirectedEdgeWithKey('cd', 'c', 'd', { size: 1, color: '#999' });
  g.addDirectedEdgeWithKey('ae', 'a', 'e', { size: 1, color: '#999' });
  return g;
}

const draw = (g: MultiGraph, state: Parameters<typeof createReducers>[1]) => {
  const { nodeReducer, edgeReducer } = createReducers(g, state);
  const nodes = Object.fromEntries(g.mapNodes((n, a) => [n, nodeReducer(n, a)]));
  const edges = Object.fromEntries(g.mapEdges((e, a) => [e, edgeReducer(e, a)]));
  return { nodes, edges };
};

describe('web reducers', () => {
  it('leave everything as it is without interaction, and never mutate the graph', () => {
    const g = graph();
    const before = JSON.stringify(g.export());
    const { nodes, edges } = draw(g, emptyInteraction());
    expect(nodes.c!.color).toBe('#123456');
    expect(Object.values(edges).some((e) => e.visibility === 'hidden')).toBe(false);
    draw(g, { ...emptyInteraction(), selected: 'a', highlighted: new Set(['c']) });
    expect(JSON.stringify(g.export())).toBe(before);
  });

  it('selecting a node keeps its neighbourhood (both directions) and hides the other edges', () => {
    const g = graph();
    const { nodes, edges } = draw(g, { ...emptyInteraction(), selected: 'a' });
    expect(nodes.b!.color).toBe('#123456');
    expect(nodes.e!.color).toBe('#123456');
    expect(nodes.c!.color).toBe(FADED_NODE);
    expect(nodes.c!.labelVisibility).toBe('hidden');
    expect(nodes.a!.labelVisibility).toBe('visible');
    expect(edges.ab!.visibility).toBeUndefined();
    expect(edges.ae!.visibility).toBeUndefined();
    expect(edges.bc!.visibility).toBe('hidden');
    expect(edges.ab!.size).toBeGreaterThan(1);
  });

  it('a highlight wins over the selection', () => {
    const g = graph();
    const highlighted = new Set(['b', 'd']);
    expect(focusOf(g, { ...emptyInteraction(), selected: 'e', highlighted }).nodes).toEqual(highlighted);
    expect(focusOf(g, { ...emptyInteraction(), selected: 'e' }).nodes).toEqual(new Set(['a', 'e']));
  });

  it('a highlight shows only edges inside it, labels its members, and marks the selection', () => {
    const g = graph();
    const { nodes, edges } = draw(g, {
      ...emptyInteraction(),
      selected: 'a',
      highlighted: new Set(['a', 'b', 'c']),
    });
    expect(edges.ab!.visibility).toBeUndefined();
    expect(edges.bc!.visibility).toBeUndefined();
    expect(edges.cd!.visibility).toBe('hidden');
    expect(edges.ae!.visibility).toBe('hidden');
    expect(nodes.c!.labelVisibility).toBe('visible');
    expect(nodes.a!.size).toBeGreaterThan(3);
    expect(nodes.b!.depth).toBe('topNodes');
    expect(nodes.d!.color).toBe(FADED_NODE);
  });

  it('keeps the framing nodes through a highlight, without labelling them', () => {
    const g = graph();
    const focus = focusOf(g, {
      ...emptyInteraction(),
      highlighted: new Set(['a']),
      framing: new Set(['d', 'zz']),
    });
    expect(focus.nodes).toEqual(new Set(['a', 'd']));
    expect(focus.labelled).toEqual(new Set(['a']));
  });

  it('lays the DiD colours over the mapping, and ignores ids not in the graph', () => {
    const g = graph();
    const { nodes } = draw(g, {
      ...emptyInteraction(),
      colorOverride: new Map([['a', '#2166ac']]),
      selected: 'zz',
    });
    expect(nodes.a!.color).toBe('#2166ac');
    expect(nodes.b!.color).toBe('#123456');
    expect(focusOf(g, { ...emptyInteraction(), highlighted: new Set(['zz']) }).nodes).toEqual(new Set());
  });
});

describe('distinct short labels', () => {
  // The demo's names (seed/lipetsk.json): its two cluster development centres both cut to «Центр кластерного…».
  const demo = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle;
  const names = [...demo.participants, ...demo.clusters, ...demo.platforms].map((x) => x.name);

  it('tells every two different names of the demo apart, each label the start of its name', () => {
    const labels = distinctShortLabels(names);
    const centres = names.filter((n) => n.startsWith('Центр кластерного развития'));
    expect(centres.length).toBeGreaterThanOrEqual(2);
    expect(new Set(centres.map(shortLabel)).size).toBeLessThan(centres.length); // the problem
    expect(new Set(centres.map((n) => labels.get(n))).size).toBe(centres.length);
    const distinct = [...new Set(names)];
    expect(new Set(distinct.map((n) => labels.get(n))).size).toBe(distinct.length);
    for (const n of distinct) expect(n.startsWith(labels.get(n)!.replace(/…$/, ''))).toBe(true);
  });

  it('keeps the ordinary short label where it is already unique', () => {
    const labels = distinctShortLabels(names);
    const unique = names.filter((n) => names.filter((m) => shortLabel(m) === shortLabel(n)).length === 1);
    for (const n of unique) expect(labels.get(n)).toBe(shortLabel(n));
  });
});
