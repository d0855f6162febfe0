/**
 * The canonical 2 × 2 difference-in-differences (Card & Krueger 1994; the article's equation (7),
 * δ = (ȳ₁₁ − ȳ₁₀) − (ȳ₀₁ − ȳ₀₀)): the four cell means and their difference, with the standard error of
 * independent cell means; for units observed in both periods, the DiD of their changes (the balanced
 * sample) with its SE; and the same as OLS `y ~ treat + post + treat:post (+ covariates)` with iid,
 * HC1 and cluster-robust CR1 standard errors (Stata/fixest small-sample factor G/(G−1)·(n−1)/(n−K)).
 */
import { InvalidArgumentError } from '../errors.ts';
import { studentTwoSidedP } from './distributions.ts';
import { ols, vcov, type VcovType } from './linear.ts';
import type { Panel } from './panel.ts';

export const TWO_BY_TWO_DEFAULTS = {
  /** Which OLS standard error is reported as `se`: 'auto' is CR1 by the cluster column, else by unit when units repeat, else HC1. */
  se: 'auto' as VcovType | 'auto',
};

export interface Cell {
  treat: 0 | 1;
  post: 0 | 1;
  mean: number;
  sd: number;
  n: number;
}

export interface TwoByTwoResult {
  estimator: '2x2';
  /** The DiD coefficient of the OLS (with covariates when given); without covariates, the DiD of the cell means. */
  did: number;
  /** Its standard error, of the type in `seType`. */
  se: number;
  seType: VcovType;
  t: number;
  p: number;
  cells: Cell[];
  /** DiD of the four cell means and its SE as independent means. */
  means: { did: number; se: number };
  /** Units observed in both periods: DiD of their changes (null without repeated units). */
  balanced: { did: number; se: number; units: number } | null;
  ols: {
    coef: Record<string, number>;
    se: { iid: number; hc1: number; cr1: number | null };
    n: number;
    r2: number;
    clusters: number | null;
  };
  log: boolean;
  percent: number | null;
}

export function twoByTwo(panel: Panel, options: Partial<typeof TWO_BY_TWO_DEFAULTS> = {}): TwoByTwoResult {
  const opts = { ...TWO_BY_TWO_DEFAULTS, ...options };
  if (!panel.treat || !panel.post)
    throw new InvalidArgumentError('the 2 × 2 estimator needs treat and post columns (--treat, --post)');
  const { treat, post, y, rows: n } = panel;

  const sum = new Float64Array(4);
  const sum2 = new Float64Array(4);
  const count = new Float64Array(4);
  for (let r = 0; r < n; r++) {
    const c = treat[r]! * 2 + post[r]!;
    sum[c]! += y[r]!;
    count[c]! += 1;
  }
  const mean = Array.from(sum, (s, c) => s / count[c]!);
  for (let r = 0; r < n; r++) {
    const c = treat[r]! * 2 + post[r]!;
    sum2[c]! += (y[r]! - mean[c]!) ** 2;
  }
  const variance = Array.from(sum2, (s, c) => s / (count[c]! - 1));
  const cells: Cell[] = [0, 1, 2, 3].map((c) => ({
    treat: (c >> 1) as 0 | 1,
    post: (c & 1) as 0 | 1,
    mean: mean[c]!,
    sd: Math.sqrt(variance[c]!),
    n: count[c]!,
  }));
  const meansDid = mean[3]! - mean[2]! - (mean[1]! - mean[0]!);
  const meansSe = Math.sqrt(variance.reduce((s, v, c) => s + v / count[c]!, 0));

  // balanced sample: units seen with post = 0 and post = 1
  let balanced: TwoByTwoResult['balanced'] = null;
  if (panel.spec.unit !== undefined && panel.unitIds.length < n) {
    const before = new Float64Array(panel.unitIds.length).fill(NaN);
    const after = new Float64Array(panel.unitIds.length).fill(NaN);
    const group = new Float64Array(panel.unitIds.length).fill(NaN);
    for (let r = 0; r < n; r++) {
      (post[r] ? after : before)[panel.unit[r]!] = y[r]!;
      group[panel.unit[r]!] = treat[r]!;
    }
    const changes: number[][] = [[], []];
    for (let u = 0; u < before.length; u++)
      if (!Number.isNaN(before[u]!) && !Number.isNaN(after[u]!))
        changes[group[u]!]!.push(after[u]! - before[u]!);
    if (changes[0]!.length > 1 && changes[1]!.length > 1) {
      const [m0, v0] = meanVar(changes[0]!);
      const [m1, v1] = meanVar(changes[1]!);
      balanced = {
        did: m1 - m0,
        se: Math.sqrt(v1 / changes[1]!.length + v0 / changes[0]!.length),
        units: changes[0]!.length + changes[1]!.length,
      };
    }
  }

  // OLS y ~ 1 + treat + post + treat:post + covariates
  const ones = new Float64Array(n).fill(1);
  const interaction = Float64Array.from(treat, (t, r) => t * post[r]!);
  const names = ['(Intercept)', 'treat', 'post', 'treat:post', ...panel.covariates.map((c) => c.name)];
  const columns = [ones, treat, post, interaction, ...panel.covariates.map((c) => c.values)];
  const fit = ols(columns, y);
  const iid = vcov(fit, columns, 'iid');
  const hc1 = vcov(fit, columns, 'hc1');
  let clusterIndex: Int32Array | undefined = panel.cluster;
  if (!clusterIndex && panel.spec.unit !== undefined && panel.unitIds.length < n) clusterIndex = panel.unit;
  const cr1 = clusterIndex ? vcov(fit, columns, 'cr1', { cluster: clusterIndex }) : null;
  const clusters = clusterIndex ? new Set(clusterIndex).size : null;
  const seOf = (v: number[][] | null) => (v ? Math.sqrt(v[3]![3]!) : null);
  const seType: VcovType = opts.se === 'auto' ? (cr1 ? 'cr1' : 'hc1') : opts.se;
  if (seType === 'cr1' && !cr1)
    throw new InvalidArgumentError('cluster-robust SE needs a cluster column or repeated units');
  const se = seType === 'iid' ? seOf(iid)! : seType === 'hc1' ? seOf(hc1)! : seOf(cr1)!;
  const did = fit.coef[3]!;
  const t = did / se;
  const df = seType === 'cr1' ? clusters! - 1 : n - columns.length;
  const log = panel.spec.log === true;
  return {
    estimator: '2x2',
    did,
    se,
    seType,
    t,
    p: studentTwoSidedP(t, df),
    cells,
    means: { did: meansDid, se: meansSe },
    balanced,
    ols: {
      coef: Object.fromEntries(names.map((name, i) => [name, fit.coef[i]!])),
      se: { iid: seOf(iid)!, hc1: seOf(hc1)!, cr1: seOf(cr1) },
      n,
      r2: 1 - fit.rss / fit.tss,
      clusters,
    },
    log,
    percent: log ? Math.expm1(did) : null,
  };
}

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return [m, v];
}
