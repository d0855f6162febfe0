/**
 * Multiplex measures of participants across layers (Battiston, Nicosia & Latora 2014, "Structural
 * measures for multiplex networks", Phys. Rev. E 89:032804; Nicosia & Latora 2015 for node activity):
 * degree per layer k_i^α, overlapping degree o_i = Σ_α k_i^α, the multiplex participation coefficient
 * P_i = M/(M−1) · [1 − Σ_α (k_i^α / o_i)²] (0 when o_i = 0 or M = 1), node activity (the number of layers
 * in which i has a tie), and the edge overlap of layer pairs (Jaccard index of their sets of tied pairs).
 * Layers are read undirected: a pair is tied in a layer if either direction is.
 */
import { InvalidArgumentError } from '../../errors.ts';
import type { Network } from '../network.ts';
import { Type } from 'typebox';
import { withDefaults } from '../options.ts';

/** No options of their own: the layers are the request's view. */
export const MULTILAYER_OPTIONS = Type.Object({});
export const MULTILAYER_DEFAULTS = { layers: [] as string[] };

function chosenLayers(network: Network, layers: string[]): string[] {
  const known = network.layers.map((l) => l.id);
  for (const l of layers) if (!known.includes(l)) throw new InvalidArgumentError(`unknown layer '${l}'`);
  return layers.length > 0 ? layers : known;
}

/**
 * The tied pairs of each layer as numbers i·n + j (i < j, indices into network.nodes): sets of numbers
 * are several times faster than sets of strings on large networks.
 */
function pairsByLayer(network: Network, layers: string[]): Map<string, Set<number>> {
  const n = network.nodes.length;
  const index = new Map(network.nodes.map((node, i) => [node.id, i]));
  const pairs = new Map(layers.map((l) => [l, new Set<number>()]));
  for (const t of network.ties) {
    const set = pairs.get(t.layer);
    const a = index.get(t.source);
    const b = index.get(t.target);
    if (!set || a === undefined || b === undefined || a === b) continue;
    set.add(a < b ? a * n + b : b * n + a);
  }
  return pairs;
}

export interface MultiplexNodeMeasures {
  layers: string[];
  degreeByLayer: Record<string, Record<string, number>>;
  overlappingDegree: Record<string, number>;
  participation: Record<string, number>;
  activity: Record<string, number>;
}

export function multiplexNodeMeasures(
  network: Network,
  options: Partial<typeof MULTILAYER_DEFAULTS> = {},
): MultiplexNodeMeasures {
  const o = withDefaults('multilayer', MULTILAYER_DEFAULTS, options);
  const layers = chosenLayers(network, o.layers);
  const pairs = pairsByLayer(network, layers);
  const n = network.nodes.length;
  const degrees = layers.map((layer) => {
    const degree = new Int32Array(n);
    for (const pair of pairs.get(layer)!) {
      degree[Math.floor(pair / n)]!++;
      degree[pair % n]!++;
    }
    return degree;
  });
  const degreeByLayer: Record<string, Record<string, number>> = {};
  layers.forEach((layer, l) => {
    const record: Record<string, number> = {};
    network.nodes.forEach((node, i) => (record[node.id] = degrees[l]![i]!));
    degreeByLayer[layer] = record;
  });
  const M = layers.length;
  const overlappingDegree: Record<string, number> = {};
  const participation: Record<string, number> = {};
  const activity: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const id = network.nodes[i]!.id;
    const k = degrees.map((d) => d[i]!);
    const total = k.reduce((s, x) => s + x, 0);
    overlappingDegree[id] = total;
    activity[id] = k.filter((x) => x > 0).length;
    participation[id] =
      M > 1 && total > 0 ? (M / (M - 1)) * (1 - k.reduce((s, x) => s + (x / total) ** 2, 0)) : 0;
  }
  return { layers, degreeByLayer, overlappingDegree, participation, activity };
}

export interface LayerOverlap {
  layers: string[];
  /** Jaccard similarity of the layers' tied pairs; jaccard[i][j] for layers[i], layers[j]. */
  jaccard: number[][];
  pairs: { a: string; b: string; shared: number; union: number; jaccard: number }[];
}

export function layerOverlap(
  network: Network,
  options: Partial<typeof MULTILAYER_DEFAULTS> = {},
): LayerOverlap {
  const o = withDefaults('layer-overlap', MULTILAYER_DEFAULTS, options);
  const layers = chosenLayers(network, o.layers);
  const pairs = pairsByLayer(network, layers);
  const jaccard = layers.map(() => layers.map(() => 0));
  const out: LayerOverlap['pairs'] = [];
  layers.forEach((a, i) => {
    layers.forEach((b, j) => {
      const A = pairs.get(a)!;
      const B = pairs.get(b)!;
      let shared = 0;
      for (const p of A) if (B.has(p)) shared++;
      const union = A.size + B.size - shared;
      jaccard[i]![j] = union === 0 ? (i === j ? 1 : 0) : shared / union;
      if (i < j) out.push({ a, b, shared, union, jaccard: jaccard[i]![j]! });
    });
  });
  return { layers, jaccard, pairs: out };
}
