/**
 * The yearly panel 2005–2017 of the five Table-1 indicators (and head count) for every enterprise of the
 * clusters and of the control group.
 *
 * «Долина машиностроения»'s 87 enterprises add up to Table 1 exactly in 2005, 2012, 2016 and 2017 under
 * the aggregation rules of src/domain/indicators.ts (the cluster path is interpolated between those
 * years, with the 2009 crisis). The split between enterprises shifts towards each cohort after it joins
 * (2012, 2014, 2016): that is the cluster effect that DiD estimates. Control enterprises follow a
 * counterfactual path that shares the cluster's pre-2012 trend; enterprises of the other clusters
 * follow the control path plus a smaller effect after they join.
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

/** Control paths relative to 2005 (intensive indicators) or as levels (production index). */
const CONTROL_RELATIVE = {
  output_per_worker: { 2005: 1, 2012: 1.2, 2016: 1.27, 2017: 1.34 },
  high_productivity_jobs: { 2005: 1, 2012: 1.12, 2016: 0.8, 2017: 0.71 },
  market_share: { 2005: 1, 2012: 1.13, 2016: 1.17, 2017: 1.2 },
  investment_per_capita: { 2005: 1, 2012: 1.9, 2016: 1.95, 2017: 2.2 },
};
const CONTROL_PRODUCTION_INDEX = { 2005: 98.2, 2012: 98.0, 2016: 97.4, 2017: 101.5 };

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

  // --- «Долина машиностроения»: allocate Table 1 to its 87 enterprises. ---
  const dolina = units.filter((u) => u.p.memberships.some((m) => m.cluster === DOLINA));
  const dolinaJoined = (u: Unit) => u.p.memberships.find((m) => m.cluster === DOLINA)!.since;
  const targets = Object.fromEntries(
    Object.entries(TABLE1).map(([id, values]) => [id, path(values, id !== 'production_index')]),
  ) as Record<string, Map<number, number>>;
  for (const t of YEARS) {
    const emp = dolina.map((u) => employeesOf(u, t));
    // Output per worker: relative productivities, rescaled so that Σ(opw·emp)/Σemp is the target.
    const rel = dolina.map(
      (u) =>
        u.productivity *
        joinedBoost({ ...u, joined: dolinaJoined(u) }, t, 0.05) *
        shock(`o|${u.p.id}|${t}`, 0.03),
    );
    const relMean = rel.reduce((s, r, i) => s + r * emp[i]!, 0) / emp.reduce((s, e) => s + e, 0);
    const opw = rel.map((r) => round((targets.output_per_worker!.get(t)! * r) / relMean, 6));
    const output = opw.map((o, i) => o * emp[i]!);
    // Jobs, market share and investment are totals: integer allocation in the printed units.
    const jobs = allocate(
      Math.round(targets.high_productivity_jobs!.get(t)!),
      dolina.map((u, i) => emp[i]! * u.jobsRate * joinedBoost({ ...u, joined: dolinaJoined(u) }, t, 0.04)),
    );
    const share = allocate(Math.round(targets.market_share!.get(t)! * 1e4), output).map((x) => x / 1e4);
    const investment = allocate(
      Math.round(targets.investment_per_capita!.get(t)! * 100),
      dolina.map(
        (u, i) => output[i]! * u.investmentRate * joinedBoost({ ...u, joined: dolinaJoined(u) }, t, 0.06),
      ),
    ).map((x) => x / 100);
    // Production index: relative indices, rescaled so that the output-weighted mean is the target.
    const relIndex = dolina.map(
      (u) => joinedBoost({ ...u, joined: dolinaJoined(u) }, t, 0.01) * shock(`i|${u.p.id}|${t}`, 0.02),
    );
    const relIndexMean =
      relIndex.reduce((s, r, i) => s + r * output[i]!, 0) / output.reduce((s, o) => s + o, 0);
    dolina.forEach((u, i) => {
      push(u.p, EMPLOYEES_INDICATOR.id, t, emp[i]!, EMPLOYEES_INDICATOR.unit);
      push(u.p, 'output_per_worker', t, opw[i]!, unitName('output_per_worker'));
      push(u.p, 'high_productivity_jobs', t, jobs[i]!, unitName('high_productivity_jobs'));
      push(u.p, 'market_share', t, share[i]!, unitName('market_share'));
      push(
        u.p,
        'production_index',
        t,
        round((targets.production_index!.get(t)! * relIndex[i]!) / relIndexMean, 6),
        unitName('production_index'),
      );
      push(u.p, 'investment_per_capita', t, investment[i]!, unitName('investment_per_capita'));
    });
  }

  // --- Everyone else: the counterfactual path, plus a smaller effect after joining another cluster. ---
  const controlPath = Object.fromEntries(
    Object.entries(CONTROL_RELATIVE).map(([id, anchors]) => [id, path(anchors, true)]),
  ) as Record<string, Map<number, number>>;
  const controlIndex = path(CONTROL_PRODUCTION_INDEX, false);
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
            boost(0.04),
          2,
        ),
        unitName('investment_per_capita'),
      );
    }
  }
  return observations;
}
