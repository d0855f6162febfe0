/**
 * How good the suggestions are, measured rather than assumed (Liben-Nowell & Kleinberg 2007; Lü & Zhou
 * 2011, "Link prediction in complex networks: a survey"): hide some ties — those formed after a year, or
 * a random share of the tied pairs (seeded) — score every participant that lost a tie against every
 * participant it is not tied to in what is left, and ask how high the hidden partners rank.
 *
 * - AUC: the probability that a hidden partner of a participant scores above one of its non-partners
 *   (ties count one half), over all such triples of (participant, hidden partner, non-partner);
 * - AUCPR: average precision per participant (the mean over its hidden partners of the precision at each
 *   one's rank), averaged over the participants evaluated;
 * - precision@k: the share of hidden partners among a participant's top k (ties broken by id, as the
 *   suggestions are), averaged over the participants evaluated.
 *
 * Scorers: the four single scores, the fixed weights (`combined`) and the learned model (`learned`),
 * which is fitted on the remaining ties alone, with its own split inside them (nested: it never sees the
 * hidden ties). Everything the scorers see comes from the remaining ties: neighbourhoods and the kind
 * lift are computed on the training network. Memberships of clusters and platforms are the network's (a
 * Network does not date them).
 */
import { InvalidArgumentError } from '../../errors.ts';
import type { Network } from '../network.ts';
import { requireRange, withDefaults } from '../options.ts';
import { pairFeatures, prepareFeatures } from './features.ts';
import { rankParticipant } from './ranking-metrics.ts';
import { hiddenPartners, holdOut, pairKey } from './holdout.ts';
import { SCORERS } from './link-prediction.ts';
import { fitSuggestionModel, learnedScore, type ModelOptions, type SuggestionModel } from './model.ts';
import { DEFAULT_WEIGHTS, scoreAll, scoringContext, type Weights } from './scoring.ts';
import { ScoreBuffers, type PlatformInfo } from './suggestion-index.ts';
import { tieBroken } from './tie-break.ts';

export const EVALUATE_DEFAULTS = {
  /** Temporal hold-out: ties formed after this year are hidden (ties without a year stay). */
  holdoutYear: undefined as number | undefined,
  /** Random hold-out: this share of the tied pairs is hidden. */
  random: undefined as number | undefined,
  seed: 42,
  layers: undefined as string[] | undefined,
  weights: DEFAULT_WEIGHTS as Partial<Weights>,
  platforms: undefined as PlatformInfo[] | undefined,
  /** The k of precision@k. */
  ks: [10, 100],
  /** Options of the learned model, fitted on the training part only (its own split inside it). */
  model: {} as ModelOptions,
};

export { holdOut };
export type EvaluateOptions = Partial<typeof EVALUATE_DEFAULTS>;

export const EVALUATED_SCORERS = [...SCORERS, 'combined', 'learned'] as const;
export type EvaluatedScorer = (typeof EVALUATED_SCORERS)[number];

export interface ScorerResult {
  scorer: EvaluatedScorer;
  auc: number;
  /**
   * Area under the precision–recall curve, as average precision: per participant, the mean over its
   * hidden partners of the precision at each one's rank; then the mean over participants.
   */
  aucpr: number;
  /** precision@k by k. */
  precision: Record<string, number>;
}

export interface Evaluation {
  holdout: { method: 'year'; year: number } | { method: 'random'; share: number; seed: number };
  layers: string[];
  participants: number;
  trainingPairs: number;
  hiddenPairs: number;
  /** Participants that lost a tie and were ranked for. */
  evaluated: number;
  /** The learned scorer's model, fitted on the training part alone. */
  model: Pick<
    SuggestionModel,
    'method' | 'split' | 'fallback' | 'penalty' | 'validation' | 'fittedOn' | 'seconds'
  >;
  scorers: ScorerResult[];
}

/** AUC and precision@k of every single scorer and of the combined one on a hold-out. */
export function evaluateSuggestions(network: Network, options: EvaluateOptions = {}): Evaluation {
  const o = withDefaults('evaluate', EVALUATE_DEFAULTS, options);
  if ((o.holdoutYear === undefined) === (o.random === undefined))
    throw new InvalidArgumentError('evaluate: give either a hold-out year or a random share, not both');
  if (o.random !== undefined) requireRange('evaluate', 'random share', o.random, 0, 1);
  for (const k of o.ks)
    if (!Number.isInteger(k) || k < 1)
      throw new InvalidArgumentError(`evaluate: k must be a positive whole number, got ${k}`);
  const layers = o.layers ?? network.layers.map((l) => l.id);
  const { training, hidden } = holdOut(network, { ...o, layers });
  const ctx = scoringContext(training, layers, o.weights, o.platforms);
  const { base } = ctx;
  const n = base.ids.length;
  // The learned scorer sees the training network only: its fit hides the training part's own last years.
  const learned = fitSuggestionModel(training, layers, o.platforms, { ...o.model, heldOut: false });
  const x = new Float64Array(learned.spec.names.length);
  const partnersOf = hiddenPartners(base.index, hidden);
  const participants = [...partnersOf.keys()].sort((a, b) => a - b);
  const buffers = new ScoreBuffers(base);
  const arrays = Object.fromEntries(EVALUATED_SCORERS.map((s) => [s, new Float64Array(n)])) as Record<
    EvaluatedScorer,
    Float64Array
  >;
  const wins = Object.fromEntries(EVALUATED_SCORERS.map((s) => [s, 0])) as Record<EvaluatedScorer, number>;
  const apSum = Object.fromEntries(EVALUATED_SCORERS.map((s) => [s, 0])) as Record<EvaluatedScorer, number>;
  const precisionSum = Object.fromEntries(EVALUATED_SCORERS.map((s) => [s, o.ks.map(() => 0)])) as Record<
    EvaluatedScorer,
    number[]
  >;
  let comparisons = 0;
  const positive = new Uint8Array(n);
  const modelScores = new Float64Array(n);
  for (const u of participants) {
    const partners = partnersOf.get(u)!;
    scoreAll(ctx, u, buffers, arrays);
    const fallback = learned.model.fallback;
    if (fallback && !fallback.tieBreak) arrays.learned.set(arrays[fallback.scorer]);
    else {
      const prepared = prepareFeatures(ctx, learned.spec, u, buffers);
      for (let v = 0; v < n; v++) {
        if (buffers.excluded[v] === 1) arrays.learned[v] = -Infinity;
        else {
          pairFeatures(ctx, prepared, buffers, v, x);
          arrays.learned[v] = learnedScore(learned, x);
        }
      }
      // The fallback's single score, its ties broken by the model (as the suggestions rank).
      if (fallback) {
        modelScores.set(arrays.learned);
        tieBroken(arrays[fallback.scorer], modelScores, arrays.learned);
      }
    }
    for (const p of partners) positive[p] = 1;
    for (const scorer of EVALUATED_SCORERS) {
      const r = rankParticipant(arrays[scorer], partners, positive, o.ks);
      if (scorer === 'learned') comparisons += partners.length * r.negatives;
      wins[scorer] += r.wins;
      apSum[scorer] += r.averagePrecision;
      // Hits counted whole and divided once at the end: equal counts give equal precisions (a sum of
      // fractions in another order can differ in its last bit and decide a ≥ comparison).
      o.ks.forEach((_, i) => (precisionSum[scorer][i]! += r.hits[i]!));
    }
    for (const p of partners) positive[p] = 0;
  }
  const evaluated = participants.length;
  return {
    holdout:
      o.holdoutYear !== undefined
        ? { method: 'year', year: o.holdoutYear }
        : { method: 'random', share: o.random!, seed: o.seed },
    layers,
    participants: n,
    trainingPairs: new Set(training.ties.map((t) => pairKey(t.source, t.target))).size,
    hiddenPairs: hidden.length,
    evaluated,
    model: {
      method: learned.model.method,
      split: learned.model.split,
      ...(learned.model.fallback ? { fallback: learned.model.fallback } : {}),
      penalty: learned.model.penalty,
      validation: learned.model.validation,
      fittedOn: learned.model.fittedOn,
      seconds: learned.model.seconds,
    },
    scorers: EVALUATED_SCORERS.map((scorer) => ({
      scorer,
      auc: comparisons === 0 ? NaN : wins[scorer] / comparisons,
      aucpr: evaluated === 0 ? NaN : apSum[scorer] / evaluated,
      precision: Object.fromEntries(
        o.ks.map((k, i) => [String(k), evaluated === 0 ? NaN : precisionSum[scorer][i]! / (k * evaluated)]),
      ),
    })),
  };
}
