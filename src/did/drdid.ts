/**
 * The doubly robust 2 × 2 DiD for panel data of Sant'Anna & Zhao (2020), "Doubly robust
 * difference-in-differences estimators", J. Econometrics 219(1) — the "improved"-free traditional form that
 * R's DRDID::drdid_panel computes and that `did::att_gt` uses for each ATT(g,t) with covariates
 * (est_method = "dr"): a logit propensity score and a linear outcome regression of Δy on the controls,
 * combined, with the influence function including the estimation effects of both nuisance models.
 * Propensity scores are capped at 1 − 10⁻⁶ and controls with a score ≥ 0.995 trimmed, as DRDID does.
 */
import { InvalidArgumentError } from '../errors.ts';
import { symmetricInverse, type Matrix } from './linear.ts';

export const DRDID_DEFAULTS = { trimLevel: 0.995, maxIterations: 100, tolerance: 1e-12 };

/**
 * dy: outcome changes of the n₁ units of the 2 × 2; d: 1 treated, 0 control; x: covariate columns (without
 * the intercept, which is added). Returns the ATT and its influence function ψ (one per unit, mean zero;
 * SE = √(Σψ²)/n₁).
 */
export function drdidPanel(
  dy: Float64Array,
  d: Uint8Array,
  x: Float64Array[],
  options: Partial<typeof DRDID_DEFAULTS> = {},
): { att: number; inf: Float64Array; converged: boolean } {
  const opts = { ...DRDID_DEFAULTS, ...options };
  const n = dy.length;
  const k = x.length + 1;
  const col = (j: number, i: number) => (j === 0 ? 1 : x[j - 1]![i]!);

  // propensity score: logit of d on [1, x] by Newton–Raphson
  const beta = new Float64Array(k);
  const ps = new Float64Array(n);
  let converged = false;
  for (let it = 0; it < opts.maxIterations && !converged; it++) {
    const grad = new Array<number>(k).fill(0);
    const info: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < k; j++) eta += beta[j]! * col(j, i);
      const p = 1 / (1 + Math.exp(-eta));
      ps[i] = p;
      const w = p * (1 - p);
      for (let a = 0; a < k; a++) {
        const xa = col(a, i);
        grad[a]! += (d[i]! - p) * xa;
        for (let b = 0; b <= a; b++) info[a]![b]! += w * xa * col(b, i);
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) info[b]![a] = info[a]![b]!;
    const inv = symmetricInverse(info);
    if (!inv) throw new InvalidArgumentError('the propensity-score design is singular: remove a covariate');
    let change = 0;
    for (let a = 0; a < k; a++) {
      let step = 0;
      for (let b = 0; b < k; b++) step += inv[a]![b]! * grad[b]!;
      beta[a]! += step;
      change = Math.max(change, Math.abs(step) / (1 + Math.abs(beta[a]!)));
    }
    converged = change < opts.tolerance;
  }
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < k; j++) eta += beta[j]! * col(j, i);
    ps[i] = Math.min(1 / (1 + Math.exp(-eta)), 1 - 1e-6);
  }

  // outcome regression of dy on [1, x] among the controls
  const xtx: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    if (d[i] === 1) continue;
    for (let a = 0; a < k; a++) {
      const xa = col(a, i);
      xty[a]! += xa * dy[i]!;
      for (let b = 0; b <= a; b++) xtx[a]![b]! += xa * col(b, i);
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) xtx[b]![a] = xtx[a]![b]!;
  const xtxInv = symmetricInverse(xtx);
  if (!xtxInv) throw new InvalidArgumentError('the outcome-regression design of the controls is singular');
  const gamma = xtxInv.map((row) => row.reduce((s, v, b) => s + v * xty[b]!, 0));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += gamma[j]! * col(j, i);
    out[i] = s;
  }

  // weights and the estimate
  const wT = new Float64Array(n);
  const wC = new Float64Array(n);
  let mwT = 0;
  let mwC = 0;
  let sumT = 0;
  let sumC = 0;
  for (let i = 0; i < n; i++) {
    const keep = d[i] === 1 ? ps[i]! < 1.01 : ps[i]! < opts.trimLevel;
    if (!keep) continue;
    if (d[i] === 1) wT[i] = 1;
    else wC[i] = (ps[i]! * 1) / (1 - ps[i]!);
    mwT += wT[i]!;
    mwC += wC[i]!;
    sumT += wT[i]! * (dy[i]! - out[i]!);
    sumC += wC[i]! * (dy[i]! - out[i]!);
  }
  mwT /= n;
  mwC /= n;
  if (!(mwT > 0) || !(mwC > 0))
    throw new InvalidArgumentError('no treated or no control unit left after trimming');
  const etaT = sumT / n / mwT;
  const etaC = sumC / n / mwC;

  // influence function: asymptotic linear representations of the OLS (controls) and the logit
  const xtxN = xtx.map((row) => row.map((v) => v / n));
  const olsInv = symmetricInverse(xtxN)!;
  const infoPs: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) {
    const w = ps[i]! * (1 - ps[i]!);
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) infoPs[a]![b]! += w * col(a, i) * col(b, i);
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) infoPs[b]![a] = infoPs[a]![b]!;
  const hessianPs = symmetricInverse(infoPs)!.map((row) => row.map((v) => v * n));
  const m1 = new Array<number>(k).fill(0);
  const m2 = new Array<number>(k).fill(0);
  const m3 = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++) {
      const xa = col(a, i);
      m1[a]! += (wT[i]! * xa) / n;
      m2[a]! += (wC[i]! * (dy[i]! - out[i]! - etaC) * xa) / n;
      m3[a]! += (wC[i]! * xa) / n;
    }
  // the representations enter only through their products with M1, M2, M3
  const olsM1 = olsInv.map((row) => row.reduce((s, v, b) => s + v * m1[b]!, 0));
  const olsM3 = olsInv.map((row) => row.reduce((s, v, b) => s + v * m3[b]!, 0));
  const psM2 = hessianPs.map((row) => row.reduce((s, v, b) => s + v * m2[b]!, 0));
  const inf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const resid = dy[i]! - out[i]!;
    const olsWeight = d[i] === 1 ? 0 : resid;
    let olsDotM1 = 0;
    let olsDotM3 = 0;
    let psDotM2 = 0;
    for (let a = 0; a < k; a++) {
      const xa = col(a, i);
      olsDotM1 += olsWeight * xa * olsM1[a]!;
      olsDotM3 += olsWeight * xa * olsM3[a]!;
      psDotM2 += (d[i]! - ps[i]!) * xa * psM2[a]!;
    }
    const infTreat = (wT[i]! * resid - wT[i]! * etaT - olsDotM1) / mwT;
    const infCont = (wC[i]! * resid - wC[i]! * etaC + psDotM2 - olsDotM3) / mwC;
    inf[i] = infTreat - infCont;
  }
  return { att: etaT - etaC, inf, converged };
}
