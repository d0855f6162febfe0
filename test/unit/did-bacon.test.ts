/**
 * Goodman-Bacon decomposition. Reference: the README of the R package bacondecomp (Flack & Jee; MIT),
 * `bacon(incearn_ln ~ reform_math, data = math_reform, id_var = "state", time_var = "class")` — its first
 * 2 × 2 rows and `bacon_summary` — on math_reform (Goodman 2019, JOLE), which test/fixtures/did/math-reform.csv
 * holds (converted from the package's data/math_reform.rda, cohort = first class with reform_math = 1).
 * And the theorem: Σ weight · estimate = the TWFE coefficient.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bacon } from '../../src/did/bacon.ts';
import { panelFromCsv } from '../../src/did/panel.ts';
import { syntheticPanel } from '../helpers/synthetic-panel.ts';
import { twfe } from '../../src/did/twfe.ts';

const text = fs.readFileSync(
  path.join(import.meta.dirname, '..', 'fixtures', 'did', 'math-reform.csv'),
  'utf8',
);
const panel = panelFromCsv(
  text,
  { unit: 'state', time: 'class', outcome: 'incearn_ln', cohort: 'cohort', minCohortSize: 1 },
  'math-reform.csv',
);

describe('bacon on math_reform', () => {
  const result = bacon(panel);
  const row = (treated: number, control: number | 'never') =>
    result.comparisons.find((c) => c.treated === treated && c.control === control)!;

  it('gives the 2 × 2 rows printed in bacondecomp’s README', () => {
    const printed: [number, number, number, number, string][] = [
      [1987, 1985, 0.04575585, 0.031655309, 'Later vs Earlier Treated'],
      [1986, 1985, 0.11390411, 0.001978457, 'Later vs Earlier Treated'],
      [1984, 1985, 0.12012908, 0.001978457, 'Earlier vs Later Treated'],
      [1985, 1987, 0.01021379, 0.039569136, 'Earlier vs Later Treated'],
      [1986, 1987, -0.09374495, 0.005440756, 'Earlier vs Later Treated'],
      [1984, 1987, 0.09784857, 0.013354583, 'Earlier vs Later Treated'],
    ];
    for (const [treated, control, estimate, weight, type] of printed) {
      const c = row(treated, control);
      expect(c.type).toBe(type);
      expect(c.estimate).toBeCloseTo(estimate, 7);
      expect(c.weight).toBeCloseTo(weight, 8);
    }
  });

  it('gives bacon_summary’s weights and averages by type', () => {
    const by = Object.fromEntries(result.summary.map((s) => [s.type, s]));
    expect(by['Earlier vs Later Treated']!.weight).toBeCloseTo(0.06353, 5);
    expect(by['Earlier vs Later Treated']!.estimate).toBeCloseTo(0.02868, 5);
    expect(by['Later vs Earlier Treated']!.weight).toBeCloseTo(0.05265, 5);
    expect(by['Later vs Earlier Treated']!.estimate).toBeCloseTo(0.03375, 5);
    expect(by['Treated vs Untreated']!.weight).toBeCloseTo(0.88382, 5);
    expect(by['Treated vs Untreated']!.estimate).toBeCloseTo(-0.00129, 5);
  });

  it('adds up to the TWFE coefficient', () => {
    expect(result.comparisons.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    expect(result.estimate).toBeCloseTo(twfe(panel).coef, 12);
    expect(result.twfe).toBeCloseTo(result.estimate, 12);
  });
});

describe('bacon on a generated panel with heterogeneous effects', () => {
  it('shows the forbidden comparisons (later vs earlier) with negative bias, and still adds up', () => {
    const s = syntheticPanel({
      units: 600,
      periods: 8,
      cohorts: 3,
      effect: 0.5,
      heterogeneous: true,
      seed: 9,
    });
    const r = bacon(s.panel);
    expect(r.estimate).toBeCloseTo(twfe(s.panel).coef, 10);
    const forbidden = r.summary.find((x) => x.type === 'Later vs Earlier Treated')!;
    const clean = r.summary.find((x) => x.type === 'Treated vs Untreated')!;
    expect(forbidden.weight).toBeGreaterThan(0);
    expect(forbidden.estimate).toBeLessThan(clean.estimate);
  });
});
