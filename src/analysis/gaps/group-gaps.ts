/**
 * Group-to-group gaps: pairs of groups (clusters, kinds, regions, communities) tied far less than their
 * activity predicts. The expectation is the configuration model's, which keeps every participant's
 * degree (as modularity's null model; Newman 2006): between groups g and h,
 * E(g, h) = K_g · K_h / 2m, with K_g the sum of the degrees in g and m the number of ties. A gap is
 * reported with its ratio observed / expected and a Poisson z-score (observed − expected) / √expected,
 * and the participants best placed to bridge it: those already tied to both groups (ranked by
 * ties-to-g × ties-to-h), else the best-connected members of each side.
 */
import type { AbstractGraph } from 'graphology-types';
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
};

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
  ratio: number;
  z: number;
  bridges: Bridge[];
}

export function groupGaps(
  graph: AbstractGraph,
  groups: Map<string, string>,
  options: Partial<typeof GROUP_GAP_DEFAULTS> = {},
): GroupGap[] {
  const o = withDefaults('group gaps', GROUP_GAP_DEFAULTS, options);
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
  let m = 0;
  graph.forEachNode((node) => {
    size[index.get(groupOf(node))!]!++;
    into.set(node, new Map());
  });
  graph.forEachEdge((_e, attributes, source, target) => {
    if (source === target) return;
    const w = o.weighted && typeof attributes.weight === 'number' ? attributes.weight : 1;
    const a = index.get(groupOf(source))!;
    const b = index.get(groupOf(target))!;
    m += w;
    K[a]! += w;
    K[b]! += w;
    if (a !== b) {
      observed[a * G + b]! += w;
      observed[b * G + a]! += w;
    }
    const add = (node: string, g: number) => into.get(node)!.set(g, (into.get(node)!.get(g) ?? 0) + w);
    add(source, b);
    add(target, a);
  });
  if (m === 0) return [];
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
      const expected = (K[a]! * K[b]!) / (2 * m);
      if (expected < o.minExpected || expected === 0) continue;
      const e = observed[a * G + b]!;
      const ratio = e / expected;
      if (ratio > o.maxRatio) continue;
      gaps.push({
        groups: [names[a]!, names[b]!],
        sizes: [size[a]!, size[b]!],
        observed: e,
        expected,
        ratio,
        z: (e - expected) / Math.sqrt(expected),
        bridges: [],
      });
    }
  }
  gaps.sort((x, y) => x.z - y.z || cmp(x.groups.join('|'), y.groups.join('|')));
  const top = gaps.slice(0, o.limit);
  for (const gap of top) gap.bridges = bridgesFor(graph, gap, index, into, groupOf, degree, o.bridges);
  return top;
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
