/**
 * GET /api/analysis — the registry's measures; GET /api/analysis/{measure} — one measure on the
 * stored network, its parameters as query parameters (one route per measure, so that the OpenAPI
 * document states each measure's own parameters). Results are cached per graph version and query.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import {
  MEASURES,
  parseParameters,
  type MeasureDescriptor,
  type ParameterSpec,
} from '../../analysis/registry.ts';
import { runMeasure, type NodeMeasureResult } from '../../analysis/run.ts';
import { loadNetwork } from '../../store/network.ts';
import { InvalidArgumentError } from '../../errors.ts';
import type { RouteContext } from '../app.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import {
  ERRORS,
  NetworkFilterQuery,
  networkFilter,
  type NetworkFilterQuery as FilterQuery,
} from '../schemas.ts';
import { MeasureSummary, measureSummaries } from './facets.ts';

/** A registry parameter as a query-string schema (bounds and choices enforced by validation). */
export function parameterSchema(p: ParameterSpec): TSchema {
  const common = { description: p.description, default: p.default };
  if (p.type === 'boolean') return Type.Boolean(common);
  if (p.type === 'string')
    return p.choices
      ? Type.String({ ...common, enum: p.choices })
      : Type.String({ ...common, maxLength: 200 });
  const bounds = { minimum: p.min, maximum: p.max };
  return p.type === 'integer'
    ? Type.Integer({ ...common, ...bounds })
    : Type.Number({ ...common, ...bounds });
}

export function measureQuery(descriptor: MeasureDescriptor) {
  const parameters: Record<string, TSchema> = {};
  for (const p of descriptor.parameters) parameters[p.name] = Type.Optional(parameterSchema(p));
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
      ...parameters,
    },
    { additionalProperties: false },
  );
}

const NodeResult = Type.Object(
  {
    measure: Type.String(),
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
  options: Type.Object({}, { additionalProperties: true }),
  modularity: Type.Number(),
  communities: Type.Record(Type.String(), Type.Integer()),
});
const MultilayerResult = Type.Object(
  { measure: Type.String(), options: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true },
);

/**
 * All-pairs shortest-path measures cost about n·(n + m) steps and run on the server's one event loop:
 * above this budget (CA-GrQc, 5,242 participants, is 1·10⁸) a request would stall every other request
 * for minutes, so it is refused with a hint (sampled betweenness with `k`, or the CLI).
 */
export const PATH_BUDGET = 1e9;
const ALL_PAIRS = new Set(['betweenness', 'closeness', 'harmonic']);

function checkCost(
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  n: number,
  m: number,
  budget: number,
): void {
  if (!ALL_PAIRS.has(descriptor.id)) return;
  const sources =
    descriptor.id === 'betweenness' && Number(options.k) > 0 ? Math.min(n, Number(options.k)) : n;
  if (sources * (n + m) <= budget) return;
  const hint =
    descriptor.id === 'betweenness'
      ? `pass k (say k=500) for an estimate from sampled sources, or run \`clusterlens analyze betweenness\``
      : `run \`clusterlens analyze ${descriptor.id}\` instead`;
  throw new InvalidArgumentError(
    `${descriptor.id} on ${n} participants and ${m} ties is too long a computation for a request; ${hint}`,
  );
}

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
  { store, cache, version, pathBudget },
) => {
  app.get(
    '/analysis',
    {
      schema: {
        summary: 'The measures of the registry with their parameters',
        tags: ['analysis'],
        response: { 200: Type.Object({ measures: Type.Array(MeasureSummary) }) },
      },
    },
    async () => ({ measures: measureSummaries() }),
  );

  for (const descriptor of MEASURES) {
    app.get(
      `/analysis/${descriptor.id}`,
      {
        schema: {
          summary: descriptor.title,
          description: `${descriptor.description}. Reference: ${descriptor.reference}.`,
          tags: ['analysis'],
          querystring: measureQuery(descriptor),
          response: { 200: resultSchema(descriptor), ...ERRORS },
        },
      },
      async (request, reply) => {
        const query = request.query as FilterQuery & Record<string, unknown>;
        const raw: Record<string, string | boolean | undefined> = {};
        for (const p of descriptor.parameters) {
          const value = query[p.name];
          if (value !== undefined) raw[p.name] = typeof value === 'boolean' ? value : String(value);
        }
        const options = parseParameters(descriptor, raw);
        const { filter, layers } = networkFilter(query);
        const current = await version.current();
        const { top, ...measureQuery } = query as typeof query & { top?: number };
        const compute = () =>
          cache.get(current, cacheKey(`analysis/${descriptor.id}`, measureQuery), async () => {
            const network = await loadNetwork(store, filter, current);
            checkCost(descriptor, options, network.nodes.length, network.ties.length, pathBudget);
            const view = { ...filter, layers, directed: query.directed === true };
            return runMeasure(network, descriptor, options, view);
          });
        const body = await cache.json(current, cacheKey(`analysis/${descriptor.id}`, query), async () =>
          top === undefined ? compute() : topValues((await compute()) as NodeMeasureResult, top),
        );
        return sendSerialized(reply, body);
      },
    );
  }
};

export default analysisRoutes;
