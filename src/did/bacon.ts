/**
 * The Goodman-Bacon decomposition (Goodman-Bacon 2021, "Difference-in-differences with variation in
 * treatment timing", J. Econometrics 225(2)): with staggered adoption, the TWFE coefficient is a weighted
 * average of every 2 × 2 DiD between timing groups — treated vs never treated, earlier vs later treated
 * (before the later group starts), later vs earlier treated (after the earlier group started: the
 * "forbidden" comparison that uses treated units as controls), later vs always treated. Weights follow
 * the R package bacondecomp (Flack & Jee; `calculate_weights`, whose group sizes count rows of the
 * 2 × 2's window, so a comparison's weight grows with the square of its window), rescaled to sum to 1; in a balanced panel
 * Σ weight·estimate equals the TWFE coefficient exactly.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { Panel } from './panel.ts';
import { twfe } from './twfe.ts';

export type ComparisonType =
  | 'Treated vs Untreated'
  | 'Earlier vs Later Treated'
  | 'Later vs Earlier Treated'
  | 'Later vs Always Treated';

export interface Comparison {
  type: ComparisonType;
  treated: number;
  /** The control timing group: its first treated period, or 'never'. */
  control: number | 'never';
  estimate: number;
  weight: number;
}

export interface BaconResult {
  estimator: 'bacon';
  /** Σ weight · estimate (= the TWFE coefficient). */
  estimate: number;
  twfe: number;
  comparisons: Comparison[];
  summary: { type: ComparisonType; weight: number; estimate: number }[];
  log: boolean;
}

export function bacon(panel: Panel): BaconResult {
  if (!panel.cohortOfUnit)
    throw new InvalidArgumentError('the Bacon decomposition needs a cohort column (--cohort)');
  if (!panel.balanced)
    throw new InvalidArgumentError(
      'the Bacon decomposition needs a balanced panel (every unit observed in every period); this panel is not',
    );
  if (panel.covariates.length > 0)
    throw new InvalidArgumentError('the Bacon decomposition here takes no covariates');
  const { times } = panel;
  const nT = times.length;
  const first = times[0]!;
  const last = times[nT - 1]!;
  const nUnits = panel.unitIds.length;
  // timing group of each unit: first treated period, Infinity for never (or after the window)
  const timing = Float64Array.from(panel.cohortOfUnit, (g) =>
    g === 0 || g > last ? Infinity : Math.max(g, first),
  );
  // mean outcome of each timing group in each period
  const groups = [...new Set(timing)].sort((a, b) => a - b);
  const gIndex = new Map(groups.map((g, i) => [g, i]));
  const size = new Float64Array(groups.length);
  const sums = new Float64Array(groups.length * nT);
  for (let u = 0; u < nUnits; u++) size[gIndex.get(timing[u]!)!]! += 1;
  for (let r = 0; r < panel.rows; r++)
    sums[gIndex.get(timing[panel.unit[r]!]!)! * nT + panel.time[r]!]! += panel.y[r]!;
  const mean = (g: number, t: number) => sums[gIndex.get(g)! * nT + t]! / size[gIndex.get(g)!]!;
  /** Mean of group g over period indices [a, b). */
  const windowMean = (g: number, a: number, b: number) => {
    let s = 0;
    for (let t = a; t < b; t++) s += mean(g, t);
    return s / (b - a);
  };
  const indexOf = (time: number) => times.findIndex((t) => t >= time);

  const comparisons: Comparison[] = [];
  for (const k of groups) {
    if (k === Infinity || k === first) continue;
    for (const l of groups) {
      if (l === k) continue;
      const nk = size[gIndex.get(k)!]!;
      const nl = size[gIndex.get(l)!]!;
      let estimate: number;
      let weight: number;
      let type: ComparisonType;
      const ki = indexOf(k);
      if (l === Infinity) {
        type = 'Treated vs Untreated';
        estimate =
          windowMean(k, ki, nT) - windowMean(k, 0, ki) - (windowMean(l, ki, nT) - windowMean(l, 0, ki));
        const nku = nk / (nk + nl);
        const dk = (nT - ki) / nT;
        weight = ((nk + nl) * nT) ** 2 * nku * (1 - nku) * dk * (1 - dk);
      } else if (k < l) {
        type = 'Earlier vs Later Treated';
        const li = indexOf(l); // window: periods before l
        estimate =
          windowMean(k, ki, li) - windowMean(k, 0, ki) - (windowMean(l, ki, li) - windowMean(l, 0, ki));
        const nkl = nk / (nk + nl);
        const dk = (li - ki) / li;
        const dl = 0;
        const v = ((nkl * (1 - nkl) * (dk - dl)) / (1 - dl)) * ((1 - dk) / (1 - dl));
        weight = ((nk + nl) * li * (1 - dl)) ** 2 * v;
      } else {
        type = l === first ? 'Later vs Always Treated' : 'Later vs Earlier Treated';
        const li = indexOf(l); // window: periods from l on; the control l is treated throughout
        estimate =
          windowMean(k, ki, nT) - windowMean(k, li, ki) - (windowMean(l, ki, nT) - windowMean(l, li, ki));
        // bacondecomp's names: the early group (here l) is "k", the late group (here k) is "l"
        const nEarly = nl;
        const nLate = nk;
        const nkl = nEarly / (nEarly + nLate);
        const dEarly = 1;
        const dLate = (nT - ki) / (nT - li);
        const v = (nkl * (1 - nkl) * (dLate / dEarly) * (dEarly - dLate)) / dEarly;
        weight = ((nEarly + nLate) * (nT - li) * dEarly) ** 2 * v;
      }
      comparisons.push({ type, treated: k, control: l === Infinity ? 'never' : l, estimate, weight });
    }
  }
  const total = comparisons.reduce((s, c) => s + c.weight, 0);
  if (!(total > 0))
    throw new InvalidArgumentError('no 2 × 2 comparison has weight: is any unit treated within the panel?');
  for (const c of comparisons) c.weight /= total;
  const estimate = comparisons.reduce((s, c) => s + c.weight * c.estimate, 0);
  const types = [...new Set(comparisons.map((c) => c.type))];
  const summary = types.map((type) => {
    const cs = comparisons.filter((c) => c.type === type);
    const weight = cs.reduce((s, c) => s + c.weight, 0);
    return {
      type,
      weight,
      estimate: weight > 0 ? cs.reduce((s, c) => s + c.weight * c.estimate, 0) / weight : 0,
    };
  });
  const twfeCoef = twfe(panel).coef;
  return { estimator: 'bacon', estimate, twfe: twfeCoef, comparisons, summary, log: panel.spec.log === true };
}
