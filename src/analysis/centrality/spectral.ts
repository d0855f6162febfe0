/**
 * Spectral centralities: eigenvector centrality (Bonacich 1972; unit length, as networkx), PageRank
 * (Brin & Page 1998; α = 0.85, iterated until the change is below n · tolerance, as networkx).
 * Weights are strengths. HITS is in hits.ts.
 */
import type { AbstractGraph } from 'graphology-types';
import { eigenvectorCentrality, pagerank as graphologyPagerank } from '../graphology-libs.ts';
import { requireRange, strength, withDefaults } from '../options.ts';

export const EIGENVECTOR_DEFAULTS = { weighted: false, maxIterations: 10_000, tolerance: 1e-10 };

export function eigenvector(
  graph: AbstractGraph,
  options: Partial<typeof EIGENVECTOR_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('eigenvector', EIGENVECTOR_DEFAULTS, options);
  return eigenvectorCentrality(graph, {
    getEdgeWeight: o.weighted ? strength : null,
    maxIterations: o.maxIterations,
    tolerance: o.tolerance,
  });
}

export const PAGERANK_DEFAULTS = { alpha: 0.85, weighted: false, maxIterations: 10_000, tolerance: 1e-10 };

export function pagerank(
  graph: AbstractGraph,
  options: Partial<typeof PAGERANK_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('pagerank', PAGERANK_DEFAULTS, options);
  requireRange('pagerank', 'alpha', o.alpha, 0, 1);
  return graphologyPagerank(graph, {
    alpha: o.alpha,
    getEdgeWeight: o.weighted ? strength : null,
    maxIterations: o.maxIterations,
    tolerance: o.tolerance,
  });
}
