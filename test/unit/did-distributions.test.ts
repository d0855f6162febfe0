/**
 * src/did/distributions.ts against SciPy: test/reference/distributions.json, written by
 * test/reference/distributions_reference.py (SciPy 1.17.1's scipy.special and scipy.stats, pinned in
 * test/reference/requirements.txt). The module claims about 1e-12; the p-values and critical values of the
 * estimators are checked here to 1e-11 relative (the worst today: 1.4e-12, Student quantiles at 1,000
 * degrees of freedom), over the centre and the tails they use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as dist from '../../src/did/distributions.ts';

const reference = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../reference/distributions.json'),
    'utf8',
  ),
) as { source: string; cases: Record<string, number[][]> };

const functions: Record<string, (...args: number[]) => number> = {
  erfc: dist.erfc,
  normalCdf: dist.normalCdf,
  normalQuantile: dist.normalQuantile,
  normalTwoSidedP: dist.normalTwoSidedP,
  logGamma: dist.logGamma,
  gammaQ: dist.gammaQ,
  chiSquareSurvival: dist.chiSquareSurvival,
  incompleteBeta: dist.incompleteBeta,
  studentTwoSidedP: dist.studentTwoSidedP,
  studentQuantile: dist.studentQuantile,
  fSurvival: dist.fSurvival,
};

const RELATIVE = 1e-11;
// an expected value of exactly 0 (the median's quantile) is met to within rounding
const ABSOLUTE = 1e-14;

describe(`distributions.ts against ${reference.source}`, () => {
  it('has a reference table for every function it exports', () => {
    expect(Object.keys(reference.cases).sort()).toEqual(Object.keys(functions).sort());
    expect(Object.keys(dist).sort()).toEqual(Object.keys(functions).sort());
  });

  for (const [name, rows] of Object.entries(reference.cases)) {
    it(`${name} agrees to ${RELATIVE} relative at ${rows.length} points`, () => {
      const f = functions[name]!;
      const misses: string[] = [];
      for (const row of rows) {
        const args = row.slice(0, -1);
        const expected = row.at(-1)!;
        const got = f(...args);
        const error = Math.abs(got - expected);
        if (!(error <= RELATIVE * Math.abs(expected) || error <= ABSOLUTE))
          misses.push(
            `${name}(${args.join(', ')}) = ${got}, SciPy ${expected} (relative ${error / Math.abs(expected)})`,
          );
      }
      expect(misses).toEqual([]);
    });
  }
});
