/**
 * What became of the suggestions a portal showed: the online counterpart of `evaluate suggestions`.
 * Pure: feedback events and the ties between the pairs now in, counts and precision@k out.
 *
 * - A suggestion is a pair (participant, other) shown by a scorer; shown again later it still counts
 *   once, at its first showing.
 * - It **converted** when the pair now has a tie in a layer in which it had none when it was shown (the
 *   feedback keeps the pair's layers at that moment): a tie created after the suggestion, in any layer;
 *   `byLayer` counts them layer by layer. A tie created and deleted again before this read is not seen.
 * - precision@k, as `evaluate suggestions` defines it on hidden ties, here on real outcomes: a list is
 *   what one participant was shown by one scorer on one day (UTC); its precision@k is the share of
 *   converted suggestions among those shown at ranks 1 … k (those logged with a rank); the mean over lists.
 */

export const FEEDBACK_EVENTS = ['shown', 'contacted', 'accepted', 'declined'] as const;
export type FeedbackEventKind = (typeof FEEDBACK_EVENTS)[number];

export interface FeedbackEvent {
  participant: string;
  other: string;
  event: FeedbackEventKind;
  scorer: string | null;
  rank: number | null;
  /** ISO 8601 time of the event. */
  at: string;
  /** The layers in which the pair was tied when the event was recorded. */
  tiedLayers: string[];
}

export interface OutcomeOptions {
  /** The k of precision@k. */
  ks: number[];
  /** Only suggestions first shown at or after this time (ISO 8601). */
  from?: string;
  /** Only suggestions first shown before this time. */
  to?: string;
  /** Only this scorer's suggestions. */
  scorer?: string;
}

export interface OutcomeCounts {
  shown: number;
  converted: number;
  /** converted / shown; null when nothing was shown. */
  conversionRate: number | null;
  /** Shown suggestions that the participant then contacted, accepted or declined (feedback events). */
  contacted: number;
  accepted: number;
  declined: number;
}

export interface PrecisionAtK {
  k: number;
  /** Lists with at least one suggestion logged at rank ≤ k. */
  lists: number;
  precision: number | null;
}

export interface Outcomes {
  total: OutcomeCounts;
  byScorer: (OutcomeCounts & { scorer: string; precisionAtK: PrecisionAtK[] })[];
  /** By ISO 8601 week of the first showing (`2026-W49`) and scorer. */
  byWeek: (OutcomeCounts & { week: string; scorer: string })[];
  /** Converted suggestions by the layer of their new tie (one suggestion may convert in several). */
  byLayer: { layer: string; converted: number }[];
}

/** The key of an unordered pair: a tie either way between the two counts. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** ISO 8601 week of a time, `YYYY-Www` (the week's Thursday decides its year). */
export function isoWeek(at: string | number | Date): string {
  const date = new Date(at);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const UNKNOWN_SCORER = 'unknown';

interface Shown {
  participant: string;
  other: string;
  scorer: string;
  rank: number | null;
  at: number;
  newLayers: string[];
  responses: Set<FeedbackEventKind>;
}

function emptyCounts(): OutcomeCounts {
  return { shown: 0, converted: 0, conversionRate: null, contacted: 0, accepted: 0, declined: 0 };
}

function add(counts: OutcomeCounts, s: Shown): void {
  counts.shown++;
  if (s.newLayers.length > 0) counts.converted++;
  for (const r of ['contacted', 'accepted', 'declined'] as const) if (s.responses.has(r)) counts[r]++;
  counts.conversionRate = counts.converted / counts.shown;
}

/**
 * Outcomes of the shown suggestions. `tiesNow` gives the layers in which each pair (pairKey) is tied
 * now; pairs it lacks have no tie.
 */
export function suggestionOutcomes(
  events: FeedbackEvent[],
  tiesNow: Map<string, string[]>,
  options: OutcomeOptions,
): Outcomes {
  const time = (e: FeedbackEvent) => Date.parse(e.at);
  const sorted = [...events].sort((a, b) => time(a) - time(b));
  const from = options.from ? Date.parse(options.from) : -Infinity;
  const to = options.to ? Date.parse(options.to) : Infinity;
  const shown = new Map<string, Shown>();
  for (const e of sorted) {
    if (e.event !== 'shown') continue;
    const scorer = e.scorer ?? UNKNOWN_SCORER;
    const key = `${e.participant}\u0000${e.other}\u0000${scorer}`;
    if (shown.has(key)) continue;
    const before = new Set(e.tiedLayers);
    shown.set(key, {
      participant: e.participant,
      other: e.other,
      scorer,
      rank: e.rank,
      at: time(e),
      newLayers: (tiesNow.get(pairKey(e.participant, e.other)) ?? []).filter((l) => !before.has(l)),
      responses: new Set(),
    });
  }
  const chosen = [...shown.values()].filter(
    (s) => s.at >= from && s.at < to && (options.scorer === undefined || s.scorer === options.scorer),
  );
  // A response counts for every showing of the pair to that participant that came before it.
  for (const e of sorted) {
    if (e.event === 'shown') continue;
    for (const s of chosen) {
      if (s.participant === e.participant && s.other === e.other && s.at <= time(e)) s.responses.add(e.event);
    }
  }

  const total = emptyCounts();
  const scorers = new Map<string, OutcomeCounts>();
  const weeks = new Map<string, OutcomeCounts & { week: string; scorer: string }>();
  const layers = new Map<string, number>();
  for (const s of chosen) {
    add(total, s);
    add(scorers.get(s.scorer) ?? scorers.set(s.scorer, emptyCounts()).get(s.scorer)!, s);
    const week = isoWeek(s.at);
    const weekKey = `${week}\u0000${s.scorer}`;
    add(
      weeks.get(weekKey) ?? weeks.set(weekKey, { week, scorer: s.scorer, ...emptyCounts() }).get(weekKey)!,
      s,
    );
    for (const layer of s.newLayers) layers.set(layer, (layers.get(layer) ?? 0) + 1);
  }

  return {
    total,
    byScorer: [...scorers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([scorer, counts]) => ({
        scorer,
        ...counts,
        precisionAtK: precisionAtK(
          chosen.filter((s) => s.scorer === scorer),
          options.ks,
        ),
      })),
    byWeek: [...weeks.values()].sort((a, b) =>
      a.week === b.week ? (a.scorer < b.scorer ? -1 : 1) : a.week < b.week ? -1 : 1,
    ),
    byLayer: [...layers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([layer, converted]) => ({ layer, converted })),
  };
}

/** precision@k over lists (participant, scorer, UTC day), the mean of the lists' precisions. */
function precisionAtK(shown: Shown[], ks: number[]): PrecisionAtK[] {
  const lists = new Map<string, Shown[]>();
  for (const s of shown) {
    if (s.rank === null) continue;
    const day = new Date(s.at).toISOString().slice(0, 10);
    const key = `${s.participant}\u0000${s.scorer}\u0000${day}`;
    (lists.get(key) ?? lists.set(key, []).get(key)!).push(s);
  }
  return ks.map((k) => {
    let sum = 0;
    let counted = 0;
    for (const list of lists.values()) {
      const top = list.filter((s) => s.rank! <= k);
      if (top.length === 0) continue;
      sum += top.filter((s) => s.newLayers.length > 0).length / top.length;
      counted++;
    }
    return { k, lists: counted, precision: counted === 0 ? null : sum / counted };
  });
}
