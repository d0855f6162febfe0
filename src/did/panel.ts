/**
 * A panel for difference-in-differences: one row per unit and period, read from rows or CSV and
 * validated before any estimator sees it (in the manner of `did::pre_process_did`, Callaway &
 * Sant'Anna 2021). Problems are refused with a ValidationError that names the problem, the column and
 * the first offending rows. Missing outcome or covariate values ("", NA, NaN, .) drop their row with a
 * warning, as R's complete-case handling does; anything else that is not a number is refused.
 */
import { parse } from 'csv-parse/sync';
import { InvalidArgumentError, ValidationError, type Problem } from '../errors.ts';
import { PANEL_DEFAULTS } from './defaults.ts';

export interface PanelSpec {
  /** Unit id column; without it every row is its own unit (repeated cross-sections; 2 × 2 only). */
  unit?: string;
  time: string;
  outcome: string;
  /** Staggered adoption: the first treated period of the unit, `neverValue` for never treated. */
  cohort?: string;
  neverValue?: number;
  /** Canonical 2 × 2: treated-group and post-period indicators (0/1). */
  treat?: string;
  post?: string;
  cluster?: string;
  covariates?: string[];
  /** Take logs of the outcome (it must be positive). */
  log?: boolean;
  /** Cohorts with fewer units are refused (default 2). */
  minCohortSize?: number;
  /** Refuse a staggered panel without never-treated units (default false: not-yet-treated may serve). */
  requireNeverTreated?: boolean;
}

export interface Panel {
  source: string;
  spec: PanelSpec;
  /** Number of kept rows. */
  rows: number;
  unitIds: string[];
  /** Unit index of each row. */
  unit: Int32Array;
  /** The distinct periods, ascending. */
  times: number[];
  /** Period index of each row (into `times`). */
  time: Int32Array;
  y: Float64Array;
  /** Staggered adoption: first treated period of each unit, 0 for never treated. */
  cohortOfUnit?: Float64Array;
  treat?: Float64Array;
  post?: Float64Array;
  cluster?: Int32Array;
  clusterIds?: string[];
  covariates: { name: string; values: Float64Array }[];
  /** Where each kept row came from: CSV line, or row index + 1. */
  lines: Int32Array;
  /** Every unit observed in every period once. */
  balanced: boolean;
  warnings: string[];
}

type Row = Record<string, unknown>;
const MISSING = new Set(['', 'NA', 'NaN', 'nan', '.', 'null']);
const SHOWN = 5;

/** Reads a panel from CSV text (a header row, then one row per unit and period). */
export function panelFromCsv(text: string, spec: PanelSpec, source = 'panel.csv'): Panel {
  let records: Row[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Row[];
  } catch (error) {
    throw new ValidationError([
      { file: source, message: `not readable as CSV: ${(error as Error).message}` },
    ]);
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = parse(header, { trim: true }) as string[][];
  return panelFromRows(records, spec, { source, columns: columns[0] ?? [], firstLine: 2 });
}

export interface RowsOptions {
  source?: string;
  /** Column names (default: the keys of the first row). */
  columns?: string[];
  /** Line number of the first row (CSV: 2); rows without it are numbered from 1. */
  firstLine?: number;
}

/**
 * How a panel spec is read when an option is left out: the defaults of src/did/defaults.ts, and that
 * the columns alone decide (no covariates; not-yet-treated units may serve as controls).
 */
const SPEC_DEFAULTS = {
  neverValue: PANEL_DEFAULTS.neverValue,
  log: PANEL_DEFAULTS.log,
  minCohortSize: PANEL_DEFAULTS.minCohortSize,
  requireNeverTreated: false,
  covariates: [] as string[],
};

type Spec = PanelSpec & typeof SPEC_DEFAULTS;

/** What every step of reading rows needs: the rows, the spec, and how to name a row in an error. */
interface Reading {
  records: Row[];
  spec: Spec;
  source: string;
  firstLine: number;
  where(i: number): Pick<Problem, 'line' | 'path'>;
}

/** Builds and validates a panel from plain rows (objects keyed by column name). */
export function panelFromRows(records: Row[], specIn: PanelSpec, options: RowsOptions = {}): Panel {
  const spec: Spec = { ...SPEC_DEFAULTS, ...specIn };
  const firstLine = options.firstLine ?? 1;
  const reading: Reading = {
    records,
    spec,
    source: options.source ?? 'panel',
    firstLine,
    where: (i) => (options.firstLine !== undefined ? { line: i + firstLine } : { path: `row ${i + 1}` }),
  };
  const design = checkDesign(spec);
  requireColumns(reading, options.columns ?? Object.keys(records[0] ?? {}));
  const { parsed, keep, warnings } = numericColumns(reading);
  if (spec.log) requirePositive(reading, parsed.get(spec.outcome)!, keep);
  const panel = unitsAndPeriods(reading, parsed, keep, warnings);
  if (spec.cluster !== undefined) addClusters(panel, reading, keep, spec.cluster);
  if (design === '2x2') addTreatAndPost(panel, reading, parsed, keep);
  else addCohorts(panel, reading, parsed, keep);
  return panel;
}

/** The design the columns name: staggered adoption (a cohort column) or a 2 × 2 (treat and post). */
function checkDesign(spec: Spec): 'staggered' | '2x2' {
  if (!spec.time || !spec.outcome)
    throw new InvalidArgumentError('a panel needs a time and an outcome column');
  const staggered = spec.cohort !== undefined;
  const twoByTwo = spec.treat !== undefined || spec.post !== undefined;
  if (staggered === twoByTwo)
    throw new InvalidArgumentError('give either a cohort column, or treat and post columns');
  if (twoByTwo && (spec.treat === undefined || spec.post === undefined))
    throw new InvalidArgumentError('a 2 × 2 panel needs both the treat and the post column');
  return staggered ? 'staggered' : '2x2';
}

/** 1. Every named column exists, and there are rows. */
function requireColumns({ records, spec, source }: Reading, columns: string[]): void {
  const wanted = [
    spec.unit,
    spec.time,
    spec.outcome,
    spec.cohort,
    spec.treat,
    spec.post,
    spec.cluster,
    ...spec.covariates,
  ].filter((c): c is string => c !== undefined);
  const missingColumns = wanted.filter((c) => !columns.includes(c));
  if (missingColumns.length > 0)
    throw new ValidationError(
      missingColumns.map((c) => ({
        file: source,
        field: c,
        message: `column '${c}' not found (columns: ${columns.join(', ')})`,
      })),
      `missing column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.map((c) => `'${c}'`).join(', ')} in ${source}`,
    );
  if (records.length === 0)
    throw new ValidationError([{ file: source, message: 'the panel has no rows' }], `${source} has no rows`);
}

/**
 * 2. Numbers: time, cohort, treat, post, outcome, covariates (ids stay strings). A missing outcome or
 * covariate drops its row with a warning; any other value that is not a number is refused.
 */
function numericColumns({ records, spec, source, where }: Reading) {
  const columns = [spec.time, spec.outcome, spec.cohort, spec.treat, spec.post, ...spec.covariates].filter(
    (c): c is string => c !== undefined,
  );
  const mayBeMissing = new Set([spec.outcome, ...spec.covariates]);
  const parsed = new Map<string, Float64Array>();
  const dropRow = new Uint8Array(records.length);
  let dropped = 0;
  for (const column of columns) {
    const values = new Float64Array(records.length);
    const bad: Problem[] = [];
    let badCount = 0;
    for (let i = 0; i < records.length; i++) {
      const raw = records[i]![column];
      const value = toNumber(raw);
      if (value === null) {
        if (mayBeMissing.has(column)) {
          if (!dropRow[i]) dropped++;
          dropRow[i] = 1;
          values[i] = NaN;
          continue;
        }
        badCount++;
        if (bad.length < SHOWN)
          bad.push({ file: source, ...where(i), field: column, message: `missing value in '${column}'` });
      } else if (Number.isNaN(value)) {
        badCount++;
        if (bad.length < SHOWN)
          bad.push({
            file: source,
            ...where(i),
            field: column,
            message: `not a number: ${JSON.stringify(raw)}`,
          });
      } else values[i] = value;
    }
    if (badCount > 0) {
      throw new ValidationError(
        bad,
        `column '${column}' of ${source}: ${badCount} value${badCount > 1 ? 's are' : ' is'} not numeric (first rows below)`,
      );
    }
    parsed.set(column, values);
  }
  const keep: number[] = [];
  for (let i = 0; i < records.length; i++) if (!dropRow[i]) keep.push(i);
  const warnings: string[] = [];
  if (dropped > 0)
    warnings.push(
      `${dropped} row${dropped > 1 ? 's' : ''} with a missing outcome or covariate dropped (first at ${describe(where(dropRow.indexOf(1)))})`,
    );
  if (keep.length === 0)
    throw new ValidationError(
      [{ file: source, field: spec.outcome, message: 'every row has a missing value' }],
      `${source}: no complete rows`,
    );
  return { parsed, keep, warnings };
}

/** 3. A logged outcome must be positive. */
function requirePositive({ spec, source, where }: Reading, yAll: Float64Array, keep: number[]): void {
  const bad = keep.filter((i) => !(yAll[i]! > 0));
  if (bad.length > 0)
    throw new ValidationError(
      bad.slice(0, SHOWN).map((i) => ({
        file: source,
        ...where(i),
        field: spec.outcome,
        message: `log of a non-positive value ${yAll[i]}`,
      })),
      `column '${spec.outcome}' of ${source}: ${bad.length} value${bad.length > 1 ? 's are' : ' is'} not positive, so no logarithm`,
    );
}

/** 4. Units and periods indexed, the outcome per kept row, no unit twice in a period. */
function unitsAndPeriods(
  reading: Reading,
  parsed: Map<string, Float64Array>,
  keep: number[],
  warnings: string[],
): Panel {
  const { records, spec, source, where, firstLine } = reading;
  const unitIndex = new Map<string, number>();
  const unitIds: string[] = [];
  const yAll = parsed.get(spec.outcome)!;
  const timeAll = parsed.get(spec.time)!;
  const timeSet = [...new Set(keep.map((i) => timeAll[i]!))].sort((a, b) => a - b);
  const timeIndex = new Map(timeSet.map((t, i) => [t, i]));
  const n = keep.length;
  const unit = new Int32Array(n);
  const time = new Int32Array(n);
  const y = new Float64Array(n);
  const lines = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = keep[r]!;
    const id = spec.unit !== undefined ? idOf(records[i]![spec.unit]) : `row-${i + 1}`;
    if (id === '') {
      throw new ValidationError(
        [{ file: source, ...where(i), field: spec.unit, message: 'missing unit id' }],
        `column '${spec.unit}' of ${source}: missing unit id`,
      );
    }
    let u = unitIndex.get(id);
    if (u === undefined) {
      u = unitIds.length;
      unitIndex.set(id, u);
      unitIds.push(id);
    }
    unit[r] = u;
    time[r] = timeIndex.get(timeAll[i]!)!;
    y[r] = spec.log ? Math.log(yAll[i]!) : yAll[i]!;
    lines[r] = i + firstLine;
  }
  const nT = timeSet.length;
  const firstRowOf = new Int32Array(unitIds.length * nT).fill(-1);
  const duplicates: Problem[] = [];
  let duplicateCount = 0;
  for (let r = 0; r < n; r++) {
    const cell = unit[r]! * nT + time[r]!;
    const earlier = firstRowOf[cell]!;
    if (earlier >= 0) {
      duplicateCount++;
      if (duplicates.length < SHOWN)
        duplicates.push({
          file: source,
          ...where(keep[r]!),
          field: spec.unit,
          message: `unit '${unitIds[unit[r]!]}' in period ${timeSet[time[r]!]} again (first at ${describe(where(keep[earlier]!))})`,
        });
    } else firstRowOf[cell] = r;
  }
  if (duplicateCount > 0)
    throw new ValidationError(
      duplicates,
      `${source}: ${duplicateCount} duplicate unit-period row${duplicateCount > 1 ? 's' : ''} (columns '${spec.unit}', '${spec.time}')`,
    );
  return {
    source,
    spec,
    rows: n,
    unitIds,
    unit,
    times: timeSet,
    time,
    y,
    covariates: spec.covariates.map((name) => ({
      name,
      values: Float64Array.from(keep, (i) => parsed.get(name)![i]!),
    })),
    lines,
    balanced: n === unitIds.length * nT,
    warnings,
  };
}

/** The cluster of each kept row, for standard errors clustered beyond the unit. */
function addClusters(panel: Panel, { records }: Reading, keep: number[], column: string): void {
  const ids = new Map<string, number>();
  panel.cluster = Int32Array.from(keep, (i) => {
    const id = idOf(records[i]![column]);
    let c = ids.get(id);
    if (c === undefined) {
      c = ids.size;
      ids.set(id, c);
    }
    return c;
  });
  panel.clusterIds = [...ids.keys()];
}

/** 2 × 2: treat and post are 0 or 1, and every cell of the 2 × 2 has rows. */
function addTreatAndPost(
  panel: Panel,
  { spec, source, where }: Reading,
  parsed: Map<string, Float64Array>,
  keep: number[],
): void {
  const treatAll = parsed.get(spec.treat!)!;
  const postAll = parsed.get(spec.post!)!;
  for (const [column, values] of [
    [spec.treat!, treatAll],
    [spec.post!, postAll],
  ] as const) {
    const bad = keep.filter((i) => values[i] !== 0 && values[i] !== 1);
    if (bad.length > 0)
      throw new ValidationError(
        bad.slice(0, SHOWN).map((i) => ({
          file: source,
          ...where(i),
          field: column,
          message: `expected 0 or 1, got ${values[i]}`,
        })),
        `column '${column}' of ${source}: ${bad.length} value${bad.length > 1 ? 's are' : ' is'} not 0 or 1`,
      );
  }
  panel.treat = Float64Array.from(keep, (i) => treatAll[i]!);
  panel.post = Float64Array.from(keep, (i) => postAll[i]!);
  const count = (t: number, p: number) => keep.filter((i) => treatAll[i] === t && postAll[i] === p).length;
  if (count(0, 0) + count(0, 1) === 0)
    throw new ValidationError(
      [{ file: source, field: spec.treat, message: `every row has ${spec.treat} = 1` }],
      `${source}: no untreated units (column '${spec.treat}' is never 0)`,
    );
  const empty = [
    [1, 0],
    [1, 1],
    [0, 0],
    [0, 1],
  ].filter(([t, p]) => count(t!, p!) === 0);
  if (empty.length > 0)
    throw new ValidationError(
      empty.map(([t, p]) => ({
        file: source,
        field: `${spec.treat}, ${spec.post}`,
        message: `no rows with ${spec.treat} = ${t} and ${spec.post} = ${p}`,
      })),
      `${source}: a cell of the 2 × 2 is empty`,
    );
}

/** 5. Staggered adoption: one cohort per unit, untreated units to compare with, no tiny cohorts. */
function addCohorts(
  panel: Panel,
  { spec, source, where }: Reading,
  parsed: Map<string, Float64Array>,
  keep: number[],
): void {
  const { unit, unitIds, times: timeSet, rows: n } = panel;
  const nT = timeSet.length;
  const cohortAll = parsed.get(spec.cohort!)!;
  const cohortOfUnit = new Float64Array(unitIds.length).fill(NaN);
  const firstLineOfUnit = new Int32Array(unitIds.length);
  const varying: Problem[] = [];
  for (let r = 0; r < n; r++) {
    const i = keep[r]!;
    let g = cohortAll[i]!;
    if (g === spec.neverValue || g === Infinity) g = 0;
    const u = unit[r]!;
    if (Number.isNaN(cohortOfUnit[u]!)) {
      cohortOfUnit[u] = g;
      firstLineOfUnit[u] = i;
    } else if (cohortOfUnit[u] !== g && varying.length < SHOWN) {
      varying.push({
        file: source,
        ...where(i),
        field: spec.cohort,
        message: `unit '${unitIds[u]}' has cohort ${cohortAll[i]} here but ${cohortOfUnit[u] || spec.neverValue} at ${describe(where(firstLineOfUnit[u]!))}`,
      });
    }
  }
  if (varying.length > 0)
    throw new ValidationError(
      varying,
      `column '${spec.cohort}' of ${source}: the cohort changes within a unit`,
    );
  panel.cohortOfUnit = cohortOfUnit;
  const sizes = new Map<number, number>();
  for (const g of cohortOfUnit) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const lastTime = timeSet[nT - 1]!;
  const hasNever = (sizes.get(0) ?? 0) > 0;
  const hasNotYet = [...sizes.keys()].some((g) => g > timeSet[0]!);
  if (!hasNever && (spec.requireNeverTreated || !hasNotYet)) {
    throw new ValidationError(
      [
        {
          file: source,
          field: spec.cohort,
          message: `no unit has ${spec.cohort} = ${spec.neverValue} (never treated)`,
        },
      ],
      `${source}: no untreated units (column '${spec.cohort}', never-treated value ${spec.neverValue})`,
    );
  }
  const small = [...sizes].filter(([g, size]) => g !== 0 && g <= lastTime && size < spec.minCohortSize);
  if (small.length > 0) {
    const rowsOf = (g: number) => keep.filter((i) => cohortAll[i] === g).slice(0, SHOWN);
    throw new ValidationError(
      small.flatMap(([g, size]) =>
        rowsOf(g).map((i) => ({
          file: source,
          ...where(i),
          field: spec.cohort,
          message: `cohort ${g} has ${size} unit${size > 1 ? 's' : ''}, fewer than ${spec.minCohortSize}`,
        })),
      ),
      `column '${spec.cohort}' of ${source}: cohort${small.length > 1 ? 's' : ''} ${small.map(([g]) => g).join(', ')} too small to estimate (fewer than ${spec.minCohortSize} units)`,
    );
  }
}

/** A number, null for a missing value, NaN for something that is not a number. */
function toNumber(raw: unknown): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isNaN(raw) ? null : raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const s = String(raw).trim();
  if (MISSING.has(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : s === 'Inf' || s === 'Infinity' ? Infinity : NaN;
}

function idOf(raw: unknown): string {
  return raw === null || raw === undefined ? '' : String(raw).trim();
}

function describe(w: Pick<Problem, 'line' | 'path'>): string {
  return w.line !== undefined ? `line ${w.line}` : (w.path ?? '');
}
