/**
 * Flattened views kept per network: building the graphology graph of 200,000 ties costs several times
 * what PageRank or k-core cost on it, so every measure run on the same network, layers and direction
 * shares one view (and, through csr.ts, its compressed rows) instead of building its own. The API's
 * computation threads keep a network per graph version and filter (src/api/compute/worker.ts); the
 * views live as long as that network object does. Views are read by the measures, never changed.
 */
import { flatten, type FlatGraph, type Network } from './network.ts';

/** Views kept per network (layer sets × directions); the least recently used one goes first. */
const VIEWS_PER_NETWORK = 3;

const views = new WeakMap<Network, Map<string, FlatGraph>>();

export interface ViewOptions {
  layers?: string[];
  directed?: boolean;
}

export function flatView(network: Network, options: ViewOptions): FlatGraph {
  let kept = views.get(network);
  if (!kept) {
    kept = new Map();
    views.set(network, kept);
  }
  const key = JSON.stringify([options.layers ?? null, options.directed === true]);
  let graph = kept.get(key);
  if (graph) kept.delete(key);
  else graph = flatten(network, { layers: options.layers, directed: options.directed === true });
  kept.set(key, graph);
  while (kept.size > VIEWS_PER_NETWORK) kept.delete(kept.keys().next().value!);
  return graph;
}
