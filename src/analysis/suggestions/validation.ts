/**
 * The learned model's validation: a model fitted one horizon earlier ranks, for participants that gained
 * partners in the latest split, every candidate — as the suggestions do — beside the four single scores;
 * precision@10 and AUC per scorer (the measures of evaluate.ts, by ranking-metrics.ts). model.ts keeps
 * the learned scorer only where it ranks at least as well as the best single score here, on data the
 * evaluation's test split never contains (nested).
 */
import { Random } from '../../random.ts';
import { pairFeatures, prepareFeatures, type FeatureSpec } from './features.ts';
import { SCORERS, type Scorer } from './link-prediction.ts';
import { rankParticipant } from './ranking-metrics.ts';
import { scoreAll, type ScoringContext } from './scoring.ts';
import { ScoreBuffers } from './suggestion-index.ts';

/** The k of the precision the choice is made on: the suggestions' default page. */
export const VALIDATION_K = 10;

export interface RankingQuality {
  auc: number;
  precisionAt10: number;
}

export interface ValidationRanking {
  /** Participants ranked (those that gained a partner, or a seeded sample of them). */
  participants: number;
  learned: RankingQuality;
  single: Record<Scorer, RankingQuality>;
}

/**
 * Ranks every candidate of (a seeded sample of at most `maxParticipants` of) the participants that
 * gained a partner in `hidden`, on the network of `ctx`, by `score` (the learned scorer, or null when
 * it fell back) and by every single score.
 */
export function validateRanking(
  ctx: ScoringContext,
  spec: FeatureSpec,
  score: ((x: Float64Array) => number) | null,
  hidden: [string, string][],
  maxParticipants: number,
  seed: number,
): ValidationRanking {
  const { base } = ctx;
  const n = base.ids.length;
  const partnersOf = new Map<number, number[]>();
  for (const [a, b] of hidden) {
    const i = base.index.get(a);
    const j = base.index.get(b);
    if (i === undefined || j === undefined) continue;
    partnersOf.set(i, [...(partnersOf.get(i) ?? []), j]);
    partnersOf.set(j, [...(partnersOf.get(j) ?? []), i]);
  }
  let participants = [...partnersOf.keys()].sort((a, b) => a - b);
  if (participants.length > maxParticipants)
    participants = new Random(seed)
      .shuffle(participants)
      .slice(0, maxParticipants)
      .sort((a, b) => a - b);
  const names = [...SCORERS, 'learned'] as const;
  const arrays = Object.fromEntries(names.map((s) => [s, new Float64Array(n)])) as Record<
    (typeof names)[number],
    Float64Array
  >;
  const wins = Object.fromEntries(names.map((s) => [s, 0])) as Record<(typeof names)[number], number>;
  const hits = { ...wins };
  let comparisons = 0;
  const buffers = new ScoreBuffers(base);
  const positive = new Uint8Array(n);
  const x = new Float64Array(spec.names.length);
  for (const u of participants) {
    const partners = partnersOf.get(u)!;
    scoreAll(ctx, u, buffers, arrays);
    if (score) {
      const prepared = prepareFeatures(ctx, spec, u, buffers);
      for (let v = 0; v < n; v++) {
        if (buffers.excluded[v] === 1) arrays.learned[v] = -Infinity;
        else {
          pairFeatures(ctx, prepared, buffers, v, x);
          arrays.learned[v] = score(x);
        }
      }
    }
    for (const p of partners) positive[p] = 1;
    for (const s of names) {
      if (s === 'learned' && !score) continue;
      const r = rankParticipant(arrays[s], partners, positive, [VALIDATION_K]);
      if (s === 'adamic-adar') comparisons += partners.length * r.negatives;
      wins[s] += r.wins;
      hits[s] += r.hits[0]! / VALIDATION_K;
    }
    for (const p of partners) positive[p] = 0;
  }
  const quality = (s: (typeof names)[number]): RankingQuality => ({
    auc: comparisons === 0 ? NaN : wins[s] / comparisons,
    precisionAt10: participants.length === 0 ? NaN : hits[s] / participants.length,
  });
  return {
    participants: participants.length,
    learned: score ? quality('learned') : { auc: NaN, precisionAt10: NaN },
    single: Object.fromEntries(SCORERS.map((s) => [s, quality(s)])) as Record<Scorer, RankingQuality>,
  };
}
