/**
 * Granular writes for portals: one participant, tie, membership or observation at a time, each in its
 * own transaction (see write-transaction.ts). A body is checked exactly as a bundle's row is
 * (src/exchange/validate.ts: the same fields, limits and messages); its references are checked in the
 * write's transaction against what is stored, so that what the check saw is what the write writes against.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../errors.ts';
import {
  MEMBERSHIP_TARGETS,
  PARTICIPANT_KINDS,
  type Membership,
  type Observation,
  type Tie,
} from '../exchange/model.ts';
import { checkReferences, parseSingleRow, type Location, type ParsedBundle } from '../exchange/validate.ts';
import { isWrittenResult } from '../analysis/written-results.ts';
import { cypher } from './cypher.ts';
import type { Store } from './driver.ts';
import { knownIdsIn, toProperties } from './import.ts';
import { plain, toNumber } from './values.ts';
import { runWrite, type Change, type WriteRequest, type WriteResult } from './write-transaction.ts';

/** Where a write's problems are said to be: the request body, field by field (`$.kind`). */
const BODY: Location = { file: 'request body', path: '$' };

export type MembershipType = (typeof MEMBERSHIP_TARGETS)[number]['field'];

type Row = Record<string, unknown>;

function problem(field: string, message: string): Problem {
  return { file: BODY.file, path: `${BODY.path}.${field}`, field, message };
}

/** The row's own problems (types, required fields, limits): thrown before any transaction opens. */
function parsed(key: Parameters<typeof parseSingleRow>[0], body: unknown): ParsedBundle {
  const result = parseSingleRow(key, body, BODY);
  if (result.problems.length > 0) throw new ValidationError(result.problems);
  return result;
}

/** The row's references against the database, in the write's transaction. */
async function checkStored(tx: ManagedTransaction, rows: ParsedBundle, extra: Problem[] = []) {
  const known = await knownIdsIn(tx, rows.bundle);
  const problems = [...checkReferences(rows, known), ...extra];
  if (problems.length > 0) throw new ValidationError(problems);
  return known;
}

async function exists(tx: ManagedTransaction, statement: string, params: Row): Promise<Row | undefined> {
  const record = (await tx.run(cypher(statement), params)).records[0];
  return record ? (plain(record.toObject()) as Row) : undefined;
}

async function participantExists(tx: ManagedTransaction, id: string): Promise<boolean> {
  const record = (await tx.run(cypher('existing-participants'), { ids: [id] })).records[0];
  return ((record?.get('existing') as string[] | undefined) ?? []).length > 0;
}

async function storedLayers(tx: ManagedTransaction): Promise<Map<string, boolean>> {
  const result = await tx.run(cypher('layer-ids'));
  return new Map(result.records.map((r) => [r.get('id') as string, r.get('directed') as boolean]));
}

/** A tie's layer must be stored: a portal adds ties to the layers the network has, not new ones. */
async function layerOf(tx: ManagedTransaction, layer: string): Promise<{ directed: boolean }> {
  const layers = await storedLayers(tx);
  const directed = layers.get(layer);
  if (directed === undefined) {
    throw new ValidationError([
      problem('layer', `unknown layer '${layer}'; the stored layers are ${[...layers.keys()].join(', ')}`),
    ]);
  }
  return { directed };
}

/** A participant as its response gives it: its fields, and `attributes` when it has any. */
function participantFromProps(props: Row): Row {
  const out: Row = {};
  const attributes: Row = {};
  for (const [name, value] of Object.entries(props)) {
    // Results written back (analyze --write) are not fields: a patch neither keeps nor validates them.
    if (isWrittenResult(name)) continue;
    if (name.startsWith('attr.')) attributes[name.slice(5)] = value;
    else out[name] = value;
  }
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  return out;
}

/** POST /api/participants: a new participant (409 when the id is taken). */
export function createParticipant(store: Store, request: WriteRequest, body: unknown): Promise<WriteResult> {
  const rows = parsed('participants', body);
  const participant = rows.bundle.participants[0]!;
  return runWrite(store, request, async (tx): Promise<Change> => {
    if (await participantExists(tx, participant.id)) {
      throw new ConflictError(`participant '${participant.id}' exists already; PATCH it to change it`);
    }
    const props = toProperties('participants', participant as unknown as Row);
    await tx.run(cypher('create-participants'), { rows: [{ id: participant.id, props }] });
    return {
      status: 201,
      body: participant,
      location: `/api/participants/${encodeURIComponent(participant.id)}`,
      ids: [participant.id],
      changesGraph: true,
    };
  });
}

/**
 * The patch's own fields, checked before any transaction opens (as a new row's are), so that a malformed
 * patch is a 422 whatever the graph version, never a 412 or 404: each field given is checked on a probe
 * row that is valid without it. The merged row is checked again in the transaction.
 */
function checkPatchFields(changes: Row): void {
  const probe: Row = { id: 'patch', kind: PARTICIPANT_KINDS[0], name: 'patch', region: 'patch' };
  for (const [field, value] of Object.entries(changes)) {
    // null removes an optional field; on a required one the validator refuses it (kept in the probe).
    if (value === null && !(field in probe)) continue;
    probe[field] =
      field === 'attributes' && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Row).filter(([, v]) => v !== null))
        : value;
  }
  parsed('participants', probe);
}

/**
 * PATCH /api/participants/{id}: a JSON merge patch (RFC 7396). Fields given replace the stored ones,
 * `null` removes an optional field, `attributes` merges the same way; the result is checked as a whole
 * row. A patch that changes nothing leaves the graph version as it is.
 */
export function updateParticipant(
  store: Store,
  request: WriteRequest,
  id: string,
  patch: unknown,
): Promise<WriteResult> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError([
      { ...BODY, message: 'must be a JSON object (a merge patch of the participant)' },
    ]);
  }
  const changes = patch as Row;
  if (changes.id !== undefined && changes.id !== id) {
    throw new ValidationError([problem('id', `the id cannot change (it is '${id}' in the path)`)]);
  }
  checkPatchFields(changes);
  return runWrite(store, request, async (tx): Promise<Change> => {
    const stored = await exists(tx, 'participant-props', { id });
    if (!stored) throw new NotFoundError(`no participant '${id}'`);
    const current = participantFromProps(stored.props as Row);
    const merged: Row = { ...current };
    for (const [field, value] of Object.entries(changes)) {
      if (field !== 'attributes') {
        if (value === null) delete merged[field];
        else merged[field] = value;
        continue;
      }
      if (value === null) {
        delete merged.attributes;
      } else if (typeof value === 'object' && !Array.isArray(value)) {
        const attributes: Row = { ...((current.attributes as Row) ?? {}) };
        for (const [name, v] of Object.entries(value as Row)) {
          if (v === null) delete attributes[name];
          else attributes[name] = v;
        }
        merged.attributes = attributes;
      } else {
        merged.attributes = value; // refused by the validator with its own message
      }
    }
    const participant = parsed('participants', merged).bundle.participants[0]!;
    const props = toProperties('participants', participant as unknown as Row);
    const record = (await tx.run(cypher('import-participants'), { rows: [{ id, props }] })).records[0]!;
    return {
      status: 200,
      body: participant,
      ids: [id],
      changesGraph: toNumber(record.get('written')) > 0,
    };
  });
}

/** DELETE /api/participants/{id}: the participant, its ties and memberships (and its own observations). */
export function deleteParticipant(store: Store, request: WriteRequest, id: string): Promise<WriteResult> {
  return runWrite(store, request, async (tx): Promise<Change> => {
    const record = (await tx.run(cypher('write-delete-participant'), { id })).records[0];
    if (!record) throw new NotFoundError(`no participant '${id}'`);
    const deleted = plain(record.toObject()) as Row;
    return { status: 200, body: { id, deleted }, ids: [id], changesGraph: true };
  });
}

function tieBody(tie: Tie, directed: boolean): Row {
  return { ...tie, directed };
}

/** POST /api/ties: a new tie between stored participants in a stored layer (409 when it exists). */
export function createTie(store: Store, request: WriteRequest, body: unknown): Promise<WriteResult> {
  const rows = parsed('ties', body);
  const tie = rows.bundle.ties[0]!;
  return runWrite(store, request, async (tx): Promise<Change> => {
    await checkStored(tx, rows);
    const { directed } = await layerOf(tx, tie.layer);
    const key = { source: tie.source, target: tie.target, layer: tie.layer, undirected: !directed };
    if (await exists(tx, 'write-find-tie', key)) {
      throw new ConflictError(
        `a ${tie.layer} tie ${directed ? 'from' : 'between'} '${tie.source}' ${directed ? 'to' : 'and'} ` +
          `'${tie.target}' exists already; DELETE it first to replace it`,
      );
    }
    const props = toProperties('ties', { layer: tie.layer, weight: tie.weight, since: tie.since });
    await tx.run(cypher('create-ties'), { rows: [{ source: tie.source, target: tie.target, props }] });
    return {
      status: 201,
      body: tieBody(tie, directed),
      ids: [tie.source, tie.target, tie.layer],
      changesGraph: true,
    };
  });
}

/** DELETE /api/ties: one tie, named by source, target and layer (404 when there is none). */
export function deleteTie(store: Store, request: WriteRequest, body: unknown): Promise<WriteResult> {
  const rows = parsed('ties', body);
  const tie = rows.bundle.ties[0]!;
  const notKeys = (['weight', 'since'] as const)
    .filter((f) => tie[f] !== undefined)
    .map((f) => problem(f, 'a tie is deleted by source, target and layer only; leave this field out'));
  if (notKeys.length > 0) throw new ValidationError(notKeys);
  return runWrite(store, request, async (tx): Promise<Change> => {
    await checkStored(tx, rows);
    const { directed } = await layerOf(tx, tie.layer);
    const key = { source: tie.source, target: tie.target, layer: tie.layer, undirected: !directed };
    const found = await exists(tx, 'write-find-tie', key);
    if (!found) {
      throw new NotFoundError(
        `no ${tie.layer} tie ${directed ? 'from' : 'between'} '${tie.source}' ${directed ? 'to' : 'and'} '${tie.target}'`,
      );
    }
    await tx.run(cypher('write-delete-tie'), key);
    const deleted: Tie = { source: tie.source, target: tie.target, layer: tie.layer };
    if (found.weight !== null) deleted.weight = found.weight as number;
    if (found.since !== null) deleted.since = found.since as number;
    return {
      status: 200,
      body: { deleted: tieBody(deleted, directed) },
      ids: [tie.source, tie.target, tie.layer],
      changesGraph: true,
    };
  });
}

function targetOf(membership: Membership) {
  const target = MEMBERSHIP_TARGETS.find((t) => membership[t.field] !== undefined)!;
  return { ...target, id: membership[target.field]! };
}

/** The statements that MERGE a membership, by its target (the import's own). */
const MERGE_MEMBERSHIP = {
  cluster: 'import-member-of',
  platform: 'import-joined',
  project: 'import-part-of',
};

/** POST /api/participants/{id}/memberships: `{cluster | platform | project, since?, role?}`. */
export function createMembership(
  store: Store,
  request: WriteRequest,
  participant: string,
  body: unknown,
): Promise<WriteResult> {
  if (typeof body === 'object' && body !== null && 'participant' in body) {
    throw new ValidationError([
      problem('participant', `the participant is given by the path ('${participant}'); leave this field out`),
    ]);
  }
  const row =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, participant } : body;
  const rows = parsed('memberships', row);
  const membership = rows.bundle.memberships[0]!;
  return runWrite(store, request, async (tx): Promise<Change> => {
    if (!(await participantExists(tx, participant)))
      throw new NotFoundError(`no participant '${participant}'`);
    await checkStored(tx, rows);
    const target = targetOf(membership);
    const key = { participant, type: target.relationship, target: target.id };
    if (await exists(tx, 'write-find-membership', key)) {
      throw new ConflictError(`'${participant}' is a member of ${target.field} '${target.id}' already`);
    }
    const props = toProperties('memberships', { since: membership.since, role: membership.role });
    await tx.run(cypher(MERGE_MEMBERSHIP[target.field]), {
      rows: [{ participant, target: target.id, props }],
    });
    return {
      status: 201,
      body: membership,
      location: membershipPath(participant, target.field, target.id),
      ids: [participant, target.id],
      changesGraph: true,
    };
  });
}

export function membershipPath(participant: string, type: MembershipType, target: string): string {
  const e = encodeURIComponent;
  return `/api/participants/${e(participant)}/memberships/${type}/${e(target)}`;
}

/** DELETE /api/participants/{id}/memberships/{type}/{target}. */
export function deleteMembership(
  store: Store,
  request: WriteRequest,
  participant: string,
  type: MembershipType,
  target: string,
): Promise<WriteResult> {
  const relationship = MEMBERSHIP_TARGETS.find((t) => t.field === type)!.relationship;
  return runWrite(store, request, async (tx): Promise<Change> => {
    if (!(await participantExists(tx, participant)))
      throw new NotFoundError(`no participant '${participant}'`);
    const key = { participant, type: relationship, target };
    const found = await exists(tx, 'write-find-membership', key);
    if (!found) throw new NotFoundError(`'${participant}' is not a member of ${type} '${target}'`);
    await tx.run(cypher('delete-memberships'), { rows: [key] });
    const deleted: Row = { participant, [type]: target };
    if (found.since !== null) deleted.since = found.since;
    if (found.role !== null) deleted.role = found.role;
    return { status: 200, body: { deleted }, ids: [participant, target], changesGraph: true };
  });
}

/** POST /api/observations: one value of an indicator for a participant in a year (409 when stored). */
export function createObservation(store: Store, request: WriteRequest, body: unknown): Promise<WriteResult> {
  const rows = parsed('observations', body);
  const observation: Observation = rows.bundle.observations[0]!;
  return runWrite(store, request, async (tx): Promise<Change> => {
    await checkStored(tx, rows);
    const key = {
      participant: observation.participant,
      indicator: observation.indicator,
      year: toProperties('observations', { year: observation.year }).year,
    };
    if (await exists(tx, 'write-find-observation', key)) {
      throw new ConflictError(
        `'${observation.participant}' has a value of ${observation.indicator} for ${observation.year} already`,
      );
    }
    await tx.run(cypher('create-observations'), {
      rows: [{ props: toProperties('observations', observation as unknown as Row) }],
    });
    return {
      status: 201,
      body: observation,
      ids: [observation.participant, observation.indicator, String(observation.year)],
      changesGraph: true,
    };
  });
}
