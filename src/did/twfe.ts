/**
 * Two-way fixed effects: y_it = α_i + λ_t + δ·D_it (+ X_it β) + ε_it, the regression the article writes
 * as its DiD model. The unit and period effects are swept out by alternating projections (the method of
 * Gaure 2013, as in fixest's demeaning; exact after one sweep in a balanced panel), then δ is the OLS
 * slope on the demeaned data (Frisch–Waugh–Lovell). Standard errors are clustered (by unit unless a
 * cluster column is given) with fixest's small-sample conventions (Bergé 2018, `ssc(adj = TRUE,
 * fixef.K = "nested", cluster.adj = TRUE)`): V = G/(G−1)·(n−1)/(n−K)·(X̃'X̃)⁻¹ Σ_g s_g s_g' (X̃'X̃)⁻¹ with K
 * the slopes plus the fixed effects not nested in the clusters, and p from t with G − 1 degrees of freedom.
 */
import { InvalidArgumentError } from '../errors.ts';
import { studentQuantile, studentTwoSidedP } from './distributions.ts';
import { ols, vcov } from './linear.ts';
import type { Panel } from './panel.ts';

export const TWFE_DEFAULTS = {
  /** Anticipation periods: with a cohort column, D_it = 1 from period g − anticipation on. */
  anticipation: 0,
  /** Convergence of the alternating projections (largest change of a demeaned value, relative to its scale). */
  tolerance: 1e-13,
  maxIterations: 10_000,
  level: 0.95,
};

export interface TwfeResult {
  estimator: 'twfe';
  coef: number;
  se: number;
  t: number;
  p: number;
  ci: [number, number];
  n: number;
  clusters: number;
  units: number;
  periods: number;
  /** K in the small-sample factor (n−1)/(n−K). */
  dfK: number;
  covariates: Record<string, { coef: number; se: number }>;
  log: boolean;
  percent: number | null;
  iterations: number;
}

/** The treatment indicator D of each row: from the cohort (t ≥ g) or treat × post. */
export function treatmentIndicator(panel: Panel, anticipation = 0): Float64Array {
  if (panel.cohortOfUnit) {
    const g = panel.cohortOfUnit;
    return Float64Array.from(panel.time, (ti, r) => {
      const cohort = g[panel.unit[r]!]!;
      return cohort > 0 && panel.times[ti]! >= cohort - anticipation ? 1 : 0;
    });
  }
  if (panel.treat && panel.post) return Float64Array.from(panel.treat, (t, r) => t * panel.post![r]!);
  throw new InvalidArgumentError('TWFE needs a cohort column, or treat and post columns');
}

export function twfe(panel: Panel, options: Partial<typeof TWFE_DEFAULTS> = {}): TwfeResult {
  const opts = { ...TWFE_DEFAULTS, ...options };
  const d = treatmentIndicator(panel, opts.anticipation);
  const columns = [d, ...panel.covariates.map((c) => c.values)];
  const names = ['D', ...panel.covariates.map((c) => c.name)];
  const demeaner = new TwoWayDemeaner(panel.unit, panel.time, panel.unitIds.length, panel.times.length);
  let iterations = 0;
  const demeaned = columns.map((c) => {
    const [v, it] = demeaner.demean(c, opts.tolerance, opts.maxIterations);
    iterations = Math.max(iterations, it);
    return v;
  });
  const [yDemeaned, itY] = demeaner.demean(panel.y, opts.tolerance, opts.maxIterations);
  iterations = Math.max(iterations, itY);
  if (demeaned[0]!.every((x) => Math.abs(x) < 1e-12))
    throw new InvalidArgumentError(
      'the treatment does not vary within units and periods: TWFE cannot separate it from the fixed effects',
    );
  const fit = ols(demeaned, yDemeaned);
  const cluster = panel.cluster ?? panel.unit;
  const clusters = new Set(cluster).size;
  const nUnits = panel.unitIds.length;
  const nT = panel.times.length;
  // Unit effects nested in the clusters are not counted (one is kept for the intercept, as fixest does).
  // fixest's fixef.K = "nested": the fixed effects count N + T − 1, less the levels of each effect nested in
  // the clusters, plus one for each such effect (as pyfixest's get_ssc writes it)
  const unitsNested = nestedIn(panel.unit, cluster, nUnits);
  const timesNested = nestedIn(panel.time, cluster, nT);
  const dfK =
    columns.length + (nUnits + nT - 1) - (unitsNested ? nUnits - 1 : 0) - (timesNested ? nT - 1 : 0);
  const v = vcov(fit, demeaned, 'cr1', { cluster: remap(cluster), dfK });
  const coef = fit.coef[0]!;
  const se = Math.sqrt(v[0]![0]!);
  const t = coef / se;
  const crit = studentQuantile(1 - (1 - opts.level) / 2, clusters - 1);
  const log = panel.spec.log === true;
  return {
    estimator: 'twfe',
    coef,
    se,
    t,
    p: studentTwoSidedP(t, clusters - 1),
    ci: [coef - crit * se, coef + crit * se],
    n: panel.rows,
    clusters,
    units: nUnits,
    periods: nT,
    dfK,
    covariates: Object.fromEntries(
      names.slice(1).map((name, i) => [name, { coef: fit.coef[i + 1]!, se: Math.sqrt(v[i + 1]![i + 1]!) }]),
    ),
    log,
    percent: log ? Math.expm1(coef) : null,
    iterations,
  };
}

/** Sweeps unit and period means out of a column, alternately, until nothing changes. */
export class TwoWayDemeaner {
  private readonly unitCount: Float64Array;
  private readonly timeCount: Float64Array;
  constructor(
    private readonly unit: Int32Array,
    private readonly time: Int32Array,
    nUnits: number,
    nT: number,
  ) {
    this.unitCount = new Float64Array(nUnits);
    this.timeCount = new Float64Array(nT);
    for (let r = 0; r < unit.length; r++) {
      this.unitCount[unit[r]!]! += 1;
      this.timeCount[time[r]!]! += 1;
    }
  }

  demean(column: ArrayLike<number>, tolerance: number, maxIterations: number): [Float64Array, number] {
    const n = column.length;
    const v = Float64Array.from(column);
    const unitSum = new Float64Array(this.unitCount.length);
    const timeSum = new Float64Array(this.timeCount.length);
    let scale = 0;
    for (let r = 0; r < n; r++) scale = Math.max(scale, Math.abs(v[r]!));
    if (scale === 0) return [v, 0];
    for (let it = 1; it <= maxIterations; it++) {
      unitSum.fill(0);
      for (let r = 0; r < n; r++) unitSum[this.unit[r]!]! += v[r]!;
      for (let r = 0; r < n; r++) v[r]! -= unitSum[this.unit[r]!]! / this.unitCount[this.unit[r]!]!;
      timeSum.fill(0);
      for (let r = 0; r < n; r++) timeSum[this.time[r]!]! += v[r]!;
      let change = 0;
      for (let r = 0; r < n; r++) {
        const m = timeSum[this.time[r]!]! / this.timeCount[this.time[r]!]!;
        v[r]! -= m;
        if (Math.abs(m) > change) change = Math.abs(m);
      }
      // after the period sweep, unit means are off by at most what the sweep moved
      if (it > 1 && change <= tolerance * scale) return [v, it];
      if (it === 1 && change <= tolerance * scale) return [v, it];
      // check the unit means: if they are zero too, both conditions hold
      unitSum.fill(0);
      for (let r = 0; r < n; r++) unitSum[this.unit[r]!]! += v[r]!;
      let unitChange = 0;
      for (let u = 0; u < unitSum.length; u++)
        unitChange = Math.max(unitChange, Math.abs(unitSum[u]! / this.unitCount[u]!));
      if (unitChange <= tolerance * scale) return [v, it];
    }
    throw new InvalidArgumentError(`the fixed effects did not converge in ${maxIterations} sweeps`);
  }
}

/** Every level of the effect lies within one cluster. */
function nestedIn(level: Int32Array, cluster: Int32Array, nLevels: number): boolean {
  const of = new Int32Array(nLevels).fill(-1);
  for (let r = 0; r < level.length; r++) {
    const l = level[r]!;
    if (of[l] === -1) of[l] = cluster[r]!;
    else if (of[l] !== cluster[r]) return false;
  }
  return true;
}

function remap(cluster: Int32Array): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(cluster, (c) => {
    let i = ids.get(c);
    if (i === undefined) {
      i = ids.size;
      ids.set(c, i);
    }
    return i;
  });
}

export interface TwfeEventStudyPoint {
  e: number;
  att: number;
  se: number | null;
  lo: number | null;
  hi: number | null;
}

/**
 * The dynamic TWFE regression ("event study"): y_it = α_i + λ_t + Σ_{e ≠ −1−anticipation} β_e·1{t − g_i = e}
 * + ε_it, one indicator per event time of the treated units, the period before treatment (less
 * anticipation) as reference, never-treated units with no indicator; SEs clustered as in `twfe`. Under
 * heterogeneous effects its coefficients mix cohorts (Sun & Abraham 2021) — it is shown beside
 * Callaway–Sant'Anna, not instead of it.
 */
export function twfeEventStudy(
  panel: Panel,
  options: Partial<typeof TWFE_DEFAULTS> = {},
): TwfeEventStudyPoint[] {
  const opts = { ...TWFE_DEFAULTS, ...options };
  const g = panel.cohortOfUnit;
  if (!g) throw new InvalidArgumentError('a TWFE event study needs a cohort column');
  const reference = -1 - opts.anticipation;
  const rel = Float64Array.from(panel.time, (ti, r) => {
    const cohort = g[panel.unit[r]!]!;
    return cohort > 0 ? panel.times[ti]! - cohort : NaN;
  });
  const events = [...new Set(rel.filter((e) => !Number.isNaN(e)))].sort((a, b) => a - b);
  if (!g.some((c) => c === 0))
    throw new InvalidArgumentError('a TWFE event study here needs never-treated units');
  const kept = events.filter((e) => e !== reference);
  const columns = kept.map((e) => Float64Array.from(rel, (x) => (x === e ? 1 : 0)));
  const demeaner = new TwoWayDemeaner(panel.unit, panel.time, panel.unitIds.length, panel.times.length);
  const demeaned = columns.map((c) => demeaner.demean(c, opts.tolerance, opts.maxIterations)[0]);
  const [yDemeaned] = demeaner.demean(panel.y, opts.tolerance, opts.maxIterations);
  const fit = ols(demeaned, yDemeaned);
  const cluster = panel.cluster ?? panel.unit;
  const clusters = new Set(cluster).size;
  const nUnits = panel.unitIds.length;
  const nT = panel.times.length;
  const dfK =
    columns.length +
    (nUnits + nT - 1) -
    (nestedIn(panel.unit, cluster, nUnits) ? nUnits - 1 : 0) -
    (nestedIn(panel.time, cluster, nT) ? nT - 1 : 0);
  const v = vcov(fit, demeaned, 'cr1', { cluster: remap(cluster), dfK });
  const crit = studentQuantile(1 - (1 - opts.level) / 2, clusters - 1);
  return events.map((e) => {
    const j = kept.indexOf(e);
    if (j < 0) return { e, att: 0, se: null, lo: null, hi: null };
    const att = fit.coef[j]!;
    const se = Math.sqrt(v[j]![j]!);
    return { e, att, se, lo: att - crit * se, hi: att + crit * se };
  });
}
