/**
 * The layout-quality figure of issue 14, computed outside the view: communities by Louvain
 * (graphology-communities-louvain, Blondel et al. 2008 — not the Leiden partition the server lays out
 * by) on the drawn graph, its edges weighted by the ties' weights (parallel ties add up, as networkx's
 * louvain_communities reads `weight` by default), then the mean length of edges inside communities over the mean length of
 * edges between them. The issue's reference values on the demo (networkx): ForceAtlas2 0.68, with
 * LinLog 0.49, a random layout 1.03.
 */
import { UndirectedGraph } from 'graphology';
import { Random } from '../../src/random.ts';
import { edgeLengthRatio } from '../../src/analysis/layout-geometry.ts';
import { louvain } from '../../src/analysis/graphology-libs.ts';

export function louvainRatio(
  drawn: {
    nodes: { id: string; x: number; y: number }[];
    edges: { source: string; target: string; weight?: number }[];
  },
  seed: number,
): number {
  const graph = new UndirectedGraph();
  for (const n of drawn.nodes) graph.addNode(n.id);
  for (const e of drawn.edges) {
    if (e.source === e.target) continue;
    const key = graph.edge(e.source, e.target);
    const weight = e.weight ?? 1;
    if (key === undefined) graph.addEdge(e.source, e.target, { weight });
    else graph.updateEdgeAttribute(key, 'weight', (w) => (w as number) + weight);
  }
  const random = new Random(seed);
  const communities = louvain(graph, { rng: () => random.next(), getEdgeWeight: 'weight' });
  const positions = new Map(drawn.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  return edgeLengthRatio(positions, drawn.edges, new Map(Object.entries(communities)));
}
