/**
 * The doubly robust ATT's propensity-score fit says whether it converged (callaway-santanna.ts turns a
 * fit that did not into a warning, as R's glm warns): one Newton step from zero cannot meet the tolerance
 * on a design with a real covariate effect; the default hundred steps do.
 */
import { describe, expect, it } from 'vitest';
import { drdidPanel } from '../../src/did/drdid.ts';

describe('drdidPanel', () => {
  // 40 units: the treated have larger x on average (overlapping), so the logit's slope is finite and not 0.
  const n = 40;
  const d = Uint8Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
  const x = [Float64Array.from({ length: n }, (_, i) => (i < 20 ? 0.5 : -0.5) + ((i * 7) % 11) / 5 - 1)];
  const dy = Float64Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0) + ((i * 3) % 5) / 10 + x[0]![i]!);

  it('reports a fit stopped before it converged', () => {
    expect(drdidPanel(dy, d, x, { maxIterations: 1 }).converged).toBe(false);
  });

  it('converges within the default number of Newton steps, to the same ATT however many are allowed', () => {
    const fit = drdidPanel(dy, d, x);
    expect(fit.converged).toBe(true);
    expect(drdidPanel(dy, d, x, { maxIterations: 1000 }).att).toBe(fit.att);
  });
});
