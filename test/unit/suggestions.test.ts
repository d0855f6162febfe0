/**
 * Partner suggestions. The four link-prediction scores against networkx 3.6 on Les Misérables
 * (test/reference/networkx-gaps.json, made by test/reference/networkx_gaps_reference.py); per-layer and
 * combined proximity, filters, exclusion and tie-breaking on small hand-worked networks; the evaluation on
 * a network whose answer is known, and on the Lipetsk demo, where the combined scorer must beat
 * Adamic–Adar on the temporal hold-out (ties to 2014 predicting those of 2015–2017).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkFromBundle, type Network } from '../../src/analysis/network.ts';
import { evaluateSuggestions, holdOut } from '../../src/analysis/suggestions/evaluate.ts';
import {
  SCORERS,
  commonPartners,
  countCommon,
  graphIndex,
  linkPrediction,
  pairScore,
} from '../../src/analysis/suggestions/link-prediction.ts';
import { suggestPartners, suggestionIndex } from '../../src/analysis/suggestions/suggest.ts';
import { InvalidArgumentError, NotFoundError } from '../../src/errors.ts';
import type { Bundle } from '../../src/exchange/model.ts';
import { lesMiserables } from '../helpers/graphs.ts';

const root = path.join(import.meta.dirname, '..', '..');
const reference = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'reference', 'networkx-gaps.json'), 'utf8'),
).lesMiserablesLinkPrediction;

describe('link-prediction scores match networkx 3.6 on Les Misérables', () => {
  const graph = lesMiserables();
  const keys = {
    'common-neighbours': 'common_neighbours',
    jaccard: 'jaccard',
    'adamic-adar': 'adamic_adar',
    'resource-allocation': 'resource_allocation',
  } as const;
  it.each(SCORERS.map((s) => [s]))('%s, on every pair not yet tied', (scorer) => {
    const expected = new Map<string, number>(
      (reference.pairs as [string, string][]).map(([u, v], i) => [`${u}|${v}`, reference[keys[scorer]][i]]),
    );
    const all = linkPrediction(graph, scorer);
    expect(all).toHaveLength((77 * 76) / 2 - 254);
    let nonZero = 0;
    for (const [u, v, score] of all) {
      const want = expected.get(u < v ? `${u}|${v}` : `${v}|${u}`) ?? 0;
      if (want !== 0) nonZero++;
      expect(Math.abs(score - want), `${u}–${v}: ${score} vs ${want}`).toBeLessThan(1e-12);
    }
    expect(nonZero).toBe(expected.size);
  });

  it('counts common partners as many as it lists, for every pair', () => {
    const ix = graphIndex(graph);
    let shared = 0;
    for (let u = 0; u < ix.ids.length; u++)
      for (let v = 0; v < ix.ids.length; v++) {
        const listed = commonPartners(ix, u, v).length;
        expect(countCommon(ix, u, v)).toBe(listed);
        shared += listed;
      }
    expect(shared).toBeGreaterThan(0);
  });

  it('refuses an unknown scorer or participant', () => {
    expect(() => linkPrediction(graph, 'katz' as 'jaccard')).toThrow(InvalidArgumentError);
    expect(() => pairScore(graphIndex(graph), 'jaccard', 'nobody', '1.0')).toThrow(InvalidArgumentError);
  });
});

/**
 * u and v share partner a in rnd and partner b in supply; u–c (rnd) and c–v (supply) make c a common
 * partner only across layers. w is a research institute on u's platform with no ties; x is tied to v in
 * supply. Every participant is in region r1 except far (r2).
 */
function small(): Network {
  const node = (id: string, kind: string, extra: Partial<Network['nodes'][number]> = {}) => ({
    id,
    kind,
    name: id.toUpperCase(),
    region: 'r1',
    clusters: [],
    platforms: [],
    ...extra,
  });
  return {
    nodes: [
      node('u', 'startup', { platforms: ['composites'], clusters: ['k1'] }),
      node('v', 'enterprise', { platforms: ['composites'], clusters: ['k1'] }),
      node('v2', 'enterprise', { platforms: ['composites'], clusters: ['k1'] }),
      node('a', 'enterprise'),
      node('b', 'enterprise'),
      node('c', 'university'),
      node('w', 'research_institute', { platforms: ['composites'] }),
      node('far', 'enterprise', { region: 'r2' }),
    ],
    ties: [
      { source: 'u', target: 'a', layer: 'rnd', weight: 1 },
      { source: 'a', target: 'v', layer: 'rnd', weight: 1 },
      { source: 'a', target: 'v2', layer: 'rnd', weight: 1 },
      { source: 'b', target: 'u', layer: 'supply', weight: 1 },
      { source: 'b', target: 'v', layer: 'supply', weight: 1 },
      { source: 'b', target: 'v2', layer: 'supply', weight: 1 },
      { source: 'u', target: 'c', layer: 'rnd', weight: 1 },
      { source: 'c', target: 'v', layer: 'supply', weight: 1 },
      { source: 'c', target: 'v2', layer: 'supply', weight: 1 },
      { source: 'u', target: 'far', layer: 'supply', weight: 1 },
    ],
    layers: [
      { id: 'rnd', directed: false },
      { id: 'supply', directed: true },
    ],
  };
}

describe('suggestPartners', () => {
  // The fixed-weight scorer (on this tiny network the default, learned, falls back to Adamic–Adar).
  const combined = { scorer: 'combined' } as const;
  const platforms = [{ id: 'composites', name: 'Composites', sphere: 'composite materials' }];

  it('scores proximity per layer and over all layers, and explains it', () => {
    const result = suggestPartners(small(), 'u', { platforms, scorer: 'combined' });
    const v = result.suggestions.find((s) => s.id === 'v')!;
    expect(v.proximity.byLayer).toEqual({ rnd: 1, supply: 1 });
    expect(v.proximity.commonNeighbours).toBe(3);
    expect(v.common).toEqual(['a', 'b', 'c']);
    // Adamic–Adar over the union: a, b and c have 3 partners each.
    expect(v.proximity.adamicAdar).toBeCloseTo(3 / Math.log(3), 12);
    expect(v.proximity.resourceAllocation).toBeCloseTo(1, 12);
    expect(v.proximity.jaccard).toBeCloseTo(3 / (4 + 3 - 3), 12);
    expect(v.explanation).toMatch(
      /^1 common partner in rnd, 1 in supply \(3 over all layers\); both on the Composites platform; start-up ↔ enterprise \(tied [\d.]+× as often as pairs in general\); both in cluster k1; same region \(r1\)$/,
    );
    const sum = Object.values(v.parts).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(v.score, 12);
  });

  it('breaks ties by id: v and v2 are placed alike, so v comes first', () => {
    const ids = suggestPartners(small(), 'u', combined).suggestions.map((s) => s.id);
    expect(ids.slice(0, 2)).toEqual(['v', 'v2']);
    const again = suggestPartners(small(), 'u', combined).suggestions.map((s) => s.id);
    expect(again).toEqual(ids);
  });

  it('excludes existing ties of the chosen layers only', () => {
    expect(suggestPartners(small(), 'u', combined).suggestions.map((s) => s.id)).not.toContain('far');
    // In rnd alone, u and far (a supply tie) are not tied: far can be suggested.
    const rnd = suggestPartners(small(), 'u', { layers: ['rnd'], ...combined }).suggestions;
    expect(rnd.map((s) => s.id)).toContain('far');
    const v = rnd.find((s) => s.id === 'v')!;
    expect(v.proximity.byLayer).toEqual({ rnd: 1 });
    expect(v.common).toEqual(['a']); // c is tied to v in supply only
  });

  it('filters by kind, cluster and region, and limits', () => {
    expect(
      suggestPartners(small(), 'u', { kinds: ['research_institute'], ...combined }).suggestions.map(
        (s) => s.id,
      ),
    ).toEqual(['w']);
    expect(
      suggestPartners(small(), 'u', { clusters: ['k1'], ...combined }).suggestions.map((s) => s.id),
    ).toEqual(['v', 'v2']);
    expect(
      suggestPartners(small(), 'u', { regions: ['r2'], layers: ['rnd'], ...combined }).suggestions.map(
        (s) => s.id,
      ),
    ).toEqual(['far']);
    expect(suggestPartners(small(), 'u', { limit: 1, ...combined }).suggestions).toHaveLength(1);
  });

  it('ranks by one proximity score alone when asked', () => {
    const result = suggestPartners(small(), 'u', { scorer: 'common-neighbours' });
    expect(result.suggestions.map((s) => [s.id, s.score])).toEqual([
      ['v', 3],
      ['v2', 3],
    ]);
  });

  it('refuses an unknown participant, layer or option', () => {
    expect(() => suggestPartners(small(), 'nobody')).toThrow(NotFoundError);
    expect(() => suggestPartners(small(), 'u', { layers: ['trade'] })).toThrow(InvalidArgumentError);
    expect(() => suggestPartners(small(), 'u', { limit: 0 })).toThrow(InvalidArgumentError);
    expect(() => suggestPartners(small(), 'u', { weights: { luck: 1 } as never })).toThrow(
      InvalidArgumentError,
    );
  });

  it('builds its index once per network', () => {
    const network = small();
    expect(suggestionIndex(network)).toBe(suggestionIndex(network));
    expect(suggestionIndex(small())).not.toBe(suggestionIndex(network));
  });
});

/**
 * A clique a–e whose tie a–b formed in 2015 (the others in 2010), and a path f–g–h–i. Hiding the ties
 * after 2014 leaves a and b with three common partners and no tie: every proximity score ranks b first for
 * a (and a for b), and scores every other candidate 0.
 */
function knownAnswer(): Network {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const ties: Network['ties'] = [];
  const clique = ['a', 'b', 'c', 'd', 'e'];
  for (let x = 0; x < 5; x++)
    for (let y = x + 1; y < 5; y++)
      ties.push({
        source: clique[x]!,
        target: clique[y]!,
        layer: 'l',
        weight: 1,
        since: x === 0 && y === 1 ? 2015 : 2010,
      });
  for (const [s, t] of [
    ['f', 'g'],
    ['g', 'h'],
    ['h', 'i'],
  ])
    ties.push({ source: s!, target: t!, layer: 'l', weight: 1, since: 2010 });
  return {
    nodes: ids.map((id) => ({ id, kind: 'other', name: id, region: '', clusters: [], platforms: [] })),
    ties,
    layers: [{ id: 'l', directed: false }],
  };
}

describe('evaluateSuggestions', () => {
  it('finds the known answer: AUC 1, precision@1 1, precision@10 0.1', () => {
    const result = evaluateSuggestions(knownAnswer(), { holdoutYear: 2014, ks: [1, 10] });
    expect(result.hiddenPairs).toBe(1);
    expect(result.evaluated).toBe(2);
    expect(result.trainingPairs).toBe(12);
    for (const s of result.scorers) {
      expect(s.auc, s.scorer).toBe(1);
      expect(s.precision).toEqual({ '1': 1, '10': 0.1 });
    }
  });

  it('counts ties one half: with nothing to tell candidates apart, AUC is 1/2', () => {
    const network = knownAnswer();
    network.ties = network.ties.filter((t) => !(t.source === 'a' || t.target === 'a') || t.target === 'b');
    // a's only tie (to b) is hidden: a has no partners left, every candidate scores 0 for a.
    const result = evaluateSuggestions(network, { holdoutYear: 2014, ks: [1] });
    const aa = result.scorers.find((s) => s.scorer === 'adamic-adar')!;
    // For a: 1 hidden partner among 8 candidates, all tied at 0 → 7 halves; for b: c, d, e are partners
    // in training, so b's candidates are a (0), f, g, h, i (0) → 4 halves.
    expect(aa.auc).toBeCloseTo((3.5 + 2) / (7 + 4), 12);
  });

  it('hides a random share of the tied pairs, the same for the same seed', () => {
    const demo = networkFromBundle(
      JSON.parse(fs.readFileSync(path.join(root, 'seed', 'lipetsk.json'), 'utf8')),
    );
    const first = holdOut(demo, { random: 0.1, seed: 7 });
    const second = holdOut(demo, { random: 0.1, seed: 7 });
    expect(second.hidden).toEqual(first.hidden);
    const pairs = new Set(demo.ties.map((t) => [t.source, t.target].sort().join('|')));
    expect(first.hidden).toHaveLength(Math.round(0.1 * pairs.size));
    const kept = new Set(first.training.ties.map((t) => [t.source, t.target].sort().join('|')));
    for (const [a, b] of first.hidden) expect(kept.has([a, b].sort().join('|'))).toBe(false);
    expect(holdOut(demo, { random: 0.1, seed: 8 }).hidden).not.toEqual(first.hidden);
  });

  it('refuses to run without exactly one hold-out', () => {
    expect(() => evaluateSuggestions(knownAnswer())).toThrow(InvalidArgumentError);
    expect(() => evaluateSuggestions(knownAnswer(), { holdoutYear: 2014, random: 0.1 })).toThrow(
      InvalidArgumentError,
    );
  });

  // The evaluation fits the learned model too (three penalties validated): minutes on a loaded machine.
  it(
    'on the demo, the combined scorer beats Adamic–Adar on ties formed 2015–2017',
    { timeout: 240_000 },
    () => {
      const bundle = JSON.parse(fs.readFileSync(path.join(root, 'seed', 'lipetsk.json'), 'utf8')) as Bundle;
      const result = evaluateSuggestions(networkFromBundle(bundle), {
        holdoutYear: 2014,
        platforms: bundle.platforms,
      });
      const by = Object.fromEntries(result.scorers.map((s) => [s.scorer, s]));
      expect(result.hiddenPairs).toBeGreaterThan(250);
      expect(by.combined!.auc).toBeGreaterThan(by['adamic-adar']!.auc + 0.05);
      expect(by.combined!.precision['10']).toBeGreaterThan(by['adamic-adar']!.precision['10']!);
      // Better than chance, every one of them.
      for (const s of result.scorers) expect(s.auc, s.scorer).toBeGreaterThan(0.55);
    },
  );
});
