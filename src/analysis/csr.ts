/**
 * A graphology graph as compressed sparse rows, for the algorithms whose inner loops must not allocate:
 * node i's neighbours are targets[offsets[i] … offsets[i+1]), with their tie weights. `out` follows tie
 * directions (both ways for undirected ties); `in` is its transpose.
 *
 * The rows of a graph are built once and kept until the graph changes: walking 200,000 graphology edges
 * costs more than PageRank on the rows, and every measure run on the same flattened view (the API keeps
 * them, src/analysis/views.ts) would otherwise pay it again. The rows are shared: read them, never write.
 */
import type { AbstractGraph } from 'graphology-types';

export interface Csr {
  nodes: string[];
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

interface KeptRows {
  out?: Csr;
  in?: Csr;
}

const kept = new WeakMap<AbstractGraph, KeptRows>();
/** Graphs whose changes are listened to (once per graph, however often its rows are rebuilt). */
const watched = new WeakSet<AbstractGraph>();

/**
 * graphology announces every change that alters the rows (edges or nodes added or dropped, edge
 * attributes set through its API); on any of them the kept rows are dropped. Writing into an attributes
 * object directly is not announced — the flattening does that only while it builds a graph, before any
 * rows exist.
 */
const CHANGES = [
  'nodeAdded',
  'nodeDropped',
  'edgeAdded',
  'edgeDropped',
  'edgeAttributesUpdated',
  'eachEdgeAttributesUpdated',
  'cleared',
  'edgesCleared',
] as const;

function keptFor(graph: AbstractGraph): KeptRows {
  let rows = kept.get(graph);
  if (!rows) {
    rows = {};
    kept.set(graph, rows);
    if (!watched.has(graph)) {
      watched.add(graph);
      const forget = () => kept.delete(graph);
      for (const change of CHANGES) graph.on(change, forget);
    }
  }
  return rows;
}

export function toCsr(graph: AbstractGraph, direction: 'out' | 'in' = 'out'): Csr {
  const rows = keptFor(graph);
  // In an undirected graph both directions are the same rows.
  const slot = graph.type === 'undirected' ? 'out' : direction;
  return (rows[slot] ??= buildCsr(graph, slot));
}

/** Keeps rows built elsewhere (the flattening builds them with the graph); they must equal buildCsr's. */
export function keepCsr(graph: AbstractGraph, direction: 'out' | 'in', csr: Csr): void {
  keptFor(graph)[graph.type === 'undirected' ? 'out' : direction] = csr;
}

function buildCsr(graph: AbstractGraph, direction: 'out' | 'in'): Csr {
  const nodes = graph.nodes();
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!, i);
  const m = graph.size;
  // An undirected edge gives two arcs: at most 2m.
  let from = new Int32Array(2 * m);
  let to = new Int32Array(2 * m);
  let weight = new Float64Array(2 * m);
  let k = 0;
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    const w = typeof attributes.weight === 'number' ? attributes.weight : 1;
    if (undirected || direction === 'out') {
      from[k] = a;
      to[k] = b;
      weight[k++] = w;
    }
    if (undirected || direction === 'in') {
      from[k] = b;
      to[k] = a;
      weight[k++] = w;
    }
  });
  from = from.subarray(0, k);
  to = to.subarray(0, k);
  weight = weight.subarray(0, k);
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

/**
 * For node lists whose ids are all array indices ("0", "17", … — SNAP's data sets, numbered
 * participants): the ids as numbers and a record holding every id (values 0), built once in ascending
 * id order; null otherwise. Kept per list (the kept rows share theirs).
 */
interface IndexRecord {
  ids: Int32Array;
  template: Record<number, number>;
}
const indexRecords = new WeakMap<string[], IndexRecord | null>();
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,8})$/;

function indexRecord(nodes: string[]): IndexRecord | null {
  let kept = indexRecords.get(nodes);
  if (kept !== undefined) return kept;
  kept = null;
  if (nodes.every((id) => ARRAY_INDEX.test(id))) {
    const ids = Int32Array.from(nodes, Number);
    const template: Record<number, number> = {};
    for (const id of [...ids].sort((a, b) => a - b)) template[id] = 0;
    kept = { ids, template };
  }
  indexRecords.set(nodes, kept);
  return kept;
}

/**
 * The values as a record by node id. Ids that are array indices are stored by V8 as the object's
 * elements, which enumerate in ascending order whatever the insertion order: a copy of the kept
 * template (built in that order, so a fast holey array rather than a hash table) with the values written
 * by number is the same record, 4–5× faster on CA-GrQc, where building it was most of k-core's time.
 */
export function toRecord(nodes: string[], values: ArrayLike<number>): Record<string, number> {
  const kept = indexRecord(nodes);
  if (kept) {
    const out: Record<number, number> = { ...kept.template };
    const { ids } = kept;
    for (let i = 0; i < ids.length; i++) out[ids[i]!] = values[i]!;
    return out;
  }
  const out: Record<string, number> = {};
  for (let i = 0; i < nodes.length; i++) out[nodes[i]!] = values[i]!;
  return out;
}
