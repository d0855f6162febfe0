/**
 * Communities by Louvain modularity optimisation (Blondel et al. 2008), through
 * graphology-communities-louvain, with a seeded random order so that the same data gives the same
 * partition; and the modularity of any partition (Newman 2006; with resolution γ, Reichardt & Bornholdt).
 */
import type { AbstractGraph } from 'graphology-types';
import { Random } from '../../random.ts';
import { louvain as graphologyLouvain, modularity as graphologyModularity } from '../graphology-libs.ts';
import { Type } from 'typebox';
import {
  defaultsOf,
  requireRange,
  resolutionOption,
  seedOption,
  weightedOption,
  withDefaults,
} from '../options.ts';

export interface CommunityResult {
  communities: Record<string, number>;
  modularity: number;
}

export const LOUVAIN_OPTIONS = Type.Object({
  resolution: resolutionOption(),
  weighted: weightedOption({ default: true }),
  seed: seedOption(),
});
export const LOUVAIN_DEFAULTS = defaultsOf(LOUVAIN_OPTIONS);

export function louvain(
  graph: AbstractGraph,
  options: Partial<typeof LOUVAIN_DEFAULTS> = {},
): CommunityResult {
  const o = withDefaults('louvain', LOUVAIN_DEFAULTS, options);
  requireRange('louvain', 'resolution', o.resolution, 0, 100);
  const rng = new Random(o.seed);
  const communities = graphologyLouvain(graph, {
    resolution: o.resolution,
    getEdgeWeight: o.weighted ? 'weight' : null,
    rng: () => rng.next(),
  });
  return {
    communities,
    modularity: modularity(graph, communities, { resolution: o.resolution, weighted: o.weighted }),
  };
}

export const MODULARITY_DEFAULTS = { resolution: 1, weighted: true };

export function modularity(
  graph: AbstractGraph,
  communities: Record<string, number | string>,
  options: Partial<typeof MODULARITY_DEFAULTS> = {},
): number {
  const o = withDefaults('modularity', MODULARITY_DEFAULTS, options);
  if (graph.size === 0) return 0;
  return graphologyModularity(graph, {
    getNodeCommunity: (node: string) => communities[node],
    getEdgeWeight: o.weighted ? 'weight' : null,
    resolution: o.resolution,
  } as never);
}
