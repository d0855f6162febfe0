/**
 * Structural holes (Burt 1992, *Structural Holes*; Burt 2004, "Structural holes and good ideas"):
 * constraint, effective size and efficiency of each participant's ego network, with the definitions of
 * networkx 3.6 (`networkx.algorithms.structuralholes`, its matrix form used for whole graphs):
 *
 * - mutual weight m(i, j) = a(i, j) + a(j, i), where a is the adjacency matrix (weight 1 when
 *   unweighted; an undirected tie counts both ways, so m = 2w; a self-loop of weight w gives m(i, i) = 2w);
 * - p(i, j) = m(i, j) / Σ_k m(i, k), the share of i's relations invested in j;
 * - constraint c(i) = Σ_{j: m(i,j) > 0} (p(i, j) + Σ_w p(i, w) p(w, j))²;
 * - effective size e(i) = Σ_{j: m(i,j) > 0} (1 − Σ_w p(i, w) m(j, w) / max_k m(j, k)) — Borgatti's
 *   n − 2t/n for unweighted undirected simple graphs (Borgatti 1997, "Unpacking Burt's redundancy");
 * - efficiency = e(i) / degree(i), degree as networkx counts it (in + out in a directed graph, a
 *   self-loop twice), as networkx's documentation suggests.
 *
 * Neighbours are predecessors and successors alike ("directed graphs are treated like undirected graphs
 * when computing neighbours"), so a participant with only incoming ties has a value. Isolated
 * participants — and those whose only tie is a self-loop — have none: NaN, as in networkx (gh-6916);
 * NaN becomes `null` in JSON. Constraint uses networkx's isolation test (Σ_k m(i, k) − 2 p(i, i) = 0, so a
 * weighted self-loop alone gives 4, as networkx's tests expect).
 *
 * Effective size follows the documented formula (and networkx's node-by-node code, whose values its
 * tests check against UCINET and igraph). networkx 3.6's matrix shortcut for whole graphs divides
 * m(j, w) by max_k m(w, k) instead of max_k m(j, k) — a broadcasting slip that changes weighted values
 * (Borgatti's weighted example: A 2.79 instead of 2.47) but not unweighted ones on simple graphs.
 */
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { rowsFromArcs, toCsr, toRecord } from '../csr.ts';
import { Type } from 'typebox';
import { defaultsOf, weightedOption, withDefaults } from '../options.ts';

/** The options of constraint, effective size and efficiency. */
export const STRUCTURAL_HOLES_OPTIONS = Type.Object({ weighted: weightedOption() });
export const STRUCTURAL_HOLES_DEFAULTS = defaultsOf(STRUCTURAL_HOLES_OPTIONS);

type Options = Partial<typeof STRUCTURAL_HOLES_DEFAULTS>;

/**
 * Mutual weights as compressed rows: row i lists i's partners j (each once, in the order of the first
 * tie between them) with m(i, j), plus the row sums, maxima, m(i, i) and degrees. The sums below run in
 * the same order as networkx's, so the values do not depend on how the rows are stored.
 */
interface MutualWeights {
  nodes: string[];
  offsets: Int32Array;
  partners: Int32Array;
  mutual: Float64Array;
  /** p(i, j) = m(i, j) / Σ_k m(i, k) per entry (0 in a row whose sum is 0). */
  share: Float64Array;
  sum: Float64Array;
  max: Float64Array;
  self: Float64Array;
  degree: Int32Array;
}

/** Arcs i → j with m-contributions, in the order of the ties (as networkx adds them up). */
interface MutualArcs {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

/**
 * An undirected graph's arcs come from its kept compressed rows (csr.ts): each tie gives i → j and j → i,
 * so m(i, j) = 2w arrives as one arc each way; a self-loop gives two arcs i → i, each carrying w.
 */
function undirectedArcs(graph: AbstractGraph, weighted: boolean): MutualArcs & { nodes: string[] } {
  const csr = toCsr(graph, 'out');
  const n = csr.nodes.length;
  const m = csr.targets.length;
  const from = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = csr.offsets[i]!; k < csr.offsets[i + 1]!; k++) {
      from[k] = i;
      const w = weighted ? csr.weights[k]! : 1;
      weight[k] = csr.targets[k] === i ? w : 2 * w;
    }
  }
  return { nodes: csr.nodes, from, to: csr.targets, weight };
}

/** Any other graph: a walk over its edges, a(i, j) = w one way (both ways for an undirected tie). */
function walkedArcs(graph: AbstractGraph, weighted: boolean): MutualArcs & { nodes: string[] } {
  const nodes = graph.nodes();
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!, i);
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const add = (i: number, j: number, w: number) => {
    from.push(i);
    to.push(j);
    weight.push(w);
  };
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const i = index.get(source)!;
    const j = index.get(target)!;
    const w = weighted && typeof attributes.weight === 'number' ? attributes.weight : 1;
    // a(i, j) = w, and a(j, i) = w as well when the tie is undirected. A self-loop gives two arcs
    // i → i: m(i, i) = 2w either way, and its two ends count in the degree.
    if (i === j) {
      add(i, i, w);
      add(i, i, w);
      return;
    }
    const both = undirected ? 2 * w : w;
    add(i, j, both);
    add(j, i, both);
  });
  return {
    nodes,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    weight: Float64Array.from(weight),
  };
}

function mutualWeights(graph: AbstractGraph, weighted: boolean, measure: string): MutualWeights {
  if (graph.multi) throw new InvalidArgumentError(`${measure}: needs a simple graph (not a multigraph)`);
  if (graph.type === 'undirected' && graph.selfLoopCount === 0) return simpleMutualWeights(graph, weighted);
  const arcs = graph.type === 'undirected' ? undirectedArcs(graph, weighted) : walkedArcs(graph, weighted);
  const { nodes } = arcs;
  const n = nodes.length;
  const rows = rowsFromArcs(n, arcs.from, arcs.to, arcs.weight);
  // Degree as networkx counts it: one arc per end of a tie (a self-loop has two ends, two arcs).
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = rows.offsets[i + 1]! - rows.offsets[i]!;
  // Arcs of one pair merged into one entry (a tie each way in a directed graph), in first-arc order.
  const offsets = new Int32Array(n + 1);
  const partners = new Int32Array(rows.targets.length);
  const mutual = new Float64Array(rows.targets.length);
  const slot = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = k;
    for (let a = rows.offsets[i]!; a < rows.offsets[i + 1]!; a++) {
      const j = rows.targets[a]!;
      if (slot[j]! < offsets[i]!) {
        slot[j] = k;
        partners[k] = j;
        mutual[k++] = rows.weights[a]!;
      } else mutual[slot[j]!]! += rows.weights[a]!;
    }
  }
  offsets[n] = k;
  return withSums(nodes, offsets, partners.subarray(0, k), mutual.subarray(0, k), degree);
}

/**
 * A simple undirected graph without self-loops (every flattened view): its kept compressed rows are
 * already one entry per partner in first-tie order, so m(i, j) = 2w on the same rows — what the general
 * path above builds from them, without building it.
 */
function simpleMutualWeights(graph: AbstractGraph, weighted: boolean): MutualWeights {
  const csr = toCsr(graph, 'out');
  const n = csr.nodes.length;
  const mutual = new Float64Array(csr.targets.length);
  for (let k = 0; k < mutual.length; k++) mutual[k] = weighted ? 2 * csr.weights[k]! : 2;
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = csr.offsets[i + 1]! - csr.offsets[i]!;
  return withSums(csr.nodes, csr.offsets, csr.targets, mutual, degree);
}

/** Row sums, maxima, m(i, i) and the shares p(i, j) of mutual-weight rows. */
function withSums(
  nodes: string[],
  offsets: Int32Array,
  partners: Int32Array,
  mutual: Float64Array,
  degree: Int32Array,
): MutualWeights {
  const n = nodes.length;
  const sum = new Float64Array(n);
  const max = new Float64Array(n);
  const self = new Float64Array(n);
  const share = new Float64Array(partners.length);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    for (let e = start; e < end; e++) {
      const m = mutual[e]!;
      sum[i]! += m;
      if (m > max[i]!) max[i] = m;
      if (partners[e] === i) self[i] = m;
    }
    // The same division the formula makes at each use, made once.
    if (sum[i]! !== 0) for (let e = start; e < end; e++) share[e] = mutual[e]! / sum[i]!;
  }
  return { nodes, offsets, partners, mutual, share, sum, max, self, degree };
}

/**
 * c(i) = Σ_j (p(i, j) + Σ_w p(i, w) p(w, j))² over i's partners j. The inner sums run w by w over i's
 * row and, for each w, over w's partners marked as i's (Σ deg² work, as networkx), adding up for each
 * j in the same w order as the formula's loop.
 */
function constraintOf(mw: MutualWeights): Float64Array {
  const { offsets, partners, share, sum, self } = mw;
  const n = mw.nodes.length;
  const out = new Float64Array(n);
  // The running sum for partner j of i, by node (valid while mark[j] === i + 1): one look-up per
  // two-step path i → w → j instead of two.
  const mark = new Int32Array(n);
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sumI = sum[i]!;
    const selfShare = sumI === 0 ? 0 : self[i]! / sumI;
    if (sumI - 2 * selfShare === 0) {
      out[i] = NaN;
      continue;
    }
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const stamp = i + 1;
    for (let e = start; e < end; e++) {
      const j = partners[e]!;
      mark[j] = stamp;
      local[j] = share[e]!;
    }
    for (let e = start; e < end; e++) {
      const w = partners[e]!;
      const piw = share[e]!;
      if (sum[w]! === 0) continue;
      for (let f = offsets[w]!, fEnd = offsets[w + 1]!; f < fEnd; f++) {
        const j = partners[f]!;
        if (mark[j] === stamp) local[j]! += piw * share[f]!;
      }
    }
    let c = 0;
    for (let e = start; e < end; e++) {
      const l = local[partners[e]!]!;
      c += l * l;
    }
    out[i] = c;
  }
  return out;
}

/**
 * e(i) = Σ_j (1 − Σ_w p(i, w) m(j, w) / max_k m(j, k)) over i's partners j, the inner sum over i's
 * partners w that are j's partners too (j's row marked for the look-up).
 */
function effectiveSizeOf(mw: MutualWeights): Float64Array {
  const { offsets, partners, mutual, sum, self, max } = mw;
  const n = mw.nodes.length;
  const out = new Float64Array(n);
  const mark = new Int32Array(n);
  const mjw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sumI = sum[i]!;
    if (sumI === 0 || 1 - self[i]! / sumI === 0) {
      out[i] = NaN;
      continue;
    }
    let e = 0;
    for (let a = offsets[i]!; a < offsets[i + 1]!; a++) {
      const j = partners[a]!;
      for (let f = offsets[j]!; f < offsets[j + 1]!; f++) {
        mark[partners[f]!] = j + 1;
        mjw[partners[f]!] = mutual[f]!;
      }
      // Redundancy of j: how much of i's investment reaches j's own partners.
      let redundancy = 0;
      for (let b = offsets[i]!; b < offsets[i + 1]!; b++) {
        const w = partners[b]!;
        if (mark[w] === j + 1) redundancy += (mutual[b]! / sumI) * (mjw[w]! / max[j]!);
      }
      e += 1 - redundancy;
    }
    out[i] = e;
  }
  return out;
}

/** Burt's constraint per participant (networkx `constraint`); NaN for isolated participants. */
export function constraint(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('constraint', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'constraint');
  return toRecord(mw.nodes, constraintOf(mw));
}

/** Burt's effective size per participant (networkx `effective_size`); NaN for isolated participants. */
export function effectiveSize(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('effective-size', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'effective-size');
  return toRecord(mw.nodes, effectiveSizeOf(mw));
}

/** Burt's efficiency: effective size / degree (networkx's recipe); NaN for isolated participants. */
export function efficiency(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('efficiency', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'efficiency');
  const e = effectiveSizeOf(mw);
  return toRecord(
    mw.nodes,
    e.map((x, i) => x / mw.degree[i]!),
  );
}

export interface StructuralHoles {
  constraint: Record<string, number>;
  effectiveSize: Record<string, number>;
  efficiency: Record<string, number>;
}

/** The three measures at once (one pass over the ties). */
export function structuralHoles(graph: AbstractGraph, options: Options = {}): StructuralHoles {
  const o = withDefaults('structural holes', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'structural holes');
  const e = effectiveSizeOf(mw);
  return {
    constraint: toRecord(mw.nodes, constraintOf(mw)),
    effectiveSize: toRecord(mw.nodes, e),
    efficiency: toRecord(
      mw.nodes,
      e.map((x, i) => x / mw.degree[i]!),
    ),
  };
}

export interface BrokerHoles {
  /** The broker's partners (predecessors and successors), sorted. */
  partners: string[];
  /** Pairs of partners not tied to each other in either direction. */
  openPairs: number;
  /** All pairs of partners. */
  pairs: number;
  /** The partners split into groups with no tie between groups (components of the ego network without the broker). */
  components: string[][];
}

/** The holes a participant spans: the pairs of its partners with no tie between them. */
export function holesSpanned(graph: AbstractGraph, node: string): BrokerHoles {
  const partners = [...new Set(graph.neighbors(node))].filter((x) => x !== node).sort();
  const inEgo = new Set(partners);
  let open = 0;
  for (let x = 0; x < partners.length; x++)
    for (let y = x + 1; y < partners.length; y++) if (!graph.areNeighbors(partners[x]!, partners[y]!)) open++;
  // Components among the partners, the broker left out.
  const seen = new Set<string>();
  const components: string[][] = [];
  for (const start of partners) {
    if (seen.has(start)) continue;
    const component = [start];
    seen.add(start);
    for (let k = 0; k < component.length; k++) {
      for (const next of graph.neighbors(component[k]!)) {
        if (inEgo.has(next) && !seen.has(next)) {
          seen.add(next);
          component.push(next);
        }
      }
    }
    components.push(component.sort());
  }
  components.sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
  return {
    partners,
    openPairs: open,
    pairs: (partners.length * (partners.length - 1)) / 2,
    components,
  };
}
