/**
 * Label propagation (Raghavan, Albert & Kumara 2007): every participant repeatedly takes the label
 * that most of its partners carry (weighted by tie strength), visiting participants in a seeded random
 * order and breaking ties by the smallest label, until no label changes. Deterministic for a seed.
 */
import type { AbstractGraph } from 'graphology-types';
import { Random } from '../../random.ts';
import { toCsr } from '../csr.ts';
import { ConvergenceError } from '../../errors.ts';
import { Type } from 'typebox';
import { defaultsOf, maxIterationsOption, seedOption, weightedOption, withDefaults } from '../options.ts';
import { modularity, type CommunityResult } from './louvain.ts';

export const LABEL_PROPAGATION_OPTIONS = Type.Object({
  weighted: weightedOption({ default: true }),
  seed: seedOption(),
  maxIterations: maxIterationsOption(100),
});
export const LABEL_PROPAGATION_DEFAULTS = defaultsOf(LABEL_PROPAGATION_OPTIONS);

export function labelPropagation(
  graph: AbstractGraph,
  options: Partial<typeof LABEL_PROPAGATION_DEFAULTS> = {},
): CommunityResult {
  const o = withDefaults('label-propagation', LABEL_PROPAGATION_DEFAULTS, options);
  const { nodes, offsets, targets, weights } = toCsr(graph);
  const n = nodes.length;
  const label = Int32Array.from({ length: n }, (_, i) => i);
  const votes = new Float64Array(n);
  const touched: number[] = [];
  const rng = new Random(o.seed);
  const visit = [...Array(n).keys()];
  let settled = false;
  for (let iteration = 0; iteration < o.maxIterations && !settled; iteration++) {
    let changed = false;
    for (const v of rng.shuffle(visit)) {
      for (let j = offsets[v]!; j < offsets[v + 1]!; j++) {
        const u = targets[j]!;
        if (u === v) continue;
        const l = label[u]!;
        if (votes[l] === 0) touched.push(l);
        votes[l]! += o.weighted ? weights[j]! : 1;
      }
      if (touched.length > 0) {
        let best = -1;
        let winner = -1;
        for (const l of touched) {
          if (votes[l]! > best || (votes[l] === best && l < winner)) {
            best = votes[l]!;
            winner = l;
          }
        }
        // Keep the current label when it is among the most frequent ones.
        if (votes[label[v]!] !== best && winner !== label[v]) {
          label[v] = winner;
          changed = true;
        }
        for (const l of touched) votes[l] = 0;
        touched.length = 0;
      }
    }
    settled = !changed;
  }
  // Labels still changing at the limit are no partition of the method's (it may oscillate): an error,
  // as PageRank's, HITS's and eigenvector centrality's non-convergence.
  if (!settled && n > 0)
    throw new ConvergenceError(
      `label-propagation did not settle within ${o.maxIterations} iterations (labels still changing); ` +
        'raise maxIterations',
    );
  // Renumber labels 0, 1, 2 … in order of first appearance.
  const renumber = new Map<number, number>();
  const communities: Record<string, number> = {};
  nodes.forEach((node, i) => {
    const l = label[i]!;
    if (!renumber.has(l)) renumber.set(l, renumber.size);
    communities[node] = renumber.get(l)!;
  });
  return { communities, modularity: modularity(graph, communities, { weighted: o.weighted }) };
}
