/**
 * Spectral centralities: eigenvector centrality (Bonacich 1972; unit length, as networkx), PageRank
 * (Brin & Page 1998; α = 0.85, iterated until the change is below n · tolerance, as networkx).
 * Weights are strengths. HITS is in hits.ts.
 */
import type { AbstractGraph } from 'graphology-types';
import { toCsr, toRecord } from '../csr.ts';
import { ConvergenceError } from '../../errors.ts';
import { Type } from 'typebox';
import {
  defaultsOf,
  maxIterationsOption,
  notConverged,
  requireRange,
  toleranceOption,
  weightedOption,
  withDefaults,
} from '../options.ts';

export const EIGENVECTOR_OPTIONS = Type.Object({
  weighted: weightedOption(),
  maxIterations: maxIterationsOption(),
  tolerance: toleranceOption(),
});
export const EIGENVECTOR_DEFAULTS = defaultsOf(EIGENVECTOR_OPTIONS);

/**
 * Power iteration of (A + I) on compressed rows, step for step as graphology-metrics' eigenvector
 * centrality (and networkx's): x ← x + Aᵀx (each node hands x·w along its outgoing ties), scaled to unit
 * length with an overflow-safe norm, until Σ|Δx| < n · tolerance. It runs on the kept rows of the view
 * (csr.ts) instead of building graphology's own neighbourhood index on every call.
 */
export function eigenvector(
  graph: AbstractGraph,
  options: Partial<typeof EIGENVECTOR_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('eigenvector', EIGENVECTOR_DEFAULTS, options);
  const { nodes, offsets, targets, weights } = toCsr(graph, 'out');
  const n = nodes.length;
  // graphology's iteration never converges on no nodes at all.
  if (n === 0) return {};
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    next.set(x);
    for (let v = 0; v < n; v++) {
      const xv = x[v]!;
      for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++)
        next[targets[j]!]! += xv * (o.weighted ? weights[j]! : 1);
    }
    const norm = safeHypot(next);
    for (let v = 0; v < n; v++) next[v]! /= norm;
    let error = 0;
    for (let v = 0; v < n; v++) error += Math.abs(next[v]! - x[v]!);
    [x, next] = [next, x];
    if (error < n * o.tolerance) return toRecord(nodes, x);
  }
  throw new ConvergenceError(notConverged('eigenvector', o.maxIterations, o.tolerance));
}

/** √(Σ x²) without overflow, as graphology-metrics computes it (so that the values match its own). */
function safeHypot(x: Float64Array): number {
  let max = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > max) {
      s *= (max / a) * (max / a);
      max = a;
    }
    s += a === 0 && max === 0 ? 0 : (a / max) * (a / max);
  }
  return max === Infinity ? 1 : max * Math.sqrt(s);
}

export const PAGERANK_OPTIONS = Type.Object({
  alpha: Type.Number({ description: 'damping factor', default: 0.85, minimum: 0, maximum: 1 }),
  weighted: weightedOption(),
  maxIterations: maxIterationsOption(),
  tolerance: toleranceOption(),
});
export const PAGERANK_DEFAULTS = defaultsOf(PAGERANK_OPTIONS);

/**
 * Power iteration on compressed rows, as networkx's `pagerank`: a walker follows a tie with probability
 * α (in proportion to its weight when weighted) and jumps to a uniformly chosen participant otherwise;
 * participants without outgoing ties hand their share to everyone. Stops when Σ|Δx| < n · tolerance.
 */
export function pagerank(
  graph: AbstractGraph,
  options: Partial<typeof PAGERANK_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('pagerank', PAGERANK_DEFAULTS, options);
  requireRange('pagerank', 'alpha', o.alpha, 0, 1);
  const { nodes, offsets, targets, weights } = toCsr(graph, 'out');
  const n = nodes.length;
  if (n === 0) return {};
  const share = new Float64Array(targets.length);
  const dangling: number[] = [];
  for (let v = 0; v < n; v++) {
    let total = 0;
    for (let j = offsets[v]!; j < offsets[v + 1]!; j++) total += o.weighted ? weights[j]! : 1;
    if (total === 0) dangling.push(v);
    for (let j = offsets[v]!; j < offsets[v + 1]!; j++) share[j] = (o.weighted ? weights[j]! : 1) / total;
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  let converged = false;
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    let danglingMass = 0;
    for (const d of dangling) danglingMass += x[d]!;
    const base = (o.alpha * danglingMass + 1 - o.alpha) / n;
    next.fill(base);
    for (let v = 0; v < n; v++) {
      const flow = o.alpha * x[v]!;
      for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) next[targets[j]!]! += flow * share[j]!;
    }
    let error = 0;
    for (let v = 0; v < n; v++) error += Math.abs(next[v]! - x[v]!);
    [x, next] = [next, x];
    if (error < n * o.tolerance) {
      converged = true;
      break;
    }
  }
  // As networkx (PowerIterationFailedConvergence) and graphology: an unconverged vector is no answer.
  if (!converged) throw new ConvergenceError(notConverged('pagerank', o.maxIterations, o.tolerance));
  return toRecord(nodes, x);
}
