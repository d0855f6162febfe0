/**
 * Reading single entities and pages of entities for the API: participants, clusters, platforms and
 * projects, and the facets the data offers. Plain objects out, never driver records or Integers.
 */
import { INDICATORS } from '../domain/indicators.ts';
import { InvalidArgumentError, NotFoundError } from '../errors.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { int, plain } from './values.ts';

export interface Page<T> {
  items: T[];
  /** Opaque: pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
  q?: string;
}

export interface ParticipantFilter extends PageRequest {
  kind?: string;
  cluster?: string;
  platform?: string;
  region?: string;
}

export interface ParticipantSummary {
  id: string;
  name: string;
  kind: string;
  region: string;
}

export interface MembershipRow {
  id: string;
  name: string;
  since: number | null;
  role: string | null;
}

export interface TieRow {
  id: string;
  name: string;
  weight: number;
  since: number | null;
  direction: 'out' | 'in' | 'both';
}

export interface IndicatorRow {
  indicator: string;
  year: number;
  value: number;
  unit: string | null;
}

export type AttributeValues = Record<string, string | number | boolean>;

export interface ParticipantDetail {
  id: string;
  name: string;
  kind: string;
  region: string;
  municipality: string | null;
  founded: number | null;
  employees: number | null;
  attributes: AttributeValues;
  clusters: MembershipRow[];
  platforms: MembershipRow[];
  projects: MembershipRow[];
  ties: Record<string, TieRow[]>;
  indicators: IndicatorRow[];
}

export const GROUP_ENTITIES = ['clusters', 'platforms', 'projects'] as const;
export type GroupEntity = (typeof GROUP_ENTITIES)[number];

export interface GroupSummary {
  id: string;
  name: string;
  members: number;
  attributes: AttributeValues;
  /** The entity's other fields (cluster: region, specialization, formed; platform: sphere, launched …). */
  [field: string]: unknown;
}

export interface GroupMember {
  id: string;
  name: string;
  kind: string;
  region: string;
  since: number | null;
  role: string | null;
}

export interface GroupDetail {
  id: string;
  name: string;
  attributes: AttributeValues;
  members: GroupMember[];
  [field: string]: unknown;
}

export interface Facets {
  participants: number;
  layers: { id: string; name: string | null; directed: boolean }[];
  clusters: { id: string; name: string }[];
  platforms: { id: string; name: string }[];
  regions: { id: string; name: string | null }[];
  kinds: string[];
  indicators: { id: string; name: string; unit: string | null }[];
  years: { min: number; max: number } | null;
}

type Row = Record<string, unknown>;

/**
 * Cursors are the last id of a page, written as the hex digits of its UTF-16 code units (four per unit),
 * so that clients treat them as opaque and the OpenAPI document can say exactly which strings are
 * cursors (`^(?:[0-9a-f]{4})+$`): every such string is a position in the id order, and anything else is
 * an error, not an empty page.
 */
export const CURSOR_PATTERN = '^(?:[0-9a-f]{4})+$';
const CURSOR = new RegExp(CURSOR_PATTERN);
export const encodeCursor = (id: string) =>
  Array.from({ length: id.length }, (_, i) => id.charCodeAt(i).toString(16).padStart(4, '0')).join('');
export const decodeCursor = (cursor: string | undefined) => {
  if (!cursor) return null;
  if (!CURSOR.test(cursor)) {
    throw new InvalidArgumentError(
      `cursor '${cursor.slice(0, 40)}' is not one this server gave out; pass nextCursor as it came`,
    );
  }
  return String.fromCharCode(...(cursor.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
};

/** Stored properties → the entity's fields and its free `attributes` (`attr.<name>` properties). */
function splitProperties(props: Row): { fields: Row; attributes: AttributeValues } {
  const fields: Row = {};
  const attributes: AttributeValues = {};
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('attr.')) attributes[name.slice(5)] = value as string | number | boolean;
    else fields[name] = value;
  }
  return { fields, attributes };
}

/**
 * One read statement in an auto-commit transaction: a single round trip to Neo4j where a transaction
 * function needs three (these reads are what API clients ask for most; measured 2.5× the throughput).
 * There is no driver retry: a failure reaches the client as a 503 with Retry-After, and it retries.
 */
async function read(store: Store, name: string, params: Row): Promise<Row[]> {
  const s = session(store, 'READ');
  try {
    const result = await s.run(cypher(name), params);
    return result.records.map((r) => plain(r.toObject()) as Row);
  } finally {
    await s.close();
  }
}

function page<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null };
}

const lowerOrNull = (q: string | undefined) => (q ? q.toLowerCase() : null);

export async function listParticipants(
  store: Store,
  filter: ParticipantFilter,
): Promise<Page<ParticipantSummary>> {
  const rows = await read(store, 'list-participants', {
    after: decodeCursor(filter.cursor),
    kind: filter.kind || null,
    region: filter.region || null,
    cluster: filter.cluster || null,
    platform: filter.platform || null,
    q: lowerOrNull(filter.q),
    // One row more than asked tells whether there is a next page.
    limit: int(filter.limit + 1),
  });
  return page(rows as unknown as ParticipantSummary[], filter.limit);
}

/** The participant fields a list item may carry beyond id, name, kind and region (`fields=`). */
export const PARTICIPANT_LIST_FIELDS = [
  'municipality',
  'founded',
  'employees',
  'attributes',
  'clusters',
  'platforms',
] as const;
export type ParticipantListField = (typeof PARTICIPANT_LIST_FIELDS)[number];

/** The asked fields of the participants of one page, added to its items (one read for the page). */
export async function withParticipantFields<T extends { id: string }>(
  store: Store,
  items: T[],
  fields: ParticipantListField[],
): Promise<(T & Record<string, unknown>)[]> {
  if (fields.length === 0 || items.length === 0) return items;
  const rows = await read(store, 'participant-memberships', { ids: items.map((i) => i.id) });
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  return items.map((item) => {
    const row = byId.get(item.id);
    if (!row) return item;
    const { fields: props, attributes } = splitProperties(row.props as Row);
    const extra: Record<ParticipantListField, unknown> = {
      municipality: props.municipality ?? null,
      founded: props.founded ?? null,
      employees: props.employees ?? null,
      attributes,
      clusters: row.clusters,
      platforms: row.platforms,
    };
    return { ...item, ...Object.fromEntries(fields.map((f) => [f, extra[f]])) };
  });
}

/** How many participants the filter matches in all (the cursor and the limit aside). */
export async function countParticipants(
  store: Store,
  filter: Omit<ParticipantFilter, 'limit' | 'cursor'>,
): Promise<number> {
  const [row] = await read(store, 'count-participants', {
    kind: filter.kind || null,
    region: filter.region || null,
    cluster: filter.cluster || null,
    platform: filter.platform || null,
    q: lowerOrNull(filter.q),
  });
  return Number(row?.total ?? 0);
}

const LABELS: Record<GroupEntity, string> = {
  clusters: 'Cluster',
  platforms: 'Platform',
  projects: 'Project',
};

/** How many clusters, platforms or projects match `q` in all. */
export async function countGroups(store: Store, entity: GroupEntity, q: string | undefined): Promise<number> {
  const [row] = await read(store, 'count-groups', { label: LABELS[entity], q: lowerOrNull(q) });
  return Number(row?.total ?? 0);
}

export async function getParticipant(store: Store, id: string): Promise<ParticipantDetail> {
  const [row] = await read(store, 'participant', { id });
  if (!row) throw new NotFoundError(`no participant '${id}'`);
  const { fields, attributes } = splitProperties(row.props as Row);
  const ties: Record<string, TieRow[]> = {};
  for (const tie of row.ties as (TieRow & { layer: string })[]) {
    const { layer, ...rest } = tie;
    (ties[layer] ??= []).push(rest);
  }
  return {
    id: fields.id as string,
    name: fields.name as string,
    kind: fields.kind as string,
    region: fields.region as string,
    municipality: (fields.municipality as string) ?? null,
    founded: (fields.founded as number) ?? null,
    employees: (fields.employees as number) ?? null,
    attributes,
    clusters: row.clusters as MembershipRow[],
    platforms: row.platforms as MembershipRow[],
    projects: row.projects as MembershipRow[],
    ties,
    indicators: row.indicators as IndicatorRow[],
  };
}

export async function listGroups(
  store: Store,
  entity: GroupEntity,
  request: PageRequest,
): Promise<Page<GroupSummary>> {
  const rows = await read(store, `list-${entity}`, {
    after: decodeCursor(request.cursor),
    q: lowerOrNull(request.q),
    limit: int(request.limit + 1),
  });
  const items = rows.map((row) => {
    const { fields, attributes } = splitProperties(row.props as Row);
    return { ...fields, members: row.members as number, attributes } as GroupSummary;
  });
  return page(items, request.limit);
}

const SINGULAR: Record<GroupEntity, string> = {
  clusters: 'cluster',
  platforms: 'platform',
  projects: 'project',
};

export async function getGroup(store: Store, entity: GroupEntity, id: string): Promise<GroupDetail> {
  const [row] = await read(store, SINGULAR[entity], { id });
  if (!row) throw new NotFoundError(`no ${SINGULAR[entity]} '${id}'`);
  const { fields, attributes } = splitProperties(row.props as Row);
  return { ...fields, attributes, members: row.members as GroupMember[] } as GroupDetail;
}

export async function facets(store: Store): Promise<Facets> {
  const [row] = await read(store, 'facets', {});
  const known = new Map(INDICATORS.map((i) => [i.id, i]));
  const years = row!.years as { min: number | null; max: number | null };
  return {
    participants: row!.participants as number,
    layers: (row!.layers as Facets['layers']).map((l) => ({ ...l, directed: l.directed === true })),
    clusters: row!.clusters as Facets['clusters'],
    platforms: row!.platforms as Facets['platforms'],
    regions: row!.regions as Facets['regions'],
    kinds: row!.kinds as string[],
    indicators: (row!.indicators as string[]).map((id) => ({
      id,
      name: known.get(id)?.name ?? id,
      unit: known.get(id)?.unit ?? null,
    })),
    years: years.min === null || years.max === null ? null : { min: years.min, max: years.max },
  };
}

/** Every platform's id, name and sphere of interest (what partner suggestions need to know of them). */
export async function platformInfo(store: Store): Promise<{ id: string; name: string; sphere?: string }[]> {
  const out: { id: string; name: string; sphere?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listGroups(store, 'platforms', { limit: 1000, cursor });
    for (const p of page.items)
      out.push({ id: p.id, name: p.name, sphere: typeof p.sphere === 'string' ? p.sphere : undefined });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
