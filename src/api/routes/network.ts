/**
 * GET /api/network — the network ready for the web view (graphology's serialised format with
 * positions, cut to a size limit); GET /api/metacorporation — its levels and the links between them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { platformInfo } from '../../store/entities.ts';
import { loadMetacorporation } from '../../store/metacorporation.ts';
import { loadNetwork } from '../../store/network.ts';
import { readParticipantTable } from '../../store/participant-table.ts';
import type { RouteContext } from '../context.ts';
import { cacheKey, sendSerialized } from '../cache.ts';
import { networkPayload } from '../network-payload.ts';
import { ERRORS, NetworkFilterQuery, networkFilter } from '../schemas.ts';

const NetworkQuery = Type.Object(
  {
    ...NetworkFilterQuery.properties,
    limit: Type.Integer({
      minimum: 1,
      maximum: 50_000,
      default: 5000,
      description:
        'most participants to return; beyond it the best-connected are kept and `truncated` is set',
    }),
  },
  { additionalProperties: false },
);

const NetworkResponse = Type.Object({
  graphVersion: Type.Integer(),
  truncated: Type.Boolean(),
  limit: Type.Integer(),
  total: Type.Object({ nodes: Type.Integer(), edges: Type.Integer() }),
  layout: Type.Object(
    {
      method: Type.Union([
        Type.Literal('forceatlas2-linlog'),
        Type.Literal('community-seeded'),
        Type.Literal('cluster-seeded'),
      ]),
      iterations: Type.Integer(),
      converged: Type.Boolean(),
    },
    {
      description:
        'how the positions were made: Leiden-seeded ForceAtlas2 (LinLog) until converged; above 3,000 nodes the Leiden-seeded start alone; above 6,000 the cluster-seeded start',
    },
  ),
  layers: Type.Array(Type.Object({ id: Type.String(), directed: Type.Boolean() })),
  graph: Type.Object({
    options: Type.Object({ type: Type.String(), multi: Type.Boolean(), allowSelfLoops: Type.Boolean() }),
    attributes: Type.Object({}),
    nodes: Type.Array(
      Type.Object({
        key: Type.String(),
        attributes: Type.Object({
          label: Type.String(),
          kind: Type.String(),
          region: Type.String(),
          clusters: Type.Array(Type.String()),
          platforms: Type.Array(Type.String()),
          degree: Type.Integer(),
          community: Type.String({
            description: "Leiden community on the drawn network ('' above the layout's size limit)",
          }),
          x: Type.Number(),
          y: Type.Number(),
        }),
      }),
    ),
    edges: Type.Array(
      Type.Object({
        key: Type.String(),
        source: Type.String(),
        target: Type.String(),
        undirected: Type.Boolean(),
        attributes: Type.Object({
          layer: Type.String(),
          weight: Type.Number(),
          since: Type.Union([Type.Integer(), Type.Null()]),
        }),
      }),
    ),
  }),
});

const Member = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
});

const MetacorporationResponse = Type.Object({
  graphVersion: Type.Integer(),
  levels: Type.Array(
    Type.Object({
      level: Type.Integer(),
      id: Type.String({
        description:
          'authorities, regional_agencies, cluster_development_centers, clusters, participants (cluster members) and outside_clusters: the participants outside every cluster that an upper level governs, so that every governance link has both ends on a level',
      }),
      name: Type.String(),
      members: Type.Array(Member),
    }),
  ),
  platforms: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      sphere: Type.Optional(Type.String()),
      members: Type.Array(Type.String()),
    }),
    {
      description:
        "the virtual platforms (the article's Fig. 3) with their members: where participants meet by sphere of interest",
    },
  ),
  links: Type.Array(
    Type.Object({
      source: Type.String(),
      target: Type.String(),
      kind: Type.String(),
      since: Type.Optional(Type.Integer()),
      role: Type.Optional(Type.String()),
      weight: Type.Optional(Type.Number()),
    }),
  ),
});

const AttributesQuery = Type.Object(
  {
    year: Type.Optional(
      Type.Integer({
        minimum: 1800,
        maximum: 2200,
        description: "indicators of this year (default: each indicator's latest observed value)",
      }),
    ),
  },
  { additionalProperties: false },
);

const AttributesResponse = Type.Object({
  graphVersion: Type.Integer(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  participants: Type.Record(
    Type.String(),
    Type.Object({
      municipality: Type.Union([Type.String(), Type.Null()]),
      founded: Type.Union([Type.Integer(), Type.Null()]),
      employees: Type.Union([Type.Integer(), Type.Null()]),
      attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
      indicators: Type.Record(Type.String(), Type.Object({ year: Type.Integer(), value: Type.Number() })),
    }),
  ),
});

const networkRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { store, cache, version: clock },
) => {
  app.get(
    '/network',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Participants and ties in the chosen layers, with a first layout, for the web view',
        tags: ['network'],
        querystring: NetworkQuery,
        response: { 200: NetworkResponse, ...ERRORS },
      },
    },
    async (request, reply) => {
      const version = await clock.current();
      const { filter, layers } = networkFilter(request.query);
      const body = await cache.json(version, cacheKey('network', request.query), async () => {
        const network = await loadNetwork(store, filter, version);
        const payload = networkPayload(network, { limit: request.query.limit, layers });
        return { graphVersion: version, layers: network.layers, ...payload };
      });
      return sendSerialized(reply, body);
    },
  );

  app.get(
    '/network/attributes',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "Every participant's fields, free attributes and indicators (of a year, or the latest): the web view's data table and styling by attribute",
        tags: ['network'],
        querystring: AttributesQuery,
        response: { 200: AttributesResponse, ...ERRORS },
      },
    },
    async (request, reply) => {
      const version = await clock.current();
      const year = request.query.year ?? null;
      const body = await cache.json(version, cacheKey('network-attributes', request.query), async () => ({
        graphVersion: version,
        year,
        participants: await readParticipantTable(store, year),
      }));
      return sendSerialized(reply, body);
    },
  );

  app.get(
    '/metacorporation',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'The metacorporation: authorities → regional agencies → development centres → clusters → participants, and the participants outside every cluster that an upper level governs',
        tags: ['network'],
        response: { 200: MetacorporationResponse, ...ERRORS },
      },
    },
    async (_request, reply) => {
      const version = await clock.current();
      const body = await cache.json(version, 'metacorporation', async () => {
        const [meta, platforms, network] = await Promise.all([
          loadMetacorporation(store),
          platformInfo(store),
          loadNetwork(store, {}, version),
        ]);
        const members = new Map<string, string[]>();
        for (const node of network.nodes)
          for (const p of node.platforms) (members.get(p) ?? members.set(p, []).get(p)!).push(node.id);
        return {
          graphVersion: version,
          ...meta,
          platforms: platforms.map((p) => ({
            id: p.id,
            name: p.name,
            ...(p.sphere ? { sphere: p.sphere } : {}),
            members: members.get(p.id) ?? [],
          })),
        };
      });
      return sendSerialized(reply, body);
    },
  );
};

export default networkRoutes;
