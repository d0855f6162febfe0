/**
 * The multilayer network as the analyses see it: participants and their ties, each tie in one layer.
 * Layers stay apart here; `flatten` gives the single-layer view that most algorithms need.
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../errors.ts';
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
  const graph: FlatGraph = options.directed ? new DirectedGraph() : new UndirectedGraph();
  for (const node of network.nodes) graph.addNode(node.id, plainNode(node));
  const add = (source: string, target: string, layer: string, weight: number) => {
    if (source === target) return;
    const edge = graph.edge(source, target);
    if (edge === undefined) graph.addEdge(source, target, { weight, layers: [layer] });
    else {
      const attributes = graph.getEdgeAttributes(edge);
      attributes.weight += weight;
      if (!attributes.layers.includes(layer)) attributes.layers.push(layer);
    }
  };
  // In the directed view a tie of an undirected layer (joint R&D, education …) runs both ways.
  const twoWay = new Set(network.layers.filter((l) => !l.directed).map((l) => l.id));
  for (const tie of network.ties) {
    if (chosen.has(tie.layer) && graph.hasNode(tie.source) && graph.hasNode(tie.target)) {
      add(tie.source, tie.target, tie.layer, tie.weight);
      if (options.directed && twoWay.has(tie.layer)) add(tie.target, tie.source, tie.layer, tie.weight);
    }
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
          add(ids[i]!, ids[j]!, 'platform', 1);
          if (options.directed) add(ids[j]!, ids[i]!, 'platform', 1);
        }
    }
  }
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
