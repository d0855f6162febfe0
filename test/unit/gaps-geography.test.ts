import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { groupGapsWithModel } from '../../src/analysis/gaps/group-gaps.ts';

/**
 * Groups A = {a1, a2} in region X and B = {b1, b2} in region Y; ties a1–a2, b1–b2 (within regions) and
 * a1–b1 (across). Worked by hand: m = 3, degrees a1 2, a2 1, b1 2, b2 1; K_X = K_Y = 3.
 * Degrees alone put Σ_r K_r² / 4m = 18/12 = 1.5 ties within regions and 1.5 across; observed 2 and 1,
 * so θ_same = 2/1.5 = 4/3 and θ_other = 1/1.5 = 2/3. E(A, B): K_A K_B = 9, none of it within a region,
 * so E = θ_other · 9 / 6 = 1 (degrees alone: 9/6 = 1.5).
 */
function twoRegions() {
  const g = new UndirectedGraph();
  for (const [id, region] of [
    ['a1', 'X'],
    ['a2', 'X'],
    ['b1', 'Y'],
    ['b2', 'Y'],
  ] as const)
    g.addNode(id, { region });
  g.addEdge('a1', 'a2');
  g.addEdge('b1', 'b2');
  g.addEdge('a1', 'b1');
  const groups = new Map([
    ['a1', 'A'],
    ['a2', 'A'],
    ['b1', 'B'],
    ['b2', 'B'],
  ]);
  return { g, groups };
}

describe('group gaps controlled for geography', () => {
  it('fits the same-/cross-region factors and the expectation worked by hand', () => {
    const { g, groups } = twoRegions();
    const { gaps, model } = groupGapsWithModel(g, groups, { minExpected: 0, maxRatio: 10 });
    expect(model.controlFor).toBe('region');
    expect(model.sameRegionFactor).toBeCloseTo(4 / 3, 12);
    expect(model.crossRegionFactor).toBeCloseTo(2 / 3, 12);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.expected).toBeCloseTo(1, 12);
    expect(gaps[0]!.expectedDegreesOnly).toBeCloseTo(1.5, 12);
    expect(gaps[0]!.ratio).toBeCloseTo(1, 12);
  });

  it('without the control is the plain configuration model', () => {
    const { g, groups } = twoRegions();
    const { gaps, model } = groupGapsWithModel(g, groups, {
      minExpected: 0,
      maxRatio: 10,
      controlFor: 'none',
    });
    expect(model).toEqual({ controlFor: 'none', sameRegionFactor: 1, crossRegionFactor: 1 });
    expect(gaps[0]!.expected).toBeCloseTo(1.5, 12);
  });

  it('a pair of groups apart only by distance is no gap once geography is controlled for', () => {
    // Two regions, each a dense group; the only cross-region ties are the few between the groups.
    // Degrees alone call it a gap; with the region control the expectation is what cross-region
    // pairs get anywhere, so it is not reported.
    const { g, groups } = twoRegions();
    for (const [id, region, group] of [
      ['a3', 'X', 'A'],
      ['b3', 'Y', 'B'],
    ] as const) {
      g.addNode(id, { region });
      groups.set(id, group);
    }
    g.addEdge('a3', 'a1');
    g.addEdge('a3', 'a2');
    g.addEdge('b3', 'b1');
    g.addEdge('b3', 'b2');
    const plain = groupGapsWithModel(g, groups, { minExpected: 0, maxRatio: 0.5, controlFor: 'none' });
    const controlled = groupGapsWithModel(g, groups, { minExpected: 0, maxRatio: 0.5 });
    expect(plain.gaps).toHaveLength(1);
    expect(controlled.gaps).toHaveLength(0);
  });

  it('refuses an unknown control', () => {
    const { g, groups } = twoRegions();
    expect(() => groupGapsWithModel(g, groups, { controlFor: 'kind' as unknown as 'region' })).toThrowError(
      /controlFor/,
    );
  });
});
