/**
 * Strict reads for every GET route under /api and the measures written back (src/api/strict-queries.ts),
 * by the name of the query parameter (see src/domain/known-values.ts): an unknown kind, cluster,
 * platform, region, layer or indicator is a 400 problem that lists what exists. What exists is read once per graph version.
 */
import type { FastifyInstance } from 'fastify';
import { FILTER_PARAMETERS, unknownValues } from '../../domain/known-values.ts';
import { UnknownValuesError } from '../../errors.ts';
import type { Store } from '../../store/driver.ts';
import { knownValues } from '../../store/known-values.ts';
import type { VersionClock, VersionedCache } from '../cache.ts';
import { hasStrictQuery } from '../strict-queries.ts';

export function registerKnownValues(
  app: FastifyInstance,
  context: { store: Store; inputs: VersionedCache; version: VersionClock },
): void {
  app.addHook('preHandler', async (request) => {
    if (!hasStrictQuery(request.method, request.routeOptions.url ?? '')) return;
    const query = request.query as Record<string, unknown> | undefined;
    if (!query || !Object.keys(FILTER_PARAMETERS).some((p) => typeof query[p] === 'string')) return;
    const version = await context.version.current();
    const known = await context.inputs.get(version, 'known-values', () => knownValues(context.store));
    const problems = unknownValues(query, known);
    if (problems.length > 0) throw new UnknownValuesError(problems);
  });
}
