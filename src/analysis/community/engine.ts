/**
 * The engine behind Leiden and multislice community detection: the Leiden algorithm (Traag, Waltman &
 * van Eck 2019, "From Louvain to Leiden: guaranteeing well-connected communities", Sci. Rep. 9:5233) —
 * fast local moving, refinement, aggregation of the refined partition — for a generalised modularity
 * with one null model per layer (Mucha et al. 2010, "Community structure in time-dependent, multiscale,
 * and multiplex networks", Science 328:876):
 *
 *   Q = 1/(2μ) · Σ_ij [ A_ij − γ · Σ_s k_is · k_js / (2 m_s) ] · δ(c_i, c_j)
 *
 * where node i carries its strength k_is in layer s (an ordinary node lies in one layer; an aggregated
 * node carries the sum of its members'), 2 m_s is the total strength of layer s, A holds intra-layer
 * ties and inter-layer couplings alike, and 2μ is the total weight of A. With one layer this is
 * Newman's modularity with resolution γ.
 *
 * Nodes are 0 … n−1; the graph is undirected, in compressed sparse rows.
 */
import { rowsFromArcs, type WeightedRows } from '../csr.ts';
import type { Random } from '../../random.ts';

export interface QualityGraph {
  n: number;
  layers: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Weight of the ties inside an (aggregated) node, each tie once. */
  selfWeight: Float64Array;
  /** Strength per node and layer, n × layers (row-major): the null model's input. */
  layerStrength: Float64Array;
  /** 2 m_s per layer. */
  twoM: Float64Array;
  /** 2μ: the total weight of A (intra-layer ties and couplings, both directions, plus twice the internal weight). */
  twoMu: number;
}

export interface Edge {
  source: number;
  target: number;
  weight: number;
}

/**
 * Builds a quality graph. `layerOf[i]` is node i's layer; `coupling` edges join nodes of different
 * layers and count in A but not in the null model.
 */
export function buildQualityGraph(
  n: number,
  layerOf: Int32Array,
  layers: number,
  edges: Edge[],
  coupling: Edge[] = [],
): QualityGraph {
  const all = [...edges, ...coupling];
  let arcs = 0;
  for (const e of all) if (e.source !== e.target) arcs += 2;
  // Every tie both ways (self-loops aside), in the order given: rows as the engine reads them.
  const from = new Int32Array(arcs);
  const to = new Int32Array(arcs);
  const weight = new Float64Array(arcs);
  const selfWeight = new Float64Array(n);
  const layerStrength = new Float64Array(n * layers);
  const twoM = new Float64Array(layers);
  let twoMu = 0;
  let k = 0;
  for (const e of all) {
    if (e.source === e.target) {
      selfWeight[e.source]! += e.weight;
      twoMu += 2 * e.weight;
      continue;
    }
    from[k] = e.source;
    to[k] = e.target;
    weight[k++] = e.weight;
    from[k] = e.target;
    to[k] = e.source;
    weight[k++] = e.weight;
    twoMu += 2 * e.weight;
  }
  const { offsets, targets, weights } = rowsFromArcs(n, from, to, weight);
  for (const e of edges) {
    const s = layerOf[e.source]!;
    const factor = e.source === e.target ? 2 : 1;
    layerStrength[e.source * layers + s]! += factor * e.weight;
    if (e.source !== e.target) layerStrength[e.target * layers + layerOf[e.target]!]! += e.weight;
    twoM[s]! += 2 * e.weight;
  }
  return { n, layers, offsets, targets, weights, selfWeight, layerStrength, twoM, twoMu };
}

/**
 * The quality graph of one layer straight from a simple undirected graph's kept compressed rows (no
 * self-loops): the rows buildQualityGraph would build from its ties in walking order, without a list of
 * tie objects — building that list was the largest part of a Leiden run on 200,000 ties after the
 * engine itself. Strengths add up row by row as there; 2m is summed row by row rather than tie by tie,
 * which can differ in the last bit. The rows are shared, never written.
 */
export function qualityGraphFromRows(rows: WeightedRows, weighted: boolean): QualityGraph {
  const n = rows.offsets.length - 1;
  const weights = weighted ? rows.weights : new Float64Array(rows.targets.length).fill(1);
  const layerStrength = new Float64Array(n);
  let twoM = 0;
  for (let v = 0; v < n; v++) {
    let strength = 0;
    for (let j = rows.offsets[v]!, end = rows.offsets[v + 1]!; j < end; j++) strength += weights[j]!;
    layerStrength[v] = strength;
    twoM += strength;
  }
  return {
    n,
    layers: 1,
    offsets: rows.offsets,
    targets: rows.targets,
    weights,
    selfWeight: new Float64Array(n),
    layerStrength,
    twoM: Float64Array.of(twoM),
    twoMu: twoM,
  };
}

/** The generalised modularity of a partition (community label per node). */
export function quality(g: QualityGraph, membership: Int32Array, resolution: number): number {
  if (g.twoMu === 0) return 0;
  let internal = 0;
  let count = 0;
  for (const c of membership) if (c + 1 > count) count = c + 1;
  const totals = new Float64Array(count * g.layers);
  for (let v = 0; v < g.n; v++) {
    const c = membership[v]!;
    internal += 2 * g.selfWeight[v]!;
    for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++)
      if (membership[g.targets[j]!] === c) internal += g.weights[j]!;
    for (let s = 0; s < g.layers; s++) totals[c * g.layers + s]! += g.layerStrength[v * g.layers + s]!;
  }
  let expected = 0;
  for (let c = 0; c < count; c++) {
    for (let s = 0; s < g.layers; s++) {
      if (g.twoM[s]! > 0) expected += (resolution * totals[c * g.layers + s]! ** 2) / g.twoM[s]!;
    }
  }
  return (internal - expected) / g.twoMu;
}

/** Community totals per layer, kept up to date as nodes move. */
class Totals {
  readonly values: Float64Array;
  constructor(
    private readonly g: QualityGraph,
    membership: Int32Array,
    size: number,
  ) {
    this.values = new Float64Array(size * g.layers);
    for (let v = 0; v < g.n; v++) this.add(membership[v]!, v, 1);
  }
  add(c: number, v: number, sign: number): void {
    const L = this.g.layers;
    for (let s = 0; s < L; s++) this.values[c * L + s]! += sign * this.g.layerStrength[v * L + s]!;
  }
  /** γ · Σ_s k_vs · tot_cs / (2 m_s): the null model's cost of putting v with community c. */
  cost(c: number, v: number, resolution: number): number {
    const L = this.g.layers;
    let sum = 0;
    for (let s = 0; s < L; s++) {
      const k = this.g.layerStrength[v * L + s]!;
      if (k !== 0 && this.g.twoM[s]! > 0) sum += (k * this.values[c * L + s]!) / this.g.twoM[s]!;
    }
    return resolution * sum;
  }
}

/**
 * Leiden's fast local moving: visit nodes from a queue (in random order at first); move each to the
 * neighbouring community with the largest gain; re-queue the neighbours that a move may now attract.
 * Returns whether any node moved.
 */
function moveNodes(g: QualityGraph, membership: Int32Array, resolution: number, rng: Random): boolean {
  const totals = new Totals(g, membership, g.n);
  const size = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) size[membership[v]!]!++;
  const empty: number[] = [];
  for (let c = g.n - 1; c >= 0; c--) if (size[c] === 0) empty.push(c);
  const queue = rng.shuffle([...Array(g.n).keys()]);
  const queued = new Uint8Array(g.n).fill(1);
  const weightTo = new Float64Array(g.n);
  const touched: number[] = [];
  let moved = false;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    queued[v] = 0;
    const current = membership[v]!;
    for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++) {
      const c = membership[g.targets[j]!]!;
      if (weightTo[c] === 0) touched.push(c);
      weightTo[c]! += g.weights[j]!;
    }
    totals.add(current, v, -1);
    size[current]!--;
    let best = current;
    let bestGain = weightTo[current]! - totals.cost(current, v, resolution);
    for (const c of touched) {
      if (c === current) continue;
      const gain = weightTo[c]! - totals.cost(c, v, resolution);
      if (gain > bestGain + 1e-12) {
        best = c;
        bestGain = gain;
      }
    }
    // An empty community costs nothing and brings nothing: gain 0.
    if (bestGain < -1e-12) {
      if (size[current] === 0) best = current;
      else best = empty.pop()!;
    }
    totals.add(best, v, 1);
    if (size[best] === 0 && best !== current) {
      const i = empty.lastIndexOf(best);
      if (i >= 0) empty.splice(i, 1);
    }
    size[best]!++;
    if (size[current] === 0 && best !== current) empty.push(current);
    if (best !== current) {
      membership[v] = best;
      moved = true;
      for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++) {
        const u = g.targets[j]!;
        if (!queued[u] && membership[u] !== best) {
          queued[u] = 1;
          queue.push(u);
        }
      }
    }
    for (const c of touched) weightTo[c] = 0;
    touched.length = 0;
  }
  return moved;
}

/**
 * Leiden's refinement: inside each community, start from singletons and merge nodes that are still
 * alone and well connected to the community into well-connected sub-communities, choosing among
 * non-negative gains at random with weight exp(gain / θ). Sub-communities are connected by construction.
 */
function refine(
  g: QualityGraph,
  membership: Int32Array,
  resolution: number,
  rng: Random,
  theta: number,
): Int32Array {
  const refined = Int32Array.from({ length: g.n }, (_, i) => i);
  const totals = new Totals(g, refined, g.n);
  const communityTotals = new Totals(g, membership, g.n);
  const singleton = new Uint8Array(g.n).fill(1);
  // Weight from each refined community to the rest of its community, kept up to date.
  const external = new Float64Array(g.n);
  for (let v = 0; v < g.n; v++) {
    for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++)
      if (membership[g.targets[j]!] === membership[v]) external[v]! += g.weights[j]!;
  }
  const L = g.layers;
  /** γ Σ_s tot_Ts · (tot_Cs − tot_Ts) / (2 m_s), the well-connectedness threshold of refined community T in C. */
  const threshold = (t: number, c: number) => {
    let sum = 0;
    for (let s = 0; s < L; s++) {
      if (g.twoM[s]! > 0)
        sum +=
          (totals.values[t * L + s]! * (communityTotals.values[c * L + s]! - totals.values[t * L + s]!)) /
          g.twoM[s]!;
    }
    return resolution * sum;
  };
  const weightTo = new Float64Array(g.n);
  const touched: number[] = [];
  const candidates: number[] = [];
  const gains: number[] = [];
  for (const v of rng.shuffle([...Array(g.n).keys()])) {
    if (!singleton[v]) continue;
    const c = membership[v]!;
    if (external[v]! < threshold(v, c) - 1e-12) continue;
    for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++) {
      const u = g.targets[j]!;
      if (membership[u] !== c) continue;
      const t = refined[u]!;
      if (t === refined[v]) continue;
      if (weightTo[t] === 0) touched.push(t);
      weightTo[t]! += g.weights[j]!;
    }
    const own = refined[v]!;
    totals.add(own, v, -1);
    candidates.length = 0;
    gains.length = 0;
    for (const t of touched) {
      if (external[t]! < threshold(t, c) - 1e-12) continue;
      const gain = weightTo[t]! - totals.cost(t, v, resolution);
      if (gain >= 0) {
        candidates.push(t);
        gains.push(gain);
      }
    }
    let target = own;
    if (candidates.length > 0) {
      let top = -Infinity;
      for (const x of gains) if (x > top) top = x;
      for (let i = 0; i < gains.length; i++) gains[i] = Math.exp((gains[i]! - top) / theta);
      target = candidates[rng.weighted(gains)]!;
    }
    totals.add(target, v, 1);
    if (target !== own) {
      refined[v] = target;
      singleton[v] = 0;
      singleton[target] = 0;
      // T ∪ {v}: its ties to the rest of C are T's and v's minus the ties between them, counted twice.
      external[target] = external[target]! + external[v]! - 2 * weightTo[target]!;
    }
    for (const t of touched) weightTo[t] = 0;
    touched.length = 0;
  }
  return refined;
}

/** Relabels a partition 0 … k−1 in order of first appearance; returns k. */
export function renumber(membership: Int32Array): number {
  const map = new Map<number, number>();
  for (let v = 0; v < membership.length; v++) {
    const c = membership[v]!;
    if (!map.has(c)) map.set(c, map.size);
    membership[v] = map.get(c)!;
  }
  return map.size;
}

/** The graph of the communities of `partition` (k of them), built with counting sort and a dense scratch row. */
function aggregate(g: QualityGraph, partition: Int32Array, k: number): QualityGraph {
  const L = g.layers;
  const selfWeight = new Float64Array(k);
  const layerStrength = new Float64Array(k * L);
  // Members of each community, contiguous (counting sort by community).
  const start = new Int32Array(k + 1);
  for (let v = 0; v < g.n; v++) start[partition[v]! + 1]!++;
  for (let a = 0; a < k; a++) start[a + 1]! += start[a]!;
  const members = new Int32Array(g.n);
  const fill = start.slice(0, k);
  for (let v = 0; v < g.n; v++) members[fill[partition[v]!]!++] = v;
  const row = new Float64Array(k);
  const touched = new Int32Array(k);
  const offsets = new Int32Array(k + 1);
  let targets = new Int32Array(Math.max(16, g.targets.length >> 1));
  let weights = new Float64Array(targets.length);
  let size = 0;
  for (let a = 0; a < k; a++) {
    let count = 0;
    for (let m = start[a]!; m < start[a + 1]!; m++) {
      const v = members[m]!;
      selfWeight[a]! += g.selfWeight[v]!;
      for (let s = 0; s < L; s++) layerStrength[a * L + s]! += g.layerStrength[v * L + s]!;
      for (let j = g.offsets[v]!; j < g.offsets[v + 1]!; j++) {
        const b = partition[g.targets[j]!]!;
        // Each tie is seen from both ends: inside a community it adds half its weight each time.
        if (a === b) selfWeight[a]! += g.weights[j]! / 2;
        else {
          if (row[b] === 0) touched[count++] = b;
          row[b]! += g.weights[j]!;
        }
      }
    }
    if (size + count > targets.length) {
      const grown = Math.max(targets.length * 2, size + count);
      const t = new Int32Array(grown);
      t.set(targets);
      targets = t;
      const w = new Float64Array(grown);
      w.set(weights);
      weights = w;
    }
    for (let i = 0; i < count; i++) {
      const b = touched[i]!;
      targets[size] = b;
      weights[size++] = row[b]!;
      row[b] = 0;
    }
    offsets[a + 1] = size;
  }
  return {
    n: k,
    layers: L,
    offsets,
    targets: targets.slice(0, size),
    weights: weights.slice(0, size),
    selfWeight,
    layerStrength,
    twoM: g.twoM,
    twoMu: g.twoMu,
  };
}

/** Splits every community into its connected components (never lowers the quality). */
export function splitDisconnected(g: QualityGraph, membership: Int32Array): void {
  const seen = new Uint8Array(g.n);
  let next = 0;
  for (const c of membership) if (c + 1 > next) next = c + 1;
  const firstComponent = new Set<number>();
  for (let v = 0; v < g.n; v++) {
    if (seen[v]) continue;
    const c = membership[v]!;
    const label = firstComponent.has(c) ? next++ : c;
    firstComponent.add(c);
    const stack = [v];
    seen[v] = 1;
    while (stack.length > 0) {
      const x = stack.pop()!;
      membership[x] = label;
      for (let j = g.offsets[x]!; j < g.offsets[x + 1]!; j++) {
        const u = g.targets[j]!;
        if (!seen[u] && membership[u] === c) {
          seen[u] = 1;
          stack.push(u);
        }
      }
    }
  }
}

export interface LeidenOptions {
  resolution: number;
  rng: Random;
  /** Randomness of the refinement (the paper's θ). */
  theta: number;
  maxLevels: number;
  /** Passes of the whole algorithm, each starting from the last partition. */
  maxPasses: number;
}

/** One pass of Leiden from an initial partition; returns the community of every node of g. */
function leidenPass(g: QualityGraph, initial: Int32Array, options: LeidenOptions): Int32Array {
  const result = Int32Array.from(initial);
  let graph = g;
  // Map from the original nodes to the nodes of the current aggregate graph.
  const toAggregate = Int32Array.from({ length: g.n }, (_, i) => i);
  let membership = Int32Array.from(initial);
  for (let level = 0; level < options.maxLevels; level++) {
    moveNodes(graph, membership, options.resolution, options.rng);
    const communities = renumber(membership);
    for (let v = 0; v < g.n; v++) result[v] = membership[toAggregate[v]!]!;
    if (communities === graph.n) break;
    const refined = refine(graph, membership, options.resolution, options.rng, options.theta);
    const k = renumber(refined);
    if (k === graph.n) break;
    // The aggregate's nodes are the refined communities; they start in their community of the moving phase.
    const start = new Int32Array(k);
    for (let v = 0; v < graph.n; v++) start[refined[v]!] = membership[v]!;
    for (let v = 0; v < g.n; v++) toAggregate[v] = refined[toAggregate[v]!]!;
    graph = aggregate(graph, refined, k);
    membership = start;
  }
  splitDisconnected(g, result);
  renumber(result);
  return result;
}

/**
 * Runs Leiden, pass after pass from the previous partition (as leidenalg with n_iterations = −1),
 * until a pass no longer improves the quality; every community is connected.
 */
export function leidenPartition(g: QualityGraph, options: LeidenOptions): Int32Array {
  let best: Int32Array = Int32Array.from({ length: g.n }, (_, i) => i);
  let bestQuality = quality(g, best, options.resolution);
  for (let pass = 0; pass < options.maxPasses; pass++) {
    const next = leidenPass(g, best, options);
    const q = quality(g, next, options.resolution);
    if (q <= bestQuality + 1e-12) break;
    best = next;
    bestQuality = q;
  }
  return best;
}
