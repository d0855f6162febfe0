/**
 * Degree and weighted degree (strength; Barrat et al. 2004): the number of a participant's partners,
 * and the sum of its ties' weights. In a directed view, `direction` picks in, out or both.
 */
import type { AbstractGraph } from 'graphology-types';
import { Type } from 'typebox';
import { defaultsOf, directionOption, withDefaults } from '../options.ts';

export const DEGREE_OPTIONS = Type.Object({ direction: directionOption() });
export const DEGREE_DEFAULTS = defaultsOf(DEGREE_OPTIONS);

export function degree(
  graph: AbstractGraph,
  options: Partial<typeof DEGREE_DEFAULTS> = {},
): Record<string, number> {
  const { direction } = withDefaults('degree', DEGREE_DEFAULTS, options);
  const out: Record<string, number> = {};
  graph.forEachNode((node) => {
    out[node] =
      direction === 'in'
        ? graph.inDegree(node) + graph.undirectedDegree(node)
        : direction === 'out'
          ? graph.outDegree(node) + graph.undirectedDegree(node)
          : graph.degree(node);
  });
  return out;
}

export function weightedDegree(
  graph: AbstractGraph,
  options: Partial<typeof DEGREE_DEFAULTS> = {},
): Record<string, number> {
  const { direction } = withDefaults('weighted-degree', DEGREE_DEFAULTS, options);
  const out: Record<string, number> = {};
  graph.forEachNode((node) => {
    out[node] = 0;
  });
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const w = (attributes.weight as number) ?? 1;
    if (undirected || direction !== 'in') out[source]! += w;
    if (undirected || direction !== 'out') out[target]! += w;
  });
  return out;
}
