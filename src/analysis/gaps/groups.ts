/**
 * Groupings of participants for the gap analyses: by cluster, kind, region, or community (Leiden on the
 * undirected weighted view, seeded, so the same data gives the same groups).
 */
import { UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { leiden } from '../community/leiden.ts';

export const GROUPINGS = ['cluster', 'kind', 'region', 'community'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Participants with no cluster form this group when grouping by cluster. */
export const NO_CLUSTER = '(no cluster)';

export function checkGrouping(value: string): Grouping {
  if (!(GROUPINGS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`group by one of ${GROUPINGS.join(', ')}, got '${value}'`);
  }
  return value as Grouping;
}

/**
 * The group of every participant. A participant in several clusters counts in the first of them (ids
 * sorted); communities are labelled `community <n>`.
 */
export function groupsOf(graph: AbstractGraph, grouping: Grouping, seed = 42): Map<string, string> {
  const out = new Map<string, string>();
  if (grouping === 'community') {
    const undirected = new UndirectedGraph();
    graph.forEachNode((node) => undirected.addNode(node));
    graph.forEachEdge((_e, attributes, source, target) => {
      if (source === target) return;
      const weight = typeof attributes.weight === 'number' ? attributes.weight : 1;
      const existing = undirected.edge(source, target);
      if (existing === undefined) undirected.addEdge(source, target, { weight });
      else undirected.updateEdgeAttribute(existing, 'weight', (w) => (w as number) + weight);
    });
    const { communities } = leiden(undirected, { seed });
    for (const [node, c] of Object.entries(communities)) out.set(node, `community ${c}`);
    return out;
  }
  graph.forEachNode((node, attributes) => {
    if (grouping === 'cluster') {
      const clusters = Array.isArray(attributes.clusters)
        ? [...(attributes.clusters as string[])].sort()
        : [];
      out.set(node, clusters[0] ?? NO_CLUSTER);
    } else {
      const value = attributes[grouping];
      out.set(node, typeof value === 'string' && value !== '' ? value : '(unknown)');
    }
  });
  return out;
}
