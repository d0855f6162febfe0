/**
 * API data → the graph sigma draws, in the manner of Gephi Lite's dataGraphToSigmaGraph: the server's
 * serialised graphology network is copied into a fresh mixed multigraph, and the appearance (node colour by
 * cluster, community or kind; node size by a centrality; edge colour by layer) is derived from the data and
 * the chosen mappings. Hover, selection and filters never touch this graph: they go through reducers.ts.
 */
import { MultiGraph } from 'graphology';
import type { NetworkEdgeAttributes, NetworkNodeAttributes, NetworkResponse } from './api.ts';
import {
  CATEGORICAL,
  KIND_COLORS,
  LAYER_COLORS,
  NEUTRAL,
  categoricalColors,
  divergingColor,
  withAlpha,
} from './colors.ts';
import { NO_RING } from './node-ring.ts';
import type { ColorMode } from './url-state.ts';

export interface NodeRenderAttributes extends NetworkNodeAttributes {
  size: number;
  color: string;
  /** The legend entry the colour stands for (a cluster id, community label or kind). */
  category: string;
  /** Ring colour (node-ring.ts): a member of several clusters shows a second cluster's colour there. */
  ring: string;
}

export interface EdgeRenderAttributes extends NetworkEdgeAttributes {
  size: number;
  color: string;
  type: 'line' | 'arrow';
  /** A routed governance segment of the metacorporation: the ties it carries, `source>target`, space-separated. */
  carries?: string;
}

export type SigmaGraph = MultiGraph<NodeRenderAttributes, EdgeRenderAttributes>;

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  count: number;
}

export interface Legend {
  title: string;
  items: LegendItem[];
  /** Participants drawn with a ring: members of several clusters (counted under each of their clusters). */
  rings?: number;
  /** A numeric colouring: its extent and the scale's end colours. */
  gradient?: { min: number; max: number; low: string; high: string } | undefined;
}

export interface Appearance {
  color: ColorMode;
  /** Cluster ids and names in the order the facets list them (decides their colours). */
  clusters: { id: string; name: string }[];
  /** Community label per node id, when colouring by community. */
  communities?: Record<string, string | number> | null;
  /** Clusters to prefer as a multi-cluster member's fill (the clusters filtered on). */
  preferred?: readonly string[];
  /** The sizing measure's values per node id (missing nodes get the smallest size). */
  sizes?: Record<string, number> | null;
}

export const NO_GROUP = '∅';
export const MIN_NODE_SIZE = 2;

/** The largest node size for a graph of n nodes: big graphs get small discs so they stay readable. */
export function maxNodeSize(n: number): number {
  if (n > 10_000) return 6;
  if (n > 2_000) return 8;
  return 12;
}

export function edgeColor(layer: string): string {
  return withAlpha(LAYER_COLORS[layer] ?? NEUTRAL, 0.55);
}

/**
 * Copies the server's network into a sigma-ready multigraph (mixed, as the API sends it). With
 * `edges: false` only the nodes: the caller adds the edges later (addNetworkEdges), after the first frame.
 */
export function networkToSigmaGraph(
  network: NetworkResponse,
  appearance: Appearance,
  { edges = true }: { edges?: boolean } = {},
): SigmaGraph {
  const graph: SigmaGraph = new MultiGraph({ type: 'mixed', allowSelfLoops: false });
  for (const node of network.graph.nodes) {
    const a = (node.attributes ?? {}) as Partial<NetworkNodeAttributes>;
    graph.addNode(String(node.key), {
      label: a.label ?? String(node.key),
      kind: a.kind ?? 'unknown',
      region: a.region ?? '',
      clusters: a.clusters ?? [],
      platforms: a.platforms ?? [],
      degree: a.degree ?? 0,
      community: a.community ?? '',
      // Sigma refuses a node without coordinates: fall back to a spot on a circle.
      x: Number.isFinite(a.x) ? a.x! : Math.cos(graph.order),
      y: Number.isFinite(a.y) ? a.y! : Math.sin(graph.order),
      size: MIN_NODE_SIZE,
      color: NEUTRAL,
      category: NO_GROUP,
      ring: NO_RING,
    });
  }
  if (edges) addNetworkEdges(graph, network, 0, network.graph.edges.length);
  applyAppearance(graph, appearance);
  return graph;
}

type NetworkEdge = NetworkResponse['graph']['edges'][number];

/** An edge's ends, or null when the graph cannot hold it (a node missing, a loop). */
function edgeEnds(graph: SigmaGraph, edge: NetworkEdge): [string, string] | null {
  const source = String(edge.source);
  const target = String(edge.target);
  return source === target || !graph.hasNode(source) || !graph.hasNode(target) ? null : [source, target];
}

const edgeLayer = (edge: NetworkEdge) =>
  (edge.attributes as Partial<NetworkEdgeAttributes> | undefined)?.layer ?? 'unknown';

/** The edge's key in the graph: the server's, or one made of its ends and layer. */
const edgeKey = (edge: NetworkEdge, source: string, target: string, layer: string) =>
  edge.key !== undefined ? String(edge.key) : `${source}->${target}:${layer}`;

/** An edge of the response as the graph holds it, or null when the graph cannot (a node missing, a loop). */
function edgeEntry(
  graph: SigmaGraph,
  edge: NetworkEdge,
): { key: string; source: string; target: string; attributes: EdgeRenderAttributes } | null {
  const ends = edgeEnds(graph, edge);
  if (!ends) return null;
  const [source, target] = ends;
  const a = (edge.attributes ?? {}) as Partial<NetworkEdgeAttributes>;
  const layer = edgeLayer(edge);
  const weight = Number.isFinite(a.weight) ? a.weight! : 1;
  const attributes: EdgeRenderAttributes = {
    layer,
    weight,
    since: a.since ?? null,
    color: edgeColor(layer),
    size: 0.5 + Math.min(weight, 5) * 0.3,
    type: edge.undirected ? 'line' : 'arrow',
  };
  return { key: edgeKey(edge, source, target, layer), source, target, attributes };
}

/** Adds the response's edges `from` to `to` (exclusive) to a graph that holds its nodes. */
export function addNetworkEdges(graph: SigmaGraph, network: NetworkResponse, from: number, to: number): void {
  const edges = network.graph.edges;
  for (let i = from; i < to && i < edges.length; i++) {
    const entry = edgeEntry(graph, edges[i]!);
    if (!entry || graph.hasEdge(entry.key)) continue;
    const { key, source, target, attributes } = entry;
    if (edges[i]!.undirected) graph.addUndirectedEdgeWithKey(key, source, target, attributes);
    else graph.addDirectedEdgeWithKey(key, source, target, attributes);
  }
}

/**
 * The response's edges as the line layer and the layer legend read them (`forEachEdge`, `size`), before
 * they are in the graph: the edges addNetworkEdges adds (the server's keys are unique), with their layer
 * and colour only. Read from the response each time: no object is kept per edge.
 */
export function responseEdges(network: NetworkResponse, graph: SigmaGraph): ResponseEdges {
  const byLayer = new Map<string, { layer: string; color: string }>();
  const each: ResponseEdges['forEachEdge'] = (callback) => {
    for (const edge of network.graph.edges) {
      const ends = edgeEnds(graph, edge);
      if (!ends) continue;
      const layer = edgeLayer(edge);
      let attributes = byLayer.get(layer);
      if (!attributes) byLayer.set(layer, (attributes = { layer, color: edgeColor(layer) }));
      callback(edgeKey(edge, ends[0], ends[1], layer), attributes, ends[0], ends[1]);
    }
  };
  let size = 0;
  each(() => size++);
  return { size, forEachEdge: each, on() {}, removeListener() {} };
}

/** The edges of a response, read like a graph's (no events: they do not change). */
export interface ResponseEdges {
  readonly size: number;
  forEachEdge(
    callback: (
      edge: string,
      attributes: { layer: string; color: string },
      source: string,
      target: string,
    ) => void,
  ): void;
  on(): void;
  removeListener(): void;
}

/** The category a node is coloured by under a colour mode. */
export function nodeCategory(
  attributes: Pick<NetworkNodeAttributes, 'kind' | 'clusters'> & { community?: string },
  id: string,
  appearance: Appearance,
): string {
  if (appearance.color === 'kind') return attributes.kind;
  if (appearance.color === 'community') {
    // The server's Leiden partition (the one gaps and DiD use); the API's only where the server had none.
    if (attributes.community) return attributes.community.replace(/^community /, '');
    const label = appearance.communities?.[id];
    return label === undefined ? NO_GROUP : String(label);
  }
  return rankedClusters(attributes.clusters, appearance)[0] ?? NO_GROUP;
}

/**
 * A participant's clusters in drawing order: the clusters filtered on first, then the facets' order, so
 * colours are stable. The first fills the disc; the second, if any, draws the ring.
 */
export function rankedClusters(clusters: readonly string[], appearance: Appearance): string[] {
  const order = [...(appearance.preferred ?? []), ...appearance.clusters.map((c) => c.id)];
  return [...clusters].sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : 1));
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

/** Sets every node's colour, category and size from the appearance; returns the colour legend. */
export function applyAppearance(graph: SigmaGraph, appearance: Appearance): Legend {
  // Counts are members: by cluster, a member of several clusters counts in each of them (the legend's
  // counts then agree with the clusters' member lists); otherwise every node counts once.
  const categories = new Map<string, number>();
  let rings = 0;
  graph.forEachNode((id, a) => {
    const keys =
      appearance.color === 'cluster' && a.clusters.length ? a.clusters : [nodeCategory(a, id, appearance)];
    for (const key of keys) categories.set(key, (categories.get(key) ?? 0) + 1);
    if (appearance.color === 'cluster' && a.clusters.length > 1) rings++;
  });
  const colors = categoryColors([...categories.keys()], categories, appearance);
  graph.updateEachNodeAttributes(
    (id, a) => {
      const category = nodeCategory(a, id, appearance);
      const second = appearance.color === 'cluster' ? rankedClusters(a.clusters, appearance)[1] : undefined;
      const ring = second === undefined ? NO_RING : (colors.get(second) ?? NEUTRAL);
      return { ...a, category, color: colors.get(category) ?? NEUTRAL, ring };
    },
    { attributes: ['color', 'category', 'ring'] },
  );
  applySizes(graph, appearance.sizes ?? null);
  const legend = legendFor(appearance, colors, categories);
  if (rings) legend.rings = rings;
  return legend;
}

function categoryColors(
  keys: string[],
  counts: Map<string, number>,
  appearance: Appearance,
): Map<string, string> {
  const real = keys.filter((k) => k !== NO_GROUP);
  let colors: Map<string, string>;
  if (appearance.color === 'kind') {
    const unknown = real.filter((k) => !(k in KIND_COLORS)).sort();
    const extra = categoricalColors(unknown);
    colors = new Map(real.map((k) => [k, KIND_COLORS[k] ?? extra.get(k) ?? NEUTRAL]));
  } else if (appearance.color === 'cluster') {
    // With more clusters than colours, the biggest get them (the rest stay grey); otherwise the facets' order.
    const order =
      appearance.clusters.length > CATEGORICAL.length
        ? [...real].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))
        : appearance.clusters.map((c) => c.id);
    colors = categoricalColors(order);
    const others = real.filter((k) => !colors.has(k)).sort();
    others.forEach((k) => colors.set(k, NEUTRAL));
  } else {
    // Communities: the biggest get the palette's most distinct colours.
    const bySize = [...real].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
    colors = categoricalColors(bySize);
  }
  colors.set(NO_GROUP, NEUTRAL);
  return colors;
}

function legendFor(appearance: Appearance, colors: Map<string, string>, counts: Map<string, number>): Legend {
  const names = new Map(appearance.clusters.map((c) => [c.id, c.name]));
  const title =
    { cluster: 'Cluster', community: 'Community', kind: 'Kind' }[appearance.color] ?? appearance.color;
  const keys = [...counts.keys()].sort((a, b) => {
    if (a === NO_GROUP) return 1;
    if (b === NO_GROUP) return -1;
    return counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1);
  });
  const label = (key: string): string => {
    if (key === NO_GROUP) return appearance.color === 'cluster' ? 'no cluster' : 'none';
    if (appearance.color === 'cluster') return names.get(key) ?? key;
    if (appearance.color === 'kind') return key.replace(/_/g, ' ');
    return `community ${key}`;
  };
  // Communities can be many: the legend shows the biggest and sums up the rest.
  const shown = appearance.color === 'community' ? keys.slice(0, 12) : keys;
  const items = shown.map((key) => ({
    key,
    label: label(key),
    color: colors.get(key) ?? NEUTRAL,
    count: counts.get(key)!,
  }));
  const rest = keys.slice(shown.length).reduce((s, k) => s + counts.get(k)!, 0);
  if (rest)
    items.push({
      key: '…',
      label: `${keys.length - shown.length} smaller communities`,
      color: NEUTRAL,
      count: rest,
    });
  return { title, items };
}

/** Node sizes from a measure: square-root scaled between MIN_NODE_SIZE and maxNodeSize(order). */
export function applySizes(graph: SigmaGraph, values: Record<string, number> | null): void {
  const top = maxNodeSize(graph.order);
  if (!values) {
    graph.updateEachNodeAttributes((_, a) => ({ ...a, size: (MIN_NODE_SIZE + top) / 3 }), {
      attributes: ['size'],
    });
    return;
  }
  let min = Infinity;
  let max = -Infinity;
  graph.forEachNode((id) => {
    const v = values[id];
    if (v === undefined || !Number.isFinite(v)) return;
    if (v < min) min = v;
    if (v > max) max = v;
  });
  const span = max - min;
  graph.updateEachNodeAttributes(
    (id, a) => {
      const v = values[id];
      const t = v === undefined || !Number.isFinite(v) || !(span > 0) ? 0 : Math.sqrt((v - min) / span);
      return { ...a, size: MIN_NODE_SIZE + t * (top - MIN_NODE_SIZE) };
    },
    { attributes: ['size'] },
  );
}

/** Counts of edges per layer and the legend of layer colours for the layers present. */
export function layerLegend(
  graph: Pick<ResponseEdges, 'forEachEdge'>,
  names: Record<string, string> = {},
): Legend {
  const counts = new Map<string, number>();
  graph.forEachEdge((_, a) => counts.set(a.layer, (counts.get(a.layer) ?? 0) + 1));
  const items = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count]) => ({ key, label: names[key] ?? key, color: LAYER_COLORS[key] ?? NEUTRAL, count }));
  return { title: 'Ties by layer', items };
}

export interface GroupEffect {
  members: string[];
  /** The effect in the unit shown (percent or ATT). */
  value: number | null;
  significant: boolean;
}

/**
 * Colours for the DiD view: each group's members take the group's effect on a diverging scale;
 * non-significant groups and participants outside every group are grey. Where groups overlap (a
 * participant in two clusters) the group listed first wins, and the selected group is listed first.
 */
export function effectColors(groups: GroupEffect[]): { colors: Map<string, string>; extent: number } {
  const extent = Math.max(
    0,
    ...groups.filter((g) => g.significant && g.value !== null).map((g) => Math.abs(g.value!)),
  );
  const colors = new Map<string, string>();
  for (const group of groups) {
    const color = group.significant && group.value !== null ? divergingColor(group.value, extent) : NEUTRAL;
    for (const id of group.members) if (!colors.has(id)) colors.set(id, color);
  }
  return { colors, extent };
}
