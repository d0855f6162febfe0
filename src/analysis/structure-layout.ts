/**
 * A layout that shows the structure: groups apart, bridges between them. Deterministic, in three steps:
 *
 * 1. a community-seeded start: Leiden communities (the partition the gaps and DiD use, see
 *    gaps/groups.ts) each get a sunflower disc on a circle (groupLayout), so no randomness enters;
 * 2. ForceAtlas2 (Jacomy et al. 2014) in LinLog mode (Noack 2007: energy minima of the LinLog model
 *    are clusterings of maximal normalised cut), with weak gravity, run in rounds until the mean
 *    displacement of a round falls below a share of the drawing's extent (convergence) or the budget
 *    ends — the result says which;
 * 3. a noverlap pass (after graphology-layout-noverlap) that pushes apart discs that overlap.
 *
 * The quality figure of the issue: the mean length of edges inside communities over the mean length
 * of edges between them (`edgeLengthRatio`): 1 for a random layout, lower when groups stand apart.
 */
import { UndirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { groupLayout } from './layout.ts';
import { groupsOf } from './gaps/groups.ts';
import {
  GROUP_SEPARATION,
  STRUCTURE_FA2_SETTINGS,
  extent,
  meanEdgeLength,
  noverlap,
  separateGroups,
  snapshot,
} from './layout-geometry.ts';

// CommonJS with `export default` typings (as in graphology-libs.ts).
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export const STRUCTURE_LAYOUT_DEFAULTS = {
  /** Iterations per round between convergence checks. */
  round: 25,
  /** Most iterations in all; big graphs get fewer (see budget()). */
  maxIterations: 600,
  /** Converged when a round moves nodes on average less than this share of the extent. */
  tolerance: 0.0005,
  /**
   * After the force rounds, each community's centre moves this many times further from the drawing's
   * centre, its members keeping their places around it: white space between groups, bridges drawn across it.
   */
  separation: GROUP_SEPARATION,
  /** The disc radius noverlap keeps apart, as a share of the mean edge length. */
  nodeRadius: 0.12,
  seed: 42,
};

export interface LayoutInput {
  nodes: { id: string; kind: string; clusters: string[] }[];
  edges: { source: string; target: string; weight: number }[];
}

export interface StructureLayout {
  positions: Map<string, { x: number; y: number }>;
  /** Leiden community of every node (`community <n>`): the start's groups; empty above the size limit. */
  communities: Map<string, string>;
  /**
   * 'forceatlas2-linlog' up to 3,000 nodes; 'community-seeded' (the Leiden-seeded start, groups apart,
   * noverlap) up to STRUCTURE_LAYOUT_MAX_NODES; 'cluster-seeded' (the start only) above.
   */
  method: 'forceatlas2-linlog' | 'community-seeded' | 'cluster-seeded';
  iterations: number;
  converged: boolean;
}

/**
 * Above this many nodes the layout keeps the cluster-seeded start (no communities, no ForceAtlas2): Leiden
 * and the force rounds would take longer than the first frame may (about 5 s on 20,000 nodes).
 */
export const STRUCTURE_LAYOUT_MAX_NODES = 6000;

/** The iteration budget: O(n log n) per iteration with Barnes–Hut, so fewer for big graphs. */
function budget(n: number, max: number): number {
  if (n > STRUCTURE_LAYOUT_MAX_NODES) return 0;
  // Above 3,000 nodes the Leiden-seeded start alone (about 1 s on 5,000 nodes / 50,000 ties; each force
  // iteration would add some 30 ms, and the view's first frame waits for them).
  if (n > 3_000) return 0;
  return max;
}

export function structureLayout(
  input: LayoutInput,
  options: Partial<typeof STRUCTURE_LAYOUT_DEFAULTS> = {},
): StructureLayout {
  const o = { ...STRUCTURE_LAYOUT_DEFAULTS, ...options };
  const graph = new UndirectedGraph<{ x: number; y: number }, { weight: number }>();
  for (const node of input.nodes) graph.addNode(node.id, { x: 0, y: 0 });
  for (const e of input.edges) {
    if (e.source === e.target || !graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    const existing = graph.edge(e.source, e.target);
    if (existing === undefined) graph.addEdge(e.source, e.target, { weight: e.weight });
    else graph.updateEdgeAttribute(existing, 'weight', (w) => (w ?? 0) + e.weight);
  }
  const big = graph.order > STRUCTURE_LAYOUT_MAX_NODES;
  const communities = big ? new Map<string, string>() : groupsOf(graph, 'community', o.seed);
  const start = groupLayout(
    big
      ? input.nodes
      : input.nodes.map((n) => ({ id: n.id, kind: n.kind, clusters: [communities.get(n.id)!] })),
  );
  graph.updateEachNodeAttributes((id) => ({ ...start.get(id)! }));
  let iterations = 0;
  let converged = graph.order < 2;
  const limit = budget(graph.order, o.maxIterations);
  const settings = { ...STRUCTURE_FA2_SETTINGS, barnesHutOptimize: graph.order > 1000 };
  while (!converged && iterations < limit) {
    const before = snapshot(graph);
    forceAtlas2.assign(graph, { iterations: o.round, settings, getEdgeWeight: 'weight' });
    iterations += o.round;
    const after = snapshot(graph);
    let moved = 0;
    for (let i = 0; i < before.length; i += 2)
      moved += Math.hypot(after[i]! - before[i]!, after[i + 1]! - before[i + 1]!);
    moved /= graph.order;
    if (moved / o.round < o.tolerance * extent(after)) converged = true;
  }
  if (!big) {
    separateGroups(graph, communities, o.separation);
    noverlap(graph, o.nodeRadius * meanEdgeLength(graph));
  }
  const positions = new Map<string, { x: number; y: number }>();
  graph.forEachNode((id, a) => positions.set(id, { x: a.x, y: a.y }));
  return {
    positions,
    communities,
    method: big ? 'cluster-seeded' : limit === 0 ? 'community-seeded' : 'forceatlas2-linlog',
    iterations,
    converged,
  };
}
