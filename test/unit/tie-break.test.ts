/**
 * tie-break.ts: one array of keys that orders candidates by a score, then by a second score where the
 * first ties; equal on both stays a tie, and non-candidates (−Infinity) stay out. The expected orders
 * are worked out by hand from the inputs below.
 */
import { describe, expect, it } from 'vitest';
import { tieBroken } from '../../src/analysis/suggestions/tie-break.ts';

describe('a ranking with its ties broken by a second score', () => {
  it('orders by the first score, then by the second', () => {
    const primary = Float64Array.from([0, 2, 0, 1, 2, -Infinity, 0]);
    const secondary = Float64Array.from([0.5, -1, 0.9, -5, 0.2, 7, 0.5]);
    const keys = tieBroken(primary, secondary, new Float64Array(7));
    // Best first: 4 (2, 0.2), 1 (2, −1), 3 (1, −5), 2 (0, 0.9), then 0 and 6 tied (0, 0.5); 5 is out.
    const order = [0, 1, 2, 3, 4, 6].sort((a, b) => keys[b]! - keys[a]! || a - b);
    expect(order).toEqual([4, 1, 3, 2, 0, 6]);
    expect(keys[0]).toBe(keys[6]);
    expect(keys[5]).toBe(-Infinity);
    // Distinct pairs get distinct keys; a better second score never overturns a worse first one (3 over 2).
    expect(new Set([keys[1], keys[2], keys[3], keys[4]]).size).toBe(4);
    expect(keys[3]!).toBeGreaterThan(keys[2]!);
  });
});
