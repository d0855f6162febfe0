/**
 * The GDS projection of one view of the network (filters, layers, directed or not), named by the graph
 * version and the view: made once, kept in GDS's graph catalog across requests and CLI runs, and dropped
 * once the graph version moves on. Before anything is projected, its memory is estimated and refused when
 * it does not fit.
 */
import { createHash } from 'node:crypto';
import { TooCostlyError } from '../../errors.ts';
import type { NetworkFilter } from '../network-query.ts';
import { filterKey } from '../network.ts';
import type { Store } from '../driver.ts';
import { toNumber } from '../values.ts';
import { gdsRows } from './call.ts';

/** Every projection clusterlens makes starts with this; the graph version follows it. */
const PREFIX = 'clusterlens-v';

export interface ProjectionView {
  /** The layers of the view (`platform` the derived one); undefined: every stored layer. */
  layers?: string[];
  directed: boolean;
}

export interface Projection {
  graphName: string;
  nodeCount: number;
}

export interface ProjectionRequest {
  version: number;
  filter: NetworkFilter;
  view: ProjectionView;
  /** The stored layers and whether each is directed. */
  storedLayers: { id: string; directed: boolean }[];
  /** The heap a projection or a run may take, in bytes (undefined: what GDS reports as available). */
  memoryLimit?: number;
}

const MiB = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MiB`;

/** The heap a GDS step may use: the configured limit, or the heap GDS reports as available now. */
export async function memoryLimit(store: Store, configured?: number): Promise<number> {
  if (configured !== undefined) return configured;
  const rows = await gdsRows(store, 'gds-available-heap');
  return toNumber(rows[0]?.bytes ?? Number.POSITIVE_INFINITY);
}

/** Refuses a step whose estimated memory is above the limit, with what to do instead. */
export function refuseAbove(what: string, bytes: number, limit: number): void {
  if (bytes > limit) {
    throw new TooCostlyError(
      `${what} needs up to ${MiB(bytes)} of Neo4j's heap and ${MiB(limit)} is available (estimated by GDS); ` +
        'narrow the view (layers, filters), give Neo4j more heap (CLUSTERLENS_NEO4J_HEAP), or use --engine memory',
    );
  }
}

/** The catalog name of a view at a graph version: the version, then a digest of the view. */
export function projectionName(version: number, filter: NetworkFilter, view: ProjectionView): string {
  const key = filterKey({ ...filter, layers: view.layers }) + (view.directed ? ' directed' : '');
  return `${PREFIX}${version}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Drops the projections of other graph versions (made by this process or any other). */
async function dropStale(store: Store, version: number): Promise<void> {
  const current = `${PREFIX}${version}-`;
  for (const row of await gdsRows(store, 'gds-graph-list', { prefix: PREFIX })) {
    const name = row.graphName as string;
    if (!name.startsWith(current)) await gdsRows(store, 'gds-graph-drop', { graphName: name });
  }
}

const list = (values: string[] | undefined) => (values && values.length > 0 ? values : null);

/** The projection of the request's view, made now unless the catalog has it. */
export async function ensureProjection(store: Store, request: ProjectionRequest): Promise<Projection> {
  const { version, filter, view, storedLayers } = request;
  const graphName = projectionName(version, filter, view);
  await dropStale(store, version);
  const exists = (await gdsRows(store, 'gds-graph-exists', { graphName }))[0]?.exists === true;
  if (!exists) {
    const platformLayer = view.layers?.includes('platform') ?? false;
    // Upper bounds from the stored counts; an undirected projection keeps each edge in both directions.
    const bound = (await gdsRows(store, 'gds-size-bound'))[0]!;
    const ties = toNumber(bound.ties) * (view.directed ? 2 : 1);
    const pairs = platformLayer ? toNumber(bound.platformPairs) * 2 : 0;
    const estimate = await gdsRows(store, 'gds-project-estimate', {
      nodeCount: toNumber(bound.nodes),
      relationshipCount: (ties + pairs) * (view.directed ? 1 : 2),
    });
    const limit = await memoryLimit(store, request.memoryLimit);
    refuseAbove('the GDS projection of this view', toNumber(estimate[0]!.bytesMax), limit);
    try {
      await gdsRows(store, 'gds-project', {
        graphName,
        kinds: list(filter.kinds),
        regions: list(filter.regions),
        clusters: list(filter.clusters),
        platforms: list(filter.platforms),
        layers: view.layers ? view.layers.filter((l) => l !== 'platform') : null,
        since: filter.since ?? null,
        until: filter.until ?? null,
        directed: view.directed,
        twoWay: storedLayers.filter((l) => !l.directed).map((l) => l.id),
        platformLayer,
      });
    } catch (error) {
      // Another request projected the same view meanwhile: theirs serves.
      if (!/already exists/i.test((error as Error).message ?? '')) throw error;
    }
  }
  const rows = await gdsRows(store, 'gds-graph-node-count', { graphName });
  return { graphName, nodeCount: toNumber(rows[0]?.nodeCount ?? 0) };
}
