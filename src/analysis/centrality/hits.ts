/**
 * HITS hubs and authorities (Kleinberg 1999) by power iteration on compressed sparse rows: a ← Aᵀh,
 * h ← A a, normalised each step, until Σ|Δh| < n · tolerance; then each scaled to sum 1, as networkx's
 * `hits` (which takes the principal singular vectors of A). Weights are strengths when `weighted`.
 */
import type { AbstractGraph } from 'graphology-types';
import { toCsr, toRecord } from '../csr.ts';
import { ConvergenceError } from '../../errors.ts';
import { Type } from 'typebox';
import {
  defaultsOf,
  maxIterationsOption,
  notConverged,
  toleranceOption,
  weightedOption,
  withDefaults,
} from '../options.ts';

export const HITS_OPTIONS = Type.Object({
  weighted: weightedOption(),
  maxIterations: maxIterationsOption(),
  tolerance: toleranceOption(),
});
export const HITS_DEFAULTS = defaultsOf(HITS_OPTIONS);

export function hits(
  graph: AbstractGraph,
  options: Partial<typeof HITS_DEFAULTS> = {},
): { hubs: Record<string, number>; authorities: Record<string, number> } {
  const o = withDefaults('hits', HITS_DEFAULTS, options);
  const out = toCsr(graph, 'out');
  const into = toCsr(graph, 'in');
  const n = out.nodes.length;
  if (n === 0) return { hubs: {}, authorities: {} };
  let h = new Float64Array(n).fill(1 / n);
  const a = new Float64Array(n);
  let next = new Float64Array(n);
  const weight = (w: Float64Array, j: number) => (o.weighted ? w[j]! : 1);
  let converged = false;
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    // a = Aᵀ h: an authority is pointed to by good hubs.
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (let j = into.offsets[v]!; j < into.offsets[v + 1]!; j++)
        sum += h[into.targets[j]!]! * weight(into.weights, j);
      a[v] = sum;
    }
    // h = A a: a hub points to good authorities.
    let max = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (let j = out.offsets[v]!; j < out.offsets[v + 1]!; j++)
        sum += a[out.targets[j]!]! * weight(out.weights, j);
      next[v] = sum;
      if (sum > max) max = sum;
    }
    if (max === 0) {
      // No ties: every hub score is 0, a fixed point.
      converged = true;
      break;
    }
    let error = 0;
    for (let v = 0; v < n; v++) {
      next[v]! /= max;
      error += Math.abs(next[v]! - h[v]!);
    }
    [h, next] = [next, h];
    if (error < n * o.tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged) throw new ConvergenceError(notConverged('hits', o.maxIterations, o.tolerance));
  // The authorities that go with the final hubs.
  for (let v = 0; v < n; v++) {
    let sum = 0;
    for (let j = into.offsets[v]!; j < into.offsets[v + 1]!; j++)
      sum += h[into.targets[j]!]! * weight(into.weights, j);
    a[v] = sum;
  }
  const scale = (x: Float64Array) => {
    const total = x.reduce((s, v) => s + v, 0);
    return total > 0 ? x.map((v) => v / total) : x;
  };
  return {
    hubs: toRecord(out.nodes, scale(h)),
    authorities: toRecord(out.nodes, scale(Float64Array.from(a))),
  };
}
