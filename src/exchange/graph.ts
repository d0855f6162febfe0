/**
 * The bundle as a graphology graph, for the graph file formats (GEXF, GraphML): participants are
 * nodes, each tie is an edge with its layer; a multigraph, since two participants may be tied in
 * several layers, and mixed, since some layers are directed. The graph's attributes carry the layers,
 * clusters and platforms the nodes and edges name (graph-file.ts reads them back).
 *
 * `ties` chooses the view: `mixed` (the default) keeps each tie as it is, which only the importer and
 * Gephi read; `directed` writes an undirected tie as two arcs and `undirected` drops the direction of
 * directed ties, so that readers of one kind of graph (networkx, igraph) open the file. The views are
 * for reading elsewhere; the importer refuses them (they are not the network).
 */
import { MultiGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { canonicalBundle } from './canonical.ts';
import { ATTRIBUTE_PREFIX, GRAPH_DEFINITIONS, GRAPH_VIEW } from './graph-file.ts';
import { DEFAULT_LAYERS, type Bundle } from './model.ts';

export const TIE_VIEWS = ['mixed', 'directed', 'undirected'] as const;
export type TieView = (typeof TIE_VIEWS)[number];

export function bundleToGraph(bundle: Bundle, options: { ties?: TieView } = {}): AbstractGraph {
  const view = options.ties ?? 'mixed';
  const type = view === 'mixed' ? 'mixed' : view;
  const graph = new MultiGraph({ type, allowSelfLoops: false });
  const canonical = canonicalBundle(bundle);
  graph.replaceAttributes({
    [GRAPH_VIEW]: view,
    [GRAPH_DEFINITIONS.layers]: JSON.stringify(canonical.layers),
    [GRAPH_DEFINITIONS.clusters]: JSON.stringify(canonical.clusters),
    [GRAPH_DEFINITIONS.platforms]: JSON.stringify(canonical.platforms),
  });
  const memberOf = new Map<string, { clusters: string[]; platforms: string[] }>();
  for (const m of canonical.memberships) {
    const entry = memberOf.get(m.participant) ?? { clusters: [], platforms: [] };
    if (m.cluster) entry.clusters.push(m.cluster);
    if (m.platform) entry.platforms.push(m.platform);
    memberOf.set(m.participant, entry);
  }
  for (const p of canonical.participants) {
    // The id is the node's own; as an attribute too it would clash with igraph's vertex ids.
    const { attributes, ...fields } = p;
    const core: Record<string, unknown> = { ...fields };
    delete core.id;
    const memberships = memberOf.get(p.id);
    graph.addNode(p.id, {
      ...core,
      label: p.name,
      clusters: memberships?.clusters.sort().join(';') ?? '',
      platforms: memberships?.platforms.sort().join(';') ?? '',
      ...Object.fromEntries(Object.entries(attributes ?? {}).map(([k, v]) => [`${ATTRIBUTE_PREFIX}${k}`, v])),
    });
  }
  const directed = new Map(canonical.layers.map((l) => [l.id, l.directed]));
  for (const t of canonical.ties) {
    const attributes = {
      layer: t.layer,
      weight: t.weight ?? 1,
      ...(t.since !== undefined ? { since: t.since } : {}),
    };
    const isDirected = directed.get(t.layer) ?? DEFAULT_LAYERS[t.layer]?.directed ?? false;
    const key = `${t.layer}:${t.source}->${t.target}`;
    if (view === 'undirected' || (view === 'mixed' && !isDirected))
      graph.addUndirectedEdgeWithKey(key, t.source, t.target, attributes);
    else {
      graph.addDirectedEdgeWithKey(key, t.source, t.target, attributes);
      if (!isDirected)
        graph.addDirectedEdgeWithKey(`${t.layer}:${t.target}->${t.source}`, t.target, t.source, attributes);
    }
  }
  return graph;
}
