/** GET /api/health — Neo4j reachable, graph version, counts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { graphVersion, networkCounts } from '../../store/status.ts';
import type { RouteContext } from '../context.ts';
import { ERRORS } from '../schemas.ts';

const Counts = Type.Object({
  participants: Type.Integer(),
  clusters: Type.Integer(),
  platforms: Type.Integer(),
  projects: Type.Integer(),
  regions: Type.Integer(),
  ties: Type.Integer(),
  observations: Type.Integer(),
  participantsByKind: Type.Record(Type.String(), Type.Integer()),
  tiesByLayer: Type.Record(Type.String(), Type.Integer()),
});

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  neo4j: Type.Object({ connected: Type.Boolean(), uri: Type.String() }),
  graphVersion: Type.Integer(),
  counts: Counts,
});

const health: FastifyPluginAsyncTypebox<RouteContext> = async (app, options) => {
  app.get(
    '/health',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Neo4j reachable, graph version and counts',
        tags: ['health'],
        response: { 200: HealthResponse, ...ERRORS },
      },
    },
    async () => {
      // The version is read live (it is what says Neo4j answers); the counts change only with it, so
      // they are counted once per version instead of scanning every tie at each check.
      const version = await graphVersion(options.store);
      const counts = await options.inputs.get(version, 'health-counts', () => networkCounts(options.store));
      return {
        status: 'ok' as const,
        neo4j: { connected: true, uri: options.store.uri },
        graphVersion: version,
        counts,
      };
    },
  );
};

export default health;
