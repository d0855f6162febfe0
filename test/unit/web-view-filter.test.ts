import { MultiGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import type { Column } from '../../web/src/attributes.ts';
import type { SigmaGraph } from '../../web/src/graph-mapping.ts';
import { COLUMN_ID } from '../../web/src/url-state.ts';
import { filterView, recountLegend, tiedPairs } from '../../web/src/view-filter.ts';
import { parseRanges, serializeRanges } from '../../web/src/view-ranges.ts';

/** a — b — c — d in a line (a→b directed in two layers), e alone; employees 10, 20, 30, 40, none. */
function graph(): SigmaGraph {
  const g: SigmaGraph = new MultiGraph({ type: 'mixed', allowSelfLoops: false });
  const node = (id: string, clusters: string[]) =>
    g.addNode(id, {
      label: id,
      kind: 'enterprise',
      region: 'r',
      clusters,
      platforms: [],
      degree: 0,
      community: '',
      x: 0,
      y: 0,
      size: 3,
      color: '#000',
      category: clusters[0] ?? '∅',
      ring: 'rgba(0,0,0,0)',
    });
  node('a', ['k1']);
  node('b', ['k1', 'k2']);
  node('c', ['k2']);
  node('d', []);
  node('e', []);
  const edge = (key: string, s: string, t: string, layer: string, weight: number, directed = false) => {
    const attrs = { layer, weight, since: null, color: '#999', size: 1, type: 'line' as const };
    if (directed) g.addDirectedEdgeWithKey(key, s, t, attrs);
    else g.addUndirectedEdgeWithKey(key, s, t, attrs);
  };
  edge('ab1', 'a', 'b', 'supply', 1, true);
  edge('ab2', 'a', 'b', 'rnd', 3);
  edge('bc', 'b', 'c', 'rnd', 2);
  edge('cd', 'c', 'd', 'supply', 1);
  return g;
}

const employees: Column = {
  id: 'field:employees',
  title: 'Employees',
  type: 'numeric',
  value: (n) => ({ a: 10, b: 20, c: 30, d: 40 })[n] ?? null,
};

const ids = (g: SigmaGraph) => g.nodes().sort();

describe('filters on the drawing (view-filter.ts)', () => {
  it('with no filter, the drawn graph itself', () => {
    const g = graph();
    expect(filterView(g, { ego: null, egoRadius: 0, ranges: [] }, []).graph).toBe(g);
  });

  it('the ego network: 1 and 2 steps, both directions of a directed tie', () => {
    const g = graph();
    expect(ids(filterView(g, { ego: 'b', egoRadius: 1, ranges: [] }, []).graph)).toEqual(['a', 'b', 'c']);
    expect(ids(filterView(g, { ego: 'a', egoRadius: 2, ranges: [] }, []).graph)).toEqual(['a', 'b', 'c']);
    const two = filterView(g, { ego: 'b', egoRadius: 2, ranges: [] }, []).graph;
    expect(ids(two)).toEqual(['a', 'b', 'c', 'd']);
    expect(two.size).toBe(4);
    const missing = filterView(g, { ego: 'zz', egoRadius: 1, ranges: [] }, []);
    expect(missing.egoMissing).toBe(true);
    expect(missing.graph.order).toBe(0);
  });

  it('ranges on a column (no value: outside) and on tie weight; then the ego network over what is kept', () => {
    const g = graph();
    const big = filterView(
      g,
      { ego: null, egoRadius: 0, ranges: [{ column: 'field:employees', min: 20, max: null }] },
      [employees],
    ).graph;
    expect(ids(big)).toEqual(['b', 'c', 'd']);
    expect(big.size).toBe(2);
    const heavy = filterView(
      g,
      { ego: null, egoRadius: 0, ranges: [{ column: 'tie:weight', min: 2, max: null }] },
      [],
    ).graph;
    expect(ids(heavy)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(heavy.edges().sort()).toEqual(['ab2', 'bc']);
    // Composed: from a over ties of weight ≥ 2 only, two steps reach c but not d.
    const both = filterView(
      g,
      { ego: 'a', egoRadius: 2, ranges: [{ column: 'tie:weight', min: 2, max: null }] },
      [],
    ).graph;
    expect(ids(both)).toEqual(['a', 'b', 'c']);
  });

  it('a range on a column the view does not have is reported, not applied', () => {
    const result = filterView(
      graph(),
      { ego: null, egoRadius: 0, ranges: [{ column: 'attr:nothing', min: 1, max: 2 }] },
      [employees],
    );
    expect(result.unknown).toEqual(['attr:nothing']);
    expect(result.graph.order).toBe(5);
  });

  it('counts tied pairs (a pair tied in two layers once) and the ties', () => {
    const g = graph();
    expect(g.size).toBe(4);
    expect(tiedPairs(g)).toBe(3);
  });

  it('recounts a cluster legend on the view: members per cluster, rings, empty entries dropped', () => {
    const g = graph();
    const legend = {
      title: 'Cluster',
      items: [
        { key: 'k1', label: 'K1', color: '#f00', count: 2 },
        { key: 'k2', label: 'K2', color: '#0f0', count: 2 },
        { key: '∅', label: 'no cluster', color: '#999', count: 2 },
      ],
      rings: 1,
    };
    const view = filterView(g, { ego: 'c', egoRadius: 1, ranges: [] }, []).graph; // b, c, d
    const counted = recountLegend(legend, view, true);
    expect(counted.items.map((i) => [i.key, i.count])).toEqual([
      ['k1', 1],
      ['k2', 2],
      ['∅', 1],
    ]);
    expect(counted.rings).toBe(1);
    const alone = recountLegend(
      legend,
      filterView(g, { ego: 'd', egoRadius: 1, ranges: [] }, []).graph,
      true,
    );
    expect(alone.items.map((i) => i.key)).toEqual(['k2', '∅']);
    expect(alone.rings).toBeUndefined();
  });

  it('writes ranges to the URL and reads them back; bad parts are dropped', () => {
    const ranges = [
      { column: 'field:employees', min: 100, max: null },
      { column: 'tie:weight', min: 2, max: 5.5 },
    ];
    const text = serializeRanges(ranges);
    expect(text).toBe('field:employees:100..;tie:weight:2..5.5');
    expect(parseRanges(text, COLUMN_ID)).toEqual(ranges);
    expect(parseRanges('field:employees:9..3;bogus:1..2;field:founded:..;attr:x:abc..', COLUMN_ID)).toEqual([
      { column: 'field:employees', min: 3, max: 9 },
    ]);
  });
});
