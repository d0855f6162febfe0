/**
 * GET /api/did — difference-in-differences per node group of the stored network (treatment: the year a
 * participant joined the cluster or platform), in the shape the web view draws.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { GROUP_BY } from '../../did/by-group.ts';
import { ESTIMATORS, estimatePanel, type PanelEstimateOptions } from '../../did/estimate.ts';
import { InvalidArgumentError } from '../../errors.ts';
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

const column = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/** The CLI's panel options (`clusterlens did --panel …`), as query parameters or JSON fields. */
const PanelOptions = {
  unit: Type.Optional(column('unit id column')),
  time: column('period column'),
  outcome: column('outcome column'),
  cohort: Type.Optional(column('staggered adoption: first treated period of the unit')),
  neverValue: Type.Optional(Type.Number({ description: 'cohort value of never-treated units (default 0)' })),
  treat: Type.Optional(column('2 × 2: treated-group indicator (0/1)')),
  post: Type.Optional(column('2 × 2: post-period indicator (0/1)')),
  estimator: Type.Optional(
    Type.String({
      enum: ESTIMATORS,
      description: 'default cs with a cohort column, 2x2 with treat and post',
    }),
  ),
  control: Type.Optional(Type.String({ enum: ['never', 'notyet'] })),
  base: Type.Optional(Type.String({ enum: ['varying', 'universal'] })),
  anticipation: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  cluster: Type.Optional(column('cluster column for the standard errors (twfe, 2x2)')),
  covariates: Type.Optional(
    Type.String({ maxLength: 2000, description: 'comma-separated covariate columns' }),
  ),
  log: Type.Optional(Type.Boolean()),
  bootstrap: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  minCohortSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
};

const PanelBody = Type.Object(
  {
    ...PanelOptions,
    rows: Type.Optional(
      Type.Array(
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
        {
          description: 'the panel: one object per unit and period',
          maxItems: 5_000_000,
        },
      ),
    ),
    csv: Type.Optional(Type.String({ description: 'the panel as CSV text (header row first)' })),
  },
  { additionalProperties: false },
);

const PanelQuery = Type.Partial(Type.Object(PanelOptions), { additionalProperties: false });

type Options = Omit<PanelEstimateOptions, 'covariates'> & { covariates?: string };

function panelOptions(o: Options): PanelEstimateOptions {
  return { ...o, covariates: splitList(o.covariates) } as PanelEstimateOptions;
}

const didRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, cache, version }) => {
  // A panel may come as CSV text with the options in the query string.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/did',
    {
      // It writes nothing, but it takes uploaded panels of any size and shape: like every POST, a key.
      config: { access: 'write' },
      schema: {
        summary:
          "Difference-in-differences on the caller's own panel (JSON rows, CSV text, or a text/csv body)",
        description:
          'The options of `clusterlens did --panel`: in the JSON body beside `rows` or `csv`, or in the query ' +
          "string with a text/csv body. The result has the CLI's --json shape for the estimator.",
        tags: ['did'],
        querystring: PanelQuery,
        body: Type.Union([PanelBody, Type.String({ description: 'CSV text (Content-Type: text/csv)' })]),
        consumes: ['application/json', 'text/csv'],
        response: {
          200: Type.Object({ estimator: Type.String() }, { additionalProperties: true }),
          422: Problem,
          413: Problem,
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (typeof body === 'string') {
        const q = request.query as Partial<Options>;
        if (!q.time || !q.outcome)
          throw new InvalidArgumentError('a CSV panel needs time and outcome in the query string');
        return estimatePanel({ csv: body, name: 'request body' }, panelOptions(q as Options));
      }
      const { rows, csv, ...options } = body;
      if ((rows === undefined) === (csv === undefined))
        throw new InvalidArgumentError('give the panel as rows or as csv');
      const source =
        rows !== undefined ? { rows, name: 'request body' } : { csv: csv!, name: 'request body' };
      return estimatePanel(source, panelOptions(options as Options));
    },
  );

  app.get(
    '/did',
    {
      config: { access: 'read' },
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
