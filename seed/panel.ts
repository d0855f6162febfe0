/**
 * The yearly panel 2005–2017 of the five Table-1 indicators (and head count) for every enterprise of the
 * clusters and of the control group.
 *
 * «Долина машиностроения»'s 87 enterprises add up to Table 1 exactly in 2005, 2012, 2016 and 2017 under
 * the aggregation rules of src/domain/indicators.ts (the cluster path is interpolated between those
 * years, with the 2009 crisis). Until it joins (2012, 2014 or 2016), an enterprise follows the
 * counterfactual path — the control group's, which is Table 1's trend before 2012 — from its share of
 * the 2005 total; the enterprises that have joined take the rest of each year's total, shifted towards
 * those that joined earlier. So trends are parallel before treatment, and the gap after joining is the
 * cluster effect that DiD estimates (the years between Table 1's columns add up to it approximately).
 * Enterprises of the other clusters follow the control path plus a smaller effect after they join.
 */
import { EMPLOYEES_INDICATOR, INDICATORS, TABLE1 } from '../src/domain/indicators.ts';
import type { Observation } from '../src/exchange/model.ts';
import { DOLINA, type DemoParticipant } from './entities.ts';
import type { Random } from './random.ts';
import { FIRST_YEAR, LAST_YEAR } from './ties.ts';

const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

/** Shocks common to all enterprises (the 2008–2009 crisis), as multipliers of the interpolated path. */
const CRISIS: Record<number, number> = {
  2008: 0.97,
  2009: 0.88,
  2010: 0.95,
  2013: 1.01,
  2014: 0.99,
  2015: 0.96,
};

/** A path through anchor years, interpolated geometrically (levels) or linearly (indices). */
function path(anchors: Record<number, number>, geometric: boolean): Map<number, number> {
  const years = Object.keys(anchors)
    .map(Number)
    .sort((a, b) => a - b);
  const out = new Map<number, number>();
  for (const t of YEARS) {
    const hi = years.find((y) => y >= t) ?? years[years.length - 1]!;
    const lo = [...years].reverse().find((y) => y <= t) ?? years[0]!;
    const a = anchors[lo]!;
    const b = anchors[hi]!;
    const f = hi === lo ? 0 : (t - lo) / (hi - lo);
    const base = geometric ? a * Math.pow(b / a, f) : a + (b - a) * f;
    const anchored = anchors[t] !== undefined;
    out.set(t, anchored ? base : base * (CRISIS[t] ?? 1));
  }
  return out;
}

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

/**
 * The counterfactual: control paths relative to 2005 (intensive indicators) or as levels (production
 * index). Up to 2012 they follow Table 1 — the cluster's own trend before it formed — and after it
 * they grow by the factors below (relative to 2012), less than the cluster did.
 */
const CONTROL_GROWTH_AFTER_2012 = {
  output_per_worker: { 2016: 1.27 / 1.2, 2017: 1.34 / 1.2 },
  high_productivity_jobs: { 2016: 0.6, 2017: 0.52 },
  market_share: { 2016: 1.17 / 1.13, 2017: 1.2 / 1.13 },
  investment_per_capita: { 2016: 1.95 / 1.9, 2017: 2.2 / 1.9 },
};
const CONTROL_RELATIVE = Object.fromEntries(
  Object.entries(CONTROL_GROWTH_AFTER_2012).map(([id, growth]) => {
    const t = TABLE1[id]!;
    const pre = t[2012] / t[2005];
    return [id, { 2005: 1, 2012: pre, 2016: pre * growth[2016], 2017: pre * growth[2017] }];
  }),
) as Record<string, Record<number, number>>;
const CONTROL_PRODUCTION_INDEX = {
  2005: TABLE1.production_index![2005],
  2012: TABLE1.production_index![2012],
  2016: 97.4,
  2017: 101.5,
};

/**
 * The year in which Table 1 is split among the members; from it, each member that has not joined yet
 * follows the counterfactual path with noise of its own. (Splitting the total anew every year would make
 * one member's luck another's loss: noise correlated across members, which no DiD standard error
 * assumes.)
 */
const BASE_YEAR = 2005;

interface Unit {
  p: DemoParticipant;
  /** First year in a cluster, or undefined for the never-treated. */
  joined?: number;
  size: number;
  productivity: number;
  jobsRate: number;
  investmentRate: number;
}

/** Multiplier of an enterprise's share after its cohort joined: grows for four years, then levels. */
function joinedBoost(unit: Unit, year: number, perYear: number): number {
  if (unit.joined === undefined || year < unit.joined) return 1;
  return 1 + perYear * Math.min(year - unit.joined + 1, 4);
}

export function buildPanel(rng: Random, participants: DemoParticipant[]): Observation[] {
  const observations: Observation[] = [];
  const push = (p: DemoParticipant, indicator: string, year: number, value: number, unit: string) =>
    observations.push({ participant: p.id, indicator, year, value, unit });
  const units = participants
    .filter((p) => p.kind === 'enterprise')
    .map<Unit>((p) => ({
      p,
      joined: p.memberships.length > 0 ? Math.min(...p.memberships.map((m) => m.since)) : undefined,
      size: p.employees!,
      productivity: Math.exp(0.22 * rng.normal()),
      jobsRate: Math.exp(0.25 * rng.normal()),
      investmentRate: Math.exp(0.4 * rng.normal()),
    }));
  const employment = path({ 2005: 1, 2012: 1.06, 2016: 0.95, 2017: 0.93 }, true);
  const noise = new Map<string, number>();
  const shock = (key: string, sd: number) => {
    if (!noise.has(key)) noise.set(key, 1 + sd * rng.normal());
    return noise.get(key)!;
  };
  const employeesOf = (u: Unit, t: number) =>
    Math.max(10, Math.round(u.size * employment.get(t)! * shock(`e|${u.p.id}|${t}`, 0.03)));
  const unitName = (id: string) => INDICATORS.find((i) => i.id === id)!.unit;

  // The counterfactual paths (the control group's), used by Dolina's not-yet-joined members too.
  const controlPath = Object.fromEntries(
    Object.entries(CONTROL_RELATIVE).map(([id, anchors]) => [id, path(anchors, true)]),
  ) as Record<string, Map<number, number>>;
  const controlIndex = path(CONTROL_PRODUCTION_INDEX, false);
  const growth = (id: string, t: number) => controlPath[id]!.get(t)! / controlPath[id]!.get(BASE_YEAR)!;

  // --- «Долина машиностроения»: allocate Table 1 to its 87 enterprises. ---
  const dolina = units.filter((u) => u.p.memberships.some((m) => m.cluster === DOLINA));
  const dolinaJoined = (u: Unit) => u.p.memberships.find((m) => m.cluster === DOLINA)!.since;
  const targets = Object.fromEntries(
    Object.entries(TABLE1).map(([id, values]) => [id, path(values, id !== 'production_index')]),
  ) as Record<string, Map<number, number>>;
  // Each member's values in the base year, from which the not-yet-joined continue on the counterfactual.
  const base = new Map<Unit, { opw: number; jobs: number; share: number; investment: number }>();
  /** What is left of a total for the joined members; the generator's parameters must leave a positive rest. */
  const rest = (total: number, taken: number, what: string, t: number) => {
    if (!(total - taken > 0))
      throw new Error(`demo panel: nothing left of ${what} in ${t} for the joined members`);
    return total - taken;
  };
  for (const t of YEARS) {
    const emp = dolina.map((u) => employeesOf(u, t));
    // In the base year everyone takes a share of the total; after it, the not-yet-joined go their own way.
    const waiting = dolina.map((u) => t > BASE_YEAR && dolinaJoined(u) > t);
    const boost = (u: Unit, perYear: number) => joinedBoost({ ...u, joined: dolinaJoined(u) }, t, perYear);
    const b = (i: number) => base.get(dolina[i]!)!;
    /**
     * For averages (output per worker, the production index): the joined members take the rest in
     * proportion to `rel`, so that the `weight`-weighted mean over all members is `target`.
     */
    const meetMean = (values: number[], weight: number[], rel: number[], target: number, what: string) => {
      if (waiting.every((w) => w)) return;
      const sumWeight = weight.reduce((s, w) => s + w, 0);
      const taken = values.reduce((s, x, i) => s + (waiting[i] ? x * weight[i]! : 0), 0);
      const joined = rest(target * sumWeight, taken, what, t);
      const relSum = rel.reduce((s, r, i) => s + (waiting[i] ? 0 : r * weight[i]!), 0);
      dolina.forEach((_, i) => {
        if (!waiting[i]) values[i] = round((joined * rel[i]!) / relSum, 6);
      });
    };

    // Output per worker: the waiting continue from their base-year level; the joined share the rest so
    // that Σ(opw·emp)/Σemp is the target.
    const opw = dolina.map((u, i) =>
      waiting[i] ? round(b(i).opw * growth('output_per_worker', t) * shock(`o|${u.p.id}|${t}`, 0.03), 6) : 0,
    );
    const rel = dolina.map((u) => u.productivity * boost(u, 0.05) * shock(`o|${u.p.id}|${t}`, 0.03));
    meetMean(opw, emp, rel, targets.output_per_worker!.get(t)!, 'output');
    const output = opw.map((o, i) => o * emp[i]!);

    // Jobs, market share and investment are totals: integer allocation in the printed units.
    const split = (
      total: number,
      counterfactual: (i: number) => number,
      weight: (i: number) => number,
      what: string,
    ): number[] => {
      const parts = dolina.map((_, i) => (waiting[i] ? counterfactual(i) : 0));
      const taken = parts.reduce((s, x) => s + x, 0);
      const joined = dolina.map((_, i) => i).filter((i) => !waiting[i]);
      if (joined.length === 0) return parts;
      const shares = allocate(rest(total, taken, what, t), joined.map(weight));
      joined.forEach((i, k) => (parts[i] = shares[k]!));
      return parts;
    };
    const jobs = split(
      Math.round(targets.high_productivity_jobs!.get(t)!),
      (i) =>
        Math.round(
          b(i).jobs *
            growth('high_productivity_jobs', t) *
            // As for the controls: jobs per employee follow the path, head count its own course.
            (emp[i]! / employeesOf(dolina[i]!, BASE_YEAR) / employment.get(t)!),
        ),
      (i) => emp[i]! * dolina[i]!.jobsRate * boost(dolina[i]!, 0.04),
      'high-productivity jobs',
    );
    const share = split(
      Math.round(targets.market_share!.get(t)! * 1e4),
      (i) =>
        Math.round(b(i).share * 1e4 * growth('market_share', t) * shock(`s|${dolina[i]!.p.id}|${t}`, 0.03)),
      (i) => output[i]!,
      'market share',
    ).map((x) => x / 1e4);
    const investment = split(
      Math.round(targets.investment_per_capita!.get(t)! * 100),
      (i) =>
        Math.round(
          b(i).investment *
            100 *
            growth('investment_per_capita', t) *
            shock(`v|${dolina[i]!.p.id}|${t}`, 0.04),
        ),
      (i) => output[i]! * dolina[i]!.investmentRate * boost(dolina[i]!, 0.06),
      'investment',
    ).map((x) => x / 100);

    // Production index: the waiting follow the counterfactual index; the joined are rescaled so that the
    // output-weighted mean is the target.
    const index = dolina.map((u, i) =>
      waiting[i] ? round(controlIndex.get(t)! * shock(`i|${u.p.id}|${t}`, 0.02), 6) : 0,
    );
    const relIndex = dolina.map((u) => boost(u, 0.01) * shock(`i|${u.p.id}|${t}`, 0.02));
    meetMean(index, output, relIndex, targets.production_index!.get(t)!, 'production');

    dolina.forEach((u, i) => {
      if (t === BASE_YEAR)
        base.set(u, { opw: opw[i]!, jobs: jobs[i]!, share: share[i]!, investment: investment[i]! });
      push(u.p, EMPLOYEES_INDICATOR.id, t, emp[i]!, EMPLOYEES_INDICATOR.unit);
      push(u.p, 'output_per_worker', t, opw[i]!, unitName('output_per_worker'));
      push(u.p, 'high_productivity_jobs', t, jobs[i]!, unitName('high_productivity_jobs'));
      push(u.p, 'market_share', t, share[i]!, unitName('market_share'));
      push(u.p, 'production_index', t, index[i]!, unitName('production_index'));
      push(u.p, 'investment_per_capita', t, investment[i]!, unitName('investment_per_capita'));
    });
  }

  // --- Everyone else: the counterfactual path, plus a smaller effect after joining another cluster. ---
  const dolina2005 = dolina.reduce((s, u) => s + u.size, 0);
  const perEmployee = {
    jobs: TABLE1.high_productivity_jobs![2005] / dolina2005,
    share: TABLE1.market_share![2005] / dolina2005,
    investment: TABLE1.investment_per_capita![2005] / dolina2005,
  };
  for (const u of units) {
    if (dolina.includes(u)) continue;
    for (const t of YEARS) {
      const emp = employeesOf(u, t);
      const boost = (perYear: number) => joinedBoost(u, t, perYear);
      const opw =
        TABLE1.output_per_worker![2005] *
        controlPath.output_per_worker!.get(t)! *
        u.productivity *
        boost(0.025) *
        shock(`o|${u.p.id}|${t}`, 0.03);
      push(u.p, EMPLOYEES_INDICATOR.id, t, emp, EMPLOYEES_INDICATOR.unit);
      push(u.p, 'output_per_worker', t, round(opw, 6), unitName('output_per_worker'));
      push(
        u.p,
        'high_productivity_jobs',
        t,
        Math.round(
          emp *
            perEmployee.jobs *
            u.jobsRate *
            (controlPath.high_productivity_jobs!.get(t)! / employment.get(t)!) *
            boost(0.02),
        ),
        unitName('high_productivity_jobs'),
      );
      push(
        u.p,
        'market_share',
        t,
        round(
          u.size *
            perEmployee.share *
            u.productivity *
            controlPath.market_share!.get(t)! *
            boost(0.03) *
            shock(`s|${u.p.id}|${t}`, 0.03),
          4,
        ),
        unitName('market_share'),
      );
      push(
        u.p,
        'production_index',
        t,
        round(controlIndex.get(t)! * boost(0.005) * shock(`i|${u.p.id}|${t}`, 0.02), 6),
        unitName('production_index'),
      );
      push(
        u.p,
        'investment_per_capita',
        t,
        round(
          u.size *
            perEmployee.investment *
            u.investmentRate *
            controlPath.investment_per_capita!.get(t)! *
            boost(0.04) *
            shock(`v|${u.p.id}|${t}`, 0.04),
          2,
        ),
        unitName('investment_per_capita'),
      );
    }
  }
  return observations;
}
