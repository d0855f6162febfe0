/**
 * The view filters' ranges and ego radii as values and in their URL form — apart from view-filter.ts so
 * that the URL state can read them without depending on the drawn graph (no import circle).
 */
/** A range on a column id (attributes.ts) or on `tie:weight`; null ends are open. */
export interface Range {
  column: string;
  min: number | null;
  max: number | null;
}

export const TIE_WEIGHT = 'tie:weight';
export const EGO_RADII = [1, 2] as const;

/** URL form of the ranges: `field:employees:100..1000;tie:weight:2..` (ends optional). */
export function serializeRanges(ranges: readonly Range[]): string {
  return ranges.map((r) => `${r.column}:${r.min ?? ''}..${r.max ?? ''}`).join(';');
}

const RANGE = /^(.+):(-?\d+(?:\.\d+)?(?:e-?\d+)?)?\.\.(-?\d+(?:\.\d+)?(?:e-?\d+)?)?$/;

/** Reads the URL form back; malformed parts are dropped, a column appears once (the last one wins). */
export function parseRanges(text: string | null, columnId: RegExp): Range[] {
  if (!text) return [];
  const ranges = new Map<string, Range>();
  for (const part of text.split(';')) {
    const m = RANGE.exec(part);
    if (!m) continue;
    const column = m[1]!;
    if (column !== TIE_WEIGHT && !columnId.test(column)) continue;
    let min = m[2] === undefined ? null : Number(m[2]);
    let max = m[3] === undefined ? null : Number(m[3]);
    if (min === null && max === null) continue;
    if (min !== null && max !== null && min > max) [min, max] = [max, min];
    ranges.set(column, { column, min, max });
  }
  return [...ranges.values()];
}

/** A range as a reader says it: "employees 100–1,000", "tie weight ≥ 2". */
export function describeRange(range: Range, title: string, format: (v: number) => string): string {
  if (range.min !== null && range.max !== null) return `${title} ${format(range.min)}–${format(range.max)}`;
  if (range.min !== null) return `${title} ≥ ${format(range.min)}`;
  return `${title} ≤ ${format(range.max!)}`;
}
