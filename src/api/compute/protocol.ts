/** Messages between the compute pool (pool.ts) and its threads (worker.ts). */
import type { Network, NetworkTie } from '../../analysis/network.ts';
import type { PlatformInfo } from '../../analysis/suggestions/suggestion-index.ts';

/**
 * A network as it crosses to a thread: ties as columns of numbers, so that the copy is a few memory
 * blocks instead of a structured clone of every tie object, which would hold the event loop for a large
 * network (hundreds of milliseconds for 200,000 ties).
 */
export interface PackedNetwork {
  nodes: Network['nodes'];
  layers: Network['layers'];
  /** Layer ids by number, as `layer` below refers to them. */
  layerIds: string[];
  source: Int32Array;
  target: Int32Array;
  layer: Int32Array;
  weight: Float64Array;
  /** NaN where the tie has no year. */
  since: Float64Array;
}

export function packNetwork(network: Network): PackedNetwork {
  const index = new Map(network.nodes.map((n, i) => [n.id, i]));
  const layerIds: string[] = [];
  const layerIndex = new Map<string, number>();
  const m = network.ties.length;
  const packed: PackedNetwork = {
    nodes: network.nodes,
    layers: network.layers,
    layerIds,
    source: new Int32Array(m),
    target: new Int32Array(m),
    layer: new Int32Array(m),
    weight: new Float64Array(m),
    since: new Float64Array(m),
  };
  network.ties.forEach((tie, i) => {
    let l = layerIndex.get(tie.layer);
    if (l === undefined) {
      l = layerIds.push(tie.layer) - 1;
      layerIndex.set(tie.layer, l);
    }
    packed.source[i] = index.get(tie.source)!;
    packed.target[i] = index.get(tie.target)!;
    packed.layer[i] = l;
    packed.weight[i] = tie.weight;
    packed.since[i] = tie.since ?? NaN;
  });
  return packed;
}

export function unpackNetwork(packed: PackedNetwork): Network {
  const ties: NetworkTie[] = new Array(packed.source.length);
  for (let i = 0; i < ties.length; i++) {
    const since = packed.since[i]!;
    const tie: NetworkTie = {
      source: packed.nodes[packed.source[i]!]!.id,
      target: packed.nodes[packed.target[i]!]!.id,
      layer: packed.layerIds[packed.layer[i]!]!,
      weight: packed.weight[i]!,
    };
    if (!Number.isNaN(since)) tie.since = since;
    ties[i] = tie;
  }
  return { nodes: packed.nodes, ties, layers: packed.layers };
}

export interface MeasureTask {
  kind: 'measure';
  measure: string;
  options: Record<string, unknown>;
  view: Record<string, unknown>;
}

/** Fit the learned suggestion model of a network and layer set (seconds on a large network). */
export interface SuggestionModelTask {
  kind: 'suggestion-model';
  layers: string[] | undefined;
  platforms: PlatformInfo[] | undefined;
  withHeldOut: boolean;
}

export type ComputeTask = MeasureTask | SuggestionModelTask;

/** What a computation thread is started with (boot.mjs passes it on to worker.ts). */
export interface ComputeThreadData {
  /** The thread's module (worker.ts or worker.js). */
  entry: string;
  /** Most threads a sharded kernel of this thread uses (the pool's setting or serverShardThreads()). */
  shardThreads: number;
  /** Set to 1 by the pool at the deadline: the thread's sharded kernels stop (sharded.ts). */
  stop: Int32Array;
  /**
   * Run each quick measure once on a small network after start, and on each network received
   * (worker.ts); default true.
   */
  warmUp?: boolean;
}

export interface ComputeRequest {
  id: number;
  /** Names the network (graph version and filter); `network` is sent only when the thread lacks it. */
  networkKey: string;
  network?: PackedNetwork;
  task: ComputeTask;
}

export type ComputeReply =
  | { ready: true }
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } }
  | { id: number; missingNetwork: true };
