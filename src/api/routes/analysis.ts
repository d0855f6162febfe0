/**
 * GET /api/analysis — the registry's measures; GET /api/analysis/{measure} — one measure on the
 * stored network, its parameters as query parameters (one route per measure, so that the OpenAPI
 * document states each measure's own parameters). Results are cached per graph version and query.
 * A result written back to Neo4j for the same options on the current graph version is served as it is
 * stored, without computing; POST /api/analysis/{measure}/write writes one, GET /api/analysis/written
 * lists them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MEASURES, parseParameters, type MeasureDescriptor } from '../../analysis/registry.ts';
import { boundWork } from '../../analysis/cost.ts';
import type { MeasureResult, NodeMeasureResult } from '../../analysis/run.ts';
import { DEFAULT_ENGINE, engineOption, type EngineChoice } from '../../analysis/engines.ts';
import { gdsSettings } from '../../config.ts';
import { engineFor, storedTies } from '../../store/gds/choice.ts';
import { runWithGds } from '../../store/gds/run.ts';
import { loadNetwork } from '../../store/network.ts';
import { graphVersion } from '../../store/status.ts';
import { listAnalysisResults } from '../../store/analysis-results.ts';
import { WrittenResultIndex, readMeasureResult, writeMeasureResult } from '../../services/written-results.ts';
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

const withoutTop = <T extends object>(o: T): Omit<T, 'top'> =>
  Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'top')) as Omit<T, 'top'>;

/** The write route's query: the measure's GET query without `top` (the whole result is written). */
function writeQuery(descriptor: MeasureDescriptor) {
  return Type.Object(withoutTop(measureQuery(descriptor).properties as Record<string, TSchema>), {
    additionalProperties: false,
  });
}

const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description: 'the options and filters that differ from the defaults (what the property suffix stands for)',
});
const WriteReport = Type.Object({
  property: Type.String({ description: 'the participant property of the main values, e.g. cl_pagerank' }),
  properties: Type.Array(Type.String(), {
    description: 'every property written: the main one, then further outputs (cl_hits_authorities …)',
  }),
  measure: Type.String(),
  settings: Settings,
  participants: Type.Integer({ description: 'participants given a value' }),
  graphVersion: Type.Integer({ description: 'the graph version the result was computed on' }),
});
const WrittenSummary = Type.Object({
  ...WriteReport.properties,
  writtenAt: Type.String({ description: 'when it was written (ISO 8601)' }),
  current: Type.Boolean({ description: 'the graph is still at graphVersion: the API serves it' }),
});

/** Undefined values (NaN, e.g. the constraint of an isolate) rank last. */
const rank = (value: number) => (Number.isNaN(value) ? -Infinity : value);

/** Whether a participant's (id, value) comes before entry b: higher value first, ties broken by id. */
const before = (id: string, value: number, b: [string, number]) =>
  rank(value) > rank(b[1]) || (rank(value) === rank(b[1]) && id < b[0]);

/** Below this many, the top values are kept by insertion in one pass instead of sorting every value. */
const SELECT_AT_MOST = 64;

/** The `top` highest values of a node measure (ties broken by id), with the number of all values. */
export function topValues(result: NodeMeasureResult, top: number): NodeMeasureResult {
  if (top >= 1 && top <= SELECT_AT_MOST) return { ...result, ...selectTop(result.values, top) };
  const all = Object.entries(result.values);
  const entries = all.sort((a, b) => rank(b[1]) - rank(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, top);
  return { ...result, values: Object.fromEntries(entries), of: all.length };
}

/**
 * One pass with a short sorted list: sorting all values (a string comparison for every tie of values)
 * was most of a top-1 request's time on a few thousand participants. The values are walked by key, and
 * an entry is made only for a value that enters the list: making one per participant (Object.entries)
 * cost more than a millisecond kernel on CA-GrQc.
 */
function selectTop(values: Record<string, number>, top: number) {
  const entries: [string, number][] = [];
  let of = 0;
  for (const id in values) {
    of++;
    const value = values[id]!;
    if (entries.length === top && !before(id, value, entries[top - 1]!)) continue;
    const entry: [string, number] = [id, value];
    let i = Math.min(entries.length, top - 1);
    entries[i] = entry;
    while (i > 0 && before(id, value, entries[i - 1]!)) {
      entries[i] = entries[i - 1]!;
      entries[--i] = entry;
    }
  }
  return { values: Object.fromEntries(entries), of };
}

const resultSchema = (d: MeasureDescriptor) =>
  d.kind === 'node' ? NodeResult : d.kind === 'community' ? CommunityResult : MultilayerResult;

const analysisRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { store, cache, inputs, version, budgets, compute },
) => {
  // What an uncached request needs besides the network, kept so that it does not wait for Neo4j before
  // computing: which results are written (per graph version and clock reading, see WrittenResultIndex)
  // and, for the choice under `auto`, the stored ties (per graph version: only an import changes them).
  const writtenIndex = new WrittenResultIndex(store);
  const tiesAt = (current: number) => () => inputs.get(current, 'stored-ties', () => storedTies(store));
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

  /**
   * One measure's result for a request, cached per graph version and query: the result written back for
   * the same options when it was computed on this version, else computed (bounded first, in a thread).
   */
  const measureResult = (
    descriptor: MeasureDescriptor,
    request: FastifyRequest,
    query: FilterQuery & Record<string, unknown>,
    current: number,
  ): Promise<MeasureResult> => {
    // Validation has typed the values and checked their bounds: they are taken as they are.
    const typed: Record<string, string | number | boolean | undefined> = {};
    for (const p of descriptor.parameters) typed[p.name] = query[p.name] as string | number | boolean;
    const parsed = parseParameters(descriptor, typed);
    // Validation has filled in the schema's defaults; the parameters the client wrote are in the URL.
    const given = new Set(new URLSearchParams(request.url.split('?')[1] ?? '').keys());
    const { filter, layers } = networkFilter(query);
    const view = { ...filter, layers, directed: query.directed === true };
    const measureQuery = withoutTop(query);
    return cache.get(current, cacheKey(`analysis/${descriptor.id}`, measureQuery), async () => {
      const requested = (query.engine as EngineChoice | undefined) ?? DEFAULT_ENGINE;
      const index = writtenIndex.at(current, version.epoch);
      const written = await readMeasureResult(store, descriptor, parsed, view, current, requested, index);
      if (written) return written;
      const gds = gdsSettings();
      const engine = await engineFor(
        store,
        requested,
        descriptor.id,
        parsed,
        view,
        gds.autoMinTies,
        tiesAt(current),
      );
      if (engine === 'gds') {
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
      const task = { measure: descriptor.id, options, view };
      const computed = await compute.runMeasure(
        clientOf(request),
        networkKey(current, filter),
        network,
        task,
      );
      return { ...computed, engine: 'memory' as const };
    }) as Promise<MeasureResult>;
  };

  app.get(
    '/analysis/written',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The results written back to Neo4j as participant properties',
        description:
          'Newest first. `current` is true while the graph is at the version a result was computed on: ' +
          'then GET /api/analysis/{measure} with the same options serves it without computing.',
        tags: ['analysis'],
        response: { 200: Type.Object({ results: Type.Array(WrittenSummary) }), ...ERRORS },
      },
    },
    async () => {
      const current = await graphVersion(store);
      const results = await listAnalysisResults(store);
      return { results: results.map((r) => ({ ...r, current: r.graphVersion === current })) };
    },
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
        const query = request.query as FilterQuery & Record<string, unknown> & { top?: number };
        const reading = version.current();
        // When the clock reads the graph version, the index of written results is read beside it.
        writtenIndex.prefetch(version.epoch);
        const current = await reading;
        const result = () => measureResult(descriptor, request, query, current);
        const top = query.top;
        const body = await cache.json(current, cacheKey(`analysis/${descriptor.id}`, query), async () =>
          top === undefined ? result() : topValues((await result()) as NodeMeasureResult, top),
        );
        return sendSerialized(reply, body);
      },
    );
    if (descriptor.kind === 'multilayer') continue;
    app.post(
      `/analysis/${descriptor.id}/write`,
      {
        config: { access: 'write' },
        schema: {
          summary: `${descriptor.title}: write the result back to Neo4j as participant properties`,
          description:
            'The query parameters of GET /api/analysis/' +
            `${descriptor.id} (without top). Stores the values as properties named by measure and ` +
            'options (cl_<measure>, with a suffix when an option differs from its default), stamped with ' +
            'the graph version, in one transaction; the graph version stays (results are derived data). ' +
            '503 graph-changing when the network changed while it was computed (nothing written). Needs an API key.',
          tags: ['analysis'],
          security: [{ apiKey: [] }],
          querystring: writeQuery(descriptor),
          response: { 200: WriteReport, 422: Problem, ...ERRORS },
        },
      },
      async (request) => {
        const query = request.query as FilterQuery & Record<string, unknown>;
        // Read now, not from the version clock: the stamp must be the version the network is read at.
        const current = await graphVersion(store);
        const result = await measureResult(descriptor, request, query, current);
        const { filter, layers } = networkFilter(query);
        const view = { ...filter, layers, directed: query.directed === true };
        // The options the result was computed with (bounded ones included) name the property.
        const options = Object.fromEntries(
          descriptor.parameters.map((p) => [p.name, result.options[p.name] ?? p.default]),
        );
        try {
          return await writeMeasureResult(store, descriptor, options, view, result, current);
        } finally {
          // Even a failed write may have raced one that committed: the next look-up reads again.
          writtenIndex.invalidate();
        }
      },
    );
  }
};

export default analysisRoutes;
