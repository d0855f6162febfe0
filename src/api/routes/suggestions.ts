/**
 * GET /api/participants/{id}/suggestions — partners suggested for one participant, each with its
 * score, the parts of the score, the probability of a tie and a sentence of explanation
 * (src/analysis/suggestions/suggest.ts); GET /api/suggestions/model — the learned model that ranks them
 * by default (src/analysis/suggestions/model.ts), fitted once per graph version and layer set.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { assertLayers } from '../../analysis/network.ts';
import type { Network } from '../../analysis/network.ts';
import {
  SUGGEST_SCORERS,
  hasLearnedModel,
  rememberLearnedModel,
  suggestionModel,
  type PlatformInfo,
  type SuggestScorer,
} from '../../analysis/suggestions/suggest.ts';
import { suggestFiltered } from '../../analysis/suggestions/candidate-filter.ts';
import { platformInfo } from '../../store/entities.ts';
import { loadNetwork } from '../../store/network.ts';
import type { RouteContext } from '../context.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { networkKey } from '../compute/pool.ts';
import { clientOf } from '../plugins/security.ts';
import { ERRORS, IdParams, Problem, splitList } from '../schemas.ts';

const list = (description: string) =>
  Type.Optional(Type.String({ description: `${description} (comma-separated)`, maxLength: 4000 }));

const SuggestionsQuery = Type.Object(
  {
    layers: list('layers whose ties count for proximity and are excluded as existing; default all'),
    kinds: list('only candidates of these kinds'),
    clusters: list('only candidates in these clusters'),
    regions: list('only candidates in these regions'),
    platforms: list('only candidates on at least one of these platforms'),
    exclude: list('never these participants (ids; an unknown id is an error)'),
    minScore: Type.Optional(Type.Number({ description: 'only candidates scoring at least this' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
    scorer: Type.String({
      enum: [...SUGGEST_SCORERS],
      default: 'learned',
      description:
        'learned: the model fitted on this network’s past ties (GET /api/suggestions/model); combined: ' +
        'the fixed weights; or one network-proximity score alone',
    }),
  },
  { additionalProperties: false },
);

const Suggestion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  score: Type.Number(),
  parts: Type.Record(Type.String(), Type.Number(), {
    description:
      'parts of the score, adding up to it: weighted parts (combined), or the contributions of the ' +
      'groups of features, coefficient × feature (learned: score = logit − intercept)',
  }),
  probability: Type.Union([Type.Number(), Type.Null()], {
    description:
      'the learned model’s probability of a tie within its horizon (GET /api/suggestions/model); ' +
      'null for the other scorers and when the model fell back to a single score',
  }),
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
  model: Type.Optional(
    Type.Object({
      method: Type.String({ enum: ['logistic-regression', 'fallback'] }),
      horizon: Type.String({ description: 'what the probability is of' }),
      fallback: Type.Optional(
        Type.String({ description: 'why no model was fitted, and what ranks instead' }),
      ),
      l2: Type.Optional(
        Type.Number({
          description:
            'λ of the L2 penalty of the fit (chosen on the validation); absent when no model was fitted',
        }),
      ),
    }),
  ),
  suggestions: Type.Array(Suggestion),
});

const Split = Type.Union([
  Type.Object({
    method: Type.Literal('years'),
    featuresUpTo: Type.Integer(),
    labelsFrom: Type.Integer(),
    labelsTo: Type.Integer(),
    horizonYears: Type.Integer(),
  }),
  Type.Object({ method: Type.Literal('random'), share: Type.Number(), seed: Type.Number() }),
]);

const rankingQuality = {
  auc: Type.Number(),
  aucpr: Type.Number({ description: 'average precision per participant, averaged over participants' }),
  precisionAt10: Type.Number(),
};
const RankingQuality = Type.Object(rankingQuality);

const ModelResponse = Type.Object({
  method: Type.String({ enum: ['logistic-regression', 'fallback'] }),
  layers: Type.Array(Type.String()),
  horizon: Type.String({ description: 'what the probability is of' }),
  split: Split,
  fittedOn: Type.Object({
    participants: Type.Integer(),
    sampledParticipants: Type.Integer(),
    positivePairs: Type.Integer({ description: 'new tied pairs learned from' }),
    sampledNegatives: Type.Integer({ description: 'untied pairs drawn (weighted to stand for all)' }),
    trainingPairs: Type.Integer({ description: 'tied pairs the features were computed from' }),
  }),
  intercept: Type.Number(),
  features: Type.Array(
    Type.Object({
      name: Type.String(),
      label: Type.String(),
      group: Type.String(),
      coefficient: Type.Number({
        description: 'on the raw feature: logit = intercept + Σ coefficient · feature',
      }),
      standardized: Type.Number({ description: 'per standard deviation of the feature: its importance' }),
      mean: Type.Number(),
      sd: Type.Number(),
    }),
  ),
  fallback: Type.Optional(
    Type.Object({
      scorer: Type.String(),
      tieBreak: Type.Optional(
        Type.Literal('learned', {
          description:
            "the single score's ties are broken by the fitted model (the validation found it as good)",
        }),
      ),
      reason: Type.String(),
    }),
  ),
  penalty: Type.Union(
    [
      Type.Object({
        l2: Type.Number({ description: 'λ of the L2 penalty the model was fitted with' }),
        chosenBy: Type.String({ enum: ['validation', 'default'] }),
        candidates: Type.Array(Type.Object({ l2: Type.Number(), ...rankingQuality }), {
          description:
            'each penalty of the grid: how its model, fitted one horizon earlier, ranked on the validation',
        }),
      }),
      Type.Null(),
    ],
    {
      description:
        'the L2 penalty, chosen on the validation (best average precision); null when no model was fitted',
    },
  ),
  heldOut: Type.Union([
    Type.Object({
      split: Split,
      positivePairs: Type.Integer(),
      auc: Type.Number({
        description: 'AUC over pairs of a model fitted one horizon earlier, on this split',
      }),
      singleScores: Type.Record(Type.String(), Type.Number()),
    }),
    Type.Null(),
  ]),
  validation: Type.Union([
    Type.Object(
      {
        split: Split,
        participants: Type.Integer({ description: 'participants whose new partners were ranked' }),
        learned: RankingQuality,
        bestSingle: Type.Object({ scorer: Type.String(), ...rankingQuality }),
        bestOfEach: Type.Object(
          { precisionAt10: Type.Number(), auc: Type.Number() },
          {
            description:
              "the best of the single scores on each measure, whichever score it is: the guard's bar",
          },
        ),
        margins: Type.Object(
          { precisionAt10: Type.Number(), auc: Type.Number() },
          {
            description:
              "the model's lead over bestOfEach on each measure, in standard errors of the paired " +
              'difference per participant (negative: it ranked worse); the guard falls back below −2',
          },
        ),
        tieBroken: Type.Union([RankingQuality, Type.Null()], {
          description: 'bestSingle with its ties broken by the model; null where the model was kept',
        }),
        chosen: Type.String({ description: "'learned', or the single score the suggestions rank by" }),
        tieBreak: Type.Optional(
          Type.Literal('learned', {
            description: "present where the fallback's ties are broken by the model",
          }),
        ),
      },
      {
        description:
          'a model fitted one horizon earlier ranking the new partners of the fitted split, against the ' +
          'single scores; the model ranks unless its precision@10 or AUC falls below the best of theirs on ' +
          'that measure by more than two standard errors (margins); otherwise the single score with the ' +
          'best precision@10, its ties broken by the model where that ranked at least as well as the ' +
          'score alone',
      },
    ),
    Type.Null(),
  ]),
  iterations: Type.Integer(),
  converged: Type.Boolean(),
  seconds: Type.Number(),
});

const ModelQuery = Type.Object(
  { layers: list('layers whose ties the model learns from; default all') },
  { additionalProperties: false },
);

/** Platform names and spheres, which the suggestions use for the spheres part and the explanations. */
const platforms = (context: RouteContext, version: number) =>
  context.inputs.get(version, 'platform-info', () => platformInfo(context.store));

/**
 * The learned model is fitted in a computation thread (seconds on a large network: it must not hold the
 * event loop) and then kept with the network, where the ranking finds it. Concurrent requests share one fit.
 */
function ensureModel(
  context: RouteContext,
  client: string,
  version: number,
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[],
  withHeldOut: boolean,
): Promise<void> | void {
  if (hasLearnedModel(network, layers, platforms, withHeldOut)) return;
  const key = cacheKey('suggestion-model-fit', { layers, withHeldOut });
  return context.inputs.get(version, key, async () => {
    const scorer = await context.compute.fitSuggestionModel(client, networkKey(version), network, {
      layers,
      platforms,
      withHeldOut,
    });
    rememberLearnedModel(network, layers, platforms, scorer);
  });
}

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
        const platformList = await platforms(context, version);
        if (q.scorer === 'learned') {
          await ensureModel(context, clientOf(request), version, network, layers, platformList, false);
        }
        return suggestFiltered(
          network,
          id,
          {
            layers,
            kinds: splitList(q.kinds),
            clusters: splitList(q.clusters),
            regions: splitList(q.regions),
            limit: q.limit,
            scorer: q.scorer as SuggestScorer,
            platforms: platformList,
          },
          { platforms: splitList(q.platforms), exclude: splitList(q.exclude), minScore: q.minScore },
        );
      });
      return sendSerialized(reply, body);
    },
  );

  app.get(
    '/suggestions/model',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The learned model behind the default suggestions: features, weights, split, held-out AUC',
        tags: ['suggestions'],
        querystring: ModelQuery,
        response: { 200: ModelResponse, ...ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const version = await context.version.current();
      const body = await context.entityCache.json(version, cacheKey('suggestions-model', q), async () => {
        const network = await loadNetwork(context.store, {}, version);
        const layers = splitList(q.layers);
        assertLayers(network, layers);
        const platformList = await platforms(context, version);
        await ensureModel(context, clientOf(request), version, network, layers, platformList, true);
        return suggestionModel(network, layers, platformList);
      });
      return sendSerialized(reply, body);
    },
  );
};

export default suggestionRoutes;
