/**
 * Synthetic staggered-adoption panels with a known effect, for tests and benchmarks:
 * y_it = α_i + λ_t + τ_g(t) · 1{t ≥ g} + ε_it, with unit effects α_i ~ N(0,1) (correlated with the cohort,
 * so that comparing levels would mislead), period effects λ_t = 0.1·t, noise ε ~ N(0, σ²), and an effect
 * that is either the same everywhere (τ_g(t) = effect) or heterogeneous across cohorts and growing with
 * exposure (τ_g(t) = effect · (1 + cohort index) · (t − g + 1)), the case in which TWFE is biased
 * (Goodman-Bacon 2021; Callaway & Sant'Anna 2021). Built directly in typed arrays.
 */
import type { Panel } from '../../src/did/panel.ts';
import { Random } from '../../src/random.ts';

export const SYNTHETIC_DEFAULTS = {
  units: 1000,
  periods: 10,
  /** Treated cohorts, spread evenly over periods 2 … T − 1 (1-based periods 1 … T). */
  cohorts: 3,
  /** Share of units never treated. */
  neverShare: 0.3,
  effect: 1,
  heterogeneous: false,
  noise: 0.5,
  seed: 1,
};

export interface SyntheticPanel {
  panel: Panel;
  /** The cohorts (first treated periods) and the true effect in each post-treatment cell. */
  cohorts: number[];
  trueEffect: (g: number, t: number) => number;
  /** The true simple aggregate (post-treatment cells weighted by cohort size, as did's "simple"). */
  trueSimple: number;
}

export function syntheticPanel(options: Partial<typeof SYNTHETIC_DEFAULTS> = {}): SyntheticPanel {
  const o = { ...SYNTHETIC_DEFAULTS, ...options };
  const rng = new Random(o.seed);
  const T = o.periods;
  const cohorts = Array.from({ length: o.cohorts }, (_, k) =>
    o.cohorts === 1 ? Math.ceil(T / 2) : 2 + Math.round((k * (T - 3)) / (o.cohorts - 1)),
  );
  const trueEffect = (g: number, t: number) =>
    t < g ? 0 : o.heterogeneous ? o.effect * (1 + cohorts.indexOf(g)) * (t - g + 1) : o.effect;
  const n = o.units;
  const rows = n * T;
  const cohortOfUnit = new Float64Array(n);
  const unit = new Int32Array(rows);
  const time = new Int32Array(rows);
  const y = new Float64Array(rows);
  const lines = new Int32Array(rows);
  const unitIds = new Array<string>(n);
  const size = new Map<number, number>();
  for (let u = 0; u < n; u++) {
    unitIds[u] = `u${u}`;
    const g = rng.next() < o.neverShare ? 0 : cohorts[Math.floor(rng.next() * cohorts.length)]!;
    cohortOfUnit[u] = g;
    size.set(g, (size.get(g) ?? 0) + 1);
    const alpha = rng.normal() + (g === 0 ? 0 : 0.5 + g / T);
    for (let t = 1; t <= T; t++) {
      const r = u * T + (t - 1);
      unit[r] = u;
      time[r] = t - 1;
      lines[r] = r + 2;
      y[r] = alpha + 0.1 * t + (g > 0 ? trueEffect(g, t) : 0) + o.noise * rng.normal();
    }
  }
  let num = 0;
  let den = 0;
  for (const g of cohorts)
    for (let t = g; t <= T; t++) {
      const w = size.get(g) ?? 0;
      num += w * trueEffect(g, t);
      den += w;
    }
  const panel: Panel = {
    source: 'synthetic',
    spec: { unit: 'unit', time: 'time', outcome: 'y', cohort: 'cohort', neverValue: 0 },
    rows,
    unitIds,
    unit,
    times: Array.from({ length: T }, (_, i) => i + 1),
    time,
    y,
    cohortOfUnit,
    covariates: [],
    lines,
    balanced: true,
    warnings: [],
  };
  return { panel, cohorts, trueEffect, trueSimple: num / den };
}
