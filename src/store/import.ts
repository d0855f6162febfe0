/**
 * Import of a bundle: validate everything, then write everything in one transaction (all-or-nothing).
 * Every statement MERGEs on ids and rewrites properties only where they differ, so that importing the
 * same data twice changes nothing, and the driver may safely retry the transaction function.
 */
import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { DatabaseUnavailableError, ValidationError } from '../errors.ts';
import {
  COLLECTIONS,
  MEMBERSHIP_TARGETS,
  type Bundle,
  type CollectionKey,
  type FieldType,
  type Tie,
} from '../exchange/model.ts';
import {
  checkReferences,
  layerDirections,
  noKnownIds,
  parseRows,
  unresolvedReferences,
  type KnownIds,
  type ParsedBundle,
  type RawBundle,
} from '../exchange/validate.ts';
import { recordAudit } from './audit.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { graphVersionIn } from './status.ts';
import { int, toNumber } from './values.ts';

const INTEGER_TYPES = new Set<FieldType>(['year', 'count']);
const BATCH_SIZE = 10_000;

export interface ImportOptions {
  /** Make the stored network exactly the bundle: delete what it lacks, in the same transaction. */
  replace?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Called after each statement with its name, its row count and its duration (for diagnosis). */
  onStatement?: (statement: string, rows: number, ms: number) => void;
  /** Stamped in the graph with the commit (see importLanded); a random one by default. */
  importId?: string;
  /**
   * Who imports, for the audit trail: with it, the import records a `bundle.import` entry (its report,
   * the graph versions before and after) in its own transaction, so the entry exists exactly when the
   * import committed. The API passes the key's label, the CLI `cli:<user>`; without it nothing is recorded.
   */
  auditClient?: string;
}

export interface ImportReport {
  /** Rows per collection, and how many of them were created or changed. */
  collections: Partial<Record<CollectionKey, { rows: number; written: number }>>;
  deleted: number;
  changed: boolean;
  graphVersion?: number;
  /** The id stamped in the graph when the import changed it. */
  importId: string;
}

/** Neo4j properties of a row: integers as Neo4j integers, free attributes as `attr.<name>`. */
export function toProperties(key: CollectionKey, row: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const field of COLLECTIONS[key].fields) {
    const value = row[field.name];
    if (value === undefined) continue;
    props[field.name] = INTEGER_TYPES.has(field.type) ? int(value as number) : value;
  }
  for (const [name, value] of Object.entries((row.attributes as Record<string, unknown>) ?? {})) {
    props[`attr.${name}`] = value;
  }
  return props;
}

type Row = Record<string, unknown>;

interface Step {
  key: CollectionKey;
  statement: string;
  rows: Row[];
  /**
   * Builds each batch's parameters (by default `{ rows }`); made once per step inside the transaction,
   * after the steps before it ran, so that it can read what they wrote.
   */
  params?: (tx: ManagedTransaction) => Promise<(batch: Row[]) => Record<string, unknown>>;
}

/**
 * The statements of an import, in order. Rows that involve a participant not stored before this
 * import (`fresh`) cannot match anything stored, so they are CREATEd rather than MERGEd.
 */
function importSteps(
  bundle: Bundle,
  directed: Map<string, boolean>,
  storedLayers: Map<string, boolean>,
  fresh: Set<string>,
): Step[] {
  const nodeRows = (key: CollectionKey) =>
    (bundle[key] as unknown as Record<string, unknown>[]).map((row) => ({
      id: row.id,
      props: toProperties(key, row),
    }));
  const layers = new Map(bundle.layers.map((l) => [l.id, l]));
  // A layer that ties use without defining it is created once; a stored one is left as it is.
  for (const [id, isDirected] of directed) {
    if (!layers.has(id) && !storedLayers.has(id)) layers.set(id, { id, directed: isDirected });
  }
  const layerRows = [...layers.values()].map((l) => ({
    id: l.id,
    props: toProperties('layers', l as never),
  }));
  const steps: Step[] = [];
  /**
   * Adds a step for the rows that touch a fresh participant and one for the others; `columns` builds the
   * first one's batches (parallel lists) when its statement takes them.
   */
  const split = (
    key: CollectionKey,
    rows: Record<string, unknown>[],
    isFresh: (row: Record<string, unknown>) => boolean,
    create: string,
    merge: string,
    columns?: Step['params'],
  ) => {
    steps.push({
      key,
      statement: create,
      rows: rows.filter(isFresh),
      ...(columns ? { params: columns } : {}),
    });
    steps.push({ key, statement: merge, rows: rows.filter((r) => !isFresh(r)) });
  };
  // The node numbers of the participants that fresh memberships and ties refer to, read once, at the
  // first step that needs them (after the participants were created).
  const freshEnds = new Set<string>();
  let nodes: Promise<Map<string, number>> | undefined;
  const nodeNumbers = (tx: ManagedTransaction) => (nodes ??= participantNodes(tx, [...freshEnds]));

  steps.push({ key: 'layers', statement: 'import-layers', rows: layerRows });
  steps.push({ key: 'regions', statement: 'import-regions', rows: nodeRows('regions') });
  split(
    'participants',
    nodeRows('participants'),
    (r) => fresh.has(r.id as string),
    'create-participants-by-column',
    'import-participants',
    () => Promise.resolve(participantColumns),
  );
  steps.push({ key: 'clusters', statement: 'import-clusters', rows: nodeRows('clusters') });
  steps.push({ key: 'platforms', statement: 'import-platforms', rows: nodeRows('platforms') });
  steps.push({ key: 'projects', statement: 'import-projects', rows: nodeRows('projects') });
  const statementFor = { cluster: 'member-of', platform: 'joined', project: 'part-of' } as const;
  for (const target of MEMBERSHIP_TARGETS) {
    const rows = bundle.memberships
      .filter((m) => m[target.field] !== undefined)
      .map((m) => ({
        participant: m.participant,
        target: m[target.field],
        props: toProperties('memberships', { since: m.since, role: m.role }),
      }));
    const name = statementFor[target.field];
    const isFresh = (r: Record<string, unknown>) => fresh.has(r.participant as string);
    for (const r of rows) if (isFresh(r)) freshEnds.add(r.participant as string);
    split('memberships', rows, isFresh, `create-${name}`, `import-${name}`, async (tx) =>
      membershipColumns(await nodeNumbers(tx)),
    );
  }
  // One pass over the ties. Those that touch a fresh participant are created from parallel lists made
  // straight from the bundle's ties (tieColumns): no row object and no Neo4j integer per tie, which were
  // made and read back again before. The others are MERGEd as rows of Neo4j properties.
  const freshTies: Tie[] = [];
  const storedTies = new Map<boolean, Row[]>([
    [true, []],
    [false, []],
  ]);
  for (const t of bundle.ties) {
    if (fresh.has(t.source) || fresh.has(t.target)) {
      freshTies.push(t);
      freshEnds.add(t.source).add(t.target);
    } else {
      storedTies.get(directed.get(t.layer) ?? false)!.push({
        source: t.source,
        target: t.target,
        props: toProperties('ties', { layer: t.layer, weight: t.weight, since: t.since }),
      });
    }
  }
  steps.push({
    key: 'ties',
    statement: 'create-ties-by-node',
    // The ties themselves are the rows (only tieColumns reads them).
    rows: freshTies as unknown as Row[],
    params: async (tx) => tieColumns(await nodeNumbers(tx)),
  });
  for (const isDirected of [true, false]) {
    steps.push({
      key: 'ties',
      statement: isDirected ? 'import-ties-directed' : 'import-ties-undirected',
      rows: storedTies.get(isDirected)!,
    });
  }
  const observationRows = bundle.observations.map((o) => ({
    props: toProperties('observations', o as never),
  }));
  split(
    'observations',
    observationRows,
    (r) => fresh.has((r.props as { participant: string }).participant),
    'create-observations',
    'import-observations',
  );
  return steps.filter((s) => s.rows.length > 0);
}

/** Internal node numbers of the given participants, read in the import's transaction. */
async function participantNodes(tx: ManagedTransaction, ids: string[]): Promise<Map<string, number>> {
  const record = (await tx.run(cypher('participant-nodes'), { ids })).records[0];
  const found = (record?.get('ids') as string[] | undefined) ?? [];
  const nodes = (record?.get('nodes') as number[] | undefined) ?? [];
  return new Map(found.map((id, i) => [id, nodes[i]!]));
}

/**
 * A batch of participant rows as the parallel lists create-participants-by-column takes: one list per
 * field of the exchange format (integers as numbers, which the statement makes integers again).
 */
function participantColumns(batch: Row[]) {
  const props = batch.map((r) => r.props as Record<string, unknown>);
  const columns: Record<string, unknown[]> = {};
  for (const field of COLLECTIONS.participants.fields) {
    columns[field.name] = INTEGER_TYPES.has(field.type)
      ? props.map((p) => (p[field.name] === undefined ? null : toNumber(p[field.name])))
      : props.map((p) => p[field.name] ?? null);
  }
  // Free attributes (`attr.<name>`, see toProperties): a map for a row that has any, else null.
  columns.attributes = props.map((p) => {
    const attributes = Object.entries(p).filter(([k]) => k.startsWith('attr.'));
    return attributes.length > 0 ? Object.fromEntries(attributes) : null;
  });
  return columns;
}

/**
 * A batch of membership rows as the parallel lists create-member-of, create-joined and create-part-of
 * take; a participant without a node number becomes −1 (see tieColumns).
 */
function membershipColumns(nodes: Map<string, number>) {
  return (batch: Row[]) => {
    const props = batch.map((r) => r.props as { since?: unknown; role?: string });
    return {
      participant: batch.map((r) => nodes.get(r.participant as string) ?? -1),
      target: batch.map((r) => r.target),
      since: props.map((p) => (p.since === undefined ? null : toNumber(p.since))),
      role: props.map((p) => p.role ?? null),
    };
  };
}

/**
 * A batch of tie rows as the parallel lists create-ties-by-node takes. An end without a node number
 * (deleted meanwhile) becomes −1, which matches nothing: the short count then says so.
 */
function tieColumns(nodes: Map<string, number>) {
  return (batch: Row[]) => {
    const ties = batch as unknown as Tie[];
    return {
      source: ties.map((t) => nodes.get(t.source) ?? -1),
      target: ties.map((t) => nodes.get(t.target) ?? -1),
      layer: ties.map((t) => t.layer),
      weight: ties.map((t) => t.weight ?? null),
      since: ties.map((t) => t.since ?? null),
    };
  };
}

/** The bundle's participants that the database does not hold yet (read inside the import's transaction). */
async function freshParticipants(tx: ManagedTransaction, bundle: Bundle): Promise<Set<string>> {
  const ids = bundle.participants.map((p) => p.id);
  const record = (await tx.run(cypher('existing-participants'), { ids })).records[0];
  const existing = new Set((record?.get('existing') as string[] | undefined) ?? []);
  return new Set(ids.filter((id) => !existing.has(id)));
}

/** Rows of these statements refer to stored nodes; each must match, or a reference vanished meanwhile. */
const REFERRING = new Set<CollectionKey>(['memberships', 'ties', 'observations']);

/** What the database holds of the ids a bundle refers to, read in the given transaction. */
export async function knownIdsIn(tx: ManagedTransaction, bundle: Bundle): Promise<KnownIds> {
  const wanted = unresolvedReferences(bundle);
  const params = Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, [...v]]));
  const record = (await tx.run(cypher('known-ids'), params)).records[0]!;
  return {
    participants: new Set(record.get('participants') as string[]),
    clusters: new Set(record.get('clusters') as string[]),
    platforms: new Set(record.get('platforms') as string[]),
    projects: new Set(record.get('projects') as string[]),
    layers: new Map(record.get('layers') as [string, boolean][]),
  };
}

async function lookUpKnownIds(store: Store, bundle: Bundle): Promise<KnownIds> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead((tx) => knownIdsIn(tx, bundle));
  } finally {
    await s.close();
  }
}

/**
 * Validates a bundle completely (throwing ValidationError with every problem) and returns it. With a
 * transaction, references are checked in it (the import's own write transaction), so that what the
 * check saw is what the import writes against.
 */
export async function validateForImport(
  store: Store | undefined,
  raw: RawBundle,
  replace = false,
  tx?: ManagedTransaction,
  parsed: ParsedBundle = parseRows(raw),
) {
  const known =
    replace || !store
      ? noKnownIds()
      : tx
        ? await knownIdsIn(tx, parsed.bundle)
        : await lookUpKnownIds(store, parsed.bundle);
  // Every problem at once: those of single rows and those between rows.
  const problems = [...parsed.problems, ...checkReferences(parsed, known)];
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    bundle: parsed.bundle,
    directed: layerDirections(parsed.bundle, known),
    storedLayers: known.layers,
  };
}

/** A concurrent import changed what this one refers to; the transaction is rolled back and run again. */
class ConcurrentChange extends Error {}

async function runSteps(tx: ManagedTransaction, steps: Step[], report: ImportReport, options: ImportOptions) {
  const total = steps.reduce((n, s) => n + s.rows.length, 0);
  let done = 0;
  options.onProgress?.(0, total);
  for (const step of steps) {
    const entry = (report.collections[step.key] ??= { rows: 0, written: 0 });
    let started = performance.now();
    const paramsOf = step.params ? await step.params(tx) : (rows: Row[]) => ({ rows });
    if (step.params) options.onStatement?.(`${step.statement}:prepare`, 0, performance.now() - started);
    for (let i = 0; i < step.rows.length; i += BATCH_SIZE) {
      const batch = step.rows.slice(i, i + BATCH_SIZE);
      started = performance.now();
      const record = (await tx.run(cypher(step.statement), paramsOf(batch))).records[0];
      options.onStatement?.(step.statement, batch.length, performance.now() - started);
      const matched = record ? toNumber(record.get('rows')) : 0;
      if (REFERRING.has(step.key) && matched !== batch.length) {
        throw new ConcurrentChange(
          `${batch.length - matched} ${step.key} rows lost what they refer to while importing`,
        );
      }
      entry.rows += batch.length;
      entry.written += record ? toNumber(record.get('written')) : 0;
      done += batch.length;
      options.onProgress?.(done, total);
    }
  }
}

type Keyed = { key: string; row: unknown };

/** The bundle's keys and the stored keys, for --replace: what is stored and not in the bundle goes. */
function deletions(bundle: Bundle, directed: Map<string, boolean>, stored: Record<string, unknown[]>) {
  const tieKey = (layer: string, a: string, b: string) =>
    directed.get(layer) || a < b ? `${layer}|${a}|${b}` : `${layer}|${b}|${a}`;
  const relationshipOf = Object.fromEntries(MEMBERSHIP_TARGETS.map((t) => [t.field, t.relationship]));
  const keep = {
    participants: new Set(bundle.participants.map((p) => p.id)),
    clusters: new Set(bundle.clusters.map((c) => c.id)),
    platforms: new Set(bundle.platforms.map((p) => p.id)),
    projects: new Set(bundle.projects.map((p) => p.id)),
    regions: new Set(
      [...bundle.regions, ...bundle.participants, ...bundle.clusters].map((x) =>
        'region' in x ? x.region : x.id,
      ),
    ),
    layers: new Set(directed.keys()),
    memberships: new Set(
      bundle.memberships.map((m) => {
        const t = MEMBERSHIP_TARGETS.find((x) => m[x.field] !== undefined)!;
        return `${m.participant}|${relationshipOf[t.field]}|${m[t.field]}`;
      }),
    ),
    ties: new Set(bundle.ties.map((t) => tieKey(t.layer, t.source, t.target))),
    observations: new Set(bundle.observations.map((o) => `${o.participant}|${o.indicator}|${o.year}`)),
  };
  for (const r of bundle.regions) keep.regions.add(r.id);
  const gone = (key: keyof typeof keep, items: Keyed[]) =>
    items.filter((i) => !keep[key].has(i.key)).map((i) => i.row);
  const ids = (key: string) => (stored[key] as string[]).map((id) => ({ key: id, row: id }));
  return [
    {
      statement: 'delete-ties',
      rows: gone(
        'ties',
        (stored.ties as [string, string, string, number][]).map(([layer, source, target, id]) => ({
          key: tieKey(layer, source, target),
          row: { layer, source, target, id },
        })),
      ),
    },
    {
      statement: 'delete-memberships',
      rows: gone(
        'memberships',
        (stored.memberships as [string, string, string][]).map(([participant, type, target]) => ({
          key: `${participant}|${type}|${target}`,
          row: { participant, type, target },
        })),
      ),
    },
    {
      statement: 'delete-observations',
      rows: gone(
        'observations',
        (stored.observations as [string, string, unknown][]).map(([participant, indicator, year]) => ({
          key: `${participant}|${indicator}|${toNumber(year)}`,
          row: { participant, indicator, year },
        })),
      ),
    },
    ...(['participants', 'clusters', 'platforms', 'projects', 'regions', 'layers'] as const).map((key) => ({
      statement: `delete-${key}`,
      rows: gone(key, ids(key)),
    })),
  ].filter((d) => d.rows.length > 0);
}

async function deleteWhatTheBundleLacks(
  tx: ManagedTransaction,
  bundle: Bundle,
  directed: Map<string, boolean>,
  options: ImportOptions,
): Promise<number> {
  let started = performance.now();
  const record = (await tx.run(cypher('existing-keys'))).records[0]!;
  options.onStatement?.('existing-keys', 0, performance.now() - started);
  const stored = Object.fromEntries(record.keys.map((k) => [k as string, record.get(k) as unknown[]]));
  let deleted = 0;
  for (const step of deletions(bundle, directed, stored)) {
    for (let i = 0; i < step.rows.length; i += BATCH_SIZE) {
      const rows = step.rows.slice(i, i + BATCH_SIZE);
      started = performance.now();
      const result = await tx.run(cypher(step.statement), { rows });
      options.onStatement?.(step.statement, rows.length, performance.now() - started);
      deleted += toNumber(result.records[0]?.get('deleted') ?? 0);
    }
  }
  return deleted;
}

/**
 * Validates and imports a bundle. Throws ValidationError (nothing written) when any row is wrong;
 * any later failure rolls the whole transaction back. With `replace`, the stored network becomes
 * exactly the bundle: rows are merged as usual, then whatever the bundle lacks is deleted (deleting
 * only the difference keeps a replace of unchanged data a no-op, and keeps index look-ups fast).
 */
export async function importBundle(
  store: Store,
  raw: RawBundle,
  options: ImportOptions = {},
): Promise<ImportReport> {
  // Rows that are wrong on their own are reported without opening a write transaction.
  let started = performance.now();
  const parsed = parseRows(raw);
  options.onStatement?.('parse-rows', 0, performance.now() - started);
  if (parsed.problems.length > 0) await validateForImport(store, raw, options.replace, undefined, parsed);
  const importId = options.importId ?? randomUUID();
  let committing = false;
  for (let attempt = 1; ; attempt++) {
    const s = session(store, 'WRITE');
    try {
      return await s
        .executeWrite(async (tx) => {
          committing = false;
          await tx.run(cypher('lock-imports'));
          // A retried transaction function starts again from a fresh report and a fresh check.
          started = performance.now();
          const { bundle, directed, storedLayers } = await validateForImport(
            store,
            raw,
            options.replace,
            tx,
            parsed,
          );
          options.onStatement?.('check-references', 0, performance.now() - started);
          const report: ImportReport = { collections: {}, deleted: 0, changed: false, importId };
          const before = options.auditClient ? await graphVersionIn(tx) : 0;
          started = performance.now();
          const fresh = await freshParticipants(tx, bundle);
          const steps = importSteps(bundle, directed, storedLayers, fresh);
          options.onStatement?.('plan-steps', 0, performance.now() - started);
          await runSteps(tx, steps, report, options);
          if (options.replace) report.deleted = await deleteWhatTheBundleLacks(tx, bundle, directed, options);
          report.changed = report.deleted > 0 || Object.values(report.collections).some((c) => c.written > 0);
          if (report.changed) {
            report.graphVersion = toNumber(
              (await tx.run(cypher('bump-graph-version'), { importId })).records[0]!.get('version'),
            );
          }
          if (options.auditClient) await auditImport(tx, options.auditClient, report, before, options);
          committing = true;
          started = performance.now();
          return report;
        })
        .then((report) => {
          options.onStatement?.('commit', 0, performance.now() - started);
          return report;
        });
    } catch (error) {
      // Two imports that meet: one created a participant the other also took for new (a uniqueness
      // constraint refuses the second), or one deleted what the other refers to. Run it again: it then
      // merges with, or is refused for, what the other committed.
      if ((error instanceof ConcurrentChange || isConstraintViolation(error)) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
        continue;
      }
      if (error instanceof ConcurrentChange) throw new ImportConflictError(error.message, { cause: error });
      if (isConnectionLoss(error)) {
        throw new DatabaseUnavailableError(
          committing
            ? `the connection to Neo4j was lost while the import was being committed; whether it landed ` +
                `is known once Neo4j is back (import ${importId}; importing the same data again is safe)`
            : 'the connection to Neo4j was lost; nothing was written',
          { cause: error },
        );
      }
      throw error;
    } finally {
      await s.close().catch(() => {});
    }
  }
}

const MAX_ATTEMPTS = 5;

/** The import's entry in the audit trail; its id names it (GET /api/audit?id=<importId>). */
async function auditImport(
  tx: ManagedTransaction,
  client: string,
  report: ImportReport,
  before: number,
  options: ImportOptions,
): Promise<void> {
  await recordAudit(tx, {
    client,
    operation: 'bundle.import',
    ids: [report.importId],
    status: 200,
    graphVersion: report.graphVersion ?? before,
    graphVersionBefore: before,
    import: {
      replace: options.replace === true,
      importId: report.importId,
      collections: report.collections as Record<string, { rows: number; written: number }>,
      deleted: report.deleted,
      changed: report.changed,
    },
  });
}

/** Imports kept meeting the same concurrent changes; the caller may try again later. */
export class ImportConflictError extends DatabaseUnavailableError {}

function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

/** The driver could not reach Neo4j, or lost it in the middle of a transaction. */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: string; name?: string };
  return e?.name === 'Neo4jError' && (e.code === 'ServiceUnavailable' || e.code === 'SessionExpired');
}

/**
 * Whether the import with this id was committed, and the graph version now. Takes the imports' lock first,
 * so that an import still committing or rolling back (its client gone) is finished before the answer.
 */
export async function importLanded(
  store: Store,
  importId: string,
): Promise<{ landed: boolean; version: number }> {
  const s = session(store, 'WRITE');
  try {
    const record = await s.executeWrite(async (tx) => {
      await tx.run(cypher('lock-imports'));
      return (await tx.run(cypher('import-landed'), { importId })).records[0]!;
    });
    return { landed: record.get('landed') as boolean, version: toNumber(record.get('version')) };
  } finally {
    await s.close();
  }
}

/**
 * After an offline load (neo4j-admin writes no Meta node): the graph version and the load's id, as an
 * import into an empty database leaves them, so that caches and `importLanded` work the same.
 */
export async function stampLoadedGraph(store: Store, importId: string): Promise<number> {
  const s = session(store, 'WRITE');
  try {
    return await s.executeWrite(async (tx) => {
      await tx.run(cypher('lock-imports'));
      return toNumber((await tx.run(cypher('bump-graph-version'), { importId })).records[0]!.get('version'));
    });
  } finally {
    await s.close();
  }
}
