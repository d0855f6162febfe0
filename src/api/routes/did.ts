/**
 * GET /api/did — difference-in-differences per node group of the stored network (treatment: the year a
 * participant joined the cluster or platform), in the shape the web view draws.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { GROUP_BY } from '../../did/by-group.ts';
import { didByGroup, type DidByGroupOptions } from '../../store/did-panel.ts';
import type { RouteContext } from '../app.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { ERRORS, Problem, splitList } from '../schemas.ts';

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

const ByGroupQuery = Type.Object(
  {
    indicator: Type.String({
      pattern: '^[a-z][a-z0-9_]{0,31}$',
      description: 'indicator id (GET /api/facets)',
    }),
    groupBy: Type.String({ enum: GROUP_BY, default: 'cluster' }),
    groups: Type.Optional(
      Type.String({ maxLength: 4000, description: 'only these group ids (comma-separated)' }),
    ),
    estimator: Type.String({ enum: ['cs', 'twfe'], default: 'cs' }),
    control: Type.String({ enum: ['never', 'notyet'], default: 'never', description: 'control units (cs)' }),
    log: Type.Boolean({ default: false, description: 'log outcome; effects also as exp(δ) − 1' }),
    anticipation: Type.Integer({ minimum: 0, maximum: 10, default: 0 }),
    bootstrap: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      default: 0,
      description: 'multiplier-bootstrap draws for uniform event-study bands (0: pointwise)',
    }),
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 42 }),
  },
  { additionalProperties: false },
);

const GroupResult = Type.Object({
  group: Type.String(),
  label: Type.String(),
  members: Type.Array(Type.String()),
  nTreated: Type.Integer(),
  nControl: Type.Integer(),
  att: nullableNumber,
  se: nullableNumber,
  ci: Type.Union([Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), Type.Null()]),
  p: nullableNumber,
  percent: nullableNumber,
  eventStudy: Type.Array(
    Type.Object({
      e: Type.Integer(),
      att: Type.Number(),
      se: nullableNumber,
      lo: nullableNumber,
      hi: nullableNumber,
    }),
  ),
  band: Type.String({ enum: ['uniform', 'pointwise'] }),
  pretest: Type.Union([Type.Object({ W: Type.Number(), df: Type.Integer(), p: Type.Number() }), Type.Null()]),
  articleStatistic: nullableNumber,
  warnings: Type.Array(Type.String()),
});

export const ByGroupResponse = Type.Object({
  indicator: Type.String(),
  groupBy: Type.String(),
  estimator: Type.String(),
  control: Type.String(),
  log: Type.Boolean(),
  groups: Type.Array(GroupResult),
});

const didRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, cache, version }) => {
  app.get(
    '/did',
    {
      schema: {
        summary: 'Difference-in-differences per cluster, platform, community or kind, with event studies',
        tags: ['did'],
        querystring: ByGroupQuery,
        response: { 200: ByGroupResponse, 404: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const body = await cache.json(await version.current(), cacheKey('did', q), () =>
        didByGroup(store, {
          indicator: q.indicator,
          groupBy: q.groupBy as DidByGroupOptions['groupBy'],
          groups: splitList(q.groups),
          estimator: q.estimator as 'cs' | 'twfe',
          control: q.control as 'never' | 'notyet',
          log: q.log,
          anticipation: q.anticipation,
          bootstrap: q.bootstrap,
          seed: q.seed,
        }),
      );
      return sendSerialized(reply, body);
    },
  );
};

export default didRoutes;
