/**
 * Hold-outs for link prediction: the ties formed after a year, or a seeded random share of the tied
 * pairs, are hidden; what is left is the network the scorers (and the learned model's features) see.
 */
import { InvalidArgumentError } from '../../errors.ts';
import type { Network, NetworkTie } from '../network.ts';
import { Random } from '../../random.ts';

export interface HoldOutOptions {
  holdoutYear?: number;
  random?: number;
  seed?: number;
  layers?: string[];
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * Each participant's hidden partners, by index (both ends of every hidden pair; pairs with an id the
 * index lacks are skipped), for the rankings that measure how well a scorer finds them.
 */
export function hiddenPartners(
  index: Map<string, number>,
  hidden: [string, string][],
): Map<number, number[]> {
  const partnersOf = new Map<number, number[]>();
  for (const [a, b] of hidden) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    partnersOf.set(i, [...(partnersOf.get(i) ?? []), j]);
    partnersOf.set(j, [...(partnersOf.get(j) ?? []), i]);
  }
  return partnersOf;
}

/** The training network and the hidden pairs (unordered, tied only in the hidden part). */
export function holdOut(
  network: Network,
  options: HoldOutOptions,
): { training: Network; hidden: [string, string][] } {
  const chosen = new Set(options.layers ?? network.layers.map((l) => l.id));
  const ids = new Set(network.nodes.map((n) => n.id));
  const ties = network.ties.filter(
    (t) => chosen.has(t.layer) && t.source !== t.target && ids.has(t.source) && ids.has(t.target),
  );
  let training: NetworkTie[];
  let hiddenKeys: Set<string>;
  if (options.holdoutYear !== undefined) {
    const year = options.holdoutYear;
    training = ties.filter((t) => t.since === undefined || t.since <= year);
    const trained = new Set(training.map((t) => pairKey(t.source, t.target)));
    hiddenKeys = new Set(
      ties.filter((t) => t.since !== undefined && t.since > year).map((t) => pairKey(t.source, t.target)),
    );
    for (const key of trained) hiddenKeys.delete(key);
  } else if (options.random !== undefined) {
    const pairs = [...new Set(ties.map((t) => pairKey(t.source, t.target)))].sort();
    new Random(options.seed ?? 42).shuffle(pairs);
    hiddenKeys = new Set(pairs.slice(0, Math.round(options.random * pairs.length)));
    training = ties.filter((t) => !hiddenKeys.has(pairKey(t.source, t.target)));
  } else {
    throw new InvalidArgumentError('evaluate: give a hold-out year or a random share');
  }
  const hidden = [...hiddenKeys].sort().map((k) => k.split('\u0000') as [string, string]);
  return {
    training: {
      nodes: network.nodes,
      ties: training,
      layers: network.layers.filter((l) => chosen.has(l.id)),
    },
    hidden,
  };
}
