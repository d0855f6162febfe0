/**
 * Filters the view applies to the drawn network itself (the server's filters — layers, kinds, clusters,
 * platforms, regions, tie years — decide which network is sent; these work on what arrived): the ego
 * network of a participant (everyone within 1 or 2 steps) and ranges on numeric attributes (any numeric
 * column of the data table: fields, free attributes, indicators, the measures shown) and on tie weight.
 * They compose: ranges first, then the ego network inside what the ranges keep. The result is a copy of the
 * drawn graph holding only what is shown, so that every count, the legend, the ranks, the table and the
 * exports say what is on screen; with no filter the drawn graph itself is used (no copy).
 */
import { MultiGraph } from 'graphology';
import type { Column } from './attributes.ts';
import { NO_GROUP, type Legend, type SigmaGraph } from './graph-mapping.ts';
import { TIE_WEIGHT, type Range } from './view-ranges.ts';

export interface ViewFilter {
  ego: string | null;
  egoRadius: number;
  ranges: Range[];
}

export function isFiltering(filter: ViewFilter): boolean {
  return (filter.ego !== null && filter.egoRadius > 0) || filter.ranges.length > 0;
}

const inRange = (v: number, r: Range) => (r.min === null || v >= r.min) && (r.max === null || v <= r.max);

export interface FilteredView {
  graph: SigmaGraph;
  /** Ranges that name a column the view does not have (not applied). */
  unknown: string[];
  /** The ego participant is not in the drawn network (or the ranges removed it). */
  egoMissing: boolean;
}

/** The part of `full` the filter keeps (`full` itself when nothing is filtered). */
export function filterView(full: SigmaGraph, filter: ViewFilter, columns: readonly Column[]): FilteredView {
  if (!isFiltering(filter)) return { graph: full, unknown: [], egoMissing: false };
  const byId = new Map(columns.filter((c) => c.type === 'numeric').map((c) => [c.id, c]));
  const unknown: string[] = [];
  const nodeRanges: { range: Range; column: Column }[] = [];
  const weightRanges: Range[] = [];
  for (const range of filter.ranges) {
    if (range.column === TIE_WEIGHT) weightRanges.push(range);
    else if (byId.has(range.column)) nodeRanges.push({ range, column: byId.get(range.column)! });
    else unknown.push(range.column);
  }
  // A participant without a value is outside any range on that column (as Gephi's range filter does).
  const keep = new Set<string>();
  full.forEachNode((id) => {
    for (const { range, column } of nodeRanges) {
      const v = column.value(id);
      if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, range)) return;
    }
    keep.add(id);
  });
  const edgeKept = (weight: number, source: string, target: string) =>
    keep.has(source) && keep.has(target) && weightRanges.every((r) => inRange(weight, r));

  let egoMissing = false;
  if (filter.ego !== null && filter.egoRadius > 0) {
    if (!keep.has(filter.ego)) {
      egoMissing = true;
      keep.clear();
    } else {
      // Breadth-first over the ties the ranges keep, both directions.
      const reached = new Set([filter.ego]);
      let frontier = [filter.ego];
      for (let step = 0; step < filter.egoRadius && frontier.length; step++) {
        const next: string[] = [];
        for (const node of frontier)
          full.forEachEdge(node, (_e, a, source, target) => {
            if (!edgeKept(a.weight, source, target)) return;
            const other = source === node ? target : source;
            if (!reached.has(other)) {
              reached.add(other);
              next.push(other);
            }
          });
        frontier = next;
      }
      for (const id of keep) if (!reached.has(id)) keep.delete(id);
    }
  }

  const graph: SigmaGraph = new MultiGraph({ type: 'mixed', allowSelfLoops: false });
  full.forEachNode((id, a) => {
    if (keep.has(id)) graph.addNode(id, { ...a });
  });
  full.forEachEdge((edge, a, source, target, _sa, _ta, undirected) => {
    if (!edgeKept(a.weight, source, target)) return;
    if (undirected) graph.addUndirectedEdgeWithKey(edge, source, target, { ...a });
    else graph.addDirectedEdgeWithKey(edge, source, target, { ...a });
  });
  return { graph, unknown, egoMissing };
}

const pairCounts = new WeakMap<SigmaGraph, { size: number; pairs: number }>();

/**
 * Distinct pairs of participants with at least one tie (any layer, either direction). Remembered per graph
 * and edge count: the status bar asks on every redraw, and 200,000 ties take a while to pair up.
 */
export function tiedPairs(graph: SigmaGraph): number {
  const known = pairCounts.get(graph);
  if (known && known.size === graph.size) return known.pairs;
  const pairs = new Set<string>();
  graph.forEachEdge((_e, _a, source, target) =>
    pairs.add(source < target ? `${source}\u0000${target}` : `${target}\u0000${source}`),
  );
  pairCounts.set(graph, { size: graph.size, pairs: pairs.size });
  return pairs.size;
}

/**
 * The colour legend counted on the view: the same entries and colours as for the whole drawing, with the
 * counts of what is shown (members per cluster when colouring by cluster; entries with none left out).
 */
export function recountLegend(legend: Legend, graph: SigmaGraph, byCluster: boolean): Legend {
  const counts = new Map<string, number>();
  let rings = 0;
  graph.forEachNode((_id, a) => {
    const keys = byCluster && a.clusters.length ? a.clusters : [byCluster ? NO_GROUP : a.category];
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    if (byCluster && a.clusters.length > 1) rings++;
  });
  const named = new Set(legend.items.map((i) => i.key));
  // The "n smaller communities / more values" entry: whatever the named entries do not hold.
  const rest = [...counts].filter(([k]) => !named.has(k)).reduce((s, [, n]) => s + n, 0);
  const items = legend.items
    .map((item) => ({ ...item, count: item.key === '…' ? rest : (counts.get(item.key) ?? 0) }))
    .filter((item) => item.count > 0);
  const out: Legend = { ...legend, items };
  if (byCluster) {
    if (rings) out.rings = rings;
    else delete out.rings;
  }
  return out;
}
