/** The route's top-k selection gives what sorting every value gives: highest first, ties by id, NaN last. */
import { describe, expect, it } from 'vitest';
import type { NodeMeasureResult } from '../../src/analysis/run.ts';
import { topValues } from '../../src/api/routes/analysis.ts';

/** The reference: every value sorted (the route's earlier procedure). */
function sortedTop(values: Record<string, number>, top: number): [string, number][] {
  const rank = (v: number) => (Number.isNaN(v) ? -Infinity : v);
  return Object.entries(values)
    .sort((a, b) => rank(b[1]) - rank(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, top);
}

describe('topValues', () => {
  it('selects the same entries, in the same order, as a full sort', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [0, 1, 5, 300]) {
      const values: Record<string, number> = {};
      // Few distinct values, so ties (broken by id) are common, and some NaN and -Infinity.
      for (let i = 0; i < size; i++) {
        const r = random();
        values[`p${Math.floor(random() * 1e6)}`] = r < 0.1 ? NaN : r < 0.15 ? -Infinity : Math.floor(r * 7);
      }
      const result = { measure: 'x', options: {}, values } as unknown as NodeMeasureResult;
      for (const top of [1, 2, 3, 10, 64, 65, 1000]) {
        const got = topValues(result, top);
        expect(Object.entries(got.values)).toEqual(sortedTop(values, top));
        expect(got.of).toBe(Object.keys(values).length);
      }
    }
  });
});
