/**
 * The bundle as a graphology graph, for the graph file formats (GEXF, GraphML): participants are
 * nodes, each tie is an edge with its layer; a multigraph, since two participants may be tied in
 * several layers, and mixed, since some layers are directed.
 */
import { MultiGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { DEFAULT_LAYERS, type Bundle } from './model.ts';

export function bundleToGraph(bundle: Bundle): AbstractGraph {
  const graph = new MultiGraph({ type: 'mixed', allowSelfLoops: false });
  const memberOf = new Map<string, { clusters: string[]; platforms: string[] }>();
  for (const m of bundle.memberships) {
    const entry = memberOf.get(m.participant) ?? { clusters: [], platforms: [] };
    if (m.cluster) entry.clusters.push(m.cluster);
    if (m.platform) entry.platforms.push(m.platform);
    memberOf.set(m.participant, entry);
  }
  for (const p of bundle.participants) {
    const { attributes, ...core } = p;
    const memberships = memberOf.get(p.id);
    graph.addNode(p.id, {
      ...core,
      label: p.name,
      clusters: memberships?.clusters.sort().join(';') ?? '',
      platforms: memberships?.platforms.sort().join(';') ?? '',
      ...Object.fromEntries(Object.entries(attributes ?? {}).map(([k, v]) => [`attr_${k}`, v])),
    });
  }
  const directed = new Map(bundle.layers.map((l) => [l.id, l.directed]));
  for (const t of bundle.ties) {
    const attributes = {
      layer: t.layer,
      weight: t.weight ?? 1,
      ...(t.since !== undefined ? { since: t.since } : {}),
    };
    const isDirected = directed.get(t.layer) ?? DEFAULT_LAYERS[t.layer]?.directed ?? false;
    const key = `${t.layer}:${t.source}->${t.target}`;
    if (isDirected) graph.addDirectedEdgeWithKey(key, t.source, t.target, attributes);
    else graph.addUndirectedEdgeWithKey(key, t.source, t.target, attributes);
  }
  return graph;
}
