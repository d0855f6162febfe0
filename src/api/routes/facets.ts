/** GET /api/facets — what the data offers to filter and analyse by, and the measures of the registry. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { MEASURES } from '../../analysis/registry.ts';
import { facets } from '../../store/entities.ts';
import { sendSerialized } from '../cache.ts';
import type { RouteContext } from '../context.ts';
import { ERRORS } from '../schemas.ts';

const Named = Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });

export const ParameterDescriptor = Type.Object({
  name: Type.String(),
  type: Type.Union([
    Type.Literal('number'),
    Type.Literal('integer'),
    Type.Literal('boolean'),
    Type.Literal('string'),
  ]),
  default: Type.Union([Type.Number(), Type.Boolean(), Type.String()]),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  choices: Type.Optional(Type.Array(Type.String())),
  description: Type.String(),
});

export const MeasureSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  reference: Type.String(),
  parameters: Type.Array(ParameterDescriptor),
});

export const measureSummaries = () =>
  MEASURES.map(({ id, title, kind, description, reference, parameters }) => ({
    id,
    title,
    kind,
    description,
    reference,
    parameters,
  }));

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
