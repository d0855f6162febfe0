/**
 * GET /api/participants/{id}/suggestions — partners suggested for one participant, each with its
 * score, the parts of the score and a sentence of explanation (src/analysis/suggestions/suggest.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { assertLayers } from '../../analysis/network.ts';
import { SCORERS } from '../../analysis/suggestions/link-prediction.ts';
import { suggestPartners } from '../../analysis/suggestions/suggest.ts';
import { platformInfo } from '../../store/entities.ts';
import { loadNetwork } from '../../store/network.ts';
import type { RouteContext } from '../app.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { ERRORS, IdParams, Problem, splitList } from '../schemas.ts';

const list = (description: string) =>
  Type.Optional(Type.String({ description: `${description} (comma-separated)`, maxLength: 4000 }));

const SuggestionsQuery = Type.Object(
  {
    layers: list('layers whose ties count for proximity and are excluded as existing; default all'),
    kinds: list('only candidates of these kinds'),
    clusters: list('only candidates in these clusters'),
    regions: list('only candidates in these regions'),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
    scorer: Type.String({
      enum: ['combined', ...SCORERS],
      default: 'combined',
      description: 'the combined score, or one network-proximity score alone',
    }),
  },
  { additionalProperties: false },
);

const Suggestion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  score: Type.Number(),
  parts: Type.Record(Type.String(), Type.Number(), { description: 'weighted parts; they add up to score' }),
  proximity: Type.Object(
    {
      commonNeighbours: Type.Number(),
      jaccard: Type.Number(),
      adamicAdar: Type.Number(),
      resourceAllocation: Type.Number(),
      byLayer: Type.Record(Type.String(), Type.Number()),
    },
    { additionalProperties: true },
  ),
  explanation: Type.String(),
  common: Type.Array(Type.String(), { description: 'common partners (ids)' }),
});

const SuggestionsResponse = Type.Object({
  participant: Type.String(),
  options: Type.Object({}, { additionalProperties: true }),
  suggestions: Type.Array(Suggestion),
});

/** Platform names and spheres, which the suggestions use for the spheres part and the explanations. */
const platforms = (context: RouteContext, version: number) =>
  context.inputs.get(version, 'platform-info', () => platformInfo(context.store));

const suggestionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  app.get(
    '/participants/:id/suggestions',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Suggested partners for a participant, with score parts and explanations',
        tags: ['suggestions'],
        params: IdParams,
        querystring: SuggestionsQuery,
        response: { 200: SuggestionsResponse, 404: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const q = request.query;
      const version = await context.version.current();
      const body = await context.entityCache.json(version, cacheKey(`suggestions/${id}`, q), async () => {
        const network = await loadNetwork(context.store, {}, version);
        const layers = splitList(q.layers);
        assertLayers(network, layers);
        return suggestPartners(network, id, {
          layers,
          kinds: splitList(q.kinds),
          clusters: splitList(q.clusters),
          regions: splitList(q.regions),
          limit: q.limit,
          scorer: q.scorer as 'combined',
          platforms: await platforms(context, version),
        });
      });
      return sendSerialized(reply, body);
    },
  );
};

export default suggestionRoutes;
