/**
 * Label propagation (Raghavan, Albert & Kumara 2007): every participant repeatedly takes the label
 * that most of its partners carry (weighted by tie strength), visiting participants in a seeded random
 * order and breaking ties by the smallest label, until no label changes. Deterministic for a seed.
 */
import type { AbstractGraph } from 'graphology-types';
import { Random } from '../../../seed/random.ts';
import { withDefaults } from '../options.ts';
import { modularity, type CommunityResult } from './louvain.ts';

export const LABEL_PROPAGATION_DEFAULTS = { weighted: true, seed: 42, maxIterations: 100 };

export function labelPropagation(
  graph: AbstractGraph,
  options: Partial<typeof LABEL_PROPAGATION_DEFAULTS> = {},
): CommunityResult {
  const o = withDefaults('label-propagation', LABEL_PROPAGATION_DEFAULTS, options);
  const nodes = graph.nodes();
  const label = new Map(nodes.map((node, i) => [node, i]));
  const rng = new Random(o.seed);
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    let changed = false;
    for (const node of rng.shuffle([...nodes])) {
      const votes = new Map<number, number>();
      graph.forEachEdge(node, (_edge, attributes, source, target) => {
        const other = source === node ? target : source;
        if (other === node) return;
        const l = label.get(other)!;
        votes.set(l, (votes.get(l) ?? 0) + (o.weighted ? ((attributes.weight as number) ?? 1) : 1));
      });
      if (votes.size === 0) continue;
      const best = Math.max(...votes.values());
      const current = label.get(node)!;
      if (votes.get(current) === best) continue;
      const winner = Math.min(...[...votes].filter(([, v]) => v === best).map(([l]) => l));
      label.set(node, winner);
      changed = true;
    }
    if (!changed) break;
  }
  // Renumber labels 0, 1, 2 … in order of first appearance.
  const renumber = new Map<number, number>();
  const communities: Record<string, number> = {};
  for (const node of nodes) {
    const l = label.get(node)!;
    if (!renumber.has(l)) renumber.set(l, renumber.size);
    communities[node] = renumber.get(l)!;
  }
  return { communities, modularity: modularity(graph, communities, { weighted: o.weighted }) };
}
