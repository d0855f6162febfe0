/**
 * Neighbourhood scores for link prediction (Liben-Nowell & Kleinberg 2007; Zhou, Lü & Zhang 2009), as
 * networkx 3.x defines them on an undirected graph:
 *
 * - common neighbours |Γ(u) ∩ Γ(v)|;
 * - Jaccard |Γ(u) ∩ Γ(v)| / |Γ(u) ∪ Γ(v)| (0 when both are isolated);
 * - Adamic–Adar Σ_{w ∈ Γ(u) ∩ Γ(v)} 1 / log deg(w) (Adamic & Adar 2003);
 * - resource allocation Σ_{w ∈ Γ(u) ∩ Γ(v)} 1 / deg(w).
 *
 * The index keeps each participant's partners as sorted integer rows (compressed sparse rows), so that
 * the scores of one participant against every other come from one walk over its partners' partners.
 */
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { rowsFromLists } from '../csr.ts';

export const SCORERS = ['common-neighbours', 'jaccard', 'adamic-adar', 'resource-allocation'] as const;
export type Scorer = (typeof SCORERS)[number];

/** Undirected neighbour rows: node i's partners are targets[offsets[i] … offsets[i+1]), sorted. */
export interface NeighbourIndex {
  ids: string[];
  index: Map<string, number>;
  offsets: Int32Array;
  targets: Int32Array;
}

/** Neighbour rows from undirected pairs of node indices (duplicates and self-loops dropped). */
export function neighbourRows(ids: string[], pairs: Iterable<[number, number]>): NeighbourIndex {
  const n = ids.length;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of pairs) {
    if (a === b) continue;
    lists[a]!.push(b);
    lists[b]!.push(a);
  }
  for (let i = 0; i < n; i++) lists[i] = [...new Set(lists[i]!)].sort((x, y) => x - y);
  return { ids, index: new Map(ids.map((id, i) => [id, i])), ...rowsFromLists(lists) };
}

/** The undirected neighbour index of a graphology graph (edge directions ignored). */
export function graphIndex(graph: AbstractGraph): NeighbourIndex {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const pairs: [number, number][] = [];
  graph.forEachEdge((_e, _a, source, target) => pairs.push([index.get(source)!, index.get(target)!]));
  return neighbourRows(ids, pairs);
}

export const degreeOf = (ix: NeighbourIndex, i: number) => ix.offsets[i + 1]! - ix.offsets[i]!;

/** Accumulators for one participant's scores against every other (reused between calls). */
export class ProximityScores {
  readonly common: Float64Array;
  readonly adamicAdar: Float64Array;
  readonly resourceAllocation: Float64Array;
  /** Candidates with at least one common partner, in the order first reached. */
  touched: Int32Array;
  count = 0;
  constructor(readonly size: number) {
    this.common = new Float64Array(size);
    this.adamicAdar = new Float64Array(size);
    this.resourceAllocation = new Float64Array(size);
    this.touched = new Int32Array(size);
  }

  reset(): void {
    for (let k = 0; k < this.count; k++) {
      const v = this.touched[k]!;
      this.common[v] = 0;
      this.adamicAdar[v] = 0;
      this.resourceAllocation[v] = 0;
    }
    this.count = 0;
  }
}

/** Fills `into` with u's common-neighbour, Adamic–Adar and resource-allocation scores against all v ≠ u. */
export function proximityFrom(ix: NeighbourIndex, u: number, into: ProximityScores): void {
  into.reset();
  const { offsets, targets } = ix;
  for (let a = offsets[u]!; a < offsets[u + 1]!; a++) {
    const w = targets[a]!;
    const d = offsets[w + 1]! - offsets[w]!;
    const aa = 1 / Math.log(d);
    const ra = 1 / d;
    for (let b = offsets[w]!; b < offsets[w + 1]!; b++) {
      const v = targets[b]!;
      if (v === u) continue;
      if (into.common[v] === 0) into.touched[into.count++] = v;
      into.common[v]! += 1;
      into.adamicAdar[v]! += aa;
      into.resourceAllocation[v]! += ra;
    }
  }
}

/** Jaccard from a common-neighbour count: |∩| / (deg u + deg v − |∩|). */
export function jaccardFrom(ix: NeighbourIndex, u: number, v: number, common: number): number {
  const union = degreeOf(ix, u) + degreeOf(ix, v) - common;
  return union === 0 ? 0 : common / union;
}

/**
 * Merges the sorted rows of u and v: returns how many partners they share, and appends them to `out`
 * when given (the explanations need the list for one pair, and only the count for each layer).
 */
function mergeCommon(ix: NeighbourIndex, u: number, v: number, out?: number[]): number {
  let count = 0;
  let a = ix.offsets[u]!;
  let b = ix.offsets[v]!;
  const ea = ix.offsets[u + 1]!;
  const eb = ix.offsets[v + 1]!;
  while (a < ea && b < eb) {
    const x = ix.targets[a]!;
    const y = ix.targets[b]!;
    if (x === y) {
      if (x !== u && x !== v) {
        count++;
        out?.push(x);
      }
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return count;
}

/** The common partners of u and v (sorted indices). */
export function commonPartners(ix: NeighbourIndex, u: number, v: number): number[] {
  const out: number[] = [];
  mergeCommon(ix, u, v, out);
  return out;
}

/** How many partners u and v share, without listing them. */
export const countCommon = (ix: NeighbourIndex, u: number, v: number): number => mergeCommon(ix, u, v);

/** One score for one pair (slow path for tests and single look-ups). */
export function pairScore(ix: NeighbourIndex, scorer: Scorer, u: string, v: string): number {
  const i = ix.index.get(u);
  const j = ix.index.get(v);
  if (i === undefined || j === undefined)
    throw new InvalidArgumentError(`link prediction: unknown participant '${i === undefined ? u : v}'`);
  const common = commonPartners(ix, i, j);
  switch (scorer) {
    case 'common-neighbours':
      return common.length;
    case 'jaccard':
      return jaccardFrom(ix, i, j, common.length);
    case 'adamic-adar':
      return common.reduce((s, w) => s + 1 / Math.log(degreeOf(ix, w)), 0);
    case 'resource-allocation':
      return common.reduce((s, w) => s + 1 / degreeOf(ix, w), 0);
  }
}

/**
 * Scores of the given pairs on a graph, as networkx's `common_neighbors` / `jaccard_coefficient` /
 * `adamic_adar_index` / `resource_allocation_index` give them; default pairs: every unordered pair of
 * participants not yet tied, in index order.
 */
export function linkPrediction(
  graph: AbstractGraph,
  scorer: Scorer,
  pairs?: [string, string][],
): [string, string, number][] {
  if (!(SCORERS as readonly string[]).includes(scorer))
    throw new InvalidArgumentError(`unknown scorer '${scorer}'; known: ${SCORERS.join(', ')}`);
  const ix = graphIndex(graph);
  const chosen =
    pairs ??
    ix.ids.flatMap((u, i) =>
      ix.ids.slice(i + 1).flatMap((v) => (graph.areNeighbors(u, v) ? [] : [[u, v] as [string, string]])),
    );
  return chosen.map(([u, v]) => [u, v, pairScore(ix, scorer, u, v)]);
}
