/** GET /api/gaps — the ranked collaboration-gaps report (src/analysis/gaps/report.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { GROUPINGS } from '../../analysis/gaps/groups.ts';
import { gapsReport, type GapsOptions } from '../../analysis/gaps/report.ts';
import { facets } from '../../store/entities.ts';
import { loadNetwork } from '../../store/network.ts';
import type { RouteContext } from '../context.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { ERRORS, NetworkFilterQuery, networkFilter } from '../schemas.ts';

const GapsQuery = Type.Object(
  {
    ...NetworkFilterQuery.properties,
    groupBy: Type.String({
      enum: [...GROUPINGS],
      default: 'cluster',
      description: 'the grouping of participants',
    }),
    weighted: Type.Boolean({ default: false, description: 'tie weights as strengths' }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'items per section' }),
    controlFor: Type.Optional(
      Type.String({
        enum: ['region', 'none'],
        description:
          "what the expected ties between two groups control for besides degrees: 'region' (same region or not; the default, except when grouping by region) or 'none'",
      }),
    ),
    seed: Type.Integer({
      minimum: 0,
      maximum: 2 ** 31 - 1,
      default: 42,
      description: 'seed of the community grouping',
    }),
  },
  { additionalProperties: false },
);

const Item = Type.Object(
  {
    rank: Type.Integer(),
    type: Type.String(),
    explanation: Type.String(),
    participants: Type.Array(Type.String(), { description: 'participants to highlight' }),
  },
  { additionalProperties: true },
);

const GapsResponse = Type.Object({
  options: Type.Object({}, { additionalProperties: true }),
  network: Type.Object({ participants: Type.Integer(), ties: Type.Integer(), groups: Type.Integer() }),
  groupGapModel: Type.Object(
    {
      controlFor: Type.String(),
      sameRegionFactor: Type.Number(),
      crossRegionFactor: Type.Number(),
    },
    {
      description:
        'the expectation of ties between two groups: degrees (configuration model), stratified by same/cross-region pairs with these fitted factors',
    },
  ),
  brokers: Type.Array(Item),
  brokerage: Type.Array(Item),
  groupGaps: Type.Array(Item),
  composition: Type.Array(Item),
});

const gapsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, cache, version }) => {
  app.get(
    '/gaps',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Collaboration gaps: brokers and structural holes, brokerage roles, group-to-group and composition gaps',
        tags: ['gaps'],
        querystring: GapsQuery,
        response: { 200: GapsResponse, ...ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { filter, layers } = networkFilter(q);
      const current = await version.current();
      const body = await cache.json(current, cacheKey('gaps', q), async () => {
        const [network, names] = await Promise.all([loadNetwork(store, filter, current), facets(store)]);
        // Groups read by name in the report: clusters and regions have names, kinds and communities ids.
        const groupNames = Object.fromEntries(
          [...names.clusters, ...names.regions].map((g) => [g.id, g.name ?? g.id] as const),
        );
        return gapsReport(network, {
          groupNames,
          controlFor: q.controlFor as GapsOptions['controlFor'],
          groupBy: q.groupBy as GapsOptions['groupBy'],
          layers: layers?.filter((l) => l !== 'platform'),
          weighted: q.weighted,
          limit: q.limit,
          seed: q.seed,
        });
      });
      return sendSerialized(reply, body);
    },
  );
};

export default gapsRoutes;
