/**
 * The yearly panel 2005–2017 of the five Table-1 indicators (and head count) for every enterprise of the
 * clusters and of the control group, built so that the demo shows what the docs say it shows.
 *
 * Every enterprise follows one model per indicator:
 *
 *   value(u, t) = base(u) · exp(L(t) + ε(u, t)) · exp(δ · ramp(t − joined(u))) · R(t)
 *
 * - base(u): the enterprise's own level (size, productivity); ε: its own yearly noise.
 * - L(t): a common trend with the 2008–2009 crisis; R(t): a common year factor (below). Both are the same
 *   for members and non-members, so trends are parallel before joining by construction.
 * - One labelled teaching case: the Voronezh cluster's members grow faster all along (TEACHING_CASE).
 * - δ · ramp: the effect of joining, in log points, growing linearly over four years from the year of
 *   joining and then level (δ below; the other clusters get half of Dolina's). It is what DiD should find.
 * - R(t): in Table 1's years (2005, 2012, 2016, 2017) the factor that makes «Долина машиностроения»'s 87
 *   enterprises add up to Table 1 exactly under the rules of src/domain/indicators.ts; in the years between,
 *   interpolated geometrically. Because R is common to every enterprise, it is a year effect that DiD
 *   removes: Table 1's jump of output per worker from 1.2 to 1.7 mln RUB in 2017 shows up as a boom year
 *   for members and non-members alike (the production index, 98.1 → 120.9, says the same), not as an
 *   effect of clustering — which is why the article's statistic and DiD differ. Dolina's yearly series
 *   runs smoothly through Table 1's columns.
 *
 * In Table 1's years the totals are then split exactly (largest remainder in the printed units for sums,
 * the remainder of a weighted mean given to the largest member), which moves no member by more than one
 * printed unit.
 */
import {
  EMPLOYEES_INDICATOR,
  INDICATORS,
  TABLE1,
  TABLE1_YEARS,
  aggregate,
} from '../src/domain/indicators.ts';
import type { Observation } from '../src/exchange/model.ts';
import { DOLINA, type DemoParticipant } from './entities.ts';
import type { Random } from '../src/random.ts';
import { FIRST_YEAR, LAST_YEAR } from './ties.ts';

const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
const ANCHORS: readonly number[] = TABLE1_YEARS;

/** Shocks common to all enterprises (the 2008–2009 crisis and the 2014–2015 slowdown), as multipliers. */
const CRISIS: Record<number, number> = {
  2008: 0.97,
  2009: 0.88,
  2010: 0.95,
  2014: 0.99,
  2015: 0.97,
};

interface IndicatorModel {
  /** Common log growth per year of L(t) (before R). */
  trend: number;
  /** Whether the crisis multipliers apply (not to an index that is already a rate of change). */
  crisis: boolean;
  /** Effect of joining Dolina after four years, log points. */
  effect: number;
  /** Standard deviation of an enterprise's yearly noise, log points. */
  noise: number;
  /** Decimal places stored. */
  decimals: number;
}

const MODELS: Record<string, IndicatorModel> = {
  output_per_worker: { trend: 0.02, crisis: true, effect: 0.08, noise: 0.03, decimals: 6 },
  // whole jobs: rounding adds noise of its own (a few per cent for the smallest members)
  high_productivity_jobs: { trend: 0, crisis: true, effect: 0.06, noise: 0.02, decimals: 0 },
  market_share: { trend: 0.01, crisis: false, effect: 0.1, noise: 0.03, decimals: 4 },
  production_index: { trend: 0, crisis: false, effect: 0.015, noise: 0.02, decimals: 6 },
  investment_per_capita: { trend: 0.05, crisis: true, effect: 0.12, noise: 0.04, decimals: 2 },
};
/** The other clusters' effects, relative to Dolina's. */
const OTHER_CLUSTERS_EFFECT = 0.5;
/**
 * The teaching case (labelled so in the cluster's attributes and in docs/did.md): the Voronezh cluster's
 * members grew faster than everyone else all along — fast growers joined — so their trends are not
 * parallel and DiD must say it cannot tell. Log points per year; not for the production index (a rate).
 */
const TEACHING_CASE = { cluster: 'voronezh-machinery', extraGrowth: 0.05 };

/** The effect's ramp: a quarter in the year of joining, in full from the fourth year on. */
const ramp = (e: number) => (e < 0 ? 0 : Math.min(e + 1, 4) / 4);

/** Integer allocation of a total in proportion to weights (largest remainder): the parts sum exactly. */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    parts[i]!++;
    rest--;
  }
  return parts;
}

const round = (x: number, decimals: number) => Number(x.toFixed(decimals));

interface Unit {
  p: DemoParticipant;
  dolina: boolean;
  /** First year in any cluster; undefined for the never-treated. */
  joined?: number;
  size: number;
  /** Levels of the enterprise relative to the average, one per indicator. */
  level: Record<string, number>;
}

export function buildPanel(rng: Random, participants: DemoParticipant[]): Observation[] {
  const units = participants
    .filter((p) => p.kind === 'enterprise')
    .map<Unit>((p) => ({
      p,
      dolina: p.memberships.some((m) => m.cluster === DOLINA),
      joined: p.memberships.length > 0 ? Math.min(...p.memberships.map((m) => m.since)) : undefined,
      size: p.employees!,
      level: {
        output_per_worker: Math.exp(0.22 * rng.normal()),
        high_productivity_jobs: Math.exp(0.25 * rng.normal()),
        market_share: Math.exp(0.22 * rng.normal()),
        production_index: 1,
        investment_per_capita: Math.exp(0.4 * rng.normal()),
      },
    }));
  const dolina = units.filter((u) => u.dolina);
  const dolinaSize = dolina.reduce((s, u) => s + u.size, 0);

  // Head count: a common path through the years with noise of its own.
  const employment = new Map(
    YEARS.map((t) => [t, Math.exp(-0.005 * (t - FIRST_YEAR)) * (t === 2009 ? 0.96 : 1)]),
  );
  const employees = new Map<Unit, Map<number, number>>(
    units.map((u) => [
      u,
      new Map(
        YEARS.map((t) => [
          t,
          Math.max(10, Math.round(u.size * employment.get(t)! * (1 + 0.03 * rng.normal()))),
        ]),
      ),
    ]),
  );

  /** base(u) · exp(L(t) + ε) · exp(δ · ramp): everything but the common factor R(t). */
  const raw = new Map<string, Map<Unit, Map<number, number>>>();
  for (const [id, model] of Object.entries(MODELS)) {
    const perUnit = new Map<Unit, Map<number, number>>();
    for (const u of units) {
      const effect = u.dolina ? model.effect : model.effect * OTHER_CLUSTERS_EFFECT;
      const series = new Map<number, number>();
      for (const t of YEARS) {
        const common = model.trend * (t - FIRST_YEAR) + (model.crisis ? Math.log(CRISIS[t] ?? 1) : 0);
        const own = model.noise * rng.normal();
        const joined = u.joined === undefined ? 0 : effect * ramp(t - u.joined);
        const selected =
          id !== 'production_index' && u.p.memberships.some((m) => m.cluster === TEACHING_CASE.cluster)
            ? TEACHING_CASE.extraGrowth * (t - FIRST_YEAR)
            : 0;
        // Totals (jobs, market share, investment) scale with the enterprise's head count.
        const scale =
          id === 'output_per_worker' || id === 'production_index'
            ? 1
            : employees.get(u)!.get(t)! / dolinaSize;
        series.set(t, 100 * u.level[id]! * scale * Math.exp(common + own + joined + selected));
      }
      perUnit.set(u, series);
    }
    raw.set(id, perUnit);
  }

  // R(t): Dolina's raw aggregate brought to Table 1 in its years, geometric in between.
  const definition = (id: string) => INDICATORS.find((i) => i.id === id)!;
  const dolinaAggregate = (id: string, t: number, value: (u: Unit) => number) =>
    aggregate(
      definition(id),
      dolina.map((u) => ({
        value: value(u),
        employees: employees.get(u)!.get(t)!,
        outputPerWorker:
          raw.get('output_per_worker')!.get(u)!.get(t)! * factor.get('output_per_worker')!.get(t)!,
      })),
    );
  const factor = new Map<string, Map<number, number>>();
  // output per worker first: the production index is weighted by output
  for (const id of ['output_per_worker', ...Object.keys(MODELS).filter((i) => i !== 'output_per_worker')]) {
    const atAnchors = new Map<number, number>();
    const series = new Map<number, number>();
    factor.set(id, series);
    for (const t of ANCHORS) {
      series.set(t, 1);
      const total = dolinaAggregate(id, t, (u) => raw.get(id)!.get(u)!.get(t)!);
      atAnchors.set(t, TABLE1[id]![t as (typeof TABLE1_YEARS)[number]] / total);
    }
    for (const t of YEARS) {
      const lo = [...ANCHORS].reverse().find((y) => y <= t) ?? ANCHORS[0]!;
      const hi = ANCHORS.find((y) => y >= t) ?? ANCHORS[ANCHORS.length - 1]!;
      const a = atAnchors.get(lo)!;
      const b = atAnchors.get(hi)!;
      series.set(t, hi === lo ? a : a * Math.pow(b / a, (t - lo) / (hi - lo)));
    }
  }

  // The stored values: raw · R, rounded; in Table 1's years Dolina's totals split exactly.
  const stored = new Map<string, Map<Unit, Map<number, number>>>();
  for (const [id, model] of Object.entries(MODELS)) {
    const perUnit = new Map<Unit, Map<number, number>>();
    stored.set(id, perUnit);
    const positive = (x: number) => Math.max(Math.pow(10, -model.decimals), round(x, model.decimals));
    for (const u of units)
      perUnit.set(
        u,
        new Map(YEARS.map((t) => [t, positive(raw.get(id)!.get(u)!.get(t)! * factor.get(id)!.get(t)!)])),
      );
    for (const t of ANCHORS) {
      const target = TABLE1[id]![t as (typeof TABLE1_YEARS)[number]];
      const values = dolina.map((u) => raw.get(id)!.get(u)!.get(t)! * factor.get(id)!.get(t)!);
      if (definition(id).aggregation.kind === 'sum') {
        const unit = Math.pow(10, model.decimals);
        const parts = allocate(Math.round(target * unit), values);
        dolina.forEach((u, i) => perUnit.get(u)!.set(t, parts[i]! / unit));
      } else {
        // a weighted mean: round, then give the remainder to the member with the largest weight
        const weightOf = (u: Unit) =>
          id === 'output_per_worker'
            ? employees.get(u)!.get(t)!
            : employees.get(u)!.get(t)! * stored.get('output_per_worker')!.get(u)!.get(t)!;
        const weights = dolina.map(weightOf);
        const sumWeight = weights.reduce((s, w) => s + w, 0);
        const rounded = values.map((v) => round(v, model.decimals));
        const largest = weights.indexOf(Math.max(...weights));
        const others = rounded.reduce((s, v, i) => (i === largest ? s : s + v * weights[i]!), 0);
        rounded[largest] = round((target * sumWeight - others) / weights[largest]!, model.decimals);
        dolina.forEach((u, i) => perUnit.get(u)!.set(t, rounded[i]!));
      }
    }
  }

  const observations: Observation[] = [];
  const unitName = (id: string) => INDICATORS.find((i) => i.id === id)!.unit;
  for (const u of units)
    for (const t of YEARS) {
      observations.push({
        participant: u.p.id,
        indicator: EMPLOYEES_INDICATOR.id,
        year: t,
        value: employees.get(u)!.get(t)!,
        unit: EMPLOYEES_INDICATOR.unit,
      });
      for (const id of Object.keys(MODELS))
        observations.push({
          participant: u.p.id,
          indicator: id,
          year: t,
          value: stored.get(id)!.get(u)!.get(t)!,
          unit: unitName(id),
        });
    }
  return observations;
}
