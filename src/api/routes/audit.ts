/**
 * GET /api/audit — the trail of writes (which key, when, what), newest first, paged by cursor: the
 * granular writes and the bundle imports (`bundle.import`, through the API or the CLI).
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
          'bundle.import',
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
  graphVersionBefore: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the graph version before it (null in entries recorded before the trail kept it)',
  }),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
  import: Type.Union(
    [
      Type.Object({
        replace: Type.Boolean({ description: 'whether the bundle replaced the stored network' }),
        importId: Type.String({ description: 'the id stamped in the graph with the commit' }),
        collections: Type.Record(
          Type.String(),
          Type.Object({ rows: Type.Integer(), written: Type.Integer() }),
          { description: 'rows per collection, and how many were created or changed' },
        ),
        deleted: Type.Integer({ description: 'stored nodes and relationships removed (replace)' }),
        changed: Type.Boolean(),
      }),
      Type.Null(),
    ],
    { description: 'the report of a bundle import (operation bundle.import); null for other writes' },
  ),
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
