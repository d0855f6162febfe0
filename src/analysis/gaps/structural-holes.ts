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
import { Type } from 'typebox';
import { defaultsOf, weightedOption, withDefaults } from '../options.ts';

/** The options of constraint, effective size and efficiency. */
export const STRUCTURAL_HOLES_OPTIONS = Type.Object({ weighted: weightedOption() });
export const STRUCTURAL_HOLES_DEFAULTS = defaultsOf(STRUCTURAL_HOLES_OPTIONS);

type Options = Partial<typeof STRUCTURAL_HOLES_DEFAULTS>;

/** Mutual weights per participant: neighbour index → m(i, j), with the row sums and maxima. */
interface MutualWeights {
  nodes: string[];
  rows: Map<number, number>[];
  sum: Float64Array;
  max: Float64Array;
  degree: Int32Array;
}

function mutualWeights(graph: AbstractGraph, weighted: boolean, measure: string): MutualWeights {
  if (graph.multi) throw new InvalidArgumentError(`${measure}: needs a simple graph (not a multigraph)`);
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const n = nodes.length;
  const rows = Array.from({ length: n }, () => new Map<number, number>());
  const degree = new Int32Array(n);
  const add = (i: number, j: number, w: number) => rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + w);
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const i = index.get(source)!;
    const j = index.get(target)!;
    const w = weighted && typeof attributes.weight === 'number' ? attributes.weight : 1;
    // a(i, j) = w, and a(j, i) = w as well when the tie is undirected.
    const both = undirected ? 2 * w : w;
    add(i, j, both);
    if (i !== j) add(j, i, both);
    else if (!undirected) add(i, i, w);
    degree[i]!++;
    degree[j]!++;
  });
  const sum = new Float64Array(n);
  const max = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const m of rows[i]!.values()) {
      sum[i]! += m;
      if (m > max[i]!) max[i] = m;
    }
  }
  return { nodes, rows, sum, max, degree };
}

/** p(i, j): the share of i's mutual weight that goes to j. */
const share = (mw: MutualWeights, i: number, j: number) =>
  mw.sum[i]! === 0 ? 0 : (mw.rows[i]!.get(j) ?? 0) / mw.sum[i]!;

function constraintOf(mw: MutualWeights): Float64Array {
  const n = mw.nodes.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (mw.sum[i]! - 2 * share(mw, i, i) === 0) {
      out[i] = NaN;
      continue;
    }
    const row = mw.rows[i]!;
    let c = 0;
    for (const j of row.keys()) {
      let local = share(mw, i, j);
      for (const [w, m] of row) local += (m / mw.sum[i]!) * share(mw, w, j);
      c += local * local;
    }
    out[i] = c;
  }
  return out;
}

function effectiveSizeOf(mw: MutualWeights): Float64Array {
  const n = mw.nodes.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (mw.sum[i]! === 0 || 1 - share(mw, i, i) === 0) {
      out[i] = NaN;
      continue;
    }
    const row = mw.rows[i]!;
    let e = 0;
    for (const j of row.keys()) {
      // Redundancy of j: how much of i's investment reaches j's own partners.
      let redundancy = 0;
      const other = mw.rows[j]!;
      for (const [w, m] of row) {
        const mjw = other.get(w);
        if (mjw !== undefined) redundancy += (m / mw.sum[i]!) * (mjw / mw.max[j]!);
      }
      e += 1 - redundancy;
    }
    out[i] = e;
  }
  return out;
}

const record = (nodes: string[], values: Float64Array) =>
  Object.fromEntries(nodes.map((node, i) => [node, values[i]!]));

/** Burt's constraint per participant (networkx `constraint`); NaN for isolated participants. */
export function constraint(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('constraint', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'constraint');
  return record(mw.nodes, constraintOf(mw));
}

/** Burt's effective size per participant (networkx `effective_size`); NaN for isolated participants. */
export function effectiveSize(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('effective-size', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'effective-size');
  return record(mw.nodes, effectiveSizeOf(mw));
}

/** Burt's efficiency: effective size / degree (networkx's recipe); NaN for isolated participants. */
export function efficiency(graph: AbstractGraph, options: Options = {}): Record<string, number> {
  const o = withDefaults('efficiency', STRUCTURAL_HOLES_DEFAULTS, options);
  const mw = mutualWeights(graph, o.weighted, 'efficiency');
  const e = effectiveSizeOf(mw);
  return record(
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
    constraint: record(mw.nodes, constraintOf(mw)),
    effectiveSize: record(mw.nodes, e),
    efficiency: record(
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
