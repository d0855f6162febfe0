/**
 * A validated bundle as the header CSV files of `neo4j-admin database import full`: the same nodes,
 * relationships and property types that the transactional import (src/store/import.ts and the
 * cypher/create-*.cypher statements) writes into an empty database, so that both paths end with the
 * same graph.
 *
 * Rows are grouped by their shape (property names and types): every file then has a value in every
 * column, so no property is set that the transactional import would leave absent, and an attribute that
 * is a number in one row and a string in another keeps both types. Lines are produced lazily, so that a
 * bundle of millions of ties is written without holding its CSV text in memory.
 */
import { COLLECTIONS, MEMBERSHIP_TARGETS, type Bundle, type CollectionKey, type FieldType } from './model.ts';

/** One CSV file for neo4j-admin: a node label or relationship type, its header and its data lines. */
export interface AdminCsvFile {
  kind: 'nodes' | 'relationships';
  /** The node label or relationship type (given on the command line: `--nodes=Label=file`). */
  name: string;
  header: string;
  lines: () => Iterable<string>;
  rows: number;
}

/** Neo4j types of the header: integer fields become `long`, other numbers `double` (as the driver sends them). */
type AdminType = 'string' | 'long' | 'double' | 'boolean';

const INTEGER_TYPES = new Set<FieldType>(['year', 'count']);

/** A property value with the type the transactional import stores it with. */
interface Typed {
  type: AdminType;
  value: string | number | boolean;
}

function typedField(type: FieldType, value: unknown): Typed {
  if (INTEGER_TYPES.has(type)) return { type: 'long', value: value as number };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (typeof value === 'number') return { type: 'double', value };
  return { type: 'string', value: String(value) };
}

function typedAttribute(value: unknown): Typed {
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (typeof value === 'number') return { type: 'double', value };
  return { type: 'string', value: String(value) };
}

/** The properties of a row as toProperties (src/store/import.ts) makes them, with their types. */
export function typedProperties(key: CollectionKey, row: Record<string, unknown>): Map<string, Typed> {
  const props = new Map<string, Typed>();
  for (const field of COLLECTIONS[key].fields) {
    const value = row[field.name];
    if (value === undefined) continue;
    props.set(field.name, typedField(field.type, value));
  }
  for (const [name, value] of Object.entries((row.attributes as Record<string, unknown>) ?? {})) {
    props.set(`attr.${name}`, typedAttribute(value));
  }
  return props;
}

/** A CSV field: strings always quoted (so that an empty string stays one), quotes doubled. */
function csvValue(typed: Typed): string {
  if (typed.type === 'string') return `"${(typed.value as string).replaceAll('"', '""')}"`;
  return String(typed.value);
}

/** A property name in a header: quoted when it holds a character the header syntax gives a meaning. */
function headerName(name: string): string {
  if (/[,":]/.test(name)) {
    throw new Error(`a property name with a comma, colon or quote cannot be bulk-loaded: '${name}'`);
  }
  return name;
}

interface ShapedRow {
  /** The id column(s) neo4j-admin reads: a node's :ID, or a relationship's :START_ID and :END_ID. */
  keys: string[];
  props: Map<string, Typed>;
}

/** Groups rows by their property names and types, one file per group. */
function filesByShape(
  kind: AdminCsvFile['kind'],
  name: string,
  keyColumns: string[],
  rows: () => Iterable<ShapedRow>,
): AdminCsvFile[] {
  const groups = new Map<string, { columns: [string, AdminType][]; count: number }>();
  const shapeOf = (row: ShapedRow) => [...row.props].map(([k, t]) => `${k}:${t.type}`).join(',');
  for (const row of rows()) {
    const shape = shapeOf(row);
    const group = groups.get(shape);
    if (group) group.count++;
    else groups.set(shape, { columns: [...row.props].map(([k, t]) => [k, t.type]), count: 1 });
  }
  return [...groups].map(([shape, group]) => ({
    kind,
    name,
    header: [
      ...keyColumns,
      ...group.columns.map(([k, type]) =>
        // The node id column also stores the `id` property (a string, as the import stores it).
        kind === 'nodes' && k === 'id' ? null : `${headerName(k)}:${type}`,
      ),
    ]
      .filter((c) => c !== null)
      .join(','),
    rows: group.count,
    lines: function* () {
      for (const row of rows()) {
        if (shapeOf(row) !== shape) continue;
        const values = [...row.props].filter(([k]) => !(kind === 'nodes' && k === 'id'));
        yield [...row.keys.map(quote), ...values.map(([, t]) => csvValue(t))].join(',');
      }
    },
  }));
}

const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;

/**
 * The files of a bundle. `directed` is the direction of every layer the ties use (from validation,
 * src/exchange/validate.ts layerDirections): a layer used but not defined is created as the import does.
 */
export function adminImportFiles(bundle: Bundle, directed: Map<string, boolean>): AdminCsvFile[] {
  const rowsOf = (key: CollectionKey) => bundle[key] as unknown as Record<string, unknown>[];
  const nodes = (key: CollectionKey, label: string, rows: () => Iterable<Record<string, unknown>>) =>
    filesByShape('nodes', label, [`id:ID(${label})`], function* () {
      for (const row of rows()) yield { keys: [row.id as string], props: typedProperties(key, row) };
    });

  // Regions the bundle defines, and those participants and clusters name without defining (id only).
  const regions = new Map<string, Record<string, unknown>>(bundle.regions.map((r) => [r.id, { ...r }]));
  for (const row of [...bundle.participants, ...bundle.clusters]) {
    if (!regions.has(row.region)) regions.set(row.region, { id: row.region });
  }
  const layers = new Map<string, Record<string, unknown>>(bundle.layers.map((l) => [l.id, { ...l }]));
  for (const [id, isDirected] of directed) {
    if (!layers.has(id)) layers.set(id, { id, directed: isDirected });
  }

  const files: AdminCsvFile[] = [
    ...nodes('layers', 'Layer', () => layers.values()),
    ...nodes('regions', 'Region', () => regions.values()),
    ...nodes('participants', 'Participant', () => rowsOf('participants')),
    ...nodes('clusters', 'Cluster', () => rowsOf('clusters')),
    ...nodes('platforms', 'Platform', () => rowsOf('platforms')),
    ...nodes('projects', 'Project', () => rowsOf('projects')),
    // Observations have no id of their own: the line number serves neo4j-admin and is not stored.
    ...filesByShape('nodes', 'Observation', [':ID(Observation)'], function* () {
      let n = 0;
      for (const o of bundle.observations) {
        yield { keys: [String(n++)], props: typedProperties('observations', o as never) };
      }
    }),
  ];

  const located = (from: 'Participant' | 'Cluster', rows: { id: string; region: string }[]) =>
    filesByShape('relationships', 'LOCATED_IN', [`:START_ID(${from})`, ':END_ID(Region)'], function* () {
      for (const row of rows) yield { keys: [row.id, row.region], props: new Map() };
    });
  files.push(...located('Participant', bundle.participants), ...located('Cluster', bundle.clusters));

  const labelOf = { clusters: 'Cluster', platforms: 'Platform', projects: 'Project' } as const;
  for (const target of MEMBERSHIP_TARGETS) {
    files.push(
      ...filesByShape(
        'relationships',
        target.relationship,
        [':START_ID(Participant)', `:END_ID(${labelOf[target.collection]})`],
        function* () {
          for (const m of bundle.memberships) {
            const to = m[target.field];
            if (to === undefined) continue;
            yield {
              keys: [m.participant, to],
              props: typedProperties('memberships', { since: m.since, role: m.role }),
            };
          }
        },
      ),
    );
  }
  files.push(
    ...filesByShape('relationships', 'TIE', [':START_ID(Participant)', ':END_ID(Participant)'], function* () {
      for (const t of bundle.ties) {
        yield {
          keys: [t.source, t.target],
          props: typedProperties('ties', { layer: t.layer, weight: t.weight, since: t.since }),
        };
      }
    }),
    ...filesByShape(
      'relationships',
      'HAS_OBSERVATION',
      [':START_ID(Participant)', ':END_ID(Observation)'],
      function* () {
        let n = 0;
        for (const o of bundle.observations) yield { keys: [o.participant, String(n++)], props: new Map() };
      },
    ),
  );
  return files.filter((f) => f.rows > 0);
}

/** Whether any string of the files spans lines (neo4j-admin then needs --multiline-fields, which is slower). */
export function hasMultilineValues(bundle: Bundle): boolean {
  const multiline = (value: unknown) => typeof value === 'string' && /[\r\n]/.test(value);
  for (const key of Object.keys(bundle) as (keyof Bundle)[]) {
    const rows = bundle[key];
    if (!Array.isArray(rows)) continue;
    for (const row of rows as unknown as Record<string, unknown>[]) {
      for (const value of Object.values(row)) {
        if (multiline(value)) return true;
        if (value && typeof value === 'object' && Object.values(value).some(multiline)) return true;
      }
    }
  }
  return false;
}
