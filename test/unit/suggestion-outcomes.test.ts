/** Outcomes of shown suggestions: conversion, funnel, weeks and precision@k, on hand-made feedback. */
import { describe, expect, it } from 'vitest';
import {
  isoWeek,
  pairKey,
  suggestionOutcomes,
  type FeedbackEvent,
} from '../../src/analysis/suggestions/outcomes.ts';

const shown = (
  other: string,
  rank: number,
  at: string,
  extra: Partial<FeedbackEvent> = {},
): FeedbackEvent => ({
  participant: 'p',
  other,
  event: 'shown',
  scorer: 'learned',
  rank,
  at,
  tiedLayers: [],
  ...extra,
});

describe('isoWeek', () => {
  it('names ISO 8601 weeks, the Thursday deciding the year', () => {
    // Reference: Python's datetime.date.isocalendar() for the same dates.
    expect(isoWeek('2026-01-01T12:00:00Z')).toBe('2026-W01');
    expect(isoWeek('2024-12-30T00:00:00Z')).toBe('2025-W01');
    expect(isoWeek('2021-01-03T23:59:00Z')).toBe('2020-W53');
    expect(isoWeek('2026-12-01T11:00:00Z')).toBe('2026-W49');
    expect(isoWeek('2027-01-01T00:00:00Z')).toBe('2026-W53');
  });
});

describe('suggestionOutcomes', () => {
  const events: FeedbackEvent[] = [
    shown('a', 1, '2026-11-30T10:00:00Z'),
    shown('b', 2, '2026-11-30T10:00:00Z'),
    shown('c', 3, '2026-11-30T10:00:00Z', { tiedLayers: ['rnd'] }),
    // shown again later: still one suggestion, at its first showing
    shown('a', 1, '2026-12-02T10:00:00Z'),
    shown('d', 1, '2026-12-08T09:00:00Z', { scorer: 'combined' }),
    { ...shown('a', 1, '2026-11-30T11:00:00Z'), event: 'contacted', rank: null },
    { ...shown('b', 1, '2026-11-30T11:00:00Z'), event: 'declined', rank: null },
    // a response before the showing does not count for it
    { ...shown('d', 1, '2026-12-01T11:00:00Z'), event: 'accepted', rank: null },
  ];
  // a: a new rnd tie; b: none; c: tied in rnd before and still (no new layer); d: new supply and rnd ties
  const ties = new Map([
    [pairKey('p', 'a'), ['rnd']],
    [pairKey('c', 'p'), ['rnd']],
    [pairKey('p', 'd'), ['rnd', 'supply']],
  ]);

  it('counts a suggestion converted only for a tie in a layer the pair lacked when shown', () => {
    const out = suggestionOutcomes(events, ties, { ks: [1, 2, 3] });
    expect(out.total).toEqual({
      shown: 4,
      converted: 2,
      conversionRate: 0.5,
      contacted: 1,
      accepted: 0,
      declined: 1,
    });
    expect(out.byLayer).toEqual([
      { layer: 'rnd', converted: 2 },
      { layer: 'supply', converted: 1 },
    ]);
    expect(out.byWeek.map((w) => [w.week, w.scorer, w.shown, w.converted])).toEqual([
      ['2026-W49', 'learned', 3, 1],
      ['2026-W50', 'combined', 1, 1],
    ]);
  });

  it('measures precision@k per list (participant, scorer, day), averaged over lists', () => {
    const out = suggestionOutcomes(events, ties, { ks: [1, 2, 3] });
    const learned = out.byScorer.find((s) => s.scorer === 'learned')!;
    // one learned list [a ✓, b ✗, c ✗]: 1/1, 1/2, 1/3
    expect(learned.precisionAtK).toEqual([
      { k: 1, lists: 1, precision: 1 },
      { k: 2, lists: 1, precision: 0.5 },
      { k: 3, lists: 1, precision: 1 / 3 },
    ]);
    const combined = out.byScorer.find((s) => s.scorer === 'combined')!;
    expect(combined.precisionAtK[0]).toEqual({ k: 1, lists: 1, precision: 1 });
  });

  it('filters by time of first showing and by scorer', () => {
    const out = suggestionOutcomes(events, ties, { ks: [1], from: '2026-12-01T00:00:00Z' });
    expect(out.total.shown).toBe(1);
    expect(suggestionOutcomes(events, ties, { ks: [1], scorer: 'learned' }).total.shown).toBe(3);
    expect(suggestionOutcomes([], ties, { ks: [5] }).byScorer).toEqual([]);
  });
});
