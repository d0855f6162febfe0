/**
 * Conversion between Neo4j values and plain JavaScript, at the store's boundary.
 * Neo4j integers are 64-bit; the driver returns them as Integer objects, which would reach JSON as
 * {low, high}. We convert them explicitly, and refuse values that a JS number cannot hold exactly.
 */
import neo4j, { type Integer } from 'neo4j-driver';

export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) {
    const int = value as Integer;
    if (!int.inSafeRange())
      throw new RangeError(`Integer ${int.toString()} is beyond JavaScript's safe range`);
    return int.toNumber();
  }
  if (typeof value === 'bigint') return Number(value);
  return value as number;
}

/** Deep conversion of a value read from Neo4j into plain JSON-ready data. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (neo4j.isInt(value) || typeof value === 'bigint') return toNumber(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = plain(v);
    return out;
  }
  return value;
}

/** A whole number that must be stored as a Neo4j integer (years, counts), not as a float. */
export function int(value: number | undefined | null): Integer | null {
  return value === undefined || value === null ? null : neo4j.int(value);
}
