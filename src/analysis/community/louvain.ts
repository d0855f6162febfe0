/**
 * Communities by Louvain modularity optimisation (Blondel et al. 2008), through
 * graphology-communities-louvain, with a seeded random order so that the same data gives the same
 * partition; and the modularity of any partition (Newman 2006; with resolution γ, Reichardt & Bornholdt).
 */
import type { AbstractGraph } from 'graphology-types';
import { toCsr, type Csr } from '../csr.ts';
import { InvalidArgumentError } from '../../errors.ts';
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
  if (graph.type === 'undirected' && !graph.multi)
    return undirectedModularity(toCsr(graph, 'out'), communities, o.resolution, o.weighted);
  return graphologyModularity(graph, {
    getNodeCommunity: (node: string) => communities[node],
    getEdgeWeight: o.weighted ? 'weight' : null,
    resolution: o.resolution,
  } as never);
}

/**
 * Newman's modularity of an undirected graph on its kept compressed rows, as graphology-metrics'
 * sparse undirected modularity computes it — Q = Σ_c [in_c / 2M − γ (tot_c / 2M)²] — but on typed
 * arrays: graphology's version, with objects keyed by node and community, took longer than the Louvain
 * run itself on 200,000 ties. Every tie is two arcs in the rows (a self-loop too), so summing over arcs
 * gives 2M, each community's total strength and twice its internal weight.
 */
function undirectedModularity(
  rows: Csr,
  communities: Record<string, number | string>,
  resolution: number,
  weighted: boolean,
): number {
  const { nodes, offsets, targets, weights } = rows;
  const n = nodes.length;
  const ids = new Map<number | string, number>();
  const community = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = communities[nodes[i]!];
    if (c === undefined) throw new InvalidArgumentError(`modularity: "${nodes[i]}" is not in the partition`);
    let k = ids.get(c);
    if (k === undefined) ids.set(c, (k = ids.size));
    community[i] = k;
  }
  const total = new Float64Array(ids.size);
  const internal = new Float64Array(ids.size);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    const c = community[i]!;
    for (let a = offsets[i]!, end = offsets[i + 1]!; a < end; a++) {
      const raw = weights[a]!;
      // graphology's weight getter: 1 when unweighted, or for a weight that is not a number.
      const w = weighted && raw === raw ? raw : 1;
      twoM += w;
      total[c]! += w;
      if (community[targets[a]!] === c) internal[c]! += w;
    }
  }
  let q = 0;
  for (let c = 0; c < ids.size; c++) q += internal[c]! / twoM - resolution * (total[c]! / twoM) ** 2;
  return q;
}
