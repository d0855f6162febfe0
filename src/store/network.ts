/**
 * Loads the multilayer network from Neo4j (streaming the records), and caches it per filter set until
 * an import bumps the graph version.
 */
import neo4j, { type Record as Neo4jRecord, type Result } from 'neo4j-driver';
import type { Network, NetworkLayer, NetworkNode, NetworkTie } from '../analysis/network.ts';
import { readConsistently } from './consistent-read.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { participantsQuery, tiesQuery, type NetworkFilter, type TiePartition } from './network-query.ts';
import { graphVersion } from './status.ts';
import { TieColumns } from './tie-columns.ts';

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

/**
 * Ties are read in this many transactions at once (plus one for the participants): the server groups
 * each slice on its own thread while this process decodes the others. Two matches the machines we run on.
 */
const TIE_PARTITIONS = 2;
/** Larger batches than the driver's 1,000 records: fewer pauses in a large read. */
const BULK_FETCH_SIZE = 10_000;
async function readNetwork(store: Store, filter: NetworkFilter): Promise<Network> {
  // Separate transactions, so the parts are checked to come from one graph version.
  const [layers, { nodes, idOf }, ...slices] = await readConsistently(
    () => graphVersion(store),
    () => {
      const layers = readLayers(store);
      const participants = readParticipants(store, filter);
      return Promise.all([
        layers,
        participants,
        ...Array.from({ length: TIE_PARTITIONS }, (_, part) =>
          readTies(store, filter, { part, parts: TIE_PARTITIONS }, layers),
        ),
      ]);
    },
  );
  const ties: NetworkTie[] = [];
  for (const slice of slices) slice.appendTo(ties, idOf);
  const chosen = filter.layers && filter.layers.length > 0 ? new Set(filter.layers) : undefined;
  return {
    nodes,
    ties,
    layers: chosen ? layers.filter((l) => chosen.has(l.id)) : layers,
  };
}

async function readLayers(store: Store): Promise<NetworkLayer[]> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(async (tx) =>
      (await tx.run(cypher('network-layers'))).records.map((r) => ({
        id: r.get('id') as string,
        directed: r.get('directed') as boolean,
      })),
    );
  } finally {
    await s.close();
  }
}

async function readParticipants(store: Store, filter: NetworkFilter) {
  const s = session(store, 'READ', BULK_FETCH_SIZE);
  try {
    return await s.executeRead(async (tx) => {
      const nodes: NetworkNode[] = [];
      const idOf = new Map<number, string>();
      const participants = participantsQuery(filter);
      await eachRecord(tx.run(participants.query, participants.params), (r) => {
        const id = r.get('id') as string;
        idOf.set(r.get('node') as number, id);
        nodes.push({
          id,
          kind: r.get('kind'),
          name: r.get('name'),
          region: r.get('region'),
          clusters: (r.get('clusters') as string[]).sort(),
          platforms: (r.get('platforms') as string[]).sort(),
          ...participantDetails(
            r.get('municipality'),
            (r.get('attributes') as ([string, unknown] | null)[]).filter((pair) => pair !== null),
          ),
        });
      });
      return { nodes, idOf };
    });
  } finally {
    await s.close();
  }
}

/**
 * One slice of the ties, as columns (tie-columns.ts): the query starts at once and its records are
 * taken as they arrive, before the participants are known.
 */
async function readTies(
  store: Store,
  filter: NetworkFilter,
  partition: TiePartition,
  layers: Promise<NetworkLayer[]>,
): Promise<TieColumns> {
  const layerIds = (await layers).map((l) => l.id);
  const s = session(store, 'READ', BULK_FETCH_SIZE);
  try {
    return await s.executeRead(async (tx) => {
      const built = tiesQuery(filter, partition, layerIds);
      const columns = new TieColumns(layerIds);
      await eachRecord(tx.run(built.query, built.params), (r) =>
        columns.add(
          r.get('source') as number,
          r.get('targets') as number[],
          r.get('layers') as (number | string)[],
          r.get('weights') as number[],
          r.get('since') as number[],
        ),
      );
      return columns;
    });
  } finally {
    await s.close();
  }
}

/**
 * Calls `take` with each record as the driver decodes it, until the result ends. With `subscribe`
 * rather than `for await`: the async iterator's promise per record cost more than storing a record's ties.
 */
function eachRecord(result: Result, take: (record: Neo4jRecord) => void): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    result.subscribe({ onNext: take, onCompleted: () => resolve(), onError: reject }),
  );
}

/** The municipality and free attributes of a participant record, where it has them. */
function participantDetails(
  municipality: string | null,
  pairs: [string, unknown][],
): Pick<NetworkNode, 'municipality' | 'attributes'> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const [name, value] of pairs) {
    if (neo4j.isInt(value)) attributes[name] = value.toNumber();
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      attributes[name] = value;
  }
  return {
    ...(municipality !== null && municipality !== undefined ? { municipality } : {}),
    ...(pairs.length > 0 ? { attributes } : {}),
  };
}
