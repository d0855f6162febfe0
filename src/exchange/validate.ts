/**
 * Validation of a bundle read from JSON or CSV. Every problem names its file, line (CSV) or JSON path,
 * and field; nothing is written unless there is no problem at all.
 *
 * Two passes: `parseRows` checks each row on its own (types, required fields, unknown fields) and
 * `checkReferences` checks the rows against each other and against what the database already holds
 * (duplicate ids, ties to missing participants …).
 */
import type { Problem } from '../errors.ts';
import { DECIMAL_NUMBER, LIMITS, idProblem, reservedProblem, stringProblem } from './limits.ts';
import {
  COLLECTIONS,
  COLLECTION_KEYS,
  DEFAULT_LAYERS,
  LAYER_ID_PATTERN,
  MEMBERSHIP_TARGETS,
  PARTICIPANT_KINDS,
  YEAR_RANGE,
  emptyBundle,
  type AttributeValue,
  type Bundle,
  type BundleMeta,
  type CollectionKey,
  type FieldSpec,
} from './model.ts';

export interface Location {
  file: string;
  line?: number;
  path?: string;
}

/** One row as read, before validation. */
export interface RawRow {
  values: Record<string, unknown>;
  /** Free attributes, already typed (the CSV reader types them by their column header). */
  attributes?: Record<string, unknown>;
  at: Location;
  /** True for CSV cells (strings to be parsed), false for JSON values (already typed). */
  textual: boolean;
}

export interface RawBundle {
  /** The bundle's `meta` (or a CSV folder's meta.json) as read, checked with the rows. */
  meta?: { value: unknown; at: Location };
  collections: Partial<Record<CollectionKey, RawRow[]>>;
  /** Problems found while reading (unreadable file, unknown column …). */
  problems: Problem[];
}

export type Locations = Record<CollectionKey, Location[]>;

export interface ParsedBundle {
  bundle: Bundle;
  locations: Locations;
  problems: Problem[];
}

const ATTRIBUTE_NAME = new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${LIMITS.attributeNameLength - 1}}$`);

/** The fields of `meta`, each with its type (meta is not stored; it is checked like everything else). */
const META_FIELDS: Record<string, 'string' | 'boolean'> = {
  name: 'string',
  description: 'string',
  generator: 'string',
  synthetic: 'boolean',
};

function problemAt(at: Location, field: string | undefined, message: string): Problem {
  const path = at.path && field ? `${at.path}.${field}` : at.path;
  return { file: at.file, line: at.line, path, field, message };
}

/** A value as an error message quotes it: JSON, cut at 80 characters. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * A number field's value. A function of its own, not a closure in parseValue: that runs once per value
 * of a bundle, and a closure made per call (with the name helper tsx adds to each) cost a third of the
 * validation of 200,000 ties.
 */
function asNumber(raw: unknown, textual: boolean): number | undefined {
  if (typeof raw === 'number') return raw;
  // Decimal notation only: Number() would also read 0x1F, 0b1, Infinity and blanks.
  if (textual && typeof raw === 'string' && DECIMAL_NUMBER.test(raw)) return Number(raw);
  return undefined;
}

/** Parses one value by its field type; returns an error message instead when it does not fit. */
function parseValue(spec: FieldSpec, raw: unknown, textual: boolean): { value?: unknown; error?: string } {
  switch (spec.type) {
    case 'id':
    case 'string': {
      if (typeof raw !== 'string') return { error: `must be a string, got ${show(raw)}` };
      const value = raw.trim();
      if (value === '') return { error: 'must not be empty' };
      const error = spec.type === 'id' ? idProblem(value) : stringProblem(value);
      return error ? { error } : { value };
    }
    case 'kind':
      if (typeof raw === 'string' && (PARTICIPANT_KINDS as readonly string[]).includes(raw))
        return { value: raw };
      return {
        error: `unknown kind ${show(raw)} (expected one of ${PARTICIPANT_KINDS.join(', ')})`,
      };
    case 'layer':
      if (typeof raw === 'string' && LAYER_ID_PATTERN.test(raw)) return { value: raw };
      return {
        error: `${show(raw)} is not a valid name (lower-case letter, then [a-z0-9_], at most 32)`,
      };
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (textual && (raw === 'true' || raw === 'false')) return { value: raw === 'true' };
      return { error: `must be true or false, got ${show(raw)}` };
    case 'year': {
      const n = asNumber(raw, textual);
      if (n === undefined || !Number.isInteger(n)) return { error: `must be a whole year, got ${show(raw)}` };
      if (n < YEAR_RANGE.min || n > YEAR_RANGE.max) {
        return { error: `year ${n} is out of range (${YEAR_RANGE.min}–${YEAR_RANGE.max})` };
      }
      return { value: n };
    }
    case 'count': {
      const n = asNumber(raw, textual);
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        return { error: `must be a whole number ≥ 0, got ${show(raw)}` };
      }
      if (n > LIMITS.maxCount) return { error: `${n} is larger than ${LIMITS.maxCount} (2^53 − 1)` };
      return { value: n };
    }
    case 'number':
    case 'positive': {
      const n = asNumber(raw, textual);
      if (n === undefined || !Number.isFinite(n)) return { error: `must be a number, got ${show(raw)}` };
      if (spec.type === 'positive' && n <= 0) return { error: `must be greater than 0, got ${n}` };
      return { value: n };
    }
  }
}

function parseAttributes(row: RawRow, problems: Problem[]): Record<string, AttributeValue> | undefined {
  if (row.attributes === undefined || row.attributes === null) return undefined;
  if (typeof row.attributes !== 'object' || Array.isArray(row.attributes)) {
    problems.push(
      problemAt(row.at, 'attributes', 'must be an object of names to strings, numbers or booleans'),
    );
    return undefined;
  }
  const entries = Object.entries(row.attributes);
  if (entries.length > LIMITS.attributeCount) {
    problems.push(
      problemAt(
        row.at,
        'attributes',
        `has ${entries.length} attributes; at most ${LIMITS.attributeCount} are allowed`,
      ),
    );
    return undefined;
  }
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of entries) {
    const field = `attributes.${name}`;
    const reserved = reservedProblem(name);
    if (reserved) {
      problems.push(problemAt(row.at, field, reserved));
    } else if (!ATTRIBUTE_NAME.test(name)) {
      problems.push(
        problemAt(
          row.at,
          field,
          `an attribute name is a letter or _, then letters, digits or _ (at most ${LIMITS.attributeNameLength})`,
        ),
      );
    } else if (value === null || value === undefined) {
      continue;
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push(problemAt(row.at, field, 'must be a finite number'));
    } else if (typeof value === 'string' && stringProblem(value)) {
      problems.push(problemAt(row.at, field, stringProblem(value)!));
    } else if (['string', 'number', 'boolean'].includes(typeof value)) {
      out[name] = value as AttributeValue;
    } else {
      problems.push(problemAt(row.at, field, 'must be a string, a number or a boolean'));
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `meta`: an object of the known fields, each of its type. */
function parseMeta(meta: RawBundle['meta'], problems: Problem[]): BundleMeta | undefined {
  if (meta === undefined) return undefined;
  const { value, at } = meta;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ file: at.file, path: at.path, message: 'meta must be an object' });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) {
    const type = Object.hasOwn(META_FIELDS, name) ? META_FIELDS[name] : undefined;
    const error = !type
      ? (reservedProblem(name) ?? `unknown field; expected ${Object.keys(META_FIELDS).join(', ')}`)
      : type === 'boolean'
        ? typeof v === 'boolean'
          ? undefined
          : `must be true or false, got ${show(v)}`
        : typeof v === 'string'
          ? stringProblem(v)
          : `must be a string, got ${Array.isArray(v) ? 'an array' : typeof v}`;
    if (error) problems.push(problemAt(at, name, error));
    else out[name] = v;
  }
  return Object.keys(out).length > 0 ? (out as BundleMeta) : undefined;
}

/** First pass: each row on its own. */
export function parseRows(raw: RawBundle): ParsedBundle {
  const problems: Problem[] = [...raw.problems];
  const bundle = emptyBundle();
  const meta = parseMeta(raw.meta, problems);
  if (meta) bundle.meta = meta;
  const locations = Object.fromEntries(COLLECTION_KEYS.map((k) => [k, [] as Location[]])) as Locations;
  for (const key of COLLECTION_KEYS) {
    const spec = COLLECTIONS[key];
    const known = new Set(spec.fields.map((fs) => fs.name));
    for (const row of raw.collections[key] ?? []) {
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(row.values)) {
        if (!known.has(name)) {
          const hint = spec.attributes
            ? row.textual
              ? ' (free attributes go in attr.<name> columns)'
              : ' (free attributes go in "attributes")'
            : '';
          const message = reservedProblem(name) ?? `unknown field${hint}; expected ${[...known].join(', ')}`;
          problems.push(problemAt(row.at, name, message));
        }
      }
      for (const field of spec.fields) {
        const value = row.values[field.name];
        const missing = value === undefined || value === null || (row.textual && value === '');
        if (missing) {
          if (field.required) problems.push(problemAt(row.at, field.name, 'is required'));
          continue;
        }
        const parsed = parseValue(field, value, row.textual);
        if (parsed.error) problems.push(problemAt(row.at, field.name, parsed.error));
        else out[field.name] = parsed.value;
      }
      if (spec.attributes) {
        const attributes = parseAttributes(row, problems);
        if (attributes) out.attributes = attributes;
      } else if (row.attributes !== undefined) {
        problems.push(problemAt(row.at, 'attributes', `${key} carry no free attributes`));
      }
      // A row with problems stays (with the fields that parsed), so that the second pass neither misses
      // a duplicate of it nor reports spurious references to it; such a bundle is never imported.
      (bundle[key] as unknown[]).push(out);
      locations[key].push(row.at);
    }
  }
  return { bundle, locations, problems };
}

/** Ids and layers that the database already holds, for references from a bundle that adds to it. */
export interface KnownIds {
  participants: Set<string>;
  clusters: Set<string>;
  platforms: Set<string>;
  projects: Set<string>;
  layers: Map<string, boolean>;
}

export function noKnownIds(): KnownIds {
  return {
    participants: new Set(),
    clusters: new Set(),
    platforms: new Set(),
    projects: new Set(),
    layers: new Map(),
  };
}

/** The ids a bundle refers to without defining them; the importer asks the database about these. */
export function unresolvedReferences(bundle: Bundle): Omit<KnownIds, 'layers'> & { layers: Set<string> } {
  const defined = (items: { id: string }[]) => new Set(items.map((x) => x.id));
  const participants = defined(bundle.participants);
  const targets = {
    clusters: defined(bundle.clusters),
    platforms: defined(bundle.platforms),
    projects: defined(bundle.projects),
  };
  const out = {
    participants: new Set<string>(),
    clusters: new Set<string>(),
    platforms: new Set<string>(),
    projects: new Set<string>(),
    layers: new Set<string>(),
  };
  const needParticipant = (id: string) => participants.has(id) || out.participants.add(id);
  for (const m of bundle.memberships) {
    needParticipant(m.participant);
    for (const t of MEMBERSHIP_TARGETS) {
      const id = m[t.field];
      if (id !== undefined && !targets[t.collection].has(id)) out[t.collection].add(id);
    }
  }
  const layers = new Set(bundle.layers.map((l) => l.id));
  for (const t of bundle.ties) {
    needParticipant(t.source);
    needParticipant(t.target);
    if (!layers.has(t.layer)) out.layers.add(t.layer);
  }
  for (const o of bundle.observations) needParticipant(o.participant);
  return out;
}

/** Whether each layer used by the bundle is directed: the bundle's own list, then the database, then defaults. */
export function layerDirections(bundle: Bundle, known: KnownIds): Map<string, boolean> {
  const directed = new Map<string, boolean>();
  for (const t of bundle.ties)
    directed.set(t.layer, known.layers.get(t.layer) ?? DEFAULT_LAYERS[t.layer]?.directed ?? false);
  for (const l of bundle.layers) directed.set(l.id, l.directed);
  return directed;
}

function lineOf(at: Location): string {
  return at.line !== undefined ? `line ${at.line}` : (at.path ?? at.file);
}

/** Second pass: rows against each other and against the database. */
export function checkReferences(parsed: ParsedBundle, known: KnownIds = noKnownIds()): Problem[] {
  const { bundle, locations } = parsed;
  const problems: Problem[] = [];
  const ids: Partial<Record<CollectionKey, Set<string>>> = {};
  for (const key of ['regions', 'layers', 'participants', 'clusters', 'platforms', 'projects'] as const) {
    const first = new Map<string, Location>();
    (bundle[key] as { id?: string }[]).forEach((item, i) => {
      const at = locations[key][i]!;
      if (item.id === undefined) return;
      const seen = first.get(item.id);
      if (seen) problems.push(problemAt(at, 'id', `duplicate id '${item.id}' (first at ${lineOf(seen)})`));
      else first.set(item.id, at);
    });
    ids[key] = new Set(first.keys());
  }
  // An undefined reference was already reported as a missing or invalid field.
  const has = (key: 'participants' | 'clusters' | 'platforms' | 'projects', id: string | undefined) =>
    id === undefined || ids[key]!.has(id) || known[key].has(id);

  const memberships = new Map<string, Location>();
  bundle.memberships.forEach((m, i) => {
    const at = locations.memberships[i]!;
    if (!has('participants', m.participant)) {
      problems.push(problemAt(at, 'participant', `unknown participant '${m.participant}'`));
    }
    const targets = MEMBERSHIP_TARGETS.filter((t) => m[t.field] !== undefined);
    if (targets.length !== 1) {
      problems.push(problemAt(at, 'cluster', 'a membership names exactly one of cluster, platform, project'));
      return;
    }
    const t = targets[0]!;
    const target = m[t.field]!;
    if (m.participant === undefined) return;
    if (!has(t.collection, target)) problems.push(problemAt(at, t.field, `unknown ${t.field} '${target}'`));
    const key = `${m.participant}\u0000${t.field}\u0000${target}`;
    const seen = memberships.get(key);
    if (seen)
      problems.push(
        problemAt(
          at,
          t.field,
          `duplicate membership of '${m.participant}' in '${target}' (first at ${lineOf(seen)})`,
        ),
      );
    else memberships.set(key, at);
  });

  const directed = layerDirections(bundle, known);
  const ties = new Map<string, Location>();
  bundle.ties.forEach((t, i) => {
    const at = locations.ties[i]!;
    for (const end of ['source', 'target'] as const) {
      if (!has('participants', t[end]))
        problems.push(problemAt(at, end, `tie to a missing participant '${t[end]}'`));
    }
    if (t.source === undefined || t.target === undefined || t.layer === undefined) return;
    if (t.source === t.target) problems.push(problemAt(at, 'target', `a tie from '${t.source}' to itself`));
    const [a, b] = directed.get(t.layer) || t.source < t.target ? [t.source, t.target] : [t.target, t.source];
    const key = `${t.layer}\u0000${a}\u0000${b}`;
    const seen = ties.get(key);
    if (seen) {
      problems.push(
        problemAt(
          at,
          'target',
          `duplicate ${t.layer} tie between '${t.source}' and '${t.target}' (first at ${lineOf(seen)})`,
        ),
      );
    } else ties.set(key, at);
  });

  const observations = new Map<string, Location>();
  bundle.observations.forEach((o, i) => {
    const at = locations.observations[i]!;
    if (!has('participants', o.participant)) {
      problems.push(problemAt(at, 'participant', `unknown participant '${o.participant}'`));
    }
    if (o.indicator === undefined || o.year === undefined) return;
    const key = `${o.participant}\u0000${o.indicator}\u0000${o.year}`;
    const seen = observations.get(key);
    if (seen) {
      problems.push(
        problemAt(
          at,
          'year',
          `duplicate observation of ${o.indicator} for '${o.participant}' in ${o.year} (first at ${lineOf(seen)})`,
        ),
      );
    } else observations.set(key, at);
  });
  return problems;
}

/**
 * One row of a collection given on its own (the body of an API write), checked exactly as a bundle's
 * row is: the same fields, types, limits and messages. `at` names where it came from; problems carry
 * `at.path` followed by the field (`$.kind`).
 */
export function parseSingleRow(key: CollectionKey, value: unknown, at: Location): ParsedBundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return parseRows({
      collections: {},
      problems: [{ file: at.file, path: at.path, message: `must be a JSON object (one of ${key})` }],
    });
  }
  const { attributes, ...values } = value as Record<string, unknown>;
  return parseRows({
    collections: {
      [key]: [{ values, attributes: attributes as Record<string, unknown> | undefined, at, textual: false }],
    },
    problems: [],
  });
}
