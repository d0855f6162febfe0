/**
 * The CSV folder: one UTF-8 file per collection (`participants.csv`, `ties.csv`, …) with a header row.
 * Free attributes are columns `attr.<name>` (strings), `attr.<name>:number` or `attr.<name>:boolean`,
 * so that their types survive a round trip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Problem } from '../errors.ts';
import { decodeText, describeInvalid, invalidUtf8, parseJsonBytes, type InvalidByte } from './bytes.ts';
import { canonicalBundle } from './canonical.ts';
import { DECIMAL_NUMBER, LIMITS, reservedProblem, stringProblem } from './limits.ts';
import { COLLECTIONS, COLLECTION_KEYS, type Bundle, type CollectionKey } from './model.ts';
import type { RawBundle, RawRow } from './validate.ts';

type AttributeType = 'string' | 'number' | 'boolean';
const ATTRIBUTE_COLUMN = /^attr\.([A-Za-z_][A-Za-z0-9_]{0,63})(?::(string|number|boolean))?$/;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** A CSV file as given: its bytes (checked to be UTF-8), or text already decoded. */
export interface CsvFile {
  name: string;
  bytes: Uint8Array | string;
}

function readCsvText(
  name: string,
  text: string,
  key: CollectionKey,
  problems: Problem[],
  invalid: InvalidByte[] = [],
): RawRow[] {
  const spec = COLLECTIONS[key];
  // Bytes that were not UTF-8 are U+FFFD in the text; each is reported once, with the cell's column
  // where the cell is found, else with its line and column.
  const badLines = new Map<number, InvalidByte>();
  for (const b of invalid) if (!badLines.has(b.line)) badLines.set(b.line, b);
  const reportBadCells = (first: number, last: number, cells: string[], columns: string[]) => {
    for (let line = first; line <= last; line++) {
      const b = badLines.get(line);
      if (!b) continue;
      const i = cells.findIndex((cell) => cell.includes('\uFFFD'));
      const field = i >= 0 ? (columns[i] ?? `column ${i + 1}`) : undefined;
      problems.push({ file: name, line, ...(field ? { field } : {}), message: describeInvalid(b) });
      badLines.delete(line);
    }
  };
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    problems.push({ file: name, line: e.lines, message: `is not valid CSV: ${e.message}` });
    return [];
  }
  if (records.length === 0) {
    problems.push({ file: name, line: 1, message: 'has no header row' });
    return [];
  }
  const header = records[0]!.record.map((h) => h.trim());
  reportBadCells(1, records[0]!.info.lines, header, header);
  const fields = new Set(spec.fields.map((f) => f.name));
  const attributeColumns = new Map<number, { name: string; type: AttributeType }>();
  const seen = new Set<string>();
  header.forEach((column, i) => {
    if (seen.has(column)) problems.push({ file: name, line: 1, field: column, message: 'duplicate column' });
    seen.add(column);
    const attr = ATTRIBUTE_COLUMN.exec(column);
    if (fields.has(column)) return;
    const reserved = attr && reservedProblem(attr[1]!);
    if (reserved) {
      problems.push({ file: name, line: 1, field: column, message: reserved });
      return;
    }
    if (attr && spec.attributes) {
      attributeColumns.set(i, { name: attr[1]!, type: (attr[2] as AttributeType) ?? 'string' });
      return;
    }
    const hint = spec.attributes ? '; free attributes are attr.<name>[:number|:boolean] columns' : '';
    problems.push({
      file: name,
      line: 1,
      field: column,
      message: `unknown column; expected ${[...fields].join(', ')}${hint}`,
    });
  });
  if (attributeColumns.size > LIMITS.attributeCount) {
    problems.push({
      file: name,
      line: 1,
      message: `has ${attributeColumns.size} attribute columns; at most ${LIMITS.attributeCount} are allowed`,
    });
  }
  for (const field of spec.fields) {
    if (field.required && !header.includes(field.name)) {
      problems.push({ file: name, line: 1, field: field.name, message: 'required column is missing' });
    }
  }
  const rows: RawRow[] = [];
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line where the record ends; quoted cells may span lines.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const at = { file: name, line };
    reportBadCells(line, info.lines, record, header);
    if (record.length !== header.length) {
      problems.push({ ...at, message: `has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    const values: Record<string, unknown> = {};
    const attributes: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      const attr = attributeColumns.get(i);
      if (!attr) {
        if (fields.has(header[i]!) && cell !== '') values[header[i]!] = cell;
        return;
      }
      if (cell === '') return;
      const field = header[i]!;
      if (attr.type === 'number') {
        const n = DECIMAL_NUMBER.test(cell) ? Number(cell) : NaN;
        if (!Number.isFinite(n))
          problems.push({ ...at, field, message: `must be a decimal number, got '${cell.slice(0, 80)}'` });
        else attributes[attr.name] = n;
      } else if (attr.type === 'boolean') {
        if (cell !== 'true' && cell !== 'false')
          problems.push({ ...at, field, message: `must be true or false, got '${cell.slice(0, 80)}'` });
        else attributes[attr.name] = cell === 'true';
      } else {
        const error = stringProblem(cell);
        if (error) problems.push({ ...at, field, message: error });
        else attributes[attr.name] = cell;
      }
    });
    rows.push({
      values,
      attributes: Object.keys(attributes).length ? attributes : undefined,
      at,
      textual: true,
    });
  }
  // Bad bytes that no record holds (a blank line, a line the parser skipped).
  for (const [line, b] of badLines) problems.push({ file: name, line, message: describeInvalid(b) });
  return rows;
}

/** Reads a folder of CSV files; unknown files are reported, missing ones are empty collections. */
export function readCsvFolder(folder: string): RawBundle {
  let files: string[];
  try {
    files = fs.readdirSync(folder);
  } catch (error) {
    return {
      collections: {},
      problems: [{ file: folder, message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  const texts = files
    .filter((f) => f.endsWith('.csv') || f === 'meta.json')
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(folder, name)) }));
  return readCsvFiles(texts, path.basename(folder));
}

/**
 * Reads CSV files given as texts (a folder's files, or the parts of an upload): `<collection>.csv`
 * each, and optionally `meta.json`. Unknown files are reported; missing ones are empty collections.
 */
export function readCsvFiles(files: CsvFile[], source = 'upload'): RawBundle {
  const raw: RawBundle = { collections: {}, problems: [] };
  const known = new Set(COLLECTION_KEYS.map((k) => `${k}.csv`));
  for (const { name } of files) {
    if (name !== 'meta.json' && !known.has(name)) {
      raw.problems.push({ file: name, message: `unknown file; expected ${[...known].join(', ')}` });
    }
  }
  if (!files.some((f) => known.has(f.name))) {
    raw.problems.push({ file: source, message: `holds none of ${[...known].join(', ')}` });
  }
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  for (const key of COLLECTION_KEYS) {
    const name = `${key}.csv`;
    const content = byName.get(name);
    if (content === undefined) continue;
    const invalid = typeof content === 'string' ? [] : invalidUtf8(content);
    const text = typeof content === 'string' ? content : decodeText(content);
    raw.collections[key] = readCsvText(name, text, key, raw.problems, invalid);
  }
  const meta = byName.get('meta.json');
  if (meta !== undefined) {
    const parsed = parseJsonBytes(typeof meta === 'string' ? Buffer.from(meta) : meta, 'meta.json');
    raw.problems.push(...parsed.problems);
    if (parsed.problems.length === 0)
      raw.meta = { value: parsed.value, at: { file: 'meta.json', path: '$' } };
  }
  return raw;
}

function attributeType(values: unknown[]): AttributeType {
  const types = new Set(values.map((v) => typeof v));
  if (types.size === 1 && types.has('number')) return 'number';
  if (types.size === 1 && types.has('boolean')) return 'boolean';
  return 'string';
}

/** The CSV text of one collection. Attributes of mixed types are written as strings. */
export function collectionToCsv(key: CollectionKey, rows: Record<string, unknown>[]): string {
  const spec = COLLECTIONS[key];
  const attributeValues = new Map<string, unknown[]>();
  for (const row of rows) {
    for (const [name, value] of Object.entries((row.attributes as Record<string, unknown>) ?? {})) {
      if (!attributeValues.has(name)) attributeValues.set(name, []);
      attributeValues.get(name)!.push(value);
    }
  }
  const attributes = [...attributeValues.keys()].sort().map((name) => {
    const type = attributeType(attributeValues.get(name)!);
    return { name, column: type === 'string' ? `attr.${name}` : `attr.${name}:${type}` };
  });
  const header = [...spec.fields.map((f) => f.name), ...attributes.map((a) => a.column)];
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const body = rows.map((row) => [
    ...spec.fields.map((f) => cell(row[f.name])),
    ...attributes.map((a) => cell((row.attributes as Record<string, unknown> | undefined)?.[a.name])),
  ]);
  return stringify([header, ...body]);
}

export function writeCsvFolder(bundle: Bundle, folder: string): void {
  const canonical = canonicalBundle(bundle);
  fs.mkdirSync(folder, { recursive: true });
  for (const key of COLLECTION_KEYS) {
    const rows = canonical[key] as unknown as Record<string, unknown>[];
    fs.writeFileSync(path.join(folder, `${key}.csv`), collectionToCsv(key, rows));
  }
  if (canonical.meta)
    fs.writeFileSync(path.join(folder, 'meta.json'), `${JSON.stringify(canonical.meta, null, 2)}\n`);
}
