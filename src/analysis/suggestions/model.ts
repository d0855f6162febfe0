/**
 * The learned scorer: a logistic regression (logistic.ts) on the pair features (features.ts), fitted on
 * the network's own past, as Neo4j GDS link-prediction pipelines and Lichtenwalter et al. 2010 do.
 *
 * - Split. When the ties carry years (≥ 80 % of them), the features come from the ties up to Y − k and
 *   the labels are the pairs first tied in Y − k + 1 … Y (Y the last year, k the horizon, 3 years by
 *   default); otherwise a seeded random 10 % of the tied pairs are hidden and are the labels.
 * - Sampling. For each participant (all of them, or a seeded sample of `maxParticipants`), every new
 *   partner is a positive, and the untied others are split into those that share something with it (a
 *   partner, a platform or a sphere) and the rest; from each group `negatives` are drawn (seeded) and
 *   weighted by group size / drawn, so that the weighted sample stands for all untied pairs and the
 *   fitted probabilities stay calibrated.
 * - Fit. Features standardised by their weighted mean and deviation, L2 penalty λ, Newton's method.
 *   Coefficients are then brought back to the raw features: logit = intercept + Σ coefficient · feature.
 * - Windows: with years, the window before (ties to Y − 2k predicting Y − 2k + 1 … Y − k) is stacked with
 *   the latest one (`windows: 2`): twice the new ties to learn from.
 * - Validation (nested): a model fitted the same way one horizon earlier ranks every candidate of the
 *   participants that gained partners in the latest split (validation.ts); where its precision@10 or
 *   AUC there falls below the best of the single scores' on that measure by more than
 *   `guardStandardErrors` standard errors of the paired difference (per participant), the single score
 *   with the best precision@10 ranks instead (a fallback that says so) — with its ties broken by the model where
 *   that, ranked on the same validation, is at least as good as the score alone (tie-break.ts). A
 *   logistic fit serves the likelihood of all pairs, not each participant's top ten; this checks the top
 *   ten itself.
 * - Cost: on a large network fewer participants are sampled (`maxScannedPairs`) and ranked in the
 *   validation (`maxValidationPairs`), so that the first fit stays well inside the API's deadline.
 * - Penalty (per network, on the validation): the earlier model is fitted once per λ of a small grid
 *   (`l2Grid`; from the largest down, each fit warm-started at the optimum of the one before); the λ
 *   whose model has the best average precision on the validation is chosen (the top of
 *   each ranking is what counts, and average precision is steadier than precision@10 on a few hundred
 *   hits), the latest model is refitted with it, and the keep-or-fall-back decision uses its figures.
 *   Without a validation, λ = `l2`.
 * - Held-out check (nested): the same procedure one horizon earlier (features to Y − 2k, labels to
 *   Y − k; or a random split inside the kept ties) is scored on the sample above, which it never saw —
 *   the weighted AUC over pairs, beside that of every single score on the same sample.
 * - Fallback. With fewer than `minPositives` new tied pairs to learn from, the model is not fitted: the
 *   suggestions rank by the single proximity score with the best AUC on the sample (Adamic–Adar when
 *   there is nothing to measure), say so, and give no probability.
 */
import type { Network } from '../network.ts';
import { withDefaults } from '../options.ts';
import { Random } from '../../random.ts';
import {
  featureSpec,
  pairFeatures,
  prepareFeatures,
  type FeatureGroup,
  type FeatureSpec,
} from './features.ts';
import { holdOut } from './holdout.ts';
import { SCORERS, type Scorer } from './link-prediction.ts';
import { fitLogistic, sigmoid } from './logistic.ts';
import { scoringContext, type ScoringContext } from './scoring.ts';
import { ScoreBuffers, type PlatformInfo } from './suggestion-index.ts';
import { pairedMargin, validateRanking, type RankingQuality } from './validation.ts';

export const MODEL_DEFAULTS = {
  /** k: the labels are the ties of the last k years. */
  horizonYears: 3,
  /** Share of tied pairs hidden as labels when the ties carry no years. */
  randomShare: 0.1,
  seed: 42,
  /** Negatives drawn per participant from each group (sharing something / sharing nothing). */
  negatives: 20,
  maxParticipants: 2000,
  /**
   * At most this many candidate pairs scanned per sample (sampled participants × participants): on a
   * large network fewer participants are sampled, so that the first fit stays well inside the API's
   * compute deadline (the scan and the fit grow with the participants sampled; docs/suggestions.md).
   * 11 million leaves every network of the benchmark but the 20,000-participant one at `maxParticipants`.
   */
  maxScannedPairs: 11_000_000,
  /** λ of the L2 penalty where the validation does not choose one (it did not run, or had too little). */
  l2: 1,
  /**
   * The penalties the validation chooses from (see the module comment): each is fitted one horizon
   * earlier and ranks the validation's participants; the one with the best average precision is refitted
   * on the latest split. Small: each is one more fit and one more ranking of the validation's candidates.
   */
  l2Grid: [1, 10, 100],
  /** Fewer new tied pairs than this: no fit, the best single score instead. */
  minPositives: 20,
  /**
   * With years: learn from this many windows of k years, stacked — the latest and those before it (ties
   * to Y − 2k predicting Y − 2k + 1 … Y − k, …), when they have new ties. Two, not one: more to learn
   * from raised precision@10 on the development networks (seeds 1–6; docs/suggestions.md); three
   * lowered the AUC below the best single score's on one of five (triadic, seed 5).
   */
  windows: 2,
  /**
   * Validate before trusting the model (see the module comment): a model fitted one horizon earlier must
   * rank the latest split's new partners no worse than the best single score (precision@10 and AUC,
   * within `guardStandardErrors`); otherwise the suggestions rank by that single score.
   */
  validate: true,
  /**
   * The guard's tolerance: the model falls back only where its validation precision@10 or AUC is below
   * the best single score's by more than this many standard errors of the paired difference. Not 0: on
   * the development networks (seeds 1–8 of 3,000 participants, docs/suggestions.md) the validation's
   * differences were within ±2 standard errors wherever the model won on the held-out ties, and a strict
   * ≥ fell back on noise — to a single score that then lost to another single score on the test.
   */
  guardStandardErrors: 2,
  /** Participants ranked in the validation (a seeded sample when more gained partners). */
  validationParticipants: 500,
  /**
   * At most this many candidates ranked in the validation (participants × participants of the
   * network): fewer participants on a large network, for the same reason as `maxScannedPairs`.
   */
  maxValidationPairs: 3_000_000,
  /** Groups of features left out of the fit (e.g. `platforms`, `spheres`, `cluster` when undated). */
  exclude: [] as FeatureGroup[],
  /** Also run the nested held-out check (the model's description does; suggestions need the fit alone). */
  heldOut: true,
};
export type ModelOptions = Partial<typeof MODEL_DEFAULTS>;

export type Split =
  | { method: 'years'; featuresUpTo: number; labelsFrom: number; labelsTo: number; horizonYears: number }
  | { method: 'random'; share: number; seed: number };

export interface ModelFeature {
  name: string;
  label: string;
  group: FeatureGroup;
  /** On the raw feature: logit = intercept + Σ coefficient · feature. */
  coefficient: number;
  /** Per standard deviation of the feature (its weight in the fit; 0 when the feature did not vary). */
  standardized: number;
  mean: number;
  sd: number;
}

export interface SuggestionModel {
  method: 'logistic-regression' | 'fallback';
  layers: string[];
  /** What the probability is of. */
  horizon: string;
  split: Split;
  fittedOn: {
    participants: number;
    sampledParticipants: number;
    positivePairs: number;
    sampledNegatives: number;
    trainingPairs: number;
  };
  intercept: number;
  features: ModelFeature[];
  /**
   * What ranks instead of the model: a single score, with its ties broken by the fitted model
   * (`tieBreak: 'learned'`) where the validation found that at least as good.
   */
  fallback?: { scorer: Scorer; tieBreak?: 'learned'; reason: string };
  /** AUC over pairs on a sample the model never saw (see the module comment); null when not run. */
  /**
   * The L2 penalty λ of the fit, and how it was chosen: on the validation (the grid's models fitted one
   * horizon earlier, each with its ranking quality there), or the default where no validation ran. Null
   * when no model was fitted.
   */
  penalty: {
    l2: number;
    chosenBy: 'validation' | 'default';
    candidates: PenaltyCandidate[];
  } | null;
  heldOut: {
    split: Split;
    positivePairs: number;
    auc: number;
    singleScores: Record<Scorer, number>;
  } | null;
  /**
   * The validation that chose between the model and the best single score (null when not run, or when
   * the earlier split had too little to fit): per-participant rankings of the latest split's new
   * partners by a model fitted one horizon earlier, and by the single score with the best precision@10.
   */
  validation: {
    split: Split;
    participants: number;
    learned: RankingQuality;
    bestSingle: RankingQuality & { scorer: Scorer };
    /** The best of the four single scores on each measure (whichever score it is): the guard's bar. */
    bestOfEach: { precisionAt10: number; auc: number };
    /**
     * The learned model's lead over the best single score on each measure, in standard errors of the
     * paired difference (per participant; validation.ts `pairedMargin`): negative where it ranks worse.
     */
    margins: { precisionAt10: number; auc: number };
    /** `bestSingle` with its ties broken by the model; null where the model was kept (not ranked). */
    tieBroken: RankingQuality | null;
    chosen: 'learned' | Scorer;
    /** Present where the fallback's ties are broken by the model. */
    tieBreak?: 'learned';
  } | null;
  iterations: number;
  converged: boolean;
  seconds: number;
}

/** One penalty of the grid and how its model ranked on the validation. */
export type PenaltyCandidate = { l2: number } & RankingQuality;

/** A fitted model with what scoring needs at hand. */
export interface LearnedScorer {
  model: SuggestionModel;
  spec: FeatureSpec;
  coefficients: Float64Array;
  intercept: number;
}

export const learnedScore = (scorer: LearnedScorer, x: Float64Array): number => {
  const c = scorer.coefficients;
  let s = 0;
  for (let j = 0; j < c.length; j++) s += c[j]! * x[j]!;
  return s;
};

export const probabilityOf = (scorer: LearnedScorer, score: number) => sigmoid(scorer.intercept + score);

function chooseSplit(network: Network, layers: string[], o: typeof MODEL_DEFAULTS): Split {
  const chosen = new Set(layers);
  const ties = network.ties.filter((t) => chosen.has(t.layer));
  const years = ties.filter((t) => t.since !== undefined).map((t) => t.since!);
  if (ties.length > 0 && years.length >= 0.8 * ties.length) {
    const last = years.reduce((a, b) => Math.max(a, b), -Infinity);
    const cut = last - o.horizonYears;
    if (years.some((y) => y <= cut))
      return {
        method: 'years',
        featuresUpTo: cut,
        labelsFrom: cut + 1,
        labelsTo: last,
        horizonYears: o.horizonYears,
      };
  }
  return { method: 'random', share: o.randomShare, seed: o.seed };
}

function applySplit(network: Network, layers: string[], split: Split) {
  return split.method === 'years'
    ? holdOut(network, { holdoutYear: split.featuresUpTo, layers })
    : holdOut(network, { random: split.share, seed: split.seed, layers });
}

interface Sample {
  x: Float64Array[];
  y: Uint8Array;
  w: Float64Array;
  single: Record<Scorer, number[]>;
  participants: number;
  sampledParticipants: number;
  positivePairs: number;
  sampledNegatives: number;
}

/** How many participants to sample: at most `most`, and at most `pairs` / n (at least one). */
const sampleSize = (most: number, pairs: number, n: number) =>
  Math.max(1, Math.min(most, Math.floor(pairs / Math.max(1, n))));

/** The weighted sample of pairs of a split (see the module comment). */
function samplePairs(
  ctx: ScoringContext,
  spec: FeatureSpec,
  hidden: [string, string][],
  o: typeof MODEL_DEFAULTS,
): Sample {
  const { base } = ctx;
  const n = base.ids.length;
  const partners = new Map<number, Set<number>>();
  for (const [a, b] of hidden) {
    const i = base.index.get(a);
    const j = base.index.get(b);
    if (i === undefined || j === undefined) continue;
    if (!partners.has(i)) partners.set(i, new Set());
    if (!partners.has(j)) partners.set(j, new Set());
    partners.get(i)!.add(j);
    partners.get(j)!.add(i);
  }
  const rng = new Random(o.seed);
  let chosen = Array.from({ length: n }, (_, i) => i);
  const most = sampleSize(o.maxParticipants, o.maxScannedPairs, n);
  if (n > most)
    chosen = rng
      .shuffle(chosen)
      .slice(0, most)
      .sort((a, b) => a - b);
  const buffers = new ScoreBuffers(base);
  const d = spec.names.length;
  const sample: Sample = {
    x: [],
    y: new Uint8Array(0),
    w: new Float64Array(0),
    single: { 'common-neighbours': [], jaccard: [], 'adamic-adar': [], 'resource-allocation': [] },
    participants: n,
    sampledParticipants: chosen.length,
    positivePairs: 0,
    sampledNegatives: 0,
  };
  const ys: number[] = [];
  const ws: number[] = [];
  const near = new Int32Array(n);
  const far = new Int32Array(n);
  const rows = ctx.set.rows;
  const add = (prepared: ReturnType<typeof prepareFeatures>, v: number, label: number, weight: number) => {
    const x = new Float64Array(d);
    pairFeatures(ctx, prepared, buffers, v, x);
    sample.x.push(x);
    ys.push(label);
    ws.push(weight);
    const p = buffers.proximity;
    const common = p.common[v]!;
    const u = prepared.u;
    const union = rows.offsets[u + 1]! - rows.offsets[u]! + rows.offsets[v + 1]! - rows.offsets[v]! - common;
    sample.single['common-neighbours'].push(common);
    sample.single.jaccard.push(common === 0 || union === 0 ? 0 : common / union);
    sample.single['adamic-adar'].push(p.adamicAdar[v]!);
    sample.single['resource-allocation'].push(p.resourceAllocation[v]!);
  };
  const seen = new Set<string>();
  for (const u of chosen) {
    const prepared = prepareFeatures(ctx, spec, u, buffers);
    const mine = partners.get(u);
    let nearCount = 0;
    let farCount = 0;
    for (let v = 0; v < n; v++) {
      if (buffers.excluded[v] === 1) continue;
      if (mine?.has(v)) {
        add(prepared, v, 1, 1);
        const key = u < v ? `${u}|${v}` : `${v}|${u}`;
        if (!seen.has(key)) {
          seen.add(key);
          sample.positivePairs++;
        }
        continue;
      }
      if (
        buffers.proximity.common[v] !== 0 ||
        buffers.sharedPlatforms[v] !== 0 ||
        buffers.sharedSphere[v] !== 0
      )
        near[nearCount++] = v;
      else far[farCount++] = v;
    }
    for (const [list, count] of [
      [near, nearCount],
      [far, farCount],
    ] as const) {
      const take = Math.min(o.negatives, count);
      // Partial Fisher–Yates: the first `take` of a seeded shuffle.
      for (let k = 0; k < take; k++) {
        const r = k + Math.floor(rng.next() * (count - k));
        const v = list[r]!;
        list[r] = list[k]!;
        list[k] = v;
        add(prepared, v, 0, count / take);
        sample.sampledNegatives++;
      }
    }
  }
  sample.y = Uint8Array.from(ys);
  sample.w = Float64Array.from(ws);
  return sample;
}

function stack(a: Sample, b: Sample): Sample {
  const single = {} as Record<Scorer, number[]>;
  for (const s of SCORERS) single[s] = [...a.single[s], ...b.single[s]];
  const y = new Uint8Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  const w = new Float64Array(a.w.length + b.w.length);
  w.set(a.w);
  w.set(b.w, a.w.length);
  return {
    x: [...a.x, ...b.x],
    y,
    w,
    single,
    participants: a.participants,
    sampledParticipants: a.sampledParticipants + b.sampledParticipants,
    positivePairs: a.positivePairs + b.positivePairs,
    sampledNegatives: a.sampledNegatives + b.sampledNegatives,
  };
}

/** Weighted AUC over pairs: the weighted probability that a positive outscores a negative (ties ½). */
export function weightedAuc(scores: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let negBelow = 0;
  let wins = 0;
  let pos = 0;
  let neg = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupPos = 0;
    let groupNeg = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      const i = order[end]!;
      if (y[i] === 1) groupPos += w[i]!;
      else groupNeg += w[i]!;
      end++;
    }
    wins += groupPos * (negBelow + 0.5 * groupNeg);
    negBelow += groupNeg;
    pos += groupPos;
    neg += groupNeg;
    start = end;
  }
  return pos === 0 || neg === 0 ? NaN : wins / (pos * neg);
}

/**
 * What one split gives to fit on, before the penalty is chosen: the weighted sample (both windows), its
 * standardisation, and the description of the fit that every penalty shares.
 */
interface FitData {
  spec: FeatureSpec;
  /** The latest window's sample alone (the held-out check scores on it). */
  latestSample: Sample;
  positivePairs: number;
  /** The features kept in the fit (those that vary and are not excluded), standardised rows. */
  kept: number[];
  z: Float64Array[];
  y: Uint8Array;
  w: Float64Array;
  /** Without coefficients: layers, horizon, split, fittedOn, the features' means and deviations. */
  template: SuggestionModel;
  /** The single score with the best AUC on the sample (the fallback when too little to fit). */
  best: Scorer;
}

/** The sample of one split (and the windows before it), standardised for the fit. */
function prepareFit(
  network: Network,
  layers: string[],
  platforms: PlatformInfo[] | undefined,
  split: Split,
  o: typeof MODEL_DEFAULTS,
  applied = applySplit(network, layers, split),
): FitData {
  const { training, hidden } = applied;
  const ctx = scoringContext(training, layers, {}, platforms);
  const spec = featureSpec(ctx.set.layers, ctx.base.details);
  const latestSample = samplePairs(ctx, spec, hidden, o);
  let sample = latestSample;
  if (split.method === 'years') {
    for (let i = 1; i < o.windows; i++) {
      const upTo = split.featuresUpTo - i * split.horizonYears;
      // The window just before is the split's own training network (its indexes are then built once).
      const before =
        i === 1 ? training : holdOut(network, { holdoutYear: upTo + split.horizonYears, layers }).training;
      const earlier = holdOut(before, { holdoutYear: upTo, layers });
      if (earlier.hidden.length === 0 || earlier.training.ties.length === 0) break;
      const earlierCtx = scoringContext(earlier.training, layers, {}, platforms);
      sample = stack(sample, samplePairs(earlierCtx, spec, earlier.hidden, o));
    }
  }
  const d = spec.names.length;
  const trainingPairs = new Set(
    training.ties.map((t) => (t.source < t.target ? `${t.source}|${t.target}` : `${t.target}|${t.source}`)),
  ).size;
  const features: ModelFeature[] = spec.names.map((name, j) => ({
    name,
    label: spec.labels[j]!,
    group: spec.groups[j]!,
    coefficient: 0,
    standardized: 0,
    mean: 0,
    sd: 0,
  }));
  const horizon =
    split.method === 'years'
      ? `a tie within ${split.horizonYears} year${split.horizonYears === 1 ? '' : 's'}`
      : `being one of the ${split.share * 100} % of tied pairs hidden at random`;
  const template: SuggestionModel = {
    method: 'logistic-regression',
    layers: [...ctx.set.layers].sort(),
    horizon,
    split,
    fittedOn: {
      participants: sample.participants,
      sampledParticipants: sample.sampledParticipants,
      positivePairs: sample.positivePairs,
      sampledNegatives: sample.sampledNegatives,
      trainingPairs,
    },
    intercept: 0,
    features,
    penalty: null,
    heldOut: null,
    validation: null,
    iterations: 0,
    converged: false,
    seconds: 0,
  };
  const data: FitData = {
    spec,
    latestSample,
    positivePairs: sample.positivePairs,
    kept: [],
    z: [],
    y: sample.y,
    w: sample.w,
    template,
    best: 'adamic-adar',
  };
  if (sample.positivePairs < o.minPositives) {
    data.best = bestSingle(sample);
    return data;
  }
  // Weighted mean and deviation of each feature; constant features are left out of the fit.
  const n = sample.x.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sample.w[i]!;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += sample.w[i]! * sample.x[i]![j]!;
    mean /= total;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += sample.w[i]! * (sample.x[i]![j]! - mean) ** 2;
    const sd = Math.sqrt(variance / total);
    features[j]!.mean = mean;
    features[j]!.sd = sd;
    if (sd > 1e-9 * (1 + Math.abs(mean)) && !o.exclude.includes(spec.groups[j]!)) data.kept.push(j);
  }
  data.z = sample.x.map((row) =>
    Float64Array.from(data.kept, (j) => (row[j]! - features[j]!.mean) / features[j]!.sd),
  );
  return data;
}

/** A fit's optimum on the standardised features of a split, by feature index (0 where not kept). */
interface Standardised {
  intercept: number;
  /** Per feature of the spec. */
  beta: Float64Array;
}

/**
 * The model of a split fitted with L2 penalty λ = `l2` (or the fallback when too little to fit);
 * `start`: a nearby optimum Newton's method starts from (the same optimum, fewer steps).
 */
function fitWith(
  data: FitData,
  l2: number,
  o: typeof MODEL_DEFAULTS,
  start?: Standardised,
): LearnedScorer & { standardised?: Standardised } {
  const d = data.spec.names.length;
  const model: SuggestionModel = {
    ...data.template,
    features: data.template.features.map((f) => ({ ...f })),
  };
  const scorer: LearnedScorer & { standardised?: Standardised } = {
    model,
    spec: data.spec,
    coefficients: new Float64Array(d),
    intercept: 0,
  };
  if (data.positivePairs < o.minPositives) {
    const best = data.best;
    const count = data.positivePairs;
    model.method = 'fallback';
    model.fallback = {
      scorer: best,
      reason:
        `too little to learn from: ${count} new tied pair${count === 1 ? '' : 's'} ` +
        `in the fitting split (at least ${o.minPositives} needed); ranked by ${best}, the single score ` +
        `with the best AUC on the fitting sample${count === 0 ? ' (none to measure: the default)' : ''}`,
    };
    return scorer;
  }
  const fit = fitLogistic(data.z, data.y, data.w, {
    l2,
    ...(start
      ? { start: { intercept: start.intercept, coefficients: data.kept.map((j) => start.beta[j]!) } }
      : {}),
  });
  const beta = new Float64Array(d);
  data.kept.forEach((j, k) => (beta[j] = fit.coefficients[k]!));
  scorer.standardised = { intercept: fit.intercept, beta };
  let intercept = fit.intercept;
  data.kept.forEach((j, k) => {
    const beta = fit.coefficients[k]!;
    const f = model.features[j]!;
    f.standardized = beta;
    f.coefficient = beta / f.sd;
    scorer.coefficients[j] = f.coefficient;
    intercept -= (beta * f.mean) / f.sd;
  });
  model.intercept = intercept;
  scorer.intercept = intercept;
  model.penalty = { l2, chosenBy: 'default', candidates: [] };
  model.iterations = fit.iterations;
  model.converged = fit.converged;
  return scorer;
}

/** What the validation decided: the penalty, and whether the model or a single score ranks. */
interface ValidationChoice {
  l2: number;
  candidates: PenaltyCandidate[];
  validation: NonNullable<SuggestionModel['validation']>;
}

/**
 * The validation (nested, validation.ts): the models fitted one horizon earlier, one per penalty of the
 * grid, rank the latest split's new partners beside the single scores. The penalty whose model has the
 * best average precision there is chosen (the first of the grid on a tie). The guard, on the measures
 * of the benchmark: the learned scorer is kept unless that model's precision@10 is below the best of the
 * four single scores' or its AUC below the best of theirs (each measure's best, whichever score it is)
 * by more than `guardStandardErrors` standard errors of the paired difference. Otherwise the single score with the best precision@10 ranks (the best AUC on a tie) — with its
 * ties broken by the model where that, ranked again on the same validation, is at least as good as the
 * single score alone on both measures (it reorders only candidates the score cannot tell apart, above
 * all the many it scores 0).
 */
function validate(
  earlier: FitData,
  earlierSplit: Split,
  training: Network,
  layers: string[],
  platforms: PlatformInfo[] | undefined,
  hidden: [string, string][],
  o: typeof MODEL_DEFAULTS,
): ValidationChoice & { earlier: ReturnType<typeof fitWith> } {
  const grid = o.l2Grid.length > 0 ? o.l2Grid : [o.l2];
  // Along the grid from the strongest penalty down, each fit starting at the optimum of the one before.
  const models: ReturnType<typeof fitWith>[] = new Array(grid.length);
  let start: Standardised | undefined;
  for (const k of grid.map((_, i) => i).sort((a, b) => grid[b]! - grid[a]!)) {
    models[k] = fitWith(earlier, grid[k]!, o, start);
    start = models[k].standardised;
  }
  const ctx = scoringContext(training, layers, {}, platforms);
  const participants = sampleSize(o.validationParticipants, o.maxValidationPairs, ctx.base.ids.length);
  const ranking = validateRanking(
    ctx,
    earlier.spec,
    models.map((m) => (x: Float64Array) => learnedScore(m, x)),
    hidden,
    participants,
    o.seed,
  );
  let chosen = 0;
  ranking.learned.forEach((q, k) => {
    if (q.aucpr > ranking.learned[chosen]!.aucpr) chosen = k;
  });
  let best: Scorer = 'adamic-adar';
  for (const s of SCORERS) {
    const q = ranking.single[s];
    const b = ranking.single[best];
    if (q.precisionAt10 > b.precisionAt10 || (q.precisionAt10 === b.precisionAt10 && q.auc > b.auc)) best = s;
  }
  const single = ranking.single[best];
  const learned = ranking.learned[chosen]!;
  // Each measure's best single score, whichever it is: the guard's bar and what the margins compare with.
  const bestOn = (measure: 'precisionAt10' | 'auc') =>
    SCORERS.reduce((b, s) => (ranking.single[s][measure] > ranking.single[b][measure] ? s : b), SCORERS[0]);
  const bestP10 = bestOn('precisionAt10');
  const bestAuc = bestOn('auc');
  const bestOfEach = {
    precisionAt10: ranking.single[bestP10].precisionAt10,
    auc: ranking.single[bestAuc].auc,
  };
  const mine = ranking.perParticipant.learned[chosen]!;
  const margins = {
    precisionAt10: pairedMargin(mine, ranking.perParticipant.single[bestP10], 'hits'),
    auc: pairedMargin(mine, ranking.perParticipant.single[bestAuc], 'wins'),
  };
  // Worse only where the validation says so beyond its noise.
  const worse = (margin: number) => margin < -o.guardStandardErrors;
  const keep = !worse(margins.precisionAt10) && !worse(margins.auc);
  // Only where the model is not kept: the best single score with its ties broken by the model, ranked
  // on the same participants (a second pass, so that the first ranks each candidate once).
  const tieBroken = keep
    ? null
    : validateRanking(
        ctx,
        earlier.spec,
        [(x: Float64Array) => learnedScore(models[chosen]!, x)],
        hidden,
        participants,
        o.seed,
        best,
      ).learned[0]!;
  const breakTies =
    tieBroken !== null && tieBroken.precisionAt10 >= single.precisionAt10 && tieBroken.auc >= single.auc;
  return {
    l2: grid[chosen]!,
    earlier: models[chosen]!,
    candidates: grid.map((l2, k) => ({ l2, ...ranking.learned[k]! })),
    validation: {
      split: earlierSplit,
      participants: ranking.participants,
      learned,
      bestSingle: { scorer: best, ...single },
      bestOfEach,
      margins,
      tieBroken,
      chosen: keep ? 'learned' : best,
      ...(breakTies ? { tieBreak: 'learned' as const } : {}),
    },
  };
}

/** Records the validation's choice on the latest model; ranks by the single score where it chose one. */
function applyChoice(model: SuggestionModel, choice: ValidationChoice): void {
  model.penalty = { l2: choice.l2, chosenBy: 'validation', candidates: choice.candidates };
  const v = choice.validation;
  model.validation = v;
  if (v.chosen === 'learned') return;
  const f = (q: Pick<RankingQuality, 'precisionAt10' | 'auc'>) =>
    `precision@10 ${q.precisionAt10.toFixed(4)}, AUC ${q.auc.toFixed(4)}`;
  const margin = (m: { precisionAt10: number; auc: number }) =>
    `its lead ${m.precisionAt10.toFixed(1)} and ${m.auc.toFixed(1)} standard errors`;
  model.method = 'fallback';
  const tieBreak = v.tieBreak
    ? `, its ties broken by the learned model (${f(v.tieBroken!)} on the validation)`
    : v.tieBroken
      ? ` alone (its ties broken by the learned model ranked ${f(v.tieBroken)} on the validation, not at least as well)`
      : '';
  model.fallback = {
    scorer: v.chosen,
    ...(v.tieBreak ? { tieBreak: v.tieBreak } : {}),
    reason:
      `on the validation (a model fitted one horizon earlier, penalty λ = ${choice.l2}, ranking the latest ` +
      `split's new partners of ${v.participants} participants) the learned scorer ranked worse than the ` +
      `best single scores beyond the validation's noise (${f(v.learned)} against the best of the four: ` +
      `${f(v.bestOfEach)}; ${margin(v.margins)}); ranked by ${v.chosen} (${f(v.bestSingle)})${tieBreak}`,
  };
}

/** The single score with the best weighted AUC on a sample (Adamic–Adar when none can be measured). */
function bestSingle(sample: Sample): Scorer {
  let best: Scorer = 'adamic-adar';
  let bestAuc = -Infinity;
  for (const s of SCORERS) {
    const auc = weightedAuc(sample.single[s], sample.y, sample.w);
    if (Number.isFinite(auc) && auc > bestAuc + 1e-12) {
      best = s;
      bestAuc = auc;
    }
  }
  return best;
}

/** The scores of a fitted (or fallback) scorer on a sample. */
function sampleScores(scorer: LearnedScorer, sample: Sample): number[] {
  const fallback = scorer.model.fallback;
  if (fallback) return sample.single[fallback.scorer];
  return sample.x.map((x) => learnedScore(scorer, x));
}

/**
 * The model for a network and layer set: fitted on the latest split with the penalty the validation
 * chose, with the nested held-out check when `heldOut` is set. Deterministic: the same network gives the
 * same model.
 */
export function fitSuggestionModel(
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[] | undefined,
  options: ModelOptions = {},
): LearnedScorer {
  const o = withDefaults('suggestion model', MODEL_DEFAULTS, options);
  const start = performance.now();
  const chosen = layers ?? network.layers.map((l) => l.id);
  const split = chooseSplit(network, chosen, o);
  // One split object for the fit and the validation: its indexes (scoringContext) are built once.
  const applied = applySplit(network, chosen, split);
  const { training, hidden } = applied;
  const data = prepareFit(network, chosen, platforms, split, o, applied);
  const fits = data.positivePairs >= o.minPositives;
  // One horizon earlier: split what the latest fit sees as features and fit there; the validation and
  // the held-out check score it on the latest split, which it never saw.
  const needEarlier = o.heldOut || (o.validate && fits);
  const earlierSplit = chooseSplit(training, chosen, o);
  const earlierData = needEarlier ? prepareFit(training, chosen, platforms, earlierSplit, o) : undefined;
  const choice =
    earlierData && o.validate && fits && earlierData.positivePairs >= o.minPositives
      ? validate(earlierData, earlierSplit, training, chosen, platforms, hidden, o)
      : undefined;
  // From a cold start: the model served does not depend on the path the grid took.
  const latest = fitWith(data, choice?.l2 ?? o.l2, o);
  delete latest.standardised;
  if (choice) applyChoice(latest.model, choice);
  const earlier = choice?.earlier ?? (earlierData ? fitWith(earlierData, o.l2, o) : undefined);
  if (o.heldOut && earlier) {
    const test = data.latestSample;
    latest.model.heldOut = {
      split: earlierSplit,
      positivePairs: test.positivePairs,
      auc: weightedAuc(sampleScores(earlier, test), test.y, test.w),
      singleScores: Object.fromEntries(
        SCORERS.map((s) => [s, weightedAuc(test.single[s], test.y, test.w)]),
      ) as Record<Scorer, number>,
    };
  }
  latest.model.seconds = +((performance.now() - start) / 1000).toFixed(3);
  return latest;
}
