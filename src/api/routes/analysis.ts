/**
 * GET /api/analysis — the registry's measures; GET /api/analysis/{measure} — one measure on the
 * stored network, its parameters as query parameters (one route per measure, so that the OpenAPI
 * document states each measure's own parameters). Results are cached per graph version and query.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MEASURES, parseParameters, type MeasureDescriptor } from '../../analysis/registry.ts';
import { boundWork } from '../../analysis/cost.ts';
import { DEFAULT_ENGINE, engineOption, type EngineChoice } from '../../analysis/engines.ts';
import { gdsSettings } from '../../config.ts';
import { engineFor } from '../../store/gds/choice.ts';
import { runWithGds } from '../../store/gds/run.ts';
import type { NodeMeasureResult } from '../../analysis/run.ts';
import { loadNetwork } from '../../store/network.ts';
import type { RouteContext } from '../context.ts';
import { networkKey } from '../compute/pool.ts';
import { clientOf } from '../plugins/security.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import {
  ERRORS,
  NetworkFilterQuery,
  Problem,
  networkFilter,
  type NetworkFilterQuery as FilterQuery,
} from '../schemas.ts';
import { MeasureSummary, measureSummaries } from '../measure-summaries.ts';

/** The query of one measure: the network filter, the view, and the measure module's own options schema. */
export function measureQuery(descriptor: MeasureDescriptor) {
  const parameters: Record<string, TSchema> = {};
  for (const [name, schema] of Object.entries(descriptor.options.properties))
    parameters[name] = Type.Optional(schema);
  return Type.Object(
    {
      ...NetworkFilterQuery.properties,
      ...(descriptor.kind === 'multilayer'
        ? {}
        : { directed: Type.Optional(Type.Boolean({ description: 'keep tie directions', default: false })) }),
      ...(descriptor.kind === 'node'
        ? {
            top: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 1_000_000,
                description: 'only the participants with the highest values (`of` gives the count of all)',
              }),
            ),
          }
        : {}),
      engine: Type.Optional(engineOption()),
      ...parameters,
    },
    { additionalProperties: false },
  );
}

/** The engine that computed the result (docs/engines.md). */
const EngineRan = Type.Union([Type.Literal('memory'), Type.Literal('gds')], {
  description: 'the engine that computed the result: memory (this process) or gds (Neo4j Graph Data Science)',
});

const NodeResult = Type.Object(
  {
    measure: Type.String(),
    engine: EngineRan,
    options: Type.Object({}, { additionalProperties: true }),
    values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), {
      description:
        'per participant; null where the measure is undefined (NaN in networkx), e.g. constraint of an isolate',
    }),
  },
  { additionalProperties: true },
);
const CommunityResult = Type.Object({
  algorithm: Type.String(),
  engine: EngineRan,
  options: Type.Object({}, { additionalProperties: true }),
  modularity: Type.Number(),
  communities: Type.Record(Type.String(), Type.Integer()),
});
const MultilayerResult = Type.Object(
  { measure: Type.String(), engine: EngineRan, options: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true },
);

/** Undefined values (NaN, e.g. the constraint of an isolate) rank last. */
const rank = (value: number) => (Number.isNaN(value) ? -Infinity : value);

/** The `top` highest values of a node measure (ties broken by id), with the number of all values. */
function topValues(result: NodeMeasureResult, top: number): NodeMeasureResult {
  const entries = Object.entries(result.values)
    .sort((a, b) => rank(b[1]) - rank(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, top);
  return { ...result, values: Object.fromEntries(entries), of: Object.keys(result.values).length };
}

const resultSchema = (d: MeasureDescriptor) =>
  d.kind === 'node' ? NodeResult : d.kind === 'community' ? CommunityResult : MultilayerResult;

const analysisRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { store, cache, version, budgets, compute },
) => {
  app.get(
    '/analysis',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The measures of the registry with their parameters',
        tags: ['analysis'],
        response: { 200: Type.Object({ measures: Type.Array(MeasureSummary) }), ...ERRORS },
      },
    },
    async () => ({ measures: measureSummaries() }),
  );

  for (const descriptor of MEASURES) {
    app.get(
      `/analysis/${descriptor.id}`,
      {
        config: { access: 'read' },
        schema: {
          summary: descriptor.title,
          description: `${descriptor.description}. Reference: ${descriptor.reference}.`,
          tags: ['analysis'],
          querystring: measureQuery(descriptor),
          response: { 200: resultSchema(descriptor), 422: Problem, ...ERRORS },
        },
      },
      async (request, reply) => {
        const query = request.query as FilterQuery & Record<string, unknown>;
        // Validation has typed the values and checked their bounds: they are taken as they are.
        const typed: Record<string, string | number | boolean | undefined> = {};
        for (const p of descriptor.parameters) typed[p.name] = query[p.name] as string | number | boolean;
        const parsed = parseParameters(descriptor, typed);
        // Validation has filled in the schema's defaults; the parameters the client wrote are in the URL.
        const given = new Set(new URLSearchParams(request.url.split('?')[1] ?? '').keys());
        const { filter, layers } = networkFilter(query);
        const current = await version.current();
        const { top, ...measureQuery } = query as typeof query & { top?: number };
        const result = () =>
          cache.get(current, cacheKey(`analysis/${descriptor.id}`, measureQuery), async () => {
            const directed = query.directed === true;
            const requested = (query.engine as EngineChoice | undefined) ?? DEFAULT_ENGINE;
            const gds = gdsSettings();
            if (
              (await engineFor(store, requested, descriptor.id, parsed, { directed }, gds.autoMinTies)) ===
              'gds'
            ) {
              const view = { ...filter, layers, directed };
              const memoryLimit = gds.memoryLimit;
              return runWithGds(store, {
                descriptor,
                options: parsed,
                filter,
                view,
                version: current,
                memoryLimit,
              });
            }
            const network = await loadNetwork(store, filter, current);
            const size = { nodes: network.nodes.length, ties: network.ties.length };
            // Refused or bounded before any work starts; what runs, runs in a thread with a deadline.
            const options = boundWork(descriptor, parsed, given, size, budgets);
            const view = { ...filter, layers, directed: query.directed === true };
            const task = { measure: descriptor.id, options, view };
            const computed = await compute.runMeasure(
              clientOf(request),
              networkKey(current, filter),
              network,
              task,
            );
            return { ...computed, engine: 'memory' as const };
          });
        const body = await cache.json(current, cacheKey(`analysis/${descriptor.id}`, query), async () =>
          top === undefined ? result() : topValues((await result()) as NodeMeasureResult, top),
        );
        return sendSerialized(reply, body);
      },
    );
  }
};

export default analysisRoutes;
