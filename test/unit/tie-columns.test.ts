/** Ties held as columns until the participants are known (src/store/tie-columns.ts). */
import { describe, expect, it } from 'vitest';
import { TieColumns } from '../../src/store/tie-columns.ts';
import type { NetworkTie } from '../../src/analysis/network.ts';

describe('TieColumns', () => {
  it('turns records into ties between known participants, with layer names and years', () => {
    const columns = new TieColumns(['rnd', 'supply']);
    columns.add(10, [11, 12, 99], [1, 0, 0], [2, 1, 1], [2015, -1, 2001]);
    // A layer without a Layer node comes by name; node 13 is not a known participant.
    columns.add(12, [10, 13], ['education', 1], [0.5, 3], [-1, 2020]);
    expect(columns.length).toBe(5);
    const idOf = new Map([
      [10, 'p10'],
      [11, 'p11'],
      [12, 'p12'],
    ]);
    const ties: NetworkTie[] = [];
    columns.appendTo(ties, idOf);
    expect(ties).toEqual([
      { source: 'p10', target: 'p11', layer: 'supply', weight: 2, since: 2015 },
      { source: 'p10', target: 'p12', layer: 'rnd', weight: 1 },
      { source: 'p12', target: 'p10', layer: 'education', weight: 0.5 },
    ]);
    expect('since' in ties[1]!).toBe(false);
  });

  it('grows past its first capacity without losing ties', () => {
    const columns = new TieColumns(['a']);
    const n = 5000;
    for (let s = 0; s < n; s++) columns.add(s, [s + 1, s + 2], [0, 0], [s, s + 0.5], [-1, 1990 + (s % 30)]);
    const idOf = new Map(Array.from({ length: n + 2 }, (_, i) => [i, `n${i}`] as const));
    const ties: NetworkTie[] = [];
    columns.appendTo(ties, idOf);
    expect(ties).toHaveLength(2 * n);
    expect(ties[2 * 4321 + 1]).toEqual({
      source: 'n4321',
      target: 'n4323',
      layer: 'a',
      weight: 4321.5,
      since: 1990 + (4321 % 30),
    });
  });
});
