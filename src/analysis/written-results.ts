/**
 * Results written back to Neo4j as participant properties (`analyze <measure> --write`,
 * `POST /api/analysis/{measure}/write`), so that Neo4j Browser, Bloom and other tools see them.
 *
 * The property is named by the measure and the settings that shape its result, deterministically:
 * `cl_<measure>` when every option is at its default and the whole network is used, otherwise
 * `cl_<measure>_<8 hex digits>` — the start of the SHA-256 of the settings that differ from the defaults
 * (canonical JSON: sorted keys, sorted lists). The settings themselves are kept beside the values, on the
 * result's `:AnalysisResult` node (src/store/analysis-results.ts), so that the suffix can be read back.
 * Per-participant outputs beside the main one (HITS authorities, brokerage roles) are written as
 * `<property>_<output>`.
 *
 * This module only names and shapes; it does no I/O.
 */
import { createHash } from 'node:crypto';
import type { MeasureDescriptor } from './registry.ts';
import type { MeasureResult, MeasureView } from './run.ts';

/** Every written result's property starts with this; other code skips such properties (they are not data). */
export const WRITTEN_RESULT_PREFIX = 'cl_';

/** Whether a stored participant property is a written result rather than one of the participant's fields. */
export const isWrittenResult = (property: string) => property.startsWith(WRITTEN_RESULT_PREFIX);

/** The view keys that select the network (besides the measure's own options), in a fixed order. */
const VIEW_KEYS = ['layers', 'clusters', 'platforms', 'kinds', 'regions', 'since', 'until'] as const;

/** The settings that make a result differ from the measure's defaults on the whole network. */
export function resultSettings(
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  view: MeasureView,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const p of descriptor.parameters) {
    const value = options[p.name];
    if (value !== undefined && value !== p.default) settings[p.name] = value;
  }
  for (const key of VIEW_KEYS) {
    const value = view[key];
    if (value === undefined || value === null) continue;
    // A list selects a set: its order and repeats do not change the result.
    if (Array.isArray(value)) {
      if (value.length > 0) settings[key] = [...new Set(value.map(String))].sort();
    } else settings[key] = value;
  }
  if (view.directed === true) settings.directed = true;
  return Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The property a result is written to (see the header comment). */
export function resultProperty(measureId: string, settings: Record<string, unknown>): string {
  const base = `${WRITTEN_RESULT_PREFIX}${snake(measureId)}`;
  if (Object.keys(settings).length === 0) return base;
  const digest = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
  return `${base}_${digest.slice(0, 8)}`;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');

/** One per-participant output of a result, and the property it is written to. */
export interface WrittenOutput {
  /** The result's field (`values`, `communities`, `authorities` …). */
  field: string;
  property: string;
  /** Community ids and counts are written as integers (Neo4j shows 3, not 3.0). */
  integer: boolean;
}

/** What is written for one result: its outputs, a row per participant, and the rest of the result. */
export interface WrittenResult {
  property: string;
  measure: string;
  settings: Record<string, unknown>;
  outputs: WrittenOutput[];
  /** Per participant, its value of each output, in the order of `outputs` (NaN where undefined). */
  rows: { id: string; values: number[] }[];
  /** The result without its per-participant maps (options, modularity …), to give it back whole. */
  summary: Record<string, unknown>;
}

/** The main per-participant field of a result of each kind. */
const MAIN_FIELD = { node: 'values', community: 'communities' } as const;

/** A map from participant id to a number (or null for an undefined value, as JSON gives NaN). */
function isParticipantMap(value: unknown): value is Record<string, number | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'number' || v === null);
}

/**
 * Splits a result of a node or community measure into what is written. Whatever engine computed it,
 * a result is the registry's shape: the main map (`values` or `communities`), perhaps further maps
 * from participant to number, and fields that describe the whole (options, modularity …).
 */
export function writtenResult(
  descriptor: MeasureDescriptor,
  settings: Record<string, unknown>,
  result: MeasureResult,
): WrittenResult {
  if (descriptor.kind === 'multilayer') {
    throw new TypeError(`${descriptor.id} gives no value per participant to write`);
  }
  const property = resultProperty(descriptor.id, settings);
  const main = MAIN_FIELD[descriptor.kind];
  const fields = Object.entries(result).filter(
    ([field, value]) => field !== 'options' && isParticipantMap(value),
  );
  if (!fields.some(([field]) => field === main)) {
    throw new TypeError(`the ${descriptor.id} result has no '${main}' map to write`);
  }
  // The main output first, the others in the result's order.
  fields.sort(([a], [b]) => (a === main ? -1 : b === main ? 1 : 0));
  const outputs: WrittenOutput[] = fields.map(([field, map]) => ({
    field,
    property: field === main ? property : `${property}_${snake(field)}`,
    integer: Object.values(map).every((v) => v !== null && Number.isSafeInteger(v)),
  }));
  const maps = fields.map(([, map]) => map as Record<string, number | null>);
  const ids = Object.keys(maps[0]!);
  const rows = ids.map((id) => ({ id, values: maps.map((m) => m[id] ?? Number.NaN) }));
  const summary = Object.fromEntries(
    Object.entries(result).filter(([field]) => !fields.some(([f]) => f === field)),
  );
  return { property, measure: descriptor.id, settings, outputs, rows, summary };
}

/** A written result read back: the summary with its per-participant maps put back in. */
export function resultFromWritten(
  summary: Record<string, unknown>,
  outputs: WrittenOutput[],
  rows: { id: string; values: (number | null)[] }[],
): MeasureResult {
  const maps = outputs.map(() => ({}) as Record<string, number>);
  for (const row of rows) {
    outputs.forEach((_, i) => {
      const value = row.values[i];
      maps[i]![row.id] = value === null || value === undefined ? Number.NaN : value;
    });
  }
  const result: Record<string, unknown> = { ...summary };
  outputs.forEach((o, i) => (result[o.field] = maps[i]));
  return result as unknown as MeasureResult;
}
