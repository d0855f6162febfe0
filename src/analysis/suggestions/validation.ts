/**
 * The learned model's validation: models fitted one horizon earlier (one per penalty of a grid) rank,
 * for participants that gained partners in the latest split, every candidate — as the suggestions do —
 * beside the four single scores; precision@10, AUC and average precision per scorer (the measures of
 * evaluate.ts, by ranking-metrics.ts), and per participant for the paired margins. model.ts chooses the
 * penalty here and keeps the learned scorer unless it ranks worse than the best single score beyond the
 * validation's noise, on data the evaluation's test split never contains (nested).
 */
import { Random } from '../../random.ts';
import { pairFeatures, prepareFeatures, type FeatureSpec } from './features.ts';
import { hiddenPartners } from './holdout.ts';
import { SCORERS, type Scorer } from './link-prediction.ts';
import { rankParticipant } from './ranking-metrics.ts';
import { scoreAll, type ScoringContext } from './scoring.ts';
import { ScoreBuffers } from './suggestion-index.ts';
import { tieBroken } from './tie-break.ts';

/** The k of the precision the choice is made on: the suggestions' default page. */
export const VALIDATION_K = 10;

export interface RankingQuality {
  auc: number;
  /** Average precision per participant, averaged over participants (evaluate.ts's AUCPR). */
  aucpr: number;
  precisionAt10: number;
}

export interface ValidationRanking {
  /** Participants ranked (those that gained a partner, or a seeded sample of them). */
  participants: number;
  /** One per learned scorer given, in their order. */
  learned: RankingQuality[];
  /** The single scores' figures (with `tieBreakBy` not measured again: 0 but the first). */
  single: Record<Scorer, RankingQuality>;
  /**
   * Per participant ranked (in order), each scorer's hits in the top ten and AUC wins: the paired
   * differences behind a comparison's standard error (`pairedMargin`). Learned scorers by index, then
   * the single scores by name.
   */
  perParticipant: { learned: Paired[]; single: Record<Scorer, Paired>; comparisons: number };
}

export interface Paired {
  hits: Float64Array;
  wins: Float64Array;
}

/**
 * Ranks every candidate of (a seeded sample of at most `maxParticipants` of) the participants that
 * gained a partner in `hidden`, on the network of `ctx`, by each of `scores` (learned scorers; their
 * features are computed once per candidate) and by every single score. With `tieBreakBy`, each learned
 * ranking is instead that single score with its ties broken by the learned scorer (tie-break.ts).
 */
export function validateRanking(
  ctx: ScoringContext,
  spec: FeatureSpec,
  scores: ((x: Float64Array) => number)[],
  hidden: [string, string][],
  maxParticipants: number,
  seed: number,
  tieBreakBy?: Scorer,
): ValidationRanking {
  const { base } = ctx;
  const n = base.ids.length;
  const partnersOf = hiddenPartners(base.index, hidden);
  let participants = [...partnersOf.keys()].sort((a, b) => a - b);
  if (participants.length > maxParticipants)
    participants = new Random(seed)
      .shuffle(participants)
      .slice(0, maxParticipants)
      .sort((a, b) => a - b);
  const arrays = Object.fromEntries(SCORERS.map((s) => [s, new Float64Array(n)])) as Record<
    Scorer,
    Float64Array
  >;
  const learnedArrays = scores.map(() => new Float64Array(n));
  const modelScores = new Float64Array(n);
  // Per scorer: the four single scores, then the learned ones (index 4 + k).
  const all = [...SCORERS.map((s) => arrays[s]), ...learnedArrays];
  const wins = all.map(() => 0);
  const hits = all.map(() => 0);
  const ap = all.map(() => 0);
  const paired: Paired[] = all.map(() => ({
    hits: new Float64Array(participants.length),
    wins: new Float64Array(participants.length),
  }));
  let comparisons = 0;
  const buffers = new ScoreBuffers(base);
  const positive = new Uint8Array(n);
  const x = new Float64Array(spec.names.length);
  for (const [at, u] of participants.entries()) {
    const partners = partnersOf.get(u)!;
    scoreAll(ctx, u, buffers, arrays);
    if (scores.length > 0) {
      const prepared = prepareFeatures(ctx, spec, u, buffers);
      for (let v = 0; v < n; v++) {
        if (buffers.excluded[v] === 1) for (const a of learnedArrays) a[v] = -Infinity;
        else {
          pairFeatures(ctx, prepared, buffers, v, x);
          scores.forEach((score, k) => (learnedArrays[k]![v] = score(x)));
        }
      }
      if (tieBreakBy)
        for (const a of learnedArrays) {
          modelScores.set(a);
          tieBroken(arrays[tieBreakBy], modelScores, a);
        }
    }
    for (const p of partners) positive[p] = 1;
    all.forEach((a, i) => {
      // With `tieBreakBy` the caller has the single scores' figures from its first pass: the learned
      // rankings alone are measured (the comparisons are counted on the first array all the same).
      if (tieBreakBy && i > 0 && i < SCORERS.length) return;
      const r = rankParticipant(a, partners, positive, [VALIDATION_K]);
      if (i === 0) comparisons += partners.length * r.negatives;
      wins[i]! += r.wins;
      // Whole hits, divided once at the end: equal counts give equal precisions (see evaluate.ts).
      hits[i]! += r.hits[0]!;
      ap[i]! += r.averagePrecision;
      paired[i]!.hits[at] = r.hits[0]!;
      paired[i]!.wins[at] = r.wins;
    });
    for (const p of partners) positive[p] = 0;
  }
  const m = participants.length;
  const quality = (i: number): RankingQuality => ({
    auc: comparisons === 0 ? NaN : wins[i]! / comparisons,
    aucpr: m === 0 ? NaN : ap[i]! / m,
    precisionAt10: m === 0 ? NaN : hits[i]! / (VALIDATION_K * m),
  });
  return {
    participants: m,
    learned: scores.map((_, k) => quality(SCORERS.length + k)),
    single: Object.fromEntries(SCORERS.map((s, i) => [s, quality(i)])) as Record<Scorer, RankingQuality>,
    perParticipant: {
      learned: scores.map((_, k) => paired[SCORERS.length + k]!),
      single: Object.fromEntries(SCORERS.map((s, i) => [s, paired[i]!])) as Record<Scorer, Paired>,
      comparisons,
    },
  };
}

/**
 * How far a's measure lies above b's on the same participants, in standard errors of the difference
 * (paired by participant): for precision@10 the mean difference of hits, for the AUC the difference of
 * wins over all comparisons (a ratio with a fixed denominator). Positive: a ranks better. 0 with fewer
 * than two participants (no evidence either way); ± the largest double where every participant differs
 * by the same non-zero amount (no noise at all; finite, so that it stays a JSON number).
 */
export function pairedMargin(a: Paired, b: Paired, measure: 'hits' | 'wins'): number {
  const x = a[measure];
  const y = b[measure];
  const m = x.length;
  if (m < 2) return 0;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += x[i]! - y[i]!;
  const mean = sum / m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (x[i]! - y[i]! - mean) ** 2;
  const se = Math.sqrt(ss / (m - 1) / m);
  if (se === 0) return mean === 0 ? 0 : mean > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  return mean / se;
}
