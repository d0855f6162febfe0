/**
 * Loads the multilayer network from Neo4j (streaming the records), and caches it per filter set until
 * an import bumps the graph version.
 */
import type { Network, NetworkNode, NetworkTie } from '../analysis/network.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { participantsQuery, tiesQuery, type NetworkFilter } from './network-query.ts';
import { graphVersion } from './status.ts';

export type { NetworkFilter } from './network-query.ts';

const caches = new WeakMap<Store, { version: number; entries: Map<string, Promise<Network>> }>();
/** Loaded networks kept per store and graph version (the least recently used go first). */
const MAX_CACHED_NETWORKS = 16;

/** A stable cache key: the filter with sorted lists and no empty entries. */
export function filterKey(filter: NetworkFilter): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

/**
 * The network for a filter set, from the cache when the graph version has not changed. `knownVersion`
 * is a version the caller has just read (the API's version clock), which saves a round trip.
 */
export async function loadNetwork(
  store: Store,
  filter: NetworkFilter = {},
  knownVersion?: number,
): Promise<Network> {
  const version = knownVersion ?? (await graphVersion(store));
  let cache = caches.get(store);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    caches.set(store, cache);
  }
  const key = filterKey(filter);
  const entries = cache.entries;
  const cached = entries.get(key);
  if (cached) {
    entries.delete(key);
    entries.set(key, cached);
    return cached;
  }
  // Concurrent requests for the same view share one read; a failed read is not kept.
  const pending = readNetwork(store, filter);
  entries.set(key, pending);
  pending.catch(() => entries.get(key) === pending && entries.delete(key));
  while (entries.size > MAX_CACHED_NETWORKS) entries.delete(entries.keys().next().value!);
  return pending;
}

async function readNetwork(store: Store, filter: NetworkFilter): Promise<Network> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(async (tx) => {
      const layers = (await tx.run(cypher('network-layers'))).records.map((r) => ({
        id: r.get('id') as string,
        directed: r.get('directed') as boolean,
      }));
      const nodes: NetworkNode[] = [];
      const participants = participantsQuery(filter);
      for await (const r of tx.run(participants.query, participants.params)) {
        nodes.push({
          id: r.get('id'),
          kind: r.get('kind'),
          name: r.get('name'),
          region: r.get('region'),
          clusters: (r.get('clusters') as string[]).sort(),
          platforms: (r.get('platforms') as string[]).sort(),
        });
      }
      const ids = new Set(nodes.map((n) => n.id));
      const ties: NetworkTie[] = [];
      const built = tiesQuery(filter);
      for await (const r of tx.run(built.query, built.params)) {
        const source = r.get('source') as string;
        // Ties count only between participants that passed the filters.
        if (!ids.has(source)) continue;
        const targets = r.get('targets') as string[];
        const layers = r.get('layers') as string[];
        const weights = r.get('weights') as number[];
        const since = r.get('since') as number[];
        for (let i = 0; i < targets.length; i++) {
          if (!ids.has(targets[i]!)) continue;
          const year = since[i]!;
          ties.push({
            source,
            target: targets[i]!,
            layer: layers[i]!,
            weight: weights[i]!,
            ...(year < 0 ? {} : { since: Math.round(year) }),
          });
        }
      }
      const chosen = filter.layers && filter.layers.length > 0 ? new Set(filter.layers) : undefined;
      return { nodes, ties, layers: chosen ? layers.filter((l) => chosen.has(l.id)) : layers };
    });
  } finally {
    await s.close();
  }
}
