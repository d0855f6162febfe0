/**
 * The one place where the defaults of difference-in-differences live: the question "what was the effect of
 * joining a cluster?" (per group of the stored network) and the options of an estimate on a user's panel.
 * The CLI, the API (its query schema and OpenAPI document) and the web view take their defaults from here;
 * nothing else writes a default of its own.
 *
 * The default question is the one a careful applied econometrician asks of staggered joining:
 * Callaway & Sant'Anna (2021, J. Econometrics 225(2)) group-time ATTs averaged over the years after joining
 * (did::aggte type "simple"), members against enterprises that never joined any cluster (did's
 * control_group = "nevertreated": the comparison a planner can name), the varying base period and no
 * anticipation (did's defaults), analytic standard errors clustered by enterprise. Level indicators that
 * are positive (output per worker, jobs, market share, investment) are taken in logs, so that the effect is
 * a proportional change and can be said in percent; an index that is already a rate of change (the
 * production index, % of the previous year) stays in its own unit (percentage points).
 */
import { indicatorDefinition } from '../domain/indicators.ts';
import { InvalidArgumentError } from '../errors.ts';

export type GroupEstimator = 'cs' | 'twfe';
export type ControlGroup = 'never' | 'notyet';
export type BasePeriod = 'varying' | 'universal';
/** 'auto': logs for a positive level indicator (see logByDefault), the indicator's own unit otherwise. */
export type LogChoice = boolean | 'auto';

export const GROUP_ESTIMATORS: GroupEstimator[] = ['cs', 'twfe'];
export const CONTROL_GROUPS: ControlGroup[] = ['never', 'notyet'];
export const BASE_PERIODS: BasePeriod[] = ['varying', 'universal'];

/** What every Callaway & Sant'Anna estimate starts from (R did's defaults, analytic standard errors). */
export const CS_ESTIMATE_DEFAULTS = {
  control: 'never' as ControlGroup,
  base: 'varying' as BasePeriod,
  anticipation: 0,
  /** Multiplier-bootstrap draws (0: analytic standard errors, pointwise bands). */
  bootstrap: 0,
  seed: 42,
  level: 0.95,
};

/** The effect of clustering: the defaults of per-group DiD (CLI `did --indicator`, GET /api/did, the view). */
export const EFFECT_DEFAULTS = {
  estimator: 'cs' as GroupEstimator,
  log: 'auto' as LogChoice,
  ...CS_ESTIMATE_DEFAULTS,
};
export type EffectOptions = typeof EFFECT_DEFAULTS;

/** Defaults of an estimate on a user's panel (CLI `did --panel`, POST /api/did); the estimator follows the columns. */
export const PANEL_DEFAULTS = {
  control: CS_ESTIMATE_DEFAULTS.control,
  base: CS_ESTIMATE_DEFAULTS.base,
  anticipation: CS_ESTIMATE_DEFAULTS.anticipation,
  bootstrap: CS_ESTIMATE_DEFAULTS.bootstrap,
  seed: CS_ESTIMATE_DEFAULTS.seed,
  log: false,
  /** Cohort value that marks never-treated units (did's convention: 0). */
  neverValue: 0,
  /** Cohorts with fewer units are refused (one unit has no within-cohort variance). */
  minCohortSize: 2,
};

/** Indicators that are rates of change already (% of the previous year): never logged by default. */
const RATE_INDICATORS = new Set(['production_index']);

/**
 * Whether 'auto' takes logs: for an indicator that is a level (not a rate of change) and positive in every
 * observation. Unknown indicators (a user's own) are treated as levels.
 */
export function logByDefault(indicator: string, values: Iterable<number>): boolean {
  if (RATE_INDICATORS.has(indicator)) return false;
  for (const v of values) if (!(v > 0)) return false;
  return true;
}

/** The options with the defaults filled in; undefined means "the default", unknown keys are an error. */
export function resolveDefaults<T extends object>(what: string, defaults: T, options: Partial<T> = {}): T {
  for (const key of Object.keys(options))
    if (!(key in defaults)) throw new InvalidArgumentError(`${what}: unknown option '${key}'`);
  return {
    ...defaults,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as T;
}

export function checkEffectOptions(o: EffectOptions): void {
  if (!GROUP_ESTIMATORS.includes(o.estimator))
    throw new InvalidArgumentError(`per-group estimation uses cs or twfe, not '${String(o.estimator)}'`);
  if (!CONTROL_GROUPS.includes(o.control))
    throw new InvalidArgumentError(`control must be never or notyet, got '${String(o.control)}'`);
  if (!BASE_PERIODS.includes(o.base))
    throw new InvalidArgumentError(`base must be varying or universal, got '${String(o.base)}'`);
  if (o.log !== true && o.log !== false && o.log !== 'auto')
    throw new InvalidArgumentError(`log must be true, false or auto, got '${String(o.log)}'`);
}

/** What the estimate compares, in words: stated beside every answer (CLI, API, view, report). */
export interface Question {
  /** One sentence: what was asked, against whom, in which unit. */
  text: string;
  indicator: string;
  indicatorName: string;
  /** The indicator's unit, or "log points (shown as percent)". */
  unit: string;
  comparison: string;
}

export function indicatorName(indicator: string): string {
  return indicatorDefinition(indicator)?.name ?? indicator.replace(/_/g, ' ');
}

export function describeQuestion(
  indicator: string,
  groupBy: string,
  o: Omit<EffectOptions, 'log'> & { log: boolean },
): Question {
  const name = indicatorName(indicator);
  const definition = indicatorDefinition(indicator);
  const what = groupBy === 'platform' ? 'platform' : 'cluster';
  const comparison =
    o.control === 'never'
      ? `enterprises that never joined any ${what}`
      : `enterprises that never joined any ${what} or had not joined one yet`;
  const unit = o.log ? 'log points, shown as percent' : (definition?.unit ?? "the indicator's unit");
  const estimator =
    o.estimator === 'cs'
      ? `Callaway & Sant'Anna (2021), averaged over the years after joining, ${o.base} base period`
      : 'two-way fixed effects (biased under staggered joining with changing effects)';
  const text =
    `Effect of joining on ${name.charAt(0).toLowerCase()}${name.slice(1)}, per ${groupBy}: ` +
    `members vs ${comparison}; ${unit}; ${estimator}; ` +
    `${o.anticipation === 0 ? 'no anticipation' : `anticipation ${o.anticipation} years`}; ` +
    `${Math.round(o.level * 100)} % intervals.`;
  return { text, indicator, indicatorName: name, unit, comparison };
}
