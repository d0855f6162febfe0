/**
 * One registry measure computed by Graph Data Science on the projection of its view, shaped as the memory
 * engine shapes it (src/analysis/run.ts), with `engine: 'gds'`. What runs and how its values are scaled
 * comes from src/analysis/engines.ts; the statements are cypher/gds-*.cypher.
 */
import { randomUUID } from 'node:crypto';
import { gdsPlan, type GdsPlan } from '../../analysis/engines.ts';
import { assertLayers } from '../../analysis/network.ts';
import type { MeasureDescriptor, NodeValues } from '../../analysis/registry.ts';
import type { CommunityMeasureResult, MeasureView, NodeMeasureResult } from '../../analysis/run.ts';
import { EngineUnsupportedError } from '../../errors.ts';
import { cypher } from '../cypher.ts';
import { session, type Store } from '../driver.ts';
import type { NetworkFilter } from '../network-query.ts';
import { toNumber } from '../values.ts';
import { gdsRows } from './call.ts';
import { ensureProjection, memoryLimit, refuseAbove } from './projection.ts';

export type GdsMeasureResult = (NodeMeasureResult | CommunityMeasureResult) & { engine: 'gds' };

export interface GdsRunRequest {
  descriptor: MeasureDescriptor;
  options: Record<string, unknown>;
  filter: NetworkFilter;
  view: MeasureView & { directed: boolean };
  /** The graph version the caller has read. */
  version: number;
  /** The heap GDS may use, in bytes (CLUSTERLENS_GDS_MEMORY_LIMIT; default: what GDS reports available). */
  memoryLimit?: number;
}

async function storedLayers(store: Store): Promise<{ id: string; directed: boolean }[]> {
  const s = session(store, 'READ');
  try {
    const result = await s.executeRead((tx) => tx.run(cypher('network-layers')));
    return result.records.map((r) => ({ id: r.get('id') as string, directed: r.get('directed') as boolean }));
  } finally {
    await s.close();
  }
}

export async function runWithGds(store: Store, request: GdsRunRequest): Promise<GdsMeasureResult> {
  try {
    return await runPlanned(store, request);
  } catch (error) {
    // A GDS procedure that refuses the run (its own checks) is the engine's limit, not a server fault.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Neo.ClientError.Procedure'))
      throw new EngineUnsupportedError(`engine gds: ${(error as Error).message.split('\n')[0]}`);
    throw error;
  }
}

async function runPlanned(store: Store, request: GdsRunRequest): Promise<GdsMeasureResult> {
  const { descriptor, options, filter, view } = request;
  const plan = gdsPlan(descriptor.id, options, { directed: view.directed });
  if (typeof plan === 'string') throw new EngineUnsupportedError(`engine gds: ${plan}`);
  const layers = await storedLayers(store);
  assertLayers({ nodes: [], ties: [], layers }, view.layers);
  const projection = await ensureProjection(store, {
    version: request.version,
    filter,
    view: { layers: view.layers, directed: view.directed },
    storedLayers: layers,
    memoryLimit: request.memoryLimit,
  });
  const graphName = projection.graphName;
  if (projection.nodeCount === 0)
    throw new EngineUnsupportedError('engine gds: the view has no participants (GDS runs on none)');
  if (plan.estimate) {
    const [estimate] = await gdsRows(store, plan.estimate, { graphName, config: plan.config });
    const limit = await memoryLimit(store, request.memoryLimit);
    refuseAbove(`${descriptor.id} in GDS`, toNumber(estimate!.bytesMax), limit);
  }
  // What the memory engine reports as its options: the view (every stored layer by default), then the measure's.
  const shownOptions = { ...view, layers: view.layers ?? layers.map((l) => l.id), ...options };
  if (plan.kind === 'community') {
    const { modularity, communities } = await communitiesOf(store, graphName, plan, options);
    return { algorithm: descriptor.id, options: shownOptions, modularity, communities, engine: 'gds' };
  }
  const rows = await gdsRows(store, plan.statement, { graphName, config: plan.config });
  let values: NodeValues = {};
  for (const row of rows) values[row.id as string] = toNumber(row.score);
  if (plan.scale) values = plan.scale(values, projection.nodeCount);
  return { measure: descriptor.id, options: shownOptions, values, engine: 'gds' };
}

/**
 * A community measure: written into the projection under a property of this run only (concurrent runs on
 * the same projection do not meet), read back with the modularity, and removed.
 */
async function communitiesOf(
  store: Store,
  graphName: string,
  plan: GdsPlan,
  options: Record<string, unknown>,
): Promise<{ modularity: number; communities: Record<string, number> }> {
  const property = `community_${randomUUID().replaceAll('-', '')}`;
  try {
    const [run] = await gdsRows(store, plan.statement, {
      graphName,
      config: { ...plan.config, mutateProperty: property },
    });
    let modularity = run?.modularity as number | null;
    if (plan.modularityFromStats || modularity === null || modularity === undefined) {
      const [stats] = await gdsRows(store, 'gds-modularity', {
        graphName,
        config: {
          communityProperty: property,
          ...(options.weighted === true ? { relationshipWeightProperty: 'weight' } : {}),
        },
      });
      modularity = stats!.modularity as number;
    }
    const communities: Record<string, number> = {};
    for (const row of await gdsRows(store, 'gds-community-stream', { graphName, property }))
      communities[row.id as string] = toNumber(row.community);
    return { modularity, communities };
  } finally {
    await gdsRows(store, 'gds-drop-property', { graphName, property });
  }
}
