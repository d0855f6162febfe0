/**
 * GET /api/did — difference-in-differences per node group of the stored network (treatment: the year a
 * participant joined the cluster or platform), in the shape the web view draws.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { estimatePanel, type PanelEstimateOptions } from '../../did/estimate.ts';
import { EFFECT_OPTIONS, PANEL_OPTIONS } from '../../did/options.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { buildReportData } from '../../report/build.ts';
import { renderReport } from '../../report/html.ts';
import { didByGroup, type DidByGroupOptions } from '../../services/did.ts';
import type { RouteContext } from '../context.ts';
import { Flag, nullableNumber } from '../did-schemas.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { ERRORS, Problem, splitList } from '../schemas.ts';

const ByGroupQuery = Type.Object(
  {
    indicator: Type.String({
      pattern: '^[a-z][a-z0-9_]{0,31}$',
      description: 'indicator id (GET /api/facets)',
    }),
    groupBy: EFFECT_OPTIONS.groupBy,
    groups: Type.Optional(
      Type.String({ maxLength: 4000, description: 'only these group ids (comma-separated)' }),
    ),
    // The options and their defaults: src/did/options.ts (from src/did/defaults.ts).
    estimator: EFFECT_OPTIONS.estimator,
    control: EFFECT_OPTIONS.control,
    base: EFFECT_OPTIONS.base,
    log: EFFECT_OPTIONS.log,
    anticipation: EFFECT_OPTIONS.anticipation,
    bootstrap: EFFECT_OPTIONS.bootstrap,
    seed: EFFECT_OPTIONS.seed,
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
  effect: Type.Union([
    Type.Object({
      value: Type.Number(),
      lo: nullableNumber,
      hi: nullableNumber,
      unit: Type.String({ description: "'%' for a log outcome (exp(δ) − 1), else the indicator's unit" }),
    }),
    Type.Null(),
  ]),
  eventStudy: Type.Array(
    Type.Object({
      e: Type.Integer({ description: 'years since each member joined' }),
      att: Type.Number(),
      se: nullableNumber,
      lo: nullableNumber,
      hi: nullableNumber,
      n: Type.Integer({ description: 'members observed at this event time' }),
      effect: Type.Number({ description: 'att in the display unit (percent for a log outcome)' }),
      effectLo: nullableNumber,
      effectHi: nullableNumber,
    }),
  ),
  band: Type.String({ enum: ['uniform', 'pointwise'] }),
  pretest: Type.Union([
    Type.Object({
      W: Type.Number(),
      df: Type.Integer(),
      p: Type.Number({ description: "did's chi-square p-value" }),
      pF: Type.Number({ description: "small-sample p-value (Hotelling's T², the members as the sample)" }),
      pHolm: Type.Number({
        description: 'pF after Holm across the groups of the answer: judges credibility',
      }),
    }),
    Type.Null(),
  ]),
  credible: Type.Boolean({
    description: 'no blocking flag: the estimate may be read as the effect of joining',
  }),
  flags: Type.Array(Flag),
  sentence: Type.String({ description: 'the effect in one sentence, or why we cannot tell' }),
  articleStatistic: nullableNumber,
  warnings: Type.Array(Type.String()),
});

export const ByGroupResponse = Type.Object({
  indicator: Type.String(),
  groupBy: Type.String(),
  estimator: Type.String(),
  control: Type.String(),
  base: Type.String(),
  log: Type.Boolean(),
  anticipation: Type.Integer(),
  level: Type.Number(),
  question: Type.Object({
    text: Type.String({ description: 'the question answered, in words' }),
    indicator: Type.String(),
    indicatorName: Type.String(),
    unit: Type.String(),
    comparison: Type.String(),
  }),
  credibility: Type.Object({
    pretrendLevel: Type.Number(),
    correction: Type.String({ enum: ['holm'] }),
    minTreated: Type.Integer(),
    minControl: Type.Integer(),
    minCohort: Type.Integer(),
  }),
  groups: Type.Array(GroupResult),
});

const PanelBody = Type.Object(
  {
    ...PANEL_OPTIONS,
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

const PanelQuery = Type.Partial(Type.Object(PANEL_OPTIONS), { additionalProperties: false });

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
          415: Problem,
          422: Problem,
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
          base: q.base as 'varying' | 'universal',
          log: q.log === 'auto' ? 'auto' : q.log === 'true',
          anticipation: q.anticipation,
          bootstrap: q.bootstrap,
          seed: q.seed,
        }),
      );
      return sendSerialized(reply, body);
    },
  );

  app.get(
    '/report',
    {
      config: { access: 'read' },
      schema: {
        summary: "The planner's report as one HTML document (print it to PDF; the CLI's `report` does)",
        description:
          'The metacorporation, the effect of joining each cluster per indicator with its credibility in words, ' +
          'event studies, cluster profiles (Table 1’s series) and the collaboration gaps.',
        tags: ['did'],
        response: {
          200: { description: 'the report', content: { 'text/html': { schema: Type.String() } } },
          ...ERRORS,
        },
      },
    },
    async (_request, reply) => {
      const html = await cache.get(await version.current(), 'report', async () =>
        renderReport(await buildReportData(store)),
      );
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
};

export default didRoutes;
