/**
 * GET /api/audit — the trail of granular writes (which key, when, what), newest first, paged by cursor.
 * It tells who changed the network, so it needs a write key as the writes do.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { listAudit } from '../../store/audit.ts';
import type { RouteContext } from '../context.ts';
import { ERRORS, pageOf } from '../schemas.ts';

const AuditQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    // The trail's cursors are sequence numbers, encoded as every cursor is (store/entities.ts encodeCursor:
    // the hex of each UTF-16 unit), so exactly the digits 0-9 (0030-0039), at most 15 of them.
    cursor: Type.Optional(
      Type.String({ pattern: '^(?:003[0-9]){1,15}$', description: 'nextCursor of the previous page' }),
    ),
    operation: Type.Optional(
      Type.String({
        enum: [
          'participant.create',
          'participant.update',
          'participant.delete',
          'tie.create',
          'tie.delete',
          'membership.create',
          'membership.delete',
          'observation.create',
          'suggestion.feedback',
        ],
      }),
    ),
    id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'only writes that name this id' }),
    ),
  },
  { additionalProperties: false },
);

const AuditEntry = Type.Object({
  seq: Type.Integer({ description: 'commit order' }),
  at: Type.String({ description: 'ISO 8601 time of the write' }),
  client: Type.String({ description: 'the API key’s label: key:<first 16 hex digits of its SHA-256>' }),
  operation: Type.String(),
  ids: Type.Array(Type.String(), { description: 'what the write touched' }),
  status: Type.Integer({ description: 'the HTTP status it answered' }),
  graphVersion: Type.Integer({ description: 'the graph version after it' }),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
});

const auditRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store }) => {
  app.get(
    '/audit',
    {
      config: { access: 'write' },
      schema: {
        summary: 'The audit trail of writes, newest first; needs an API key',
        tags: ['writes'],
        security: [{ apiKey: [] }],
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEntry), ...ERRORS },
      },
    },
    async (request) => listAudit(store, request.query),
  );
};

export default auditRoutes;
