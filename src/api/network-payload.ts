/**
 * The network as the web view draws it: graphology's serialised format (nodes with positions, one
 * edge per tie and layer), cut to the best-connected participants when it exceeds the size limit. The
 * positions come from the structure layout (communities apart, see analysis/structure-layout.ts) and
 * are final: the view, its PNG/SVG and its GEXF export all draw them.
 */
import { structureLayout, type StructureLayout } from '../analysis/structure-layout.ts';
import { assertLayers, type Network } from '../analysis/network.ts';

export interface SerializedNode {
  key: string;
  attributes: {
    label: string;
    kind: string;
    region: string;
    clusters: string[];
    platforms: string[];
    degree: number;
    /** Leiden community on the drawn network (`community <n>`; '' above the layout's size limit). */
    community: string;
    x: number;
    y: number;
  };
}

export interface SerializedEdge {
  key: string;
  source: string;
  target: string;
  undirected: boolean;
  attributes: { layer: string; weight: number; since: number | null };
}

export interface NetworkPayload {
  truncated: boolean;
  limit: number;
  total: { nodes: number; edges: number };
  layout: Pick<StructureLayout, 'method' | 'iterations' | 'converged'>;
  graph: {
    options: { type: 'mixed'; multi: true; allowSelfLoops: false };
    attributes: Record<string, never>;
    nodes: SerializedNode[];
    edges: SerializedEdge[];
  };
}

/** Pairs of participants sharing a platform, weighted by the number of platforms they share. */
function platformTies(network: Network): { source: string; target: string; weight: number }[] {
  const members = new Map<string, string[]>();
  for (const node of network.nodes)
    for (const p of node.platforms) (members.get(p) ?? members.set(p, []).get(p)!).push(node.id);
  const shared = new Map<string, number>();
  for (const list of members.values()) {
    const sorted = [...list].sort();
    for (let i = 0; i < sorted.length; i++)
      for (let j = i + 1; j < sorted.length; j++) {
        const key = `${sorted[i]}\u0000${sorted[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  return [...shared].map(([key, weight]) => {
    const [source, target] = key.split('\u0000') as [string, string];
    return { source, target, weight };
  });
}

export function networkPayload(
  network: Network,
  options: { limit: number; layers?: string[] },
): NetworkPayload {
  assertLayers(network, options.layers);
  const directed = new Map(network.layers.map((l) => [l.id, l.directed]));
  const edges: SerializedEdge[] = network.ties.map((t, i) => ({
    key: `${t.layer}:${i}`,
    source: t.source,
    target: t.target,
    undirected: !directed.get(t.layer),
    attributes: { layer: t.layer, weight: t.weight, since: t.since ?? null },
  }));
  if (options.layers?.includes('platform')) {
    platformTies(network).forEach((t, i) =>
      edges.push({
        key: `platform:${i}`,
        source: t.source,
        target: t.target,
        undirected: true,
        attributes: { layer: 'platform', weight: t.weight, since: null },
      }),
    );
  }
  const degree = new Map<string, number>(network.nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  let nodes = network.nodes;
  const truncated = nodes.length > options.limit;
  if (truncated) {
    // Keep the best-connected participants: the structure a reader needs first.
    nodes = [...nodes]
      .sort((a, b) => degree.get(b.id)! - degree.get(a.id)! || (a.id < b.id ? -1 : 1))
      .slice(0, options.limit);
  }
  const kept = new Set(nodes.map((n) => n.id));
  const keptEdges = truncated ? edges.filter((e) => kept.has(e.source) && kept.has(e.target)) : edges;
  const layout = structureLayout({
    nodes,
    edges: keptEdges.map((e) => ({ source: e.source, target: e.target, weight: e.attributes.weight })),
  });
  return {
    truncated,
    limit: options.limit,
    total: { nodes: network.nodes.length, edges: edges.length },
    layout: { method: layout.method, iterations: layout.iterations, converged: layout.converged },
    graph: {
      options: { type: 'mixed', multi: true, allowSelfLoops: false },
      attributes: {},
      nodes: nodes.map((n) => ({
        key: n.id,
        attributes: {
          label: n.name,
          kind: n.kind,
          region: n.region,
          clusters: n.clusters,
          platforms: n.platforms,
          degree: degree.get(n.id)!,
          community: layout.communities.get(n.id) ?? '',
          ...layout.positions.get(n.id)!,
        },
      })),
      edges: keptEdges,
    },
  };
}
