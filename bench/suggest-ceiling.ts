/**
 * How much a benchmark network of the suggestions can tell (`npm run bench:suggest-ceiling`): on the
 * networks grown by triadic closure and by homophily (src/analysis/suggestions/generated.ts), the
 * generator's own chance that a pair ties next year — the best any scorer can do — ranked beside the four
 * single scores on the same hold-out (ties to 2014 predicting 2015–2017), as bench:suggest ranks them.
 * Where even that chance does not reach the best single score's precision@10 (the best chosen after the
 * fact), a network of that size cannot tell a better scorer from noise. Seeds 1–8 (the development
 * networks), 800 participants (bench:suggest's size until 2026-12-02) and 3,000 (its size since).
 *
 * The chance, per attempt of the year's loop: a closure picks a random partner w of u, then a random
 * partner of w, so it reaches v with RA(u, v) / deg u (and u from v with RA / deg v); `triadic` closes
 * with CLOSURE_SHARE.triadic, else anyone (2 / n for the pair); `homophily` closes with
 * CLOSURE_SHARE.homophily, else draws anyone and accepts by the kind pair's affinity, divided by
 * SAME_REGION_FACTOR across regions. It ignores the ties formed during the hidden years themselves.
 * Results: bench/results/suggest-ceiling-<date>.json.
 */
import os from 'node:os';
import {
  affinity,
  CLOSURE_SHARE,
  generatedNetwork,
  SAME_REGION_FACTOR,
} from '../src/analysis/suggestions/generated.ts';
import { hiddenPartners, holdOut } from '../src/analysis/suggestions/holdout.ts';
import { SCORERS } from '../src/analysis/suggestions/link-prediction.ts';
import { rankParticipant } from '../src/analysis/suggestions/ranking-metrics.ts';
import { scoreAll, scoringContext } from '../src/analysis/suggestions/scoring.ts';
import { ScoreBuffers } from '../src/analysis/suggestions/suggestion-index.ts';
import { writeResult } from './results.ts';

type Mechanism = 'triadic' | 'homophily';

function ceiling(mechanism: Mechanism, participants: number, seed: number) {
  const { network, platforms } = generatedNetwork(mechanism, { participants, seed });
  const layers = network.layers.map((l) => l.id);
  const { training, hidden } = holdOut(network, { holdoutYear: 2014, layers });
  const ctx = scoringContext(training, layers, {}, platforms);
  const { base } = ctx;
  const n = base.ids.length;
  const rows = ctx.set.rows;
  const node = new Map(network.nodes.map((x) => [x.id, x]));
  const kind = base.ids.map((id) => node.get(id)!.kind);
  const region = base.ids.map((id) => node.get(id)!.region);
  const partnersOf = hiddenPartners(base.index, hidden);
  const names = [...SCORERS, 'generator'] as const;
  const arrays = Object.fromEntries(names.map((s) => [s, new Float64Array(n)])) as Record<
    (typeof names)[number],
    Float64Array
  >;
  const hits = Object.fromEntries(names.map((s) => [s, 0])) as Record<(typeof names)[number], number>;
  const wins = Object.fromEntries(names.map((s) => [s, 0])) as Record<(typeof names)[number], number>;
  let comparisons = 0;
  const buffers = new ScoreBuffers(base);
  const positive = new Uint8Array(n);
  const ranked = [...partnersOf.keys()].sort((a, b) => a - b);
  const degree = (v: number) => rows.offsets[v + 1]! - rows.offsets[v]!;
  for (const u of ranked) {
    scoreAll(ctx, u, buffers, arrays);
    const ra = arrays['resource-allocation'];
    const chance = arrays.generator;
    const du = degree(u);
    for (let v = 0; v < n; v++) {
      if (buffers.excluded[v] === 1) {
        chance[v] = -Infinity;
        continue;
      }
      const dv = degree(v);
      const closure = ra[v]! * ((du > 0 ? 1 / du : 0) + (dv > 0 ? 1 / dv : 0));
      const share = CLOSURE_SHARE[mechanism];
      const other =
        mechanism === 'triadic'
          ? 2 / n
          : (2 / n) * affinity(kind[u]!, kind[v]!) * (region[u] === region[v] ? 1 : 1 / SAME_REGION_FACTOR);
      chance[v] = share * closure + (1 - share) * other;
    }
    const partners = partnersOf.get(u)!;
    for (const p of partners) positive[p] = 1;
    for (const s of names) {
      const r = rankParticipant(arrays[s], partners, positive, [10]);
      hits[s] += r.hits[0]!;
      wins[s] += r.wins;
      if (s === 'generator') comparisons += partners.length * r.negatives;
    }
    for (const p of partners) positive[p] = 0;
  }
  const bestSingle = Math.max(...SCORERS.map((s) => hits[s]));
  return {
    network: `${mechanism}${seed}`,
    participants,
    ranked: ranked.length,
    hitsAt10: hits,
    auc: Object.fromEntries(names.map((s) => [s, +(wins[s] / comparisons).toFixed(5)])),
    generatorOverBestSingleHits: hits.generator - bestSingle,
    generatorReachesBestSingle: hits.generator >= bestSingle,
  };
}

const loadAtStart = +os.loadavg()[0]!.toFixed(1);
const rows = [800, 3000].flatMap((participants) =>
  (['triadic', 'homophily'] as const).flatMap((mechanism) =>
    [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const row = ceiling(mechanism, participants, seed);
      console.log(
        `${row.network} (${participants}): generator ${row.hitsAt10.generator} hits in the top 10, best single ` +
          `${row.hitsAt10.generator - row.generatorOverBestSingleHits} (${row.ranked} ranked)`,
      );
      return row;
    }),
  ),
);
const summary = Object.fromEntries(
  [800, 3000].map((p) => {
    const mine = rows.filter((r) => r.participants === p);
    return [
      p,
      {
        networks: mine.length,
        generatorReachesBestSingle: mine.filter((r) => r.generatorReachesBestSingle).length,
      },
    ];
  }),
);
console.log(JSON.stringify(summary));
writeResult('suggest-ceiling', {
  loadAverage: { start: loadAtStart, end: +os.loadavg()[0]!.toFixed(1) },
  summary,
  rows,
});
