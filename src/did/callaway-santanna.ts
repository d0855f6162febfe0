/**
 * Staggered adoption: group-time average treatment effects ATT(g,t) of Callaway & Sant'Anna (2021),
 * "Difference-in-differences with multiple time periods", J. Econometrics 225(2), with the conventions of
 * their R package `did` (att_gt, aggte, mboot): never-treated or not-yet-treated controls, varying or
 * universal base period, anticipation; influence-function standard errors as with `bstrap = FALSE`
 * (se = √(Σψ²)/n); a seeded multiplier bootstrap with Mammen's two-point weights and sup-t uniform bands;
 * the aggregations simple, dynamic (event study), group and calendar with the influence function of the
 * estimated weights; the Wald pre-test of all pre-treatment ATT(g,t) = 0.
 *
 * Without covariates each ATT(g,t) is the difference of the mean outcome changes of cohort g and its
 * controls between the base period and t (what DRDID::drdid_panel reduces to with an intercept only).
 * The panel must be balanced: as `did` does by default (panel = TRUE), units not observed in every period
 * are dropped with a warning.
 */
import { InvalidArgumentError, ValidationError } from '../errors.ts';
import { CREDIBILITY } from './credibility.ts';
import { CS_ESTIMATE_DEFAULTS } from './defaults.ts';
import { drdidPanel } from './drdid.ts';
import { correlationReciprocalCondition, quadraticSolve } from './linear.ts';
import { chiSquareSurvival, normalQuantile, normalTwoSidedP } from './distributions.ts';
import type { Panel } from './panel.ts';
import { Random } from '../random.ts';

/** The estimator's defaults: those of src/did/defaults.ts, the one place they are written. */
export const CS_DEFAULTS = CS_ESTIMATE_DEFAULTS;
export type CsOptions = typeof CS_DEFAULTS;

export interface AttGt {
  group: number;
  time: number;
  att: number;
  se: number | null;
  post: boolean;
  lo: number | null;
  hi: number | null;
}

export interface Aggregate {
  att: number;
  se: number | null;
}

export interface CsResult {
  estimator: 'cs';
  control: 'never' | 'notyet';
  base: 'varying' | 'universal';
  anticipation: number;
  attgt: AttGt[];
  aggregate: {
    simple: Aggregate;
    dynamic: Aggregate & {
      byEventTime: (Aggregate & { e: number; lo: number | null; hi: number | null })[];
      critical: number;
    };
    group: Aggregate & {
      byGroup: (Aggregate & { group: number; lo: number | null; hi: number | null })[];
      critical: number;
    };
    calendar: Aggregate & { byTime: (Aggregate & { time: number })[] };
  };
  pretest: { W: number; df: number; p: number } | null;
  /** 'uniform' when the bootstrap gave simultaneous critical values, else 'pointwise'. */
  band: 'uniform' | 'pointwise';
  /** Critical value for the ATT(g,t) intervals. */
  critical: number;
  bootstrap: { iterations: number; seed: number } | null;
  units: number;
  periods: number[];
  groups: { group: number; units: number }[];
  neverTreated: number;
  log: boolean;
  /** exp(simple ATT) − 1 for a log outcome. */
  percent: number | null;
  warnings: string[];
}

/** The balanced unit × period layout the estimator works on (period-major: y[t·n + u]). */
export interface CsData {
  n: number;
  times: number[];
  y: Float64Array;
  cohort: Float64Array;
  /**
   * Units that may be treated (default: all). Others with a cohort serve only as not-yet-treated
   * controls: per-group estimation uses it for members of other groups.
   */
  eligible?: Uint8Array;
  /** Cluster of each unit (0 … G−1) for standard errors clustered beyond the unit (did's clustervars). */
  cluster?: Int32Array;
  /** Covariates, each period-major like y: the doubly robust ATT(g,t) of DRDID then replaces the means. */
  covariates?: { name: string; values: Float64Array }[];
  unitIds: string[];
  warnings: string[];
}

/** Balances the panel (dropping incompletely observed units, as did's panel = TRUE does). */
export function balancedData(panel: Panel): CsData {
  if (!panel.cohortOfUnit)
    throw new InvalidArgumentError("Callaway–Sant'Anna needs a cohort column (--cohort)");
  const nT = panel.times.length;
  const count = new Int32Array(panel.unitIds.length);
  for (let r = 0; r < panel.rows; r++) count[panel.unit[r]!]!++;
  const newIndex = new Int32Array(panel.unitIds.length).fill(-1);
  const unitIds: string[] = [];
  const cohortList: number[] = [];
  for (let u = 0; u < count.length; u++)
    if (count[u] === nT) {
      newIndex[u] = unitIds.length;
      unitIds.push(panel.unitIds[u]!);
      cohortList.push(panel.cohortOfUnit[u]!);
    }
  const warnings: string[] = [];
  const droppedUnits = panel.unitIds.length - unitIds.length;
  if (droppedUnits > 0)
    warnings.push(
      `unbalanced panel: ${droppedUnits} of ${panel.unitIds.length} units not observed in all ${nT} periods were dropped (as R did with panel = TRUE)`,
    );
  const n = unitIds.length;
  if (n === 0)
    throw new ValidationError(
      [{ file: panel.source, field: panel.spec.time, message: `no unit is observed in all ${nT} periods` }],
      `${panel.source}: no unit is observed in every period, so the balanced panel Callaway–Sant'Anna needs is empty`,
    );
  const y = new Float64Array(n * nT);
  for (let r = 0; r < panel.rows; r++) {
    const u = newIndex[panel.unit[r]!]!;
    if (u >= 0) y[panel.time[r]! * n + u] = panel.y[r]!;
  }
  const data: CsData = {
    n,
    times: [...panel.times],
    y,
    cohort: Float64Array.from(cohortList),
    unitIds,
    warnings,
  };
  if (panel.covariates.length > 0)
    data.covariates = panel.covariates.map(({ name, values }) => {
      const block = new Float64Array(n * nT);
      for (let r = 0; r < panel.rows; r++) {
        const u = newIndex[panel.unit[r]!]!;
        if (u >= 0) block[panel.time[r]! * n + u] = values[r]!;
      }
      return { name, values: block };
    });
  if (panel.cluster) {
    // did refuses a cluster variable that varies within a unit
    const cluster = new Int32Array(n).fill(-1);
    for (let r = 0; r < panel.rows; r++) {
      const u = newIndex[panel.unit[r]!]!;
      if (u < 0) continue;
      const c = panel.cluster[r]!;
      if (cluster[u] === -1) cluster[u] = c;
      else if (cluster[u] !== c)
        throw new ValidationError(
          [
            {
              file: panel.source,
              line: panel.lines[r],
              field: panel.spec.cluster,
              message: `unit '${unitIds[u]}' changes cluster over time`,
            },
          ],
          `column '${panel.spec.cluster}' of ${panel.source}: the cluster varies within a unit`,
        );
    }
    data.cluster = cluster;
  }
  return data;
}

export function callawaySantAnna(panel: Panel, options: Partial<CsOptions> = {}): CsResult {
  const data = balancedData(panel);
  const result = csFromData(data, options);
  result.log = panel.spec.log === true;
  result.percent = result.log ? Math.expm1(result.aggregate.simple.att) : null;
  result.warnings = [...panel.warnings, ...data.warnings, ...result.warnings];
  return result;
}

interface Cell {
  group: number;
  time: number;
  att: number;
  post: boolean;
  /** Influence function over all n units (scaled as did does: (n/n₁)·ψ on the cell's units, 0 elsewhere). */
  inf: Float64Array | null;
}

/** Callaway–Sant'Anna on a balanced, period-major layout: the named steps of did's att_gt and aggte. */
export function csFromData(dataIn: CsData, options: Partial<CsOptions> = {}): CsResult {
  const opts = { ...CS_DEFAULTS, ...options };
  checkOptions(opts);
  const warnings: string[] = [...dataIn.warnings];
  const data = preProcess(dataIn, opts, warnings);
  const cells = groupTimeCells(data, opts, warnings);
  const inference = inferenceOf(data, opts);
  const cellEstimates = cellRows(cells, inference);
  const pretest = waldPretest(cells, cellEstimates.analyticSe, data.n, inference, warnings);
  const aggregate = aggregations(cells, data, inference);
  const { cohortSize } = aggregate;
  return {
    estimator: 'cs',
    control: opts.control,
    base: opts.base,
    anticipation: opts.anticipation,
    attgt: cellEstimates.attgt,
    aggregate: aggregate.result,
    pretest,
    band: cellEstimates.bootstrapped ? 'uniform' : 'pointwise',
    critical: cellEstimates.critical,
    bootstrap: inference.rng ? { iterations: opts.bootstrap, seed: opts.seed } : null,
    units: data.n,
    periods: data.times,
    groups: data.glist.map((g) => ({ group: g, units: cohortSize.get(g) ?? 0 })),
    neverTreated: cohortSize.get(0) ?? 0,
    log: false,
    percent: null,
    warnings,
  };
}

function checkOptions(opts: CsOptions): void {
  if (opts.control !== 'never' && opts.control !== 'notyet')
    throw new InvalidArgumentError(`control must be never or notyet, got '${String(opts.control)}'`);
  if (opts.base !== 'varying' && opts.base !== 'universal')
    throw new InvalidArgumentError(`base must be varying or universal, got '${String(opts.base)}'`);
  if (!Number.isInteger(opts.anticipation) || opts.anticipation < 0)
    throw new InvalidArgumentError(`anticipation must be a whole number ≥ 0, got ${opts.anticipation}`);
  if (!Number.isInteger(opts.bootstrap) || opts.bootstrap < 0)
    throw new InvalidArgumentError(`bootstrap must be a whole number ≥ 0, got ${opts.bootstrap}`);
  if (!(opts.level > 0 && opts.level < 1))
    throw new InvalidArgumentError(`level must lie in (0, 1), got ${opts.level}`);
}

/** The data after did's pre-processing, and the treated cohorts that are estimated (glist). */
interface Prepared {
  n: number;
  times: number[];
  y: Float64Array;
  cohort: Float64Array;
  unitIds: string[];
  eligible: Uint8Array;
  clusterOf: Int32Array | undefined;
  covariates: CsData['covariates'];
  glist: number[];
}

/**
 * As did::pre_process_did: cohorts first treated after the panel (plus anticipation) are never treated;
 * without never-treated units the last cohort becomes the control and its periods are dropped; units
 * treated in the first period are dropped; cohorts treated from the first period on are not estimated.
 */
function preProcess(dataIn: CsData, opts: CsOptions, warnings: string[]): Prepared {
  const antic = opts.anticipation;
  let { n, times, y, cohort, unitIds } = dataIn;
  let eligible = dataIn.eligible ?? new Uint8Array(n).fill(1);
  let clusterOf = dataIn.cluster;
  let covariates = dataIn.covariates;
  const maxT = times[times.length - 1]!;
  cohort = Float64Array.from(cohort, (g) => (g > maxT + antic ? 0 : g));
  let glist = [...new Set(cohort.filter((_, u) => eligible[u] === 1))]
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const hasNever = cohort.some((g) => g === 0);
  if (!hasNever) {
    if (opts.control === 'never')
      throw new ValidationError(
        [{ file: 'panel', message: 'no never-treated units (all units are treated by the last period)' }],
        'no never-treated units to compare with: use --control notyet',
      );
    const latest = glist[glist.length - 1]!;
    const keepT = times.map((t, i) => [t, i] as const).filter(([t]) => t < latest - antic);
    if (keepT.length < 2)
      throw new ValidationError(
        [{ file: 'panel', message: 'too few periods before the last cohort' }],
        'no not-yet-treated controls',
      );
    warnings.push(
      `no never-treated units: periods from ${latest - antic} on are dropped and cohort ${latest} serves only as a control (as R did)`,
    );
    const keepPeriods = (block: Float64Array) => {
      const out = new Float64Array(n * keepT.length);
      keepT.forEach(([, i], j) => out.set(block.subarray(i * n, (i + 1) * n), j * n));
      return out;
    };
    y = keepPeriods(y);
    covariates = covariates?.map((c) => ({ name: c.name, values: keepPeriods(c.values) }));
    times = keepT.map(([t]) => t);
    glist = glist.filter((g) => g < latest);
  }
  const first = times[0]!;
  const firstTreated = cohort.reduce((s, g) => s + (g > 0 && g <= first + antic ? 1 : 0), 0);
  if (firstTreated > 0) {
    warnings.push(`${firstTreated} units already treated in the first period were dropped (as R did)`);
    const keep: number[] = [];
    for (let u = 0; u < n; u++) if (!(cohort[u]! > 0 && cohort[u]! <= first + antic)) keep.push(u);
    const nT0 = times.length;
    const keepUnits = (block: Float64Array) => {
      const out = new Float64Array(keep.length * nT0);
      for (let t = 0; t < nT0; t++)
        for (let j = 0; j < keep.length; j++) out[t * keep.length + j] = block[t * n + keep[j]!]!;
      return out;
    };
    y = keepUnits(y);
    covariates = covariates?.map((c) => ({ name: c.name, values: keepUnits(c.values) }));
    const kept = cohort;
    cohort = Float64Array.from(keep, (u) => kept[u]!);
    const wasEligible = eligible;
    eligible = Uint8Array.from(keep, (u) => wasEligible[u]!);
    if (clusterOf) {
      const c = clusterOf;
      clusterOf = Int32Array.from(keep, (u) => c[u]!);
    }
    const ids = unitIds;
    unitIds = keep.map((u) => ids[u]!);
    n = keep.length;
  }
  glist = glist.filter((g) => g > first + antic);
  if (glist.length === 0)
    throw new ValidationError(
      [{ file: 'panel', message: 'no cohort is treated after the first period' }],
      'no treated cohort to estimate',
    );
  return { n, times, y, cohort, unitIds, eligible, clusterOf, covariates, glist };
}

/** Every ATT(g,t) with its influence function, in did's order (cohort, then period); NaN where not estimable. */
function groupTimeCells(data: Prepared, opts: CsOptions, warnings: string[]): Cell[] {
  const { n, times, y, cohort, eligible, covariates, glist } = data;
  const antic = opts.anticipation;
  const nT = times.length;
  const cells: Cell[] = [];
  const universal = opts.base === 'universal';
  const tfac = universal ? 0 : 1;
  const loopLength = universal ? nT : nT - 1;
  const dy = new Float64Array(n);
  for (const g of glist) {
    let pretG = -1;
    for (let i = 0; i < nT; i++) if (times[i]! + antic < g) pretG = i;
    if (pretG < 0) {
      warnings.push(`no pre-treatment period for cohort ${g}; its units are dropped`);
      continue;
    }
    for (let t = 0; t < loopLength; t++) {
      const current = t + tfac;
      let pret = universal ? pretG : t;
      const post = g <= times[current]!;
      if (post) pret = pretG;
      if (universal && pret === current) {
        cells.push({ group: g, time: times[current]!, att: 0, post: false, inf: null });
        continue;
      }
      const threshold = times[Math.max(t, pret) + tfac]! + antic;
      // covariates are taken in the earlier of the two periods, as did does
      const earlier = Math.min(current, pret);
      const cell = covariates
        ? attCellDr(
            y,
            n,
            current * n,
            pret * n,
            cohort,
            eligible,
            g,
            opts.control === 'notyet',
            threshold,
            covariates.map((c) => c.values.subarray(earlier * n, (earlier + 1) * n)),
          )
        : attCell(y, n, current * n, pret * n, cohort, eligible, g, opts.control === 'notyet', threshold, dy);
      if (typeof cell === 'string') {
        warnings.push(`ATT(${g}, ${times[current]}) has no ${cell} units; set to NA`);
        cells.push({ group: g, time: times[current]!, att: NaN, post, inf: null });
        continue;
      }
      // R's glm warns when the propensity score's fit does not converge, and goes on: so do we.
      if ('converged' in cell && cell.converged === false)
        warnings.push(
          `ATT(${g}, ${times[current]}): the propensity-score fit did not converge (as R's glm warns); read it with care`,
        );
      cells.push({ group: g, time: times[current]!, att: cell.att, post, inf: cell.inf });
    }
  }
  return cells;
}

/** How standard errors and bands are made from influence functions: by unit or cluster, analytic or bootstrap. */
interface Inference {
  /** Units (n), the clusters when clustering beyond the unit, and ψ summed by cluster. */
  n: number;
  clusters: Int32Array | undefined;
  reduce(inf: Float64Array): Float64Array;
  /** Analytic SE (did's √(Σψ²)/n, by cluster sums when clustered). */
  seOf(inf: Float64Array | null): number | null;
  /** Normal critical value at the level. */
  z: number;
  rng: Random | null;
  /** Multiplier bootstrap of the columns (null without bootstrap). */
  boot(columns: (Float64Array | null)[]): { se: number[]; critical: number } | null;
}

function inferenceOf(data: Prepared, opts: CsOptions): Inference {
  const { n } = data;
  // clustering beyond the unit (did's clustervars): sums of ψ by cluster replace the units
  let nClusters = 0;
  let clusters: Int32Array | undefined;
  if (data.clusterOf) {
    const ids = new Map<number, number>();
    clusters = Int32Array.from(data.clusterOf, (x) => {
      let i = ids.get(x);
      if (i === undefined) ids.set(x, (i = ids.size));
      return i;
    });
    nClusters = ids.size;
  }
  const reduce = (inf: Float64Array): Float64Array => {
    if (!clusters) return inf;
    const sums = new Float64Array(nClusters);
    for (let u = 0; u < n; u++) sums[clusters[u]!]! += inf[u]!;
    return sums;
  };
  const seOf = (inf: Float64Array | null): number | null => {
    if (!inf || !clusters) return seOfInf(inf, n);
    const sums = reduce(inf);
    return seOfInf(sums, sums.length, n);
  };
  const rng = opts.bootstrap > 0 ? new Random(opts.seed) : null;
  const boot = (columns: (Float64Array | null)[]) =>
    rng
      ? multiplierBootstrap(
          columns.map((c) => (c ? reduce(c) : null)),
          clusters ? nClusters : n,
          opts.bootstrap,
          rng,
          1 - opts.level,
          n,
        )
      : null;
  return { n, clusters, reduce, seOf, z: normalQuantile(1 - (1 - opts.level) / 2), rng, boot };
}

/** The ATT(g,t) rows with SEs and bands (uniform when bootstrapped), and the analytic SEs of the cells. */
function cellRows(cells: Cell[], inference: Inference) {
  const cellBoot = inference.boot(cells.map((c) => c.inf));
  const analyticSe = cells.map((c) => inference.seOf(c.inf));
  const cellSe = cells.map((_, j) =>
    cellBoot ? (analyticSe[j] !== null ? cellBoot.se[j]! : null) : analyticSe[j]!,
  );
  const critical = cellBoot && Number.isFinite(cellBoot.critical) ? cellBoot.critical : inference.z;
  const attgt: AttGt[] = cells.map((c, j) => ({
    group: c.group,
    time: c.time,
    att: c.att,
    se: cellSe[j]!,
    post: c.post,
    lo: cellSe[j] != null ? c.att - critical * cellSe[j]! : null,
    hi: cellSe[j] != null ? c.att + critical * cellSe[j]! : null,
  }));
  return { attgt, analyticSe, critical, bootstrapped: cellBoot !== null };
}

/** did's Wald pre-test that every pre-treatment ATT(g,t) with a standard error is 0. */
function waldPretest(
  cells: Cell[],
  analyticSe: (number | null)[],
  n: number,
  inference: Inference,
  warnings: string[],
): CsResult['pretest'] {
  const pre = cells
    .map((_, j) => j)
    .filter((j) => cells[j]!.group > cells[j]!.time && analyticSe[j] !== null);
  if (inference.clusters && inference.rng) {
    // did: with clusters and the bootstrap, V ignores the clusters, so no Wald statistic
    warnings.push(
      'no pre-test: with clustered bootstrap SEs the analytic covariance ignores the clusters (as R did)',
    );
    return null;
  }
  if (pre.length === 0) {
    warnings.push('no pre-treatment ATT(g,t) for a pre-test');
    return null;
  }
  const reducedPre = pre.map((j) => inference.reduce(cells[j]!.inf!));
  const v = crossProduct(reducedPre).map((row) => row.map((x) => x / n));
  const b = pre.map((j) => cells[j]!.att);
  // A nearly singular covariance passes the pivot test yet gives an astronomic W: refuse it too.
  const rcond = correlationReciprocalCondition(v);
  const w = rcond >= CREDIBILITY.minReciprocalCondition ? quadraticSolve(v, b) : null;
  if (w !== null && Number.isFinite(w)) {
    const W = n * w;
    return { W, df: pre.length, p: chiSquareSurvival(W, pre.length) };
  }
  warnings.push(
    `the pre-test covariance matrix is singular or ill-conditioned (reciprocal condition number ${rcond.toExponential(1)}); no Wald statistic`,
  );
  return null;
}

/** did::compute.aggte: the simple, group, dynamic (event-study) and calendar aggregations with their SEs. */
function aggregations(cells: Cell[], data: Prepared, inference: Inference) {
  const { n, cohort, eligible, glist } = data;
  const { seOf, z } = inference;
  if (cells.some((c) => Number.isNaN(c.att)))
    throw new ValidationError(
      cells
        .filter((c) => Number.isNaN(c.att))
        .map((c) => ({ file: 'panel', message: `ATT(${c.group}, ${c.time}) could not be estimated` })),
      'some ATT(g,t) could not be estimated, so they cannot be aggregated (a cohort or its controls are empty)',
    );
  // cohort sizes and the cohort indicator of did's wif() count only units that may be treated
  const groupOf = Float64Array.from(cohort, (g, u) => (eligible[u] === 1 || g === 0 ? g : -1));
  const cohortSize = new Map<number, number>();
  for (const g of groupOf) cohortSize.set(g, (cohortSize.get(g) ?? 0) + 1);
  const glistIndex = new Map(glist.map((g, i) => [g, i]));
  const groupIndex = Int32Array.from(groupOf, (g) => glistIndex.get(g) ?? -1);
  const pgOf = (g: number) => (cohortSize.get(g) ?? 0) / n;
  const pg = cells.map((c) => pgOf(c.group));
  const attAll = cells.map((c) => c.att);

  /**
   * An aggregation's rows with their bands: bootstrap SEs and a uniform critical value when bootstrapping
   * (never narrower than pointwise), else the analytic SEs and z.
   */
  const banded = <T extends { att: number; se: number | null }>(rows: T[], infs: Float64Array[]) => {
    const b = inference.boot(infs);
    const critical = b && Number.isFinite(b.critical) && b.critical >= z ? b.critical : z;
    const withBands = rows.map((r, i) => {
      const se = b && r.se !== null ? b.se[i]! : r.se;
      return {
        ...r,
        se,
        lo: se !== null ? r.att - critical * se : null,
        hi: se !== null ? r.att + critical * se : null,
      };
    });
    return { critical, rows: withBands };
  };
  const bootSe = (inf: Float64Array): number | null => {
    if (!inference.rng) return null;
    const b = inference.boot([inf])!;
    return Number.isFinite(b.se[0]!) ? b.se[0]! : null;
  };
  const addWeightsInf = (out: Float64Array, groups: number[], pgs: number[], atts: number[]) => {
    // did's wif(): (1{G=g_k} − pg_k)/Σpg − Σ_l(1{G=g_l} − pg_l)·pg_k/(Σpg)², times att_k, summed over k
    const spg = pgs.reduce((s, x) => s + x, 0);
    const sumPgAtt = pgs.reduce((s, x, k) => s + x * atts[k]!, 0);
    // per treated group: Σ att_k over the cells of that group, and their number
    const attByGroup = new Float64Array(glist.length + 1);
    const countByGroup = new Float64Array(glist.length + 1);
    groups.forEach((g, k) => {
      const i = glist.indexOf(g);
      attByGroup[i]! += atts[k]!;
      countByGroup[i]! += 1;
    });
    // a unit of no listed group (never treated, or not eligible) reads the last, empty slot
    const last = glist.length;
    for (let u = 0; u < n; u++) {
      const gi = groupIndex[u]!;
      const i = gi < 0 ? last : gi;
      // Σ_k att_k (1{G=g_k} − pg_k) / Σpg
      const term1 = (attByGroup[i]! - sumPgAtt) / spg;
      // rowSum = Σ_l (1{G=g_l} − pg_l) = c − Σpg, times Σ_k att_k pg_k / Σpg²
      const term2 = ((countByGroup[i]! - spg) * sumPgAtt) / (spg * spg);
      out[u]! += term1 - term2;
    }
  };
  /** ψ of Σ_k w_k att_k with w_k = pg_k / Σ pg, including the estimated-weights term when asked. */
  const aggregateInf = (which: number[], withWeights: boolean): Float64Array => {
    const spg = which.reduce((s, k) => s + pg[k]!, 0);
    const out = new Float64Array(n);
    for (const k of which) {
      const inf = cells[k]!.inf;
      if (!inf) continue;
      const w = pg[k]! / spg;
      axpy(out, w, inf, n);
    }
    if (withWeights)
      addWeightsInf(
        out,
        which.map((k) => cells[k]!.group),
        which.map((k) => pg[k]!),
        which.map((k) => attAll[k]!),
      );
    return out;
  };
  const aggregate = (inf: Float64Array) => bootSe(inf) ?? seOf(inf);

  const postCells = cells.map((_, j) => j).filter((j) => cells[j]!.group <= cells[j]!.time);

  // simple: the post-treatment cells weighted by cohort size
  const spgPost = postCells.reduce((s, k) => s + pg[k]!, 0);
  const simpleAtt = postCells.reduce((s, k) => s + attAll[k]! * pg[k]!, 0) / spgPost;
  const simpleInf = aggregateInf(postCells, true);
  const simple: Aggregate = { att: simpleAtt, se: aggregate(simpleInf) };

  // group: per cohort, then their size-weighted mean
  const groupInfs: Float64Array[] = [];
  const byGroupRaw = glist
    .filter((g) => postCells.some((k) => cells[k]!.group === g))
    .map((g) => {
      const which = postCells.filter((k) => cells[k]!.group === g);
      const att = which.reduce((s, k) => s + attAll[k]!, 0) / which.length;
      const inf = aggregateInf(which, false);
      groupInfs.push(inf);
      return { group: g, att, se: seOf(inf) };
    });
  const { critical: groupCrit, rows: byGroup } = banded(byGroupRaw, groupInfs);
  const pgg = byGroupRaw.map((r) => pgOf(r.group));
  const spgg = pgg.reduce((s, x) => s + x, 0);
  const groupAtt = byGroupRaw.reduce((s, r, i) => s + r.att * pgg[i]!, 0) / spgg;
  const groupInf = new Float64Array(n);
  groupInfs.forEach((inf, i) => {
    const w = pgg[i]! / spgg;
    axpy(groupInf, w, inf, n);
  });
  addWeightsInf(
    groupInf,
    byGroupRaw.map((r) => r.group),
    pgg,
    byGroupRaw.map((r) => r.att),
  );

  // dynamic: per event time e = t − g, then the mean over e ≥ 0
  const eseq = [...new Set(cells.map((c) => c.time - c.group))].sort((a, b) => a - b);
  const dynInfs: Float64Array[] = [];
  const byEventRaw = eseq.map((e) => {
    const which = cells.map((_, j) => j).filter((j) => cells[j]!.time - cells[j]!.group === e);
    const spg = which.reduce((s, k) => s + pg[k]!, 0);
    const att = which.reduce((s, k) => s + (attAll[k]! * pg[k]!) / spg, 0);
    const inf = aggregateInf(which, true);
    dynInfs.push(inf);
    return { e, att, se: seOf(inf) };
  });
  const { critical: dynCrit, rows: byEventTime } = banded(byEventRaw, dynInfs);
  const epos = byEventRaw.map((r, i) => [r, i] as const).filter(([r]) => r.e >= 0);
  const dynAtt = epos.reduce((s, [r]) => s + r.att, 0) / epos.length;
  const dynInf = new Float64Array(n);
  for (const [, i] of epos) {
    const inf = dynInfs[i]!;
    axpy(dynInf, 1 / epos.length, inf, n);
  }

  // calendar: per period with treated cohorts, then their mean
  const minG = Math.min(...cells.map((c) => c.group));
  const calTimes = [...new Set(cells.map((c) => c.time))]
    .sort((a, b) => a - b)
    .filter((t) => t >= minG && cells.some((c) => c.time === t && c.group <= t));
  const calInfs: Float64Array[] = [];
  const byTime = calTimes.map((t1) => {
    const which = cells.map((_, j) => j).filter((j) => cells[j]!.time === t1 && cells[j]!.group <= t1);
    const spg = which.reduce((s, k) => s + pg[k]!, 0);
    const att = which.reduce((s, k) => s + (attAll[k]! * pg[k]!) / spg, 0);
    const inf = aggregateInf(which, true);
    calInfs.push(inf);
    return { time: t1, att, se: seOf(inf) };
  });
  const calAtt = byTime.reduce((s, r) => s + r.att, 0) / byTime.length;
  const calInf = new Float64Array(n);
  for (const inf of calInfs) axpy(calInf, 1 / calInfs.length, inf, n);

  const result: CsResult['aggregate'] = {
    simple,
    dynamic: { att: dynAtt, se: aggregate(dynInf), byEventTime, critical: dynCrit },
    group: { att: groupAtt, se: aggregate(groupInf), byGroup, critical: groupCrit },
    calendar: { att: calAtt, se: aggregate(calInf), byTime },
  };
  return { result, cohortSize };
}

/**
 * One ATT(g,t) without covariates: mean change of cohort g minus mean change of the controls between the
 * base period (offset preOff in y) and t (postOff), and its influence function over all n units,
 * (n/n₁)·[D(Δy − μ_T)/p − C(Δy − μ_C)/(1 − p)] with p = n_T/n₁ — DRDID::drdid_panel with an intercept only,
 * scaled as did's compute.att_gt does. Returns which side is empty when the cell cannot be estimated.
 */
function attCell(
  y: Float64Array,
  n: number,
  postOff: number,
  preOff: number,
  cohort: Float64Array,
  eligible: Uint8Array,
  g: number,
  notYet: boolean,
  threshold: number,
  dy: Float64Array,
): { att: number; inf: Float64Array } | 'treated' | 'control' {
  // role of each unit in this cell: 1 treated, 2 control, 0 neither (kept in dy's sign bit would be obscure)
  const role = new Uint8Array(n);
  let nTreat = 0;
  let nCont = 0;
  let sumT = 0;
  let sumC = 0;
  for (let u = 0; u < n; u++) {
    const gu = cohort[u]!;
    const d = y[postOff + u]! - y[preOff + u]!;
    dy[u] = d;
    if (gu === g && eligible[u] === 1) {
      role[u] = 1;
      nTreat++;
      sumT += d;
    } else if (gu === 0 || (notYet && gu > threshold)) {
      role[u] = 2;
      nCont++;
      sumC += d;
    }
  }
  if (nTreat === 0) return 'treated';
  if (nCont === 0) return 'control';
  const muT = sumT / nTreat;
  const muC = sumC / nCont;
  const n1 = nTreat + nCont;
  const p = nTreat / n1;
  const scaleT = n / n1 / p;
  const scaleC = -n / n1 / (1 - p);
  const inf = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const r = role[u]!;
    if (r === 1) inf[u] = scaleT * (dy[u]! - muT);
    else if (r === 2) inf[u] = scaleC * (dy[u]! - muC);
  }
  return { att: muT - muC, inf };
}

/** One ATT(g,t) with covariates: DRDID's doubly robust estimate on the cell's units, ψ scaled by n/n₁. */
function attCellDr(
  y: Float64Array,
  n: number,
  postOff: number,
  preOff: number,
  cohort: Float64Array,
  eligible: Uint8Array,
  g: number,
  notYet: boolean,
  threshold: number,
  x: Float64Array[],
): { att: number; inf: Float64Array; converged?: boolean } | 'treated' | 'control' {
  const kept: number[] = [];
  const role: number[] = [];
  for (let u = 0; u < n; u++) {
    const gu = cohort[u]!;
    if (gu === g && eligible[u] === 1) {
      kept.push(u);
      role.push(1);
    } else if (gu === 0 || (notYet && gu > threshold)) {
      kept.push(u);
      role.push(0);
    }
  }
  if (!role.includes(1)) return 'treated';
  if (!role.includes(0)) return 'control';
  const dy = Float64Array.from(kept, (u) => y[postOff + u]! - y[preOff + u]!);
  const d = Uint8Array.from(role);
  const xs = x.map((c) => Float64Array.from(kept, (u) => c[u]!));
  const r = drdidPanel(dy, d, xs);
  const inf = new Float64Array(n);
  const scale = n / kept.length;
  kept.forEach((u, i) => (inf[u] = scale * r.inf[i]!));
  return { att: r.att, inf, converged: r.converged };
}

/** did's SE from an influence function: √(Σψ²)/n; null when it is (numerically) zero. */
function seOfInf(inf: Float64Array | null, rows: number, n = rows): number | null {
  if (!inf) return null;
  let s = 0;
  for (let u = 0; u < rows; u++) s += inf[u]! * inf[u]!;
  const se = Math.sqrt(s) / n;
  return se <= Math.sqrt(Number.EPSILON) * 10 || !Number.isFinite(se) ? null : se;
}

/** out += w · x over the first n entries. */
function axpy(out: Float64Array, w: number, x: Float64Array, n: number): void {
  for (let u = 0; u < n; u++) out[u]! += w * x[u]!;
}

/** p-value of an estimate with a standard error (normal, as did reports). */
export function pValue(att: number, se: number | null): number | null {
  return se === null ? null : normalTwoSidedP(att / se);
}

/**
 * did's mboot(): draws of √m·mean(v·ψ) over the m rows (units, or cluster sums of ψ) with Mammen weights
 * v ∈ {(1−√5)/2, (1+√5)/2}; the SE of each column is its interquartile range / (Φ⁻¹(.75) − Φ⁻¹(.25)) · √m / n
 * (n units), and the sup-t critical value is the (1−α) quantile (type 1) of max_j |draw_j / IQR-scale_j|.
 */
export function multiplierBootstrap(
  columns: (Float64Array | null)[],
  n: number,
  iterations: number,
  rng: Random,
  alpha: number,
  nUnits = n,
): { se: number[]; critical: number } {
  const k1 = 0.5 * (1 - Math.sqrt(5));
  const k2 = 0.5 * (1 + Math.sqrt(5));
  const pk = (0.5 * (1 + Math.sqrt(5))) / Math.sqrt(5);
  const live = columns
    .map((c, j) => [c, j] as const)
    .filter((x): x is readonly [Float64Array, number] => x[0] !== null);
  const draws = live.map(() => new Float64Array(iterations));
  const v = new Float64Array(n);
  const sqrtN = Math.sqrt(n);
  for (let b = 0; b < iterations; b++) {
    for (let u = 0; u < n; u++) v[u] = rng.next() < pk ? k1 : k2;
    for (let j = 0; j < live.length; j++) {
      const c = live[j]![0];
      let s = 0;
      for (let u = 0; u < n; u++) s += v[u]! * c[u]!;
      draws[j]![b] = (sqrtN * s) / n;
    }
  }
  const iqrNorm = normalQuantile(0.75) - normalQuantile(0.25);
  const sigma = draws.map((d) => {
    const sorted = Float64Array.from(d).sort();
    const q = (p: number) => sorted[Math.ceil(p * iterations) - 1]!;
    const s = (q(0.75) - q(0.25)) / iqrNorm;
    return s <= Math.sqrt(Number.EPSILON) * 10 ? NaN : s;
  });
  const se = new Array<number>(columns.length).fill(NaN);
  // with cluster sums (n = clusters) this is did's cluster-robust (1/n_units)·√G·IQR-scale
  live.forEach(([, j], i) => (se[j] = (sigma[i]! * sqrtN) / nUnits));
  const sup = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) {
    let m = -Infinity;
    for (let j = 0; j < live.length; j++) {
      if (Number.isNaN(sigma[j]!)) continue;
      const x = Math.abs(draws[j]![b]! / sigma[j]!);
      if (x > m) m = x;
    }
    sup[b] = m;
  }
  const finite = Array.from(sup)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const critical = finite.length > 0 ? finite[Math.ceil((1 - alpha) * finite.length) - 1]! : NaN;
  return { se, critical };
}

/**
 * A'A for the columns of A, in blocks of rows so that every column's block stays in cache while all the
 * pairs use it (one pass over memory instead of one per pair).
 */
function crossProduct(columns: Float64Array[]): number[][] {
  const k = columns.length;
  const rows = columns[0]?.length ?? 0;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const block = 2048;
  for (let start = 0; start < rows; start += block) {
    const end = Math.min(rows, start + block);
    for (let a = 0; a < k; a++) {
      const ca = columns[a]!;
      for (let b = 0; b <= a; b++) {
        const cb = columns[b]!;
        let s = 0;
        for (let u = start; u < end; u++) s += ca[u]! * cb[u]!;
        out[a]![b]! += s;
      }
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) out[b]![a] = out[a]![b]!;
  return out;
}
