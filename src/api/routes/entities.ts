/**
 * Participants, clusters, platforms and projects: pages with filters and cursor pagination, and each
 * one whole (GET /api/participants, /api/participants/{id}, /api/clusters … ).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import {
  GROUP_ENTITIES,
  PARTICIPANT_LIST_FIELDS,
  countGroups,
  countParticipants,
  getGroup,
  getParticipant,
  listGroups,
  listParticipants,
  withParticipantFields,
  type ParticipantListField,
} from '../../store/entities.ts';
import { clusterProfileOf } from '../../services/did.ts';
import type { RouteContext } from '../context.ts';
import { ClusterProfileSchema } from '../did-schemas.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { etagOf } from '../write-requests.ts';
import { ERRORS, IdParams, PageQuery, Problem, pageOf, splitList } from '../schemas.ts';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Attributes = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]));

const ParticipantSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  region: Type.String(),
  // Present when asked for with `fields=`.
  municipality: Type.Optional(nullable(Type.String())),
  founded: Type.Optional(nullable(Type.Integer())),
  employees: Type.Optional(nullable(Type.Integer())),
  attributes: Type.Optional(Attributes),
  clusters: Type.Optional(Type.Array(Type.String(), { description: 'ids of its clusters' })),
  platforms: Type.Optional(Type.Array(Type.String(), { description: 'ids of its platforms' })),
});

/** `fields=a,b`: any of the list fields, comma-separated (the pattern says exactly which strings are valid). */
const FIELD = `(?:${PARTICIPANT_LIST_FIELDS.join('|')})`;

const Membership = Type.Object({
  id: Type.String(),
  name: Type.String(),
  since: nullable(Type.Integer()),
  role: nullable(Type.String()),
});

export const ParticipantDetail = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  region: Type.String(),
  municipality: nullable(Type.String()),
  founded: nullable(Type.Integer()),
  employees: nullable(Type.Integer()),
  attributes: Attributes,
  clusters: Type.Array(Membership),
  platforms: Type.Array(Membership),
  projects: Type.Array(Membership),
  ties: Type.Record(
    Type.String(),
    Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        weight: Type.Number(),
        since: nullable(Type.Integer()),
        direction: Type.Union([Type.Literal('out'), Type.Literal('in'), Type.Literal('both')]),
      }),
    ),
    { description: 'ties by layer' },
  ),
  indicators: Type.Array(
    Type.Object({
      indicator: Type.String(),
      year: Type.Integer(),
      value: Type.Number(),
      unit: nullable(Type.String()),
    }),
  ),
});

const ParticipantQuery = Type.Object(
  {
    ...PageQuery.properties,
    kind: Type.Optional(Type.String({ maxLength: 100 })),
    cluster: Type.Optional(Type.String({ maxLength: 200 })),
    platform: Type.Optional(Type.String({ maxLength: 200 })),
    region: Type.Optional(Type.String({ maxLength: 200 })),
    fields: Type.Optional(
      Type.String({
        pattern: `^${FIELD}(?:,${FIELD})*$`,
        maxLength: 200,
        description: `more fields for each item, comma-separated: ${PARTICIPANT_LIST_FIELDS.join(', ')}`,
      }),
    ),
  },
  { additionalProperties: false },
);

const GroupSummary = Type.Object(
  { id: Type.String(), name: Type.String(), members: Type.Integer(), attributes: Attributes },
  { additionalProperties: true },
);
const GroupDetail = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    attributes: Attributes,
    members: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        kind: Type.String(),
        region: Type.String(),
        since: nullable(Type.Integer()),
        role: nullable(Type.String()),
      }),
    ),
    profile: Type.Optional(ClusterProfileSchema),
  },
  { additionalProperties: true },
);

const entityRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { store, cache, entityCache, version },
) => {
  /** Totals are counted once per graph version and filter, not at every page. */
  const total = async (key: string, query: object, count: () => Promise<number>) =>
    cache.get(await version.current(), cacheKey(key, query), count);

  app.get(
    '/participants',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Participants, filtered and paged',
        tags: ['entities'],
        querystring: ParticipantQuery,
        response: { 200: pageOf(ParticipantSummary), ...ERRORS },
      },
    },
    async (request) => {
      const { kind, cluster, platform, region, q, fields } = request.query;
      const filter = { kind, cluster, platform, region, q };
      const [page, count] = await Promise.all([
        listParticipants(store, request.query),
        total('participants-total', filter, () => countParticipants(store, filter)),
      ]);
      const asked = [...new Set(splitList(fields) ?? [])] as ParticipantListField[];
      return { ...page, items: await withParticipantFields(store, page.items, asked), total: count };
    },
  );

  app.get(
    '/participants/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: 'One participant: attributes, memberships, ties by layer, indicators',
        tags: ['entities'],
        params: IdParams,
        response: { 200: ParticipantDetail, 404: Problem, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = await version.current();
      const body = await entityCache.json(current, `participant/${id}`, () => getParticipant(store, id));
      // The graph version: a write sent with If-Match and this tag is refused if the graph changed since.
      reply.header('etag', etagOf(current));
      return sendSerialized(reply, body);
    },
  );

  for (const entity of GROUP_ENTITIES) {
    const singular = entity.slice(0, -1);
    app.get(
      `/${entity}`,
      {
        config: { access: 'read' },
        schema: {
          summary: `${entity[0]!.toUpperCase()}${entity.slice(1)} with their member counts, paged`,
          tags: ['entities'],
          querystring: PageQuery,
          response: { 200: pageOf(GroupSummary), ...ERRORS },
        },
      },
      async (request) => {
        const [page, count] = await Promise.all([
          listGroups(store, entity, request.query),
          total(`${entity}-total`, { q: request.query.q }, () => countGroups(store, entity, request.query.q)),
        ]);
        return { ...page, total: count };
      },
    );
    app.get(
      `/${entity}/:id`,
      {
        config: { access: 'read' },
        schema: {
          summary:
            entity === 'clusters'
              ? 'One cluster with its members and its profile (yearly series, effect of joining)'
              : `One ${singular} with its members`,
          tags: ['entities'],
          params: IdParams,
          response: { 200: GroupDetail, 404: Problem, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const body = await entityCache.json(await version.current(), `${entity}/${id}`, async () => {
          const group = await getGroup(store, entity, id);
          // a cluster comes with its profile: yearly series (Table 1's rules) and the effect of joining
          return entity === 'clusters' ? { ...group, profile: await clusterProfileOf(store, id) } : group;
        });
        return sendSerialized(reply, body);
      },
    );
  }
};

export default entityRoutes;
