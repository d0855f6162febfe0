/**
 * Difference-in-differences per node group (cluster, platform, community, kind): for each group its
 * members with observations are the treated units, treated from the year they joined, and the
 * participants never treated (or, with not-yet-treated controls, also those treated later) are the
 * controls. Callaway & Sant'Anna (2021) by default, TWFE on request; the article's statistic
 * (Charykova & Markova 2019) of the group's aggregate indicator beside them. Pure: participants and
 * observations in, one result per group out, so that the CLI and the API share it.
 */
import { aggregate, indicatorDefinition, type UnitYear } from '../domain/indicators.ts';
import { ClusterlensError } from '../errors.ts';
import { ARTICLE_UNIT_SCALE, articleStatistic } from './article-statistic.ts';
import { csFromData, pValue, type CsData } from './callaway-santanna.ts';
import { CREDIBILITY, formatP, holm, isCredible, type CredibilityFlag } from './credibility.ts';
import {
  checkEffectOptions,
  describeQuestion,
  EFFECT_DEFAULTS,
  logByDefault,
  resolveDefaults,
  type EffectOptions,
  type Question,
} from './defaults.ts';
import { fSurvival, normalQuantile } from './distributions.ts';
import type { Panel } from './panel.ts';
import { twfe, twfeEventStudy } from './twfe.ts';
import { effectInUnit, groupSentence } from './words.ts';

export type GroupBy = 'cluster' | 'platform' | 'community' | 'kind';
export const GROUP_BY: GroupBy[] = ['cluster', 'platform', 'community', 'kind'];

export type ByGroupOptions = EffectOptions;

export interface GroupInput {
  group: string;
  label: string;
  /** Members and the year each was treated (joined), null when unknown or never. */
  members: { id: string; since: number | null }[];
}

export interface ByGroupInput {
  indicator: string;
  groupBy: string;
  groups: GroupInput[];
  /**
   * Every participant ever treated (joined any cluster, or any platform for groupBy = platform) and its
   * first year (null if unknown). Everyone else with observations is never treated.
   */
  firstTreated: Map<string, number | null>;
  /** Observations of the indicator, and of `employees` and `output_per_worker` where Table 1's aggregation needs them. */
  observations: { participant: string; indicator: string; year: number; value: number }[];
}

export interface EventStudyPoint {
  /** Years since each member joined (0: the year of joining). */
  e: number;
  att: number;
  se: number | null;
  lo: number | null;
  hi: number | null;
  /** Members whose ATT(g,t) enter this event time. */
  n: number;
  /** att, lo, hi in the display unit: percent (exp(δ) − 1) for a log outcome, else the indicator's unit. */
  effect: number;
  effectLo: number | null;
  effectHi: number | null;
}

export interface GroupResult {
  group: string;
  label: string;
  members: string[];
  nTreated: number;
  nControl: number;
  att: number | null;
  se: number | null;
  ci: [number, number] | null;
  p: number | null;
  percent: number | null;
  eventStudy: EventStudyPoint[];
  band: 'uniform' | 'pointwise';
  /** did's Wald pre-test; pHolm is its p-value after Holm's correction across the groups of the answer. */
  /**
   * did's Wald pre-test (W, df, p: did's chi-square p-value, as R prints it); pF: the small-sample
   * F-approximation used for credibility (see src/did/credibility.ts); pHolm: pF after Holm's correction
   * across the groups of the answer.
   */
  pretest: { W: number; df: number; p: number; pF: number; pHolm: number } | null;
  /** The simple ATT in the display unit (percent for a log outcome), with its interval. */
  effect: { value: number; lo: number | null; hi: number | null; unit: string } | null;
  /** No blocking flag: the estimate may be read as the effect of joining. */
  credible: boolean;
  flags: CredibilityFlag[];
  /** The effect in one sentence, or why we cannot tell. */
  sentence: string;
  articleStatistic: number | null;
  warnings: string[];
}

/** A group's estimate before credibility is judged across the groups (Holm needs all pre-tests). */
type Estimated = Omit<GroupResult, 'credible' | 'sentence' | 'pretest'> & {
  pretest: { W: number; df: number; p: number; pF: number } | null;
};

export interface ByGroupResult {
  indicator: string;
  groupBy: string;
  estimator: 'cs' | 'twfe';
  control: 'never' | 'notyet';
  base: 'varying' | 'universal';
  log: boolean;
  anticipation: number;
  level: number;
  /** The question answered, in words. */
  question: Question;
  /** How credibility was judged (thresholds, correction). */
  credibility: {
    pretrendLevel: number;
    correction: 'holm';
    minTreated: number;
    minControl: number;
    minCohort: number;
  };
  groups: GroupResult[];
}

export function didByGroupFromData(
  input: ByGroupInput,
  options: Partial<ByGroupOptions> = {},
): ByGroupResult {
  const given = resolveDefaults('did by group', EFFECT_DEFAULTS, options);
  checkEffectOptions(given);
  const log =
    given.log === 'auto'
      ? logByDefault(
          input.indicator,
          input.observations.filter((o) => o.indicator === input.indicator).map((o) => o.value),
        )
      : given.log;
  const opts = { ...given, log };
  const question = describeQuestion(input.indicator, input.groupBy, opts);

  // the outcome by participant and year
  const series = new Map<string, Map<number, number>>();
  const extra = new Map<string, Map<string, Map<number, number>>>();
  for (const o of input.observations) {
    if (o.indicator === input.indicator) {
      let m = series.get(o.participant);
      if (!m) series.set(o.participant, (m = new Map()));
      m.set(o.year, o.value);
    } else {
      let byIndicator = extra.get(o.indicator);
      if (!byIndicator) extra.set(o.indicator, (byIndicator = new Map()));
      let m = byIndicator.get(o.participant);
      if (!m) byIndicator.set(o.participant, (m = new Map()));
      m.set(o.year, o.value);
    }
  }
  const years = [
    ...new Set(input.observations.filter((o) => o.indicator === input.indicator).map((o) => o.year)),
  ].sort((a, b) => a - b);
  const complete = (id: string) => {
    const m = series.get(id);
    if (!m || m.size !== years.length) return false;
    return opts.log ? [...m.values()].every((v) => v > 0) : true;
  };
  const estimated = input.groups.map((g) => estimateGroup(g));
  // Holm across the groups of this answer, then the credibility of each group.
  const adjusted = holm(estimated.map((g) => g.pretest?.pF ?? null));
  const groups = estimated.map((g, i) => judge(g, adjusted[i] ?? null));
  return {
    indicator: input.indicator,
    groupBy: input.groupBy,
    estimator: opts.estimator,
    control: opts.control,
    base: opts.base,
    log: opts.log,
    anticipation: opts.anticipation,
    level: opts.level,
    question,
    credibility: {
      pretrendLevel: CREDIBILITY.pretrendLevel,
      correction: 'holm',
      minTreated: CREDIBILITY.minTreated,
      minControl: CREDIBILITY.minControl,
      minCohort: CREDIBILITY.minCohort,
    },
    groups,
  };

  function judge(g: Estimated, pHolm: number | null): GroupResult {
    const flags: CredibilityFlag[] = [...g.flags];
    const flag = (code: CredibilityFlag['code'], message: string, blocking = true) =>
      flags.push({ code, message, blocking });
    if (g.pretest && pHolm !== null && pHolm < CREDIBILITY.pretrendLevel)
      flag(
        'pretrend',
        `before joining, its members already moved differently from the comparison group (pre-trend test p ${formatP(pHolm)}, Holm-adjusted across ${adjusted.filter((p) => p !== null).length} groups)`,
      );
    if (
      g.att !== null &&
      !g.pretest &&
      opts.estimator === 'cs' &&
      !flags.some((f) => f.code === 'pretest-unavailable')
    )
      flag(
        'pretest-unavailable',
        'the pre-trend test could not be computed, so parallel trends cannot be checked',
      );
    const order = (f: CredibilityFlag) => (f.blocking ? 0 : 1);
    flags.sort((a, b) => order(a) - order(b));
    const credible = g.att !== null && isCredible(flags);
    const pretest = g.pretest ? { ...g.pretest, pHolm: pHolm ?? g.pretest.pF } : null;
    const result = { ...g, pretest, flags, credible };
    return {
      ...result,
      sentence: groupSentence(
        {
          label: g.label,
          att: g.att,
          ci: g.ci,
          log: opts.log,
          pretrendP: pretest?.pHolm ?? null,
          credible,
          flags,
        },
        question,
      ),
    };
  }

  function estimateGroup(group: GroupInput): Estimated {
    const warnings: string[] = [];
    const flags: CredibilityFlag[] = [];
    const flag = (code: CredibilityFlag['code'], message: string, blocking = true) =>
      flags.push({ code, message, blocking });
    const empty = (members: string[], nControl: number): Estimated => ({
      group: group.group,
      label: group.label,
      members,
      nTreated: members.length,
      nControl,
      att: null,
      se: null,
      ci: null,
      p: null,
      percent: null,
      effect: null,
      eventStudy: [],
      band: 'pointwise',
      pretest: null,
      articleStatistic: null,
      warnings,
      flags,
    });
    const withSeries = group.members.filter((m) => series.has(m.id));
    const unknownYear = withSeries.filter((m) => m.since === null);
    if (unknownYear.length > 0)
      warnings.push(`${unknownYear.length} members without a year of joining are left out`);
    // A member that was in another cluster before it joined this one was not untreated in the years
    // between: its "before" would carry the other cluster's effect. It is left out of this group.
    const earlier = withSeries.filter((m) => {
      const first = input.firstTreated.get(m.id);
      return m.since !== null && first !== undefined && first !== null && first < m.since;
    });
    if (earlier.length > 0)
      warnings.push(
        `${earlier.length} members that were in another ${input.groupBy === 'platform' ? 'platform' : 'cluster'} before joining this one are left out`,
      );
    const earlierIds = new Set(earlier.map((m) => m.id));
    const treated = withSeries.filter((m) => m.since !== null && !earlierIds.has(m.id) && complete(m.id));
    const incomplete = withSeries.length - unknownYear.length - earlier.length - treated.length;
    if (incomplete > 0)
      warnings.push(
        `${incomplete} members not observed in every year${opts.log ? ' or with non-positive values' : ''} are left out (balanced panel)`,
      );
    const treatedIds = new Set(treated.map((m) => m.id));
    const never = [...series.keys()].filter(
      (id) => !input.firstTreated.has(id) && !treatedIds.has(id) && complete(id),
    );
    const notYet =
      opts.control === 'notyet' && opts.estimator === 'cs'
        ? [...series.keys()].filter((id) => {
            const y = input.firstTreated.get(id);
            return y !== undefined && y !== null && !treatedIds.has(id) && complete(id);
          })
        : [];
    const members = treated.map((m) => m.id).sort();
    const nControl = never.length + notYet.length;
    // the article's statistic aggregates every member with observations, as Table 1 does
    const article = groupArticleStatistic(withSeries.map((m) => m.id).sort());
    if (treated.length < CREDIBILITY.minTreated)
      flag(
        'few-treated',
        treated.length === 1
          ? 'a single member with observations: one enterprise is an anecdote, not an effect'
          : `only ${treated.length} members with observations (at least ${CREDIBILITY.minTreated} are needed for a standard error to be trusted)`,
      );
    if (nControl < CREDIBILITY.minControl)
      flag(
        'few-controls',
        `only ${nControl} comparison enterprises (at least ${CREDIBILITY.minControl} are needed)`,
      );
    if (years.length < 2) {
      warnings.push(`fewer than two years of '${input.indicator}'`);
      flag('not-estimable', `fewer than two years of observations`);
      return { ...empty(members, nControl), articleStatistic: article };
    }
    if (treated.length === 0 || nControl === 0) {
      warnings.push(
        treated.length === 0 ? 'no treated members with observations' : 'no control units with observations',
      );
      flag(
        'not-estimable',
        treated.length === 0 ? 'no members with observations' : 'no comparison enterprises',
      );
      return { ...empty(members, nControl), articleStatistic: article };
    }
    const cohortSizes = new Map<number, number>();
    for (const m of treated) cohortSizes.set(m.since!, (cohortSizes.get(m.since!) ?? 0) + 1);
    const small = [...cohortSizes].filter(([, size]) => size < CREDIBILITY.minCohort).map(([g]) => g);
    if (small.length > 0 && treated.length > 1)
      flag(
        'small-cohort',
        `fewer than ${CREDIBILITY.minCohort} members joined in ${small.sort((a, b) => a - b).join(', ')}: those years' estimates are noisy`,
        false,
      );
    if (cohortSizes.size === 1 && treated.length > 1)
      flag(
        'single-cohort',
        `all members joined in ${[...cohortSizes.keys()][0]}: the effect cannot be told apart from anything else that happened to them that year`,
        false,
      );
    const lastYear = years[years.length - 1]!;
    if ([...cohortSizes.keys()].every((g) => g - opts.anticipation > lastYear)) {
      flag('no-post-periods', `no member had joined by ${lastYear}, the last year observed`);
      return { ...empty(members, nControl), articleStatistic: article };
    }

    const ids = [...members, ...never, ...notYet];
    const n = ids.length;
    const nT = years.length;
    const y = new Float64Array(n * nT);
    ids.forEach((id, u) => {
      const m = series.get(id)!;
      years.forEach((year, t) => {
        const v = m.get(year)!;
        y[t * n + u] = opts.log ? Math.log(v) : v;
      });
    });
    const sinceOf = new Map(treated.map((m) => [m.id, m.since!]));
    const cohort = Float64Array.from(ids, (id, u) =>
      u < members.length
        ? sinceOf.get(id)!
        : u < members.length + never.length
          ? 0
          : input.firstTreated.get(id)!,
    );
    const eligible = Uint8Array.from(ids, (_, u) => (u < members.length ? 1 : 0));
    const z = normalQuantile(1 - (1 - opts.level) / 2);
    const inUnit = (x: number | null) => (x === null ? null : effectInUnit(x, opts.log));
    const effectOf = (att: number, ci: [number, number] | null) => ({
      value: effectInUnit(att, opts.log),
      lo: ci ? effectInUnit(ci[0], opts.log) : null,
      hi: ci ? effectInUnit(ci[1], opts.log) : null,
      unit: opts.log ? '%' : (indicatorDefinition(input.indicator)?.unit ?? ''),
    });
    // members whose ATT(g,t) enter event time e (by default: the cohorts observed e years after joining)
    let cellsAt: (e: number) => number[] = (e) =>
      [...cohortSizes.keys()].filter((g) => years.includes(g + e));
    const membersAt = (e: number) => cellsAt(e).reduce((s, g) => s + (cohortSizes.get(g) ?? 0), 0);
    const point = (p: {
      e: number;
      att: number;
      se: number | null;
      lo: number | null;
      hi: number | null;
    }) => ({
      e: p.e,
      att: p.att,
      se: p.se,
      lo: p.lo,
      hi: p.hi,
      n: membersAt(p.e),
      effect: effectInUnit(p.att, opts.log),
      effectLo: inUnit(p.lo),
      effectHi: inUnit(p.hi),
    });
    try {
      if (opts.estimator === 'twfe') {
        const panel = toPanel(ids, years, y, cohort);
        const r = twfe(panel, { anticipation: opts.anticipation, level: opts.level });
        return {
          ...empty(members, nControl),
          att: r.coef,
          se: r.se,
          ci: r.ci,
          p: r.p,
          eventStudy: twfeEventStudy(panel, { anticipation: opts.anticipation, level: opts.level }).map((p) =>
            point(p),
          ),
          percent: opts.log ? Math.expm1(r.coef) : null,
          effect: effectOf(r.coef, r.ci),
          articleStatistic: article,
        };
      }
      const data: CsData = { n, times: years, y, cohort, eligible, unitIds: ids, warnings: [] };
      const r = csFromData(data, {
        control: opts.control,
        base: opts.base,
        anticipation: opts.anticipation,
        bootstrap: opts.bootstrap,
        seed: opts.seed,
        level: opts.level,
      });
      warnings.push(...r.warnings.filter((w) => !/^no pre-treatment ATT/.test(w)));
      const cells = r.attgt.filter((c) => Number.isFinite(c.att));
      cellsAt = (e) => cells.filter((c) => c.time - c.group === e).map((c) => c.group);
      const pretestF = r.pretest ? pretestSmallSample(r.pretest, treated.length) : null;
      if (r.pretest && !pretestF)
        flag(
          'pretest-unavailable',
          `the pre-trend test could not be computed: ${r.pretest.df} pre-treatment comparisons for ${treated.length} members`,
        );
      else if (!r.pretest)
        flag(
          'pretest-unavailable',
          r.warnings.some((w) => /singular|ill-conditioned/.test(w))
            ? 'the pre-trend test could not be computed (its covariance matrix is singular), so parallel trends cannot be checked'
            : 'there is no year before joining to test parallel trends on',
        );
      const { att, se } = r.aggregate.simple;
      const ci: [number, number] | null = se !== null ? [att - z * se, att + z * se] : null;
      return {
        ...empty(members, nControl),
        att,
        se,
        ci,
        p: pValue(att, se),
        percent: opts.log ? Math.expm1(att) : null,
        effect: effectOf(att, ci),
        eventStudy: r.aggregate.dynamic.byEventTime.map((p) => point(p)),
        band: r.band,
        pretest: r.pretest && pretestF ? { ...r.pretest, pF: pretestF } : null,
        articleStatistic: article,
      };
    } catch (error) {
      if (!(error instanceof ClusterlensError)) throw error;
      const reason = error.message.split('\n')[0]!;
      warnings.push(`not estimable: ${reason}`);
      flag('not-estimable', `the estimate could not be computed (${reason})`);
      return { ...empty(members, nControl), articleStatistic: article };
    }
  }

  /** The article's statistic of the group's aggregate (Table 1's rules) between the first and last year. */
  function groupArticleStatistic(members: string[]): number | null {
    if (members.length === 0 || years.length < 2) return null;
    const definition = indicatorDefinition(input.indicator);
    const figure = (year: number): number | null => {
      const units: UnitYear[] = [];
      for (const id of members) {
        const value = series.get(id)?.get(year);
        if (value === undefined) return null;
        units.push({
          value,
          employees: extra.get('employees')?.get(id)?.get(year),
          outputPerWorker: extra.get('output_per_worker')?.get(id)?.get(year),
        });
      }
      try {
        return definition ? aggregate(definition, units) : units.reduce((s, u) => s + u.value, 0);
      } catch {
        return null;
      }
    };
    const first = figure(years[0]!);
    const last = figure(years[years.length - 1]!);
    if (first === null || last === null) return null;
    const scale = ARTICLE_UNIT_SCALE[input.indicator] ?? 1;
    try {
      return articleStatistic(first * scale, last * scale);
    } catch {
      return null;
    }
  }
}

/**
 * The pre-test's p-value for a small group: did's chi-square approximation of the Wald statistic treats the
 * covariance as known, but it is estimated mostly from the members (the ATT's variance is dominated by the
 * smaller side), so with k pre-treatment ATTs and n_T members it over-rejects — 31 % at a nominal 5 % for
 * 30 members and k = 10 in our simulation (docs/did.md). Hotelling's T² (Hotelling 1931, Ann. Math. Statist.
 * 2(3)) gives the finite-sample version: F = W (n_T − k) / (k (n_T − 1)) ~ F(k, n_T − k). Null when
 * n_T ≤ k (no test possible).
 */
export function pretestSmallSample(pretest: { W: number; df: number }, members: number): number | null {
  const k = pretest.df;
  if (members <= k) return null;
  return fSurvival((pretest.W * (members - k)) / (k * (members - 1)), k, members - k);
}

/** A Panel (rows in unit-major order) from the period-major outcome block, for TWFE. */
function toPanel(ids: string[], years: number[], y: Float64Array, cohort: Float64Array): Panel {
  const n = ids.length;
  const nT = years.length;
  const rows = n * nT;
  const unit = new Int32Array(rows);
  const time = new Int32Array(rows);
  const values = new Float64Array(rows);
  for (let u = 0; u < n; u++)
    for (let t = 0; t < nT; t++) {
      const r = u * nT + t;
      unit[r] = u;
      time[r] = t;
      values[r] = y[t * n + u]!;
    }
  return {
    source: 'network',
    spec: { unit: 'participant', time: 'year', outcome: 'value', cohort: 'since' },
    rows,
    unitIds: ids,
    unit,
    times: years,
    time,
    y: values,
    cohortOfUnit: cohort,
    covariates: [],
    lines: new Int32Array(rows),
    balanced: true,
    warnings: [],
  };
}
