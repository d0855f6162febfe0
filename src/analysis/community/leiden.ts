/**
 * Leiden communities (Traag, Waltman & van Eck 2019) for modularity with resolution γ: unlike Louvain,
 * every community is connected (the refinement merges only within connected, well-connected
 * sub-communities, and a last pass splits any community that is not connected).
 */
import type { AbstractGraph } from 'graphology-types';
import { Random } from '../../random.ts';
import { Type } from 'typebox';
import {
  defaultsOf,
  requireRange,
  resolutionOption,
  seedOption,
  weightedOption,
  withDefaults,
} from '../options.ts';
import { toCsr, toRecord } from '../csr.ts';
import {
  buildQualityGraph,
  leidenPartition,
  quality,
  qualityGraphFromRows,
  type Edge,
  type QualityGraph,
} from './engine.ts';
import type { CommunityResult } from './louvain.ts';

export const LEIDEN_OPTIONS = Type.Object({
  resolution: resolutionOption(),
  weighted: weightedOption({ default: true }),
  seed: seedOption(),
  theta: Type.Number({
    description: 'randomness of the refinement',
    default: 0.01,
    minimum: 1e-6,
    maximum: 10,
  }),
});

/** The options, and the engine's limits (in code only: levels of aggregation, passes per level). */
export const LEIDEN_DEFAULTS = { ...defaultsOf(LEIDEN_OPTIONS), maxLevels: 50, maxPasses: 20 };

export function leiden(graph: AbstractGraph, options: Partial<typeof LEIDEN_DEFAULTS> = {}): CommunityResult {
  const o = withDefaults('leiden', LEIDEN_DEFAULTS, options);
  requireRange('leiden', 'resolution', o.resolution, 0, 100);
  requireRange('leiden', 'theta', o.theta, 1e-6, 10);
  const { nodes, g } = qualityGraphOf(graph, o.weighted);
  const membership = leidenPartition(g, {
    resolution: o.resolution,
    rng: new Random(o.seed),
    theta: o.theta,
    maxLevels: o.maxLevels,
    maxPasses: o.maxPasses,
  });
  const communities = toRecord(nodes, membership);
  // With one layer the engine's quality is Newman's modularity (tested against graphology's).
  return { communities, modularity: quality(g, membership, o.resolution) };
}

/** A flattened view's kept rows are its quality graph; any other graph is walked tie by tie. */
function qualityGraphOf(graph: AbstractGraph, weighted: boolean): { nodes: string[]; g: QualityGraph } {
  if (graph.type === 'undirected' && !graph.multi && graph.selfLoopCount === 0) {
    const rows = toCsr(graph, 'out');
    return { nodes: rows.nodes, g: qualityGraphFromRows(rows, weighted) };
  }
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const edges: Edge[] = [];
  graph.forEachEdge((_edge, attributes, source, target) => {
    edges.push({
      source: index.get(source)!,
      target: index.get(target)!,
      weight: weighted ? ((attributes.weight as number) ?? 1) : 1,
    });
  });
  return { nodes, g: buildQualityGraph(nodes.length, new Int32Array(nodes.length), 1, edges) };
}
