/**
 * The weighted L2 logistic regression (src/analysis/suggestions/logistic.ts) against scikit-learn 1.5.2
 * (test/reference/logistic.json, written by test/reference/logistic_reference.py): the same rows, labels
 * and sample weights, λ = 1 and λ = 0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitLogistic, solveSpd } from '../../src/analysis/suggestions/logistic.ts';

const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'logistic.json'), 'utf8'),
) as {
  rows: number[][];
  labels: number[];
  weights: number[];
  fits: { l2: number; intercept: number; coefficients: number[] }[];
};

describe('weighted L2 logistic regression', () => {
  const x = reference.rows.map((r) => Float64Array.from(r));
  const y = Uint8Array.from(reference.labels);
  const w = Float64Array.from(reference.weights);

  it.each(reference.fits.map((f) => [f.l2, f]))('matches scikit-learn with λ = %s', (_l2, fit) => {
    const got = fitLogistic(x, y, w, { l2: fit.l2 });
    expect(got.converged).toBe(true);
    expect(got.intercept).toBeCloseTo(fit.intercept, 6);
    got.coefficients.forEach((c, j) => expect(c, `coefficient ${j}`).toBeCloseTo(fit.coefficients[j]!, 6));
  });

  it('gives the same floats for the same data', () => {
    const a = fitLogistic(x, y, w);
    const b = fitLogistic(
      x.map((r) => Float64Array.from(r)),
      Uint8Array.from(y),
      Float64Array.from(w),
    );
    expect(b).toEqual(a);
  });

  it('weights count like repeated rows', () => {
    const doubled = fitLogistic([...x, ...x], Uint8Array.from([...y, ...y]), undefined, { l2: 2 });
    const weighted = fitLogistic(x, y, new Float64Array(x.length).fill(2), { l2: 2 });
    expect(weighted.intercept).toBeCloseTo(doubled.intercept, 8);
    weighted.coefficients.forEach((c, j) => expect(c).toBeCloseTo(doubled.coefficients[j]!, 8));
  });

  it('solves a symmetric positive definite system', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const solution = solveSpd(a, Float64Array.from([1, 2, 3]), 3);
    for (let i = 0; i < 3; i++) {
      const row = a[i * 3]! * solution[0]! + a[i * 3 + 1]! * solution[1]! + a[i * 3 + 2]! * solution[2]!;
      expect(row).toBeCloseTo(i + 1, 12);
    }
  });
});
