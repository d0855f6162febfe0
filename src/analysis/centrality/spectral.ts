/**
 * Spectral centralities: eigenvector centrality (Bonacich 1972; unit length, as networkx), PageRank
 * (Brin & Page 1998; α = 0.85, iterated until the change is below n · tolerance, as networkx).
 * Weights are strengths. HITS is in hits.ts.
 */
import type { AbstractGraph } from 'graphology-types';
import { toCsr, toRecord } from '../csr.ts';
import { dominantEigenvectorStart } from './lanczos.ts';
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
 * centrality (and networkx's): x ← x + Aᵀx (each node gets x·w from its incoming ties), scaled to unit
 * length with an overflow-safe norm, until Σ|Δx| < n · tolerance. It runs on the kept rows of the view
 * (csr.ts) instead of building graphology's own neighbourhood index on every call.
 */
export function eigenvector(
  graph: AbstractGraph,
  options: Partial<typeof EIGENVECTOR_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('eigenvector', EIGENVECTOR_DEFAULTS, options);
  // x + Aᵀx gathered per node over its in-rows (the kept rows; in an undirected graph the same as out):
  // each node reads its partners' values instead of scattering its own, one write per node.
  const { nodes, offsets, targets, weights } = toCsr(graph, 'in');
  const n = nodes.length;
  // graphology's iteration never converges on no nodes at all.
  if (n === 0) return {};
  let x = new Float64Array(n).fill(1 / n);
  // Undirected ties make A symmetric: start from a Lanczos estimate of the vector the iteration tends
  // to (lanczos.ts), so that a few sweeps meet the stopping test instead of hundreds.
  if (graph.type === 'undirected')
    x = dominantEigenvectorStart(offsets, targets, o.weighted ? weights : null, x);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    for (let v = 0; v < n; v++) {
      let sum = x[v]!;
      if (o.weighted)
        for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) sum += x[targets[j]!]! * weights[j]!;
      else for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) sum += x[targets[j]!]!;
      next[v] = sum;
    }
    const norm = safeHypot(next);
    let error = 0;
    for (let v = 0; v < n; v++) {
      next[v]! /= norm;
      error += Math.abs(next[v]! - x[v]!);
    }
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
  const out = toCsr(graph, 'out');
  // Gathered over the in-rows (the same rows in an undirected graph): node v sums what its partners send.
  const { nodes, offsets, targets, weights } = toCsr(graph, 'in');
  const n = nodes.length;
  if (n === 0) return {};
  // What each participant sends along all its ties; 0 for those without outgoing ties.
  const total = new Float64Array(n);
  const dangling: number[] = [];
  for (let v = 0; v < n; v++) {
    let sum = 0;
    for (let j = out.offsets[v]!; j < out.offsets[v + 1]!; j++) sum += o.weighted ? out.weights[j]! : 1;
    total[v] = sum;
    if (sum === 0) dangling.push(v);
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  // α x[u] / total[u]: the flow along each of u's ties per unit of weight
  const flow = new Float64Array(n);
  let converged = false;
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    let danglingMass = 0;
    for (const d of dangling) danglingMass += x[d]!;
    const base = (o.alpha * danglingMass + 1 - o.alpha) / n;
    for (let u = 0; u < n; u++) flow[u] = total[u]! > 0 ? (o.alpha * x[u]!) / total[u]! : 0;
    let error = 0;
    for (let v = 0; v < n; v++) {
      let sum = base;
      if (o.weighted)
        for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++)
          sum += flow[targets[j]!]! * weights[j]!;
      else for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) sum += flow[targets[j]!]!;
      next[v] = sum;
      error += Math.abs(sum - x[v]!);
    }
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
