/**
 * How well one participant's ranking of candidates puts its true partners first: the counts behind AUC,
 * average precision and precision@k (evaluate.ts defines the measures). One function for the
 * evaluation and for the learned model's validation (model.ts), so both measure the same thing.
 */

export interface ParticipantRanking {
  /** Σ over partners of the non-partners scored below it (+½ per tie). */
  wins: number;
  /** Non-partners ranked (candidates less partners): AUC's denominator is partners × this. */
  negatives: number;
  /** Average precision: the mean over partners of the precision at each one's rank. */
  averagePrecision: number;
  /** Partners in the top k, by k (ties broken by index, as the suggestions break them by id). */
  hits: number[];
}

/**
 * The ranking of u's candidates by `scores` (−Infinity: not a candidate) against its true `partners`,
 * which `positive` marks (1) for the duration of the call.
 */
export function rankParticipant(
  scores: Float64Array,
  partners: number[],
  positive: Uint8Array,
  ks: number[],
): ParticipantRanking {
  const n = scores.length;
  let candidates = 0;
  for (let v = 0; v < n; v++) if (scores[v] !== -Infinity) candidates++;
  const hits = ks.map(() => 0);
  let wins = 0;
  let ap = 0;
  for (const p of partners) {
    const s = scores[p]!;
    let above = 0;
    let partnersAbove = 0;
    let lessNeg = 0;
    let equalNeg = 0;
    for (let v = 0; v < n; v++) {
      const x = scores[v]!;
      if (x === -Infinity || v === p) continue;
      if (x > s || (x === s && v < p)) {
        above++;
        if (positive[v] === 1) partnersAbove++;
      }
      if (positive[v] === 1) continue;
      if (x < s) lessNeg++;
      else if (x === s) equalNeg++;
    }
    wins += lessNeg + 0.5 * equalNeg;
    ap += (partnersAbove + 1) / (above + 1);
    ks.forEach((k, i) => {
      if (above < k) hits[i]!++;
    });
  }
  return {
    wins,
    negatives: candidates - partners.length,
    averagePrecision: partners.length === 0 ? 0 : ap / partners.length,
    hits,
  };
}
