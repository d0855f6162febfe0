/**
 * Group-to-group gaps: pairs of groups (clusters, kinds, regions, communities) tied far less than their
 * activity and geography predict. The expectation is the configuration model's, which keeps every
 * participant's degree (as modularity's null model; Newman 2006): between groups g and h,
 * E(g, h) = K_g · K_h / 2m, with K_g the sum of the degrees in g and m the number of ties — stratified
 * by geography (`controlFor: 'region'`, the default): a pair of participants in the same region is
 * expected θ_same · k_i k_j / 2m ties, a pair in different regions θ_other · k_i k_j / 2m, with the two
 * factors fitted so the model reproduces the observed numbers of same-region and cross-region ties
 * (a degree-corrected model with a region covariate, as in Karrer & Newman 2011's block model with
 * two blocks of pairs). So E(g, h) = [θ_same · Σ_r K_gr K_hr + θ_other · (K_g K_h − Σ_r K_gr K_hr)] / 2m,
 * K_gr the degrees of g's members in region r. Two groups far apart are then expected to meet only as
 * often as participants of different regions do anywhere in the network: a gap that is only distance
 * is not reported as a missed collaboration. With one region the model is the plain one. A gap is
 * reported with its ratio observed / expected and a Poisson z-score (observed − expected) / √expected,
 * and the participants best placed to bridge it: those already tied to both groups (ranked by
 * ties-to-g × ties-to-h), else the best-connected members of each side.
 */
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { requireRange, withDefaults } from '../options.ts';

export const GROUP_GAP_DEFAULTS = {
  /** Read tie weights as strengths (degrees become strengths, ties count by weight). */
  weighted: false,
  /** Pairs whose expected ties are fewer than this are too small to call a gap. */
  minExpected: 2,
  /** Report pairs with observed / expected at most this. */
  maxRatio: 0.5,
  /** Bridging participants per gap. */
  bridges: 3,
  /** Gaps returned (ranked by z-score, most negative first). */
  limit: 20,
  /** Groups left out of the pairs (a catch-all such as participants with no cluster). */
  ignoreGroups: [] as string[],
  /** 'region': the expectation accounts for same-region vs cross-region pairs; 'none': degrees only. */
  controlFor: 'region' as 'region' | 'none',
};

/** What the expectation of a group pair controls for, reported beside the gaps. */
export interface GapModel {
  controlFor: 'region' | 'none';
  /** Ties per unit of k_i·k_j/2m for same-region and cross-region pairs (both 1 without the control). */
  sameRegionFactor: number;
  crossRegionFactor: number;
}

export interface Bridge {
  id: string;
  group: string;
  /** Ties to the first and to the second group of the pair. */
  ties: [number, number];
}

export interface GroupGap {
  groups: [string, string];
  sizes: [number, number];
  observed: number;
  expected: number;
  /** The expectation from degrees alone (without the geography control), for comparison. */
  expectedDegreesOnly: number;
  ratio: number;
  z: number;
  bridges: Bridge[];
}

export function groupGaps(
  graph: AbstractGraph,
  groups: Map<string, string>,
  options: Partial<typeof GROUP_GAP_DEFAULTS> = {},
): GroupGap[] {
  return groupGapsWithModel(graph, groups, options).gaps;
}

export function groupGapsWithModel(
  graph: AbstractGraph,
  groups: Map<string, string>,
  options: Partial<typeof GROUP_GAP_DEFAULTS> = {},
): { gaps: GroupGap[]; model: GapModel } {
  const o = withDefaults('group gaps', GROUP_GAP_DEFAULTS, options);
  if (o.controlFor !== 'region' && o.controlFor !== 'none')
    throw new InvalidArgumentError(
      `group gaps: controlFor must be 'region' or 'none', got '${o.controlFor}'`,
    );
  requireRange('group gaps', 'minExpected', o.minExpected, 0, Number.MAX_VALUE);
  requireRange('group gaps', 'maxRatio', o.maxRatio, 0, Number.MAX_VALUE);
  const groupOf = (node: string) => groups.get(node) ?? '(none)';
  const names = [...new Set(graph.mapNodes((node) => groupOf(node)))].sort();
  const index = new Map(names.map((g, i) => [g, i]));
  const G = names.length;
  const size = new Float64Array(G);
  const K = new Float64Array(G);
  const observed = new Float64Array(G * G);
  // Per participant: ties (or weight) into each group, kept sparse.
  const into = new Map<string, Map<number, number>>();
  // Geography: every participant's region ('' unknown), degrees summed per group and region.
  const regionOf = new Map<string, string>();
  const byRegion = new Map<string, number>(); // `${group}\u0000${region}` → K_gr
  const regionTotals = new Map<string, number>(); // region → K_r
  let m = 0;
  let sameRegionTies = 0;
  graph.forEachNode((node, attributes) => {
    size[index.get(groupOf(node))!]!++;
    into.set(node, new Map());
    regionOf.set(
      node,
      o.controlFor === 'region' && typeof attributes.region === 'string' ? attributes.region : '',
    );
  });
  const addRegion = (node: string, g: number, w: number) => {
    const r = regionOf.get(node)!;
    const key = `${g}\u0000${r}`;
    byRegion.set(key, (byRegion.get(key) ?? 0) + w);
    regionTotals.set(r, (regionTotals.get(r) ?? 0) + w);
  };
  graph.forEachEdge((_e, attributes, source, target) => {
    if (source === target) return;
    const w = o.weighted && typeof attributes.weight === 'number' ? attributes.weight : 1;
    const a = index.get(groupOf(source))!;
    const b = index.get(groupOf(target))!;
    m += w;
    K[a]! += w;
    K[b]! += w;
    addRegion(source, a, w);
    addRegion(target, b, w);
    if (regionOf.get(source) === regionOf.get(target)) sameRegionTies += w;
    if (a !== b) {
      observed[a * G + b]! += w;
      observed[b * G + a]! += w;
    }
    const add = (node: string, g: number) => into.get(node)!.set(g, (into.get(node)!.get(g) ?? 0) + w);
    add(source, b);
    add(target, a);
  });
  const model: GapModel = { controlFor: o.controlFor, sameRegionFactor: 1, crossRegionFactor: 1 };
  if (m === 0) return { gaps: [], model };
  // θ_same, θ_other: observed same-/cross-region ties over their degrees-only expectation
  // (Σ_r K_r² / 4m of the m ties fall within regions under the plain model).
  let sumSquares = 0;
  for (const k of regionTotals.values()) sumSquares += k * k;
  const expectedSame = sumSquares / (4 * m);
  const expectedCross = m - expectedSame;
  if (expectedSame > 0) model.sameRegionFactor = sameRegionTies / expectedSame;
  if (expectedCross > 1e-9) model.crossRegionFactor = (m - sameRegionTies) / expectedCross;
  const regionsOf = new Map<number, Map<string, number>>();
  for (const [key, k] of byRegion) {
    const [g, r] = key.split('\u0000') as [string, string];
    const map = regionsOf.get(Number(g)) ?? regionsOf.set(Number(g), new Map()).get(Number(g))!;
    map.set(r, k);
  }
  const sameRegionProduct = (a: number, b: number) => {
    let sum = 0;
    const ra = regionsOf.get(a);
    const rb = regionsOf.get(b);
    if (!ra || !rb) return 0;
    for (const [r, k] of ra) sum += k * (rb.get(r) ?? 0);
    return sum;
  };
  const degreeOf = new Map<string, number>();
  for (const [node, t] of into) {
    let d = 0;
    for (const x of t.values()) d += x;
    degreeOf.set(node, d);
  }
  const degree = (node: string) => degreeOf.get(node)!;
  const gaps: GroupGap[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      if (o.ignoreGroups.includes(names[a]!) || o.ignoreGroups.includes(names[b]!)) continue;
      const product = K[a]! * K[b]!;
      const same = sameRegionProduct(a, b);
      const expected = (model.sameRegionFactor * same + model.crossRegionFactor * (product - same)) / (2 * m);
      if (expected < o.minExpected || expected === 0) continue;
      const e = observed[a * G + b]!;
      const ratio = e / expected;
      if (ratio > o.maxRatio) continue;
      gaps.push({
        groups: [names[a]!, names[b]!],
        sizes: [size[a]!, size[b]!],
        observed: e,
        expected,
        expectedDegreesOnly: product / (2 * m),
        ratio,
        z: (e - expected) / Math.sqrt(expected),
        bridges: [],
      });
    }
  }
  gaps.sort((x, y) => x.z - y.z || cmp(x.groups.join('|'), y.groups.join('|')));
  const top = gaps.slice(0, o.limit);
  for (const gap of top) gap.bridges = bridgesFor(graph, gap, index, into, groupOf, degree, o.bridges);
  return { gaps: top, model };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function bridgesFor(
  graph: AbstractGraph,
  gap: GroupGap,
  index: Map<string, number>,
  into: Map<string, Map<number, number>>,
  groupOf: (node: string) => string,
  degree: (node: string) => number,
  count: number,
): Bridge[] {
  const [g, h] = gap.groups;
  const gi = index.get(g)!;
  const hi = index.get(h)!;
  const byDegree = (x: Bridge, y: Bridge) => degree(y.id) - degree(x.id) || cmp(x.id, y.id);
  const chosen: Bridge[] = [];
  const left: Bridge[] = [];
  const right: Bridge[] = [];
  graph.forEachNode((id) => {
    const t = into.get(id)!;
    const row: Bridge = { id, group: groupOf(id), ties: [t.get(gi) ?? 0, t.get(hi) ?? 0] };
    if (row.ties[0] > 0 && row.ties[1] > 0) chosen.push(row);
    else if (row.group === g) left.push(row);
    else if (row.group === h) right.push(row);
  });
  chosen.sort((x, y) => y.ties[0] * y.ties[1] - x.ties[0] * x.ties[1] || byDegree(x, y));
  chosen.length = Math.min(chosen.length, count);
  if (chosen.length < count) {
    // Nobody (or too few) spans both: the best-connected members of each side, alternately.
    left.sort(byDegree);
    right.sort(byDegree);
    for (let k = 0; chosen.length < count && (k < left.length || k < right.length); k++) {
      if (k < left.length && chosen.length < count) chosen.push(left[k]!);
      if (k < right.length && chosen.length < count) chosen.push(right[k]!);
    }
  }
  return chosen;
}
