/**
 * The matchmaking loop: POST /api/participants/{id}/suggestions/{other}/feedback records what happened
 * to a suggestion (shown, contacted, accepted, declined); GET /api/suggestions/outcomes tells how many of
 * the shown suggestions became ties, by scorer and by week, with precision@k on these real outcomes
 * (src/analysis/suggestions/outcomes.ts) — the online counterpart of `evaluate suggestions`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { FEEDBACK_EVENTS } from '../../analysis/suggestions/outcomes.ts';
import { SUGGEST_SCORERS } from '../../analysis/suggestions/suggest.ts';
import { InvalidArgumentError, ValidationError } from '../../errors.ts';
import { readOutcomes, recordFeedback } from '../../store/feedback.ts';
import type { RouteContext } from '../context.ts';
import { ERRORS, Problem } from '../schemas.ts';
import { PostHeaders, sendWrite, writeRequest } from '../write-requests.ts';

// Months, days, hours, minutes and offsets within their ranges, so that a time the pattern admits is one
// the server can read (a day past the month's end, e.g. 02-30, rolls over as Date.parse does).
const ISO_TIME =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';
/** Clocks differ a little; a time further ahead than this is a mistake, not skew. */
const FUTURE_SLACK_MS = 5 * 60_000;

const FeedbackParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, description: 'the participant the suggestion was for' }),
  other: Type.String({ minLength: 1, maxLength: 200, description: 'the suggested partner' }),
});

const FeedbackBody = Type.Object(
  {
    event: Type.String({ enum: [...FEEDBACK_EVENTS] }),
    scorer: Type.Optional(
      Type.String({ enum: [...SUGGEST_SCORERS], description: 'the scorer that made the suggestion' }),
    ),
    rank: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'its place in the list, from 1' }),
    ),
    at: Type.Optional(
      Type.String({ pattern: ISO_TIME, description: 'ISO 8601 time of the event; now when left out' }),
    ),
  },
  { additionalProperties: false },
);

const FeedbackResponse = Type.Object({
  participant: Type.String(),
  other: Type.String(),
  event: Type.String(),
  scorer: Type.Union([Type.String(), Type.Null()]),
  rank: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.String(),
  tiedLayers: Type.Array(Type.String(), { description: 'layers in which the pair was tied when recorded' }),
});

const OutcomesQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ pattern: ISO_TIME, description: 'suggestions first shown at or after' }),
    ),
    to: Type.Optional(Type.String({ pattern: ISO_TIME, description: 'suggestions first shown before' })),
    scorer: Type.Optional(Type.String({ enum: [...SUGGEST_SCORERS, 'unknown'] })),
    k: Type.String({
      default: '1,5,10',
      // each k 1 to 100, as the route reads them: the pattern admits exactly those lists
      pattern: '^(100|[1-9]\\d?)(,(100|[1-9]\\d?)){0,9}$',
      description: 'the k of precision@k (comma-separated, 1–100)',
    }),
  },
  { additionalProperties: false },
);

const Counts = {
  shown: Type.Integer({ description: 'suggestions shown (a pair counted once per scorer)' }),
  converted: Type.Integer({ description: 'of them, pairs tied now in a layer they were not tied in then' }),
  conversionRate: Type.Union([Type.Number(), Type.Null()]),
  contacted: Type.Integer(),
  accepted: Type.Integer(),
  declined: Type.Integer(),
};

const OutcomesResponse = Type.Object({
  total: Type.Object(Counts),
  byScorer: Type.Array(
    Type.Object({
      scorer: Type.String(),
      ...Counts,
      precisionAtK: Type.Array(
        Type.Object({
          k: Type.Integer(),
          lists: Type.Integer({
            description: 'lists (participant, scorer, day) with a suggestion at rank ≤ k',
          }),
          precision: Type.Union([Type.Number(), Type.Null()]),
        }),
      ),
    }),
  ),
  byWeek: Type.Array(
    Type.Object({ week: Type.String({ description: 'ISO 8601 week' }), scorer: Type.String(), ...Counts }),
  ),
  byLayer: Type.Array(Type.Object({ layer: Type.String(), converted: Type.Integer() })),
});

function parseKs(text: string): number[] {
  const ks = [...new Set(text.split(',').map(Number))].sort((a, b) => a - b);
  if (ks.some((k) => k < 1 || k > 100))
    throw new InvalidArgumentError(`k: each k is 1 to 100, got '${text}'`);
  return ks;
}

const feedbackRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, version }) => {
  app.post(
    '/participants/:id/suggestions/:other/feedback',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Record what happened to a suggestion: shown, contacted, accepted, declined',
        tags: ['suggestions'],
        security: [{ apiKey: [] }],
        params: FeedbackParams,
        headers: PostHeaders,
        body: FeedbackBody,
        response: { 201: FeedbackResponse, 404: Problem, 412: Problem, 422: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id, other } = request.params;
      const body = request.body;
      // A well-formed request whose data cannot be feedback: 422 naming the field, as a write's body
      // the exchange format refuses (the document's schemas admit these values; their meaning does not).
      if (id === other) {
        throw new ValidationError([
          {
            file: 'request path',
            path: 'other',
            field: 'other',
            message: 'a participant is never suggested to itself',
          },
        ]);
      }
      let at: string | undefined;
      if (body.at !== undefined) {
        const time = Date.parse(body.at);
        const wrong = Number.isNaN(time)
          ? `'${body.at}' is not a time`
          : time > Date.now() + FUTURE_SLACK_MS
            ? `'${body.at}' is in the future`
            : undefined;
        if (wrong)
          throw new ValidationError([{ file: 'request body', path: '$.at', field: 'at', message: wrong }]);
        at = new Date(time).toISOString();
      }
      const result = await recordFeedback(store, writeRequest(request, 'suggestion.feedback'), {
        participant: id,
        other,
        event: body.event as (typeof FEEDBACK_EVENTS)[number],
        ...(body.scorer !== undefined ? { scorer: body.scorer } : {}),
        ...(body.rank !== undefined ? { rank: body.rank } : {}),
        ...(at !== undefined ? { at } : {}),
      });
      return sendWrite(reply, result, version);
    },
  );

  app.get(
    '/suggestions/outcomes',
    {
      config: { access: 'read' },
      schema: {
        summary: 'How many shown suggestions became ties, by scorer and week, with precision@k',
        tags: ['suggestions'],
        querystring: OutcomesQuery,
        response: { 200: OutcomesResponse, ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      for (const [name, value] of [
        ['from', q.from],
        ['to', q.to],
      ] as const) {
        if (value !== undefined && Number.isNaN(Date.parse(value)))
          throw new InvalidArgumentError(`${name}: '${value}' is not a time`);
      }
      return readOutcomes(store, {
        ks: parseKs(q.k),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.scorer ? { scorer: q.scorer } : {}),
      });
    },
  );
};

export default feedbackRoutes;
