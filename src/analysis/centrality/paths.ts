/**
 * Shortest-path centralities: betweenness (Brandes 2001; exact, or approximated from k sampled pivots
 * as in Brandes & Pich 2007), closeness (with the Wasserman–Faust correction for disconnected graphs,
 * as networkx's `wf_improved`), and harmonic centrality (Marchiori & Latora 2000; Boldi & Vigna 2014).
 * Weighted betweenness reads a tie's weight as its strength: the path length is the sum of 1 / weight.
 */
import type { AbstractGraph } from 'graphology-types';
import { Random } from '../../random.ts';
import { toCsr, toRecord, type Csr } from '../csr.ts';
import { runSharded } from '../parallel/sharded.ts';
import { brandesKernel } from './brandes-kernel.ts';
import { distanceKernel } from './distance-kernel.ts';
import { Type } from 'typebox';
import { defaultsOf, requireRange, seedOption, weightedOption, withDefaults } from '../options.ts';

export const BETWEENNESS_OPTIONS = Type.Object({
  weighted: weightedOption({ description: 'read weights as tie strengths: a path costs Σ 1/weight' }),
  normalized: Type.Boolean({ description: 'divide by (n−1)(n−2)', default: true }),
  k: Type.Integer({
    description: 'approximate from k sampled pivots (0 = exact); standard error ∝ 1/√k',
    default: 0,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  }),
  seed: seedOption(),
});
export const BETWEENNESS_DEFAULTS = defaultsOf(BETWEENNESS_OPTIONS);

/**
 * Betweenness by Brandes' algorithm on compressed sparse rows: breadth-first search per source
 * (Dijkstra when weighted, with path length Σ 1/weight), then dependencies accumulated in reverse
 * order. With k > 0, only k sources drawn uniformly without replacement (Brandes & Pich 2007),
 * scaled by n/k: an unbiased estimate whose standard error shrinks as 1/√k.
 */
export function betweenness(
  graph: AbstractGraph,
  options: Partial<typeof BETWEENNESS_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('betweenness', BETWEENNESS_DEFAULTS, options);
  requireRange('betweenness', 'k', o.k, 0, Number.MAX_SAFE_INTEGER);
  const out = toCsr(graph, 'out');
  const into = graph.type === 'directed' ? toCsr(graph, 'in') : out;
  const n = out.nodes.length;
  const exact = o.k === 0 || o.k >= n;
  const sources = exact
    ? [...Array(n).keys()]
    : new Random(o.seed).shuffle([...Array(n).keys()]).slice(0, o.k);
  let centrality: Float64Array = new Float64Array(n);
  if (o.weighted) accumulateWeighted(out, sources, centrality);
  else centrality = accumulate(out, into, sources, exact && graph.type !== 'directed');
  const undirected = graph.type !== 'directed';
  // The scaling of networkx: normalised by (n−1)(n−2); otherwise halved for undirected graphs.
  let scale = o.normalized ? (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) : undirected ? 0.5 : 1;
  if (!exact) scale *= n / o.k;
  return toRecord(
    out.nodes,
    centrality.map((x) => x * scale),
  );
}

/**
 * Unweighted Brandes (the kernel in brandes-kernel.ts), over shards of the sources on several cores.
 * With `skipLeaves` (exact, undirected): a leaf v whose one partner u has other partners sees the graph
 * as u does, so its dependencies δ_v(w) equal δ_u(w) for every w other than u and v, and u lies on all
 * its paths: δ_v(u) = (size of the component) − 2. Leaves are then not used as sources; u's
 * dependencies count 1 + (its leaves) times (Baglioni et al. 2012). CA-GrQc has 16 % leaves.
 */
function accumulate(out: Csr, into: Csr, sources: number[], skipLeaves: boolean): Float64Array {
  const n = out.nodes.length;
  const { offsets, targets } = out;
  const degree = (v: number) => offsets[v + 1]! - offsets[v]!;
  const leavesOf = new Int32Array(n);
  const skipped = new Uint8Array(n);
  if (skipLeaves) {
    for (let v = 0; v < n; v++) {
      if (degree(v) === 1 && degree(targets[offsets[v]!]!) > 1) {
        skipped[v] = 1;
        leavesOf[targets[offsets[v]!]!]!++;
      }
    }
  }
  return runSharded(brandesKernel, {
    inputs: [offsets, targets, into.offsets],
    sources: Int32Array.from(sources),
    extras: [skipped, leavesOf],
    resultLength: n,
    workPerSource: targets.length,
  });
}

function accumulateWeighted(out: Csr, sources: number[], centrality: Float64Array): void {
  const n = out.nodes.length;
  const sigma = new Float64Array(n);
  const dist = new Float64Array(n);
  const delta = new Float64Array(n);
  const done = new Uint8Array(n);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (const s of sources) {
    dist.fill(Infinity);
    sigma.fill(0);
    delta.fill(0);
    done.fill(0);
    for (const p of preds) p.length = 0;
    const order: number[] = [];
    const heap = new MinHeap();
    dist[s] = 0;
    sigma[s] = 1;
    heap.push(0, s);
    while (heap.size > 0) {
      const [d, v] = heap.pop();
      if (done[v] || d > dist[v]!) continue;
      done[v] = 1;
      order.push(v);
      for (let j = out.offsets[v]!; j < out.offsets[v + 1]!; j++) {
        const w = out.targets[j]!;
        const length = d + 1 / out.weights[j]!;
        if (length < dist[w]!) {
          dist[w] = length;
          sigma[w] = sigma[v]!;
          preds[w]!.length = 0;
          preds[w]!.push(v);
          heap.push(length, w);
        } else if (length === dist[w] && !done[w]) {
          sigma[w]! += sigma[v]!;
          preds[w]!.push(v);
        }
      }
    }
    for (let i = order.length - 1; i > 0; i--) {
      const w = order[i]!;
      const coefficient = (1 + delta[w]!) / sigma[w]!;
      for (const v of preds[w]!) delta[v]! += sigma[v]! * coefficient;
      centrality[w]! += delta[w]!;
    }
  }
}

/**
 * A binary min-heap of (priority, node) in two parallel number arrays. Kept rather than mnemonist's Heap
 * (graphology's own dependency): on Dijkstra's push/pop pattern (2 million pushes, a pop every third)
 * mnemonist's comparator-and-tuple heap took about 8× as long on the same machine.
 */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, value: number): void {
    const keys = this.keys;
    const values = this.values;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }
  pop(): [number, number] {
    const keys = this.keys;
    const values = this.values;
    const top: [number, number] = [keys[0]!, values[0]!];
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    if (keys.length > 0) {
      let i = 0;
      const n = keys.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && keys[right]! < keys[left]! ? right : left;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        values[i] = values[child]!;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}

export const CLOSENESS_OPTIONS = Type.Object({
  wassermanFaust: Type.Boolean({
    description: 'scale by the reachable share (disconnected graphs)',
    default: true,
  }),
});
export const CLOSENESS_DEFAULTS = defaultsOf(CLOSENESS_OPTIONS);

export function closeness(
  graph: AbstractGraph,
  options: Partial<typeof CLOSENESS_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('closeness', CLOSENESS_DEFAULTS, options);
  return distanceSums(graph, 0, o.wassermanFaust);
}

export const HARMONIC_OPTIONS = Type.Object({});
export const HARMONIC_DEFAULTS = defaultsOf(HARMONIC_OPTIONS);

/** Σ 1 / d(v, u) over the other nodes reachable from v (unnormalised, as networkx). */
export function harmonic(
  graph: AbstractGraph,
  options: Partial<typeof HARMONIC_DEFAULTS> = {},
): Record<string, number> {
  withDefaults('harmonic', HARMONIC_DEFAULTS, options);
  return distanceSums(graph, 1, false);
}

/**
 * One breadth-first search per participant (distance-kernel.ts), over shards of the sources on several
 * cores as betweenness. networkx measures distances *to* v in a directed graph: the searches walk the
 * in-rows.
 */
function distanceSums(graph: AbstractGraph, mode: 0 | 1, wassermanFaust: boolean): Record<string, number> {
  const rows = toCsr(graph, graph.type === 'directed' ? 'in' : 'out');
  const n = rows.nodes.length;
  const values = runSharded(distanceKernel, {
    inputs: [rows.offsets, rows.targets],
    sources: Int32Array.from({ length: n }, (_, i) => i),
    extras: [Float64Array.of(mode, wassermanFaust ? 1 : 0)],
    resultLength: n,
    workPerSource: rows.targets.length,
  });
  return toRecord(rows.nodes, values);
}
