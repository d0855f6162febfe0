/**
 * A graphology graph as compressed sparse rows, for the algorithms whose inner loops must not allocate:
 * node i's neighbours are targets[offsets[i] … offsets[i+1]), with their tie weights. `out` follows tie
 * directions (both ways for undirected ties); `in` is its transpose.
 */
import type { AbstractGraph } from 'graphology-types';

export interface Csr {
  nodes: string[];
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

export function toCsr(graph: AbstractGraph, direction: 'out' | 'in' = 'out'): Csr {
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    const w = typeof attributes.weight === 'number' ? attributes.weight : 1;
    if (undirected || direction === 'out') {
      from.push(a);
      to.push(b);
      weight.push(w);
    }
    if (undirected || direction === 'in') {
      from.push(b);
      to.push(a);
      weight.push(w);
    }
  });
  return { nodes, ...rowsFromArcs(nodes.length, from, to, weight) };
}

/** Compressed rows: row i's entries are targets[offsets[i] … offsets[i+1]). */
export interface Rows {
  offsets: Int32Array;
  targets: Int32Array;
}

export interface WeightedRows extends Rows {
  weights: Float64Array;
}

/**
 * The one builder of compressed rows in the code base: arcs from[k] → to[k] (with weight[k]) of n rows,
 * by counting sort, so that each row keeps its arcs in the order they were given.
 */
export function rowsFromArcs(n: number, from: ArrayLike<number>, to: ArrayLike<number>): Rows;
export function rowsFromArcs(
  n: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  weight: ArrayLike<number>,
): WeightedRows;
export function rowsFromArcs(
  n: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  weight?: ArrayLike<number>,
): Rows | WeightedRows {
  const m = from.length;
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) offsets[from[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(m);
  if (!weight) {
    for (let k = 0; k < m; k++) targets[fill[from[k]!]!++] = to[k]!;
    return { offsets, targets };
  }
  const weights = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const j = fill[from[k]!]!++;
    targets[j] = to[k]!;
    weights[j] = weight[k]!;
  }
  return { offsets, targets, weights };
}

/** Compressed rows from one list per row (the lists in order). */
export function rowsFromLists(lists: ArrayLike<number>[]): Rows {
  const offsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i]! + lists[i]!.length;
  const targets = new Int32Array(offsets[lists.length]!);
  for (let i = 0; i < lists.length; i++) targets.set(lists[i]!, offsets[i]!);
  return { offsets, targets };
}

export function toRecord(nodes: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < nodes.length; i++) out[nodes[i]!] = values[i]!;
  return out;
}
