/** What exists to filter by, read from the store: the values strict filters are checked against. */
import { PARTICIPANT_KINDS } from '../exchange/model.ts';
import { UnknownValuesError } from '../errors.ts';
import { unknownValues, type KnownValues } from '../domain/known-values.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { int } from './values.ts';
import { facets } from './entities.ts';

/** What exists, per graph version: ids of the stored entities, kinds of the model, the derived layer. */
export async function knownValues(store: Store): Promise<KnownValues> {
  const f = await facets(store);
  return {
    kinds: [...PARTICIPANT_KINDS],
    clusters: f.clusters.map((c) => c.id),
    platforms: f.platforms.map((p) => p.id),
    regions: f.regions.map((r) => r.id),
    layers: [...f.layers.map((l) => l.id), 'platform'],
    indicators: f.indicators.map((i) => i.id),
  };
}

/** Refuses filter values that name nothing stored (the CLI's check; the API caches `knownValues`). */
export async function assertKnownFilters(store: Store, filters: object): Promise<void> {
  const problems = unknownValues(filters as Record<string, unknown>, await knownValues(store));
  if (problems.length > 0) throw new UnknownValuesError(problems);
}

/** What the OpenAPI document lists (src/api/plugins/openapi.ts): the known values, and few enough ids. */
export async function documentValues(
  store: Store,
  maxIds = 2000,
): Promise<{ known: KnownValues; participants?: string[] }> {
  const [known, ids] = await Promise.all([knownValues(store), participantIds(store, maxIds + 1)]);
  return { known, ...(ids.length <= maxIds ? { participants: ids } : {}) };
}

async function participantIds(store: Store, limit: number): Promise<string[]> {
  const s = session(store, 'READ');
  try {
    const result = await s.run(cypher('participant-ids'), { limit: int(limit) });
    return result.records.map((r) => r.get('id') as string);
  } finally {
    await s.close();
  }
}
