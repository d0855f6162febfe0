/**
 * Granular writes for portals (POST/PATCH/DELETE /api/participants, /api/ties, memberships,
 * /api/observations): each needs an API key, runs in one transaction and bumps the graph version, so
 * that cached reads and suggestions follow. Bodies are checked by the exchange format's validator, not by
 * the schemas below (those document them): a field is refused here exactly as it is refused in a bundle,
 * with a 422 problem that names it. `If-Match` with a read's ETag makes a write conditional (412 when the
 * graph changed); `Idempotency-Key` makes a POST safe to retry.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, TypeBoxValidatorCompiler, type TSchema } from '@fastify/type-provider-typebox';
import { PARTICIPANT_KINDS, YEAR_RANGE } from '../../exchange/model.ts';
import {
  createMembership,
  createObservation,
  createParticipant,
  createTie,
  deleteMembership,
  deleteParticipant,
  deleteTie,
  updateParticipant,
  type MembershipType,
} from '../../store/writes.ts';
import type { RouteContext } from '../context.ts';
import { ERRORS, IdParams, Problem } from '../schemas.ts';
import { PostHeaders, WriteHeaders, sendWrite, writeRequest } from '../write-requests.ts';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const Year = (description: string) =>
  Type.Integer({ minimum: YEAR_RANGE.min, maximum: YEAR_RANGE.max, description });
/**
 * An optional field of a body: the exchange format reads `null` as the field left out (as a bundle's
 * rows do), so the document admits it.
 */
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const Attributes = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  {
    description:
      'free attributes: names of letters, digits and _, values strings, numbers or booleans (null: none)',
  },
);

const ParticipantBody = Type.Object(
  {
    id: Id('unique id'),
    kind: Type.String({ enum: [...PARTICIPANT_KINDS] }),
    name: Type.String({ minLength: 1, maxLength: 10_000 }),
    region: Id('region id'),
    municipality: Maybe(Type.String({ maxLength: 10_000 })),
    founded: Maybe(Year('year founded')),
    employees: Maybe(Type.Integer({ minimum: 0 })),
    attributes: Maybe(Attributes),
  },
  { additionalProperties: false, description: 'a participant, as a row of the exchange format' },
);

const ParticipantPatch = Type.Object(
  {
    kind: Type.Optional(Type.String({ enum: [...PARTICIPANT_KINDS] })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })),
    region: Type.Optional(Id('region id')),
    municipality: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
    founded: Type.Optional(Type.Union([Year('year founded'), Type.Null()])),
    employees: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    attributes: Type.Optional(
      Type.Union([
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
        Type.Null(),
      ]),
    ),
  },
  {
    additionalProperties: false,
    description: 'a JSON merge patch (RFC 7396): fields given replace, null removes an optional field',
  },
);

const TieKey = {
  source: Id('participant id'),
  target: Id('participant id'),
  layer: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', description: 'a stored layer' }),
};
const TieBody = Type.Object(
  {
    ...TieKey,
    weight: Maybe(Type.Number({ exclusiveMinimum: 0 })),
    since: Maybe(Year('year the tie was formed')),
  },
  { additionalProperties: false },
);
const TieKeyBody = Type.Object(TieKey, {
  additionalProperties: false,
  description: 'which tie: in an undirected layer, source and target in either order',
});
const TieResponse = Type.Object({
  ...TieBody.properties,
  directed: Type.Boolean({ description: 'whether the layer is directed' }),
});

const MEMBERSHIP_TYPES = ['cluster', 'platform', 'project'] as const;
const MembershipBody = Type.Object(
  {
    cluster: Maybe(Id('a cluster id')),
    platform: Maybe(Id('a platform id')),
    project: Maybe(Id('a project id')),
    since: Maybe(Year('year joined')),
    role: Maybe(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false, description: 'exactly one of cluster, platform, project' },
);
const MembershipResponse = Type.Object({ participant: Type.String(), ...MembershipBody.properties });

const ObservationBody = Type.Object(
  {
    participant: Id('participant id'),
    indicator: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
    year: Year('year'),
    value: Type.Number(),
    unit: Maybe(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);

const MembershipParams = Type.Object({
  id: Id('participant id'),
  type: Type.String({ enum: [...MEMBERSHIP_TYPES] }),
  target: Id('cluster, platform or project id'),
});

const DeletedParticipant = Type.Object({
  id: Type.String(),
  deleted: Type.Object({
    ties: Type.Integer(),
    memberships: Type.Integer(),
    observations: Type.Integer({ description: 'its own values of indicators' }),
  }),
});

/** Responses every write may give besides its success. */
const WRITE_ERRORS = { 404: Problem, 409: Problem, 412: Problem, 422: Problem, ...ERRORS } as const;
const SECURITY = [{ apiKey: [] }];
const TAGS = ['writes'];

const writeRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { store, version }) => {
  // The schemas document the bodies; the exchange format's validator checks them (see the top).
  app.setValidatorCompiler((route) =>
    route.httpPart === 'body' ? (value: unknown) => ({ value }) : TypeBoxValidatorCompiler(route),
  );

  app.post(
    '/participants',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Register a participant (201 with Location)',
        tags: TAGS,
        security: SECURITY,
        headers: PostHeaders,
        body: ParticipantBody,
        response: { 201: ParticipantBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await createParticipant(store, writeRequest(request, 'participant.create'), request.body),
        version,
      ),
  );

  app.patch(
    '/participants/:id',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Change a participant (JSON merge patch)',
        tags: TAGS,
        security: SECURITY,
        params: IdParams,
        headers: WriteHeaders,
        body: ParticipantPatch,
        response: { 200: ParticipantBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await updateParticipant(
          store,
          writeRequest(request, 'participant.update'),
          request.params.id,
          request.body,
        ),
        version,
      ),
  );

  app.delete(
    '/participants/:id',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Delete a participant with its ties, memberships and own observations',
        tags: TAGS,
        security: SECURITY,
        params: IdParams,
        headers: WriteHeaders,
        response: { 200: DeletedParticipant, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await deleteParticipant(store, writeRequest(request, 'participant.delete'), request.params.id),
        version,
      ),
  );

  app.post(
    '/ties',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Add a tie between two participants in a stored layer',
        tags: TAGS,
        security: SECURITY,
        headers: PostHeaders,
        body: TieBody,
        response: { 201: TieResponse, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(reply, await createTie(store, writeRequest(request, 'tie.create'), request.body), version),
  );

  app.delete(
    '/ties',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Delete a tie, named by source, target and layer in the body',
        tags: TAGS,
        security: SECURITY,
        headers: WriteHeaders,
        body: TieKeyBody,
        response: { 200: Type.Object({ deleted: TieResponse }), ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(reply, await deleteTie(store, writeRequest(request, 'tie.delete'), request.body), version),
  );

  app.post(
    '/participants/:id/memberships',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Make a participant a member of a cluster, platform or project',
        tags: TAGS,
        security: SECURITY,
        params: IdParams,
        headers: PostHeaders,
        body: MembershipBody,
        response: { 201: MembershipResponse, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await createMembership(
          store,
          writeRequest(request, 'membership.create'),
          request.params.id,
          request.body,
        ),
        version,
      ),
  );

  app.delete(
    '/participants/:id/memberships/:type/:target',
    {
      config: { access: 'write' },
      schema: {
        summary: 'End a membership',
        tags: TAGS,
        security: SECURITY,
        params: MembershipParams,
        headers: WriteHeaders,
        response: { 200: Type.Object({ deleted: MembershipResponse }), ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id, type, target } = request.params;
      const result = await deleteMembership(
        store,
        writeRequest(request, 'membership.delete'),
        id,
        type as MembershipType,
        target,
      );
      return sendWrite(reply, result, version);
    },
  );

  app.post(
    '/observations',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Add a value of an indicator for a participant and year',
        tags: TAGS,
        security: SECURITY,
        headers: PostHeaders,
        body: ObservationBody,
        response: { 201: ObservationBody, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await createObservation(store, writeRequest(request, 'observation.create'), request.body),
        version,
      ),
  );
};

export default writeRoutes;
