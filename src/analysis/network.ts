/**
 * The multilayer network as the analyses see it: participants and their ties, each tie in one layer.
 * Layers stay apart here; `flatten` gives the single-layer view that most algorithms need.
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../errors.ts';
import { keepCsr, rowsFromArcs } from './csr.ts';
import { DEFAULT_LAYERS, type Bundle } from '../exchange/model.ts';

export interface NetworkNode {
  id: string;
  kind: string;
  name: string;
  region: string;
  clusters: string[];
  platforms: string[];
  /** Where given; the suggestions' model compares them (same municipality, free attributes). */
  municipality?: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface NetworkTie {
  source: string;
  target: string;
  layer: string;
  weight: number;
  since?: number;
}

export interface NetworkLayer {
  id: string;
  directed: boolean;
}

export interface Network {
  nodes: NetworkNode[];
  ties: NetworkTie[];
  layers: NetworkLayer[];
}

export interface FlattenOptions {
  /** The layers to keep (default: all). */
  layers?: string[];
  /** Keep tie directions (default false: the undirected view, as networkx's analyses use by default). */
  directed?: boolean;
  /** Add the derived layer `platform`: a tie between two participants on the same platform. */
  platformLayer?: boolean;
}

export type FlatGraph = AbstractGraph<
  NetworkNode & Record<string, unknown>,
  { weight: number; layers: string[] }
>;

/**
 * One simple graph over the chosen layers: an edge wherever any chosen layer has a tie, its weight the
 * sum of those ties' weights, `layers` the layers it comes from. Every participant is a node, isolated
 * or not. In the undirected view a tie a→b and a tie b→a become one edge.
 */
/** Refuses layers the network does not have (`platform`, the derived layer, always exists). */
export function assertLayers(network: Network, layers: string[] | undefined): void {
  const known = new Set(network.layers.map((l) => l.id));
  for (const layer of layers ?? []) {
    if (layer !== 'platform' && !known.has(layer)) {
      throw new InvalidArgumentError(
        `unknown layer '${layer}' (the network has ${[...known].join(', ') || 'no layers'})`,
      );
    }
  }
}

/** A node's attributes in a flat graph: without the municipality and free attributes (not exported). */
function plainNode(node: NetworkNode): NetworkNode & Record<string, unknown> {
  const plain: NetworkNode & Record<string, unknown> = { ...node };
  delete plain.municipality;
  delete plain.attributes;
  return plain;
}

export function flatten(network: Network, options: FlattenOptions = {}): FlatGraph {
  assertLayers(network, options.layers);
  const known = new Set(network.layers.map((l) => l.id));
  const chosen = options.layers ? new Set(options.layers) : known;
  const directed = options.directed === true;
  const graph: FlatGraph = directed ? new DirectedGraph() : new UndirectedGraph();
  const n = network.nodes.length;
  const index = new Map<string, number>();
  for (const node of network.nodes) {
    graph.addNode(node.id, plainNode(node));
    index.set(node.id, index.size);
  }
  // Ties are gathered per pair first (a number key per pair) and each pair becomes one edge at the end:
  // graphology's edge look-up per tie cost ten times the rest of the flattening on 200,000 ties. Edges keep
  // the order of their pair's first tie, weights add up in tie order, layers in order of first appearance.
  const pairs = new Map<
    number,
    { a: number; b: number; source: string; target: string; weight: number; layers: string[] }
  >();
  const add = (a: number, b: number, source: string, target: string, layer: string, weight: number) => {
    if (a === b) return;
    const key = directed || a < b ? a * n + b : b * n + a;
    const pair = pairs.get(key);
    if (pair === undefined) pairs.set(key, { a, b, source, target, weight, layers: [layer] });
    else {
      pair.weight += weight;
      if (!pair.layers.includes(layer)) pair.layers.push(layer);
    }
  };
  // In the directed view a tie of an undirected layer (joint R&D, education …) runs both ways.
  const twoWay = new Set(network.layers.filter((l) => !l.directed).map((l) => l.id));
  for (const tie of network.ties) {
    if (!chosen.has(tie.layer)) continue;
    const a = index.get(tie.source);
    const b = index.get(tie.target);
    if (a === undefined || b === undefined) continue;
    add(a, b, tie.source, tie.target, tie.layer, tie.weight);
    if (directed && twoWay.has(tie.layer)) add(b, a, tie.target, tie.source, tie.layer, tie.weight);
  }
  if (options.platformLayer || chosen.has('platform')) {
    const members = new Map<string, string[]>();
    for (const node of network.nodes) {
      for (const platform of node.platforms)
        members.set(platform, [...(members.get(platform) ?? []), node.id]);
    }
    for (const ids of members.values()) {
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) {
          const a = index.get(ids[i]!)!;
          const b = index.get(ids[j]!)!;
          add(a, b, ids[i]!, ids[j]!, 'platform', 1);
          if (directed) add(b, a, ids[j]!, ids[i]!, 'platform', 1);
        }
    }
  }
  // The compressed rows come with the pairs for free: kept for the measures (csr.ts), in the order a walk
  // over the graph's edges would give them.
  const from = new Int32Array(directed ? pairs.size : 2 * pairs.size);
  const to = new Int32Array(from.length);
  const weight = new Float64Array(from.length);
  let k = 0;
  for (const pair of pairs.values()) {
    graph.addEdge(pair.source, pair.target, { weight: pair.weight, layers: pair.layers });
    from[k] = pair.a;
    to[k] = pair.b;
    weight[k++] = pair.weight;
    if (!directed) {
      from[k] = pair.b;
      to[k] = pair.a;
      weight[k++] = pair.weight;
    }
  }
  keepCsr(graph, 'out', { nodes: graph.nodes(), ...rowsFromArcs(n, from, to, weight) });
  return graph;
}

/** A network from a graphology graph (tests and benchmarks): every edge a tie in `layer`. */
export function networkFromGraph(graph: AbstractGraph, layer = 'default'): Network {
  const nodes = graph
    .nodes()
    .map((id) => ({ id, kind: 'other', name: id, region: '', clusters: [], platforms: [] }));
  const ties: NetworkTie[] = [];
  graph.forEachEdge((_edge, attributes, source, target) => {
    ties.push({
      source,
      target,
      layer,
      weight: typeof attributes.weight === 'number' ? attributes.weight : 1,
    });
  });
  return { nodes, ties, layers: [{ id: layer, directed: graph.type === 'directed' }] };
}

/**
 * A network straight from a bundle, without Neo4j (tests, benchmarks, `evaluate --edge-list`): what
 * loadNetwork would return after importing it. Layers the bundle does not declare take their direction
 * from the default layers (supply and investment are directed), else undirected.
 */
export function networkFromBundle(
  bundle: Pick<Bundle, 'participants' | 'memberships' | 'ties'> & Partial<Pick<Bundle, 'layers'>>,
): Network {
  const clusters = new Map<string, string[]>();
  const platforms = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const m of bundle.memberships) {
    if (m.cluster) add(clusters, m.participant, m.cluster);
    if (m.platform) add(platforms, m.participant, m.platform);
  }
  const declared = new Map((bundle.layers ?? []).map((l) => [l.id, l.directed]));
  const layerIds = [...new Set([...declared.keys(), ...bundle.ties.map((t) => t.layer)])].sort();
  return {
    nodes: bundle.participants.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      region: p.region,
      clusters: (clusters.get(p.id) ?? []).sort(),
      platforms: (platforms.get(p.id) ?? []).sort(),
      ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
      ...(p.attributes !== undefined ? { attributes: p.attributes } : {}),
    })),
    ties: bundle.ties.map((t) => ({ ...t, weight: t.weight ?? 1 })),
    layers: layerIds.map((id) => ({
      id,
      directed: declared.get(id) ?? DEFAULT_LAYERS[id]?.directed ?? false,
    })),
  };
}
