/**
 * Difference-in-differences per node group (cluster, platform, community, kind): for each group its
 * members with observations are the treated units, treated from the year they joined, and the
 * participants never treated (or, with not-yet-treated controls, also those treated later) are the
 * controls. Callaway & Sant'Anna (2021) by default, TWFE on request; the article's statistic
 * (Charykova & Markova 2019) of the group's aggregate indicator beside them. Pure: participants and
 * observations in, one result per group out, so that the CLI and the API share it.
 */
import { aggregate, indicatorDefinition, type UnitYear } from '../domain/indicators.ts';
import { ClusterlensError, InvalidArgumentError } from '../errors.ts';
import { ARTICLE_UNIT_SCALE, articleStatistic } from './article-statistic.ts';
import { csFromData, pValue, type CsData } from './callaway-santanna.ts';
import { normalQuantile } from './distributions.ts';
import type { Panel } from './panel.ts';
import { twfe, twfeEventStudy } from './twfe.ts';

export type GroupBy = 'cluster' | 'platform' | 'community' | 'kind';
export const GROUP_BY: GroupBy[] = ['cluster', 'platform', 'community', 'kind'];

export const BY_GROUP_DEFAULTS = {
  estimator: 'cs' as 'cs' | 'twfe',
  control: 'never' as 'never' | 'notyet',
  log: false,
  anticipation: 0,
  /** Multiplier-bootstrap draws for uniform event-study bands (0: pointwise bands from analytic SEs). */
  bootstrap: 0,
  seed: 42,
  level: 0.95,
  /** Fewer treated or control units than this earn a warning that the estimate is unreliable. */
  minUnits: 10,
};
export type ByGroupOptions = typeof BY_GROUP_DEFAULTS;

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
  e: number;
  att: number;
  se: number | null;
  lo: number | null;
  hi: number | null;
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
  pretest: { W: number; df: number; p: number } | null;
  articleStatistic: number | null;
  warnings: string[];
}

export interface ByGroupResult {
  indicator: string;
  groupBy: string;
  estimator: 'cs' | 'twfe';
  control: 'never' | 'notyet';
  log: boolean;
  groups: GroupResult[];
}

export function didByGroupFromData(
  input: ByGroupInput,
  options: Partial<ByGroupOptions> = {},
): ByGroupResult {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const opts: ByGroupOptions = { ...BY_GROUP_DEFAULTS, ...given };
  if (opts.estimator !== 'cs' && opts.estimator !== 'twfe')
    throw new InvalidArgumentError(`per-group estimation uses cs or twfe, not '${String(opts.estimator)}'`);
  if (opts.control !== 'never' && opts.control !== 'notyet')
    throw new InvalidArgumentError(`control must be never or notyet, got '${String(opts.control)}'`);

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
  const groups = input.groups.map((g) => estimateGroup(g));
  return {
    indicator: input.indicator,
    groupBy: input.groupBy,
    estimator: opts.estimator,
    control: opts.control,
    log: opts.log,
    groups,
  };

  function estimateGroup(group: GroupInput): GroupResult {
    const warnings: string[] = [];
    const empty = (members: string[], nControl: number): GroupResult => ({
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
      eventStudy: [],
      band: 'pointwise',
      pretest: null,
      articleStatistic: null,
      warnings,
    });
    const withSeries = group.members.filter((m) => series.has(m.id));
    const unknownYear = withSeries.filter((m) => m.since === null);
    if (unknownYear.length > 0)
      warnings.push(`${unknownYear.length} members without a year of joining are left out`);
    const treated = withSeries.filter((m) => m.since !== null && complete(m.id));
    const incomplete = withSeries.length - unknownYear.length - treated.length;
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
    const article = groupArticleStatistic(members);
    if (years.length < 2) {
      warnings.push(`fewer than two years of '${input.indicator}'`);
      return { ...empty(members, nControl), articleStatistic: article };
    }
    if (treated.length === 0 || nControl === 0) {
      warnings.push(
        treated.length === 0 ? 'no treated members with observations' : 'no control units with observations',
      );
      return { ...empty(members, nControl), articleStatistic: article };
    }
    if (treated.length < opts.minUnits || nControl < opts.minUnits)
      warnings.push(`few units (${treated.length} treated, ${nControl} control): the estimate is unreliable`);
    const cohortSizes = new Map<number, number>();
    for (const m of treated) cohortSizes.set(m.since!, (cohortSizes.get(m.since!) ?? 0) + 1);
    for (const [g, size] of cohortSizes) if (size === 1) warnings.push(`cohort ${g} has a single member`);

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
          eventStudy: twfeEventStudy(panel, { anticipation: opts.anticipation, level: opts.level }),
          percent: opts.log ? Math.expm1(r.coef) : null,
          articleStatistic: article,
        };
      }
      const data: CsData = { n, times: years, y, cohort, eligible, unitIds: ids, warnings: [] };
      const r = csFromData(data, {
        control: opts.control,
        anticipation: opts.anticipation,
        bootstrap: opts.bootstrap,
        seed: opts.seed,
        level: opts.level,
      });
      warnings.push(...r.warnings.filter((w) => !/^no pre-treatment ATT/.test(w)));
      const { att, se } = r.aggregate.simple;
      return {
        ...empty(members, nControl),
        att,
        se,
        ci: se !== null ? [att - z * se, att + z * se] : null,
        p: pValue(att, se),
        percent: opts.log ? Math.expm1(att) : null,
        eventStudy: r.aggregate.dynamic.byEventTime.map(({ e, att: a, se: s, lo, hi }) => ({
          e,
          att: a,
          se: s,
          lo,
          hi,
        })),
        band: r.band,
        pretest: r.pretest,
        articleStatistic: article,
      };
    } catch (error) {
      if (!(error instanceof ClusterlensError)) throw error;
      warnings.push(`not estimable: ${error.message.split('\n')[0]}`);
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
