/** GET /api/facets — what the data offers to filter and analyse by, and the measures of the registry. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { facets } from '../../store/entities.ts';
import { sendSerialized } from '../cache.ts';
import type { RouteContext } from '../context.ts';
import { MeasureSummary, measureSummaries } from '../measure-summaries.ts';
import { ERRORS } from '../schemas.ts';

const Named = Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });

const FacetsResponse = Type.Object({
  graphVersion: Type.Integer(),
  participants: Type.Integer(),
  kinds: Type.Array(Type.String()),
  layers: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      directed: Type.Boolean(),
    }),
  ),
  clusters: Type.Array(Named),
  platforms: Type.Array(Named),
  regions: Type.Array(Named),
  years: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()]),
  indicators: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), unit: Type.Union([Type.String(), Type.Null()]) }),
  ),
  measures: Type.Array(MeasureSummary),
});

const facetsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { store, cache, version: clock },
) => {
  app.get(
    '/facets',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Layers, clusters, platforms, regions, kinds, tie years, indicators and measures',
        tags: ['network'],
        response: { 200: FacetsResponse, ...ERRORS },
      },
    },
    async (_request, reply) => {
      const version = await clock.current();
      const body = await cache.json(version, 'facets', async () => ({
        graphVersion: version,
        ...(await facets(store)),
        measures: measureSummaries(),
      }));
      return sendSerialized(reply, body);
    },
  );
};

export default facetsRoutes;
