/**
 * Strict filters: a filter value that names nothing the data has (`kinds=universty`, `clusters=nope`) is
 * an error that lists what exists, not an empty answer that reads as "no such participants". The same
 * parameter means the same thing everywhere, in the API's query strings and the CLI's flags:
 * `kinds`/`kind`, `clusters`/`cluster`, `platforms`/`platform`, `regions`/`region`, `layers`, `indicator`.
 */
import type { UnknownValue } from '../errors.ts';

const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export type Domain = 'kinds' | 'clusters' | 'platforms' | 'regions' | 'layers' | 'indicators';

/** Query parameter → the values it may take. */
export const FILTER_PARAMETERS: Record<string, Domain> = {
  kinds: 'kinds',
  kind: 'kinds',
  clusters: 'clusters',
  cluster: 'clusters',
  platforms: 'platforms',
  platform: 'platforms',
  regions: 'regions',
  region: 'regions',
  layers: 'layers',
  indicator: 'indicators',
};

export type KnownValues = Record<Domain, string[]>;

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known value closest to `value`, when it is close enough to be a typo. */
export function closest(value: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = value.toLowerCase();
  for (const candidate of allowed) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

/** The unknown values among the query's filter parameters (none: the query is fine). */
export function unknownValues(query: Record<string, unknown>, known: KnownValues): UnknownValue[] {
  const problems: UnknownValue[] = [];
  for (const [parameter, domain] of Object.entries(FILTER_PARAMETERS)) {
    const raw = query[parameter];
    const values = typeof raw === 'string' ? splitList(raw) : Array.isArray(raw) ? raw.map(String) : [];
    if (values.length === 0) continue;
    const allowed = known[domain];
    const set = new Set(allowed);
    for (const value of values) {
      if (set.has(value)) continue;
      const suggestion = closest(value, allowed);
      problems.push({
        field: parameter,
        value,
        ...(suggestion ? { closest: suggestion } : {}),
        allowed: allowed.length <= 50 ? allowed : undefined,
      });
    }
  }
  return problems;
}
