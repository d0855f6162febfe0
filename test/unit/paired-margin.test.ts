/**
 * The guard's noise measure (src/analysis/suggestions/validation.ts `pairedMargin`): the paired t
 * statistic of two rankings' per-participant figures. Reference values from Python's standard library,
 * `statistics.mean(d) / (statistics.stdev(d) / math.sqrt(len(d)))` over the differences d (Python 3.11).
 */
import { describe, expect, it } from 'vitest';
import { pairedMargin, type Paired } from '../../src/analysis/suggestions/validation.ts';

const paired = (hits: number[], wins: number[] = hits): Paired => ({
  hits: Float64Array.from(hits),
  wins: Float64Array.from(wins),
});

describe('pairedMargin', () => {
  it('is the paired t statistic of the differences (Python statistics)', () => {
    const a = paired([3, 1, 0, 2, 4, 1, 0, 0, 2, 5]);
    const b = paired([2, 1, 1, 0, 3, 1, 0, 1, 1, 2]);
    expect(pairedMargin(a, b, 'hits')).toBeCloseTo(1.5, 12);
    expect(pairedMargin(b, a, 'hits')).toBeCloseTo(-1.5, 12);
    const c = paired([0], [10.5, 20, 3, 0, 7.5]);
    const d = paired([0], [12, 18, 3, 1, 9]);
    expect(pairedMargin(c, d, 'wins')).toBeCloseTo(-0.6064784348631228, 12);
  });

  it('says when it cannot tell: one participant, or the same difference everywhere', () => {
    expect(pairedMargin(paired([1]), paired([0]), 'hits')).toBe(0);
    expect(pairedMargin(paired([2, 2, 2]), paired([1, 1, 1]), 'hits')).toBe(Number.MAX_VALUE);
    expect(pairedMargin(paired([1, 1, 1]), paired([2, 2, 2]), 'hits')).toBe(-Number.MAX_VALUE);
    expect(pairedMargin(paired([1, 2, 3]), paired([1, 2, 3]), 'hits')).toBe(0);
  });
});
