/**
 * Multilayer communities by multislice modularity (Mucha, Richardson, Macon, Porter & Onnela 2010):
 * every participant has a copy in each layer; copies in one layer are tied by that layer's ties and
 * judged against that layer's null model; the copies of one participant are coupled across layers with
 * weight ω (categorical, all-to-all coupling, as for a multiplex). ω = 0 detects communities layer by
 * layer; a large ω forces one partition for all layers. Optimised with the Leiden engine.
 */
import type { Network } from '../network.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { Random } from '../../random.ts';
import { Type } from 'typebox';
import {
  defaultsOf,
  requireRange,
  resolutionOption,
  seedOption,
  weightedOption,
  withDefaults,
} from '../options.ts';
import { buildQualityGraph, leidenPartition, quality, type Edge } from './engine.ts';

export const MULTISLICE_OPTIONS = Type.Object({
  omega: Type.Number({
    description: 'ω: coupling of a participant’s copies across layers',
    default: 1,
    minimum: 0,
    maximum: 1e6,
  }),
  resolution: resolutionOption('γ of every layer'),
  weighted: weightedOption({ default: true }),
  seed: seedOption(),
});

/** The options, the Leiden engine's settings (in code only) and the layers (the request's view). */
export const MULTISLICE_DEFAULTS = {
  ...defaultsOf(MULTISLICE_OPTIONS),
  theta: 0.01,
  maxLevels: 50,
  maxPasses: 20,
  layers: [] as string[],
};

export interface MultisliceResult {
  /** Multislice modularity Q of the partition. */
  quality: number;
  /** Community of each participant in each layer. */
  communities: Record<string, Record<string, number>>;
  /** Share of a participant's layers in which it sits in its most common community (1 = the same everywhere). */
  persistence: Record<string, number>;
}

export function multislice(
  network: Network,
  options: Partial<typeof MULTISLICE_DEFAULTS> = {},
): MultisliceResult {
  const o = withDefaults('multislice', MULTISLICE_DEFAULTS, options);
  requireRange('multislice', 'omega', o.omega, 0, 1e6);
  requireRange('multislice', 'resolution', o.resolution, 0, 100);
  const layers = o.layers.length > 0 ? o.layers : network.layers.map((l) => l.id);
  for (const layer of layers) {
    if (!network.layers.some((l) => l.id === layer))
      throw new InvalidArgumentError(`multislice: unknown layer '${layer}'`);
  }
  const L = layers.length;
  const N = network.nodes.length;
  const nodeIndex = new Map(network.nodes.map((n, i) => [n.id, i]));
  const layerIndex = new Map(layers.map((l, s) => [l, s]));
  const layerOf = new Int32Array(N * L);
  for (let s = 0; s < L; s++) layerOf.fill(s, s * N, (s + 1) * N);
  // Intra-layer ties, undirected; a pair tied twice in one layer (a→b and b→a) adds up.
  const intra = new Map<string, Edge>();
  for (const tie of network.ties) {
    const s = layerIndex.get(tie.layer);
    const a = nodeIndex.get(tie.source);
    const b = nodeIndex.get(tie.target);
    if (s === undefined || a === undefined || b === undefined || a === b) continue;
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = `${s}:${x}:${y}`;
    const weight = o.weighted ? tie.weight : 1;
    const edge = intra.get(key);
    if (edge) edge.weight += o.weighted ? weight : 0;
    else intra.set(key, { source: s * N + x, target: s * N + y, weight });
  }
  const coupling: Edge[] = [];
  if (o.omega > 0) {
    for (let i = 0; i < N; i++) {
      for (let s = 0; s < L; s++)
        for (let r = s + 1; r < L; r++)
          coupling.push({ source: s * N + i, target: r * N + i, weight: o.omega });
    }
  }
  const g = buildQualityGraph(N * L, layerOf, L, [...intra.values()], coupling);
  const membership = leidenPartition(g, {
    resolution: o.resolution,
    rng: new Random(o.seed),
    theta: o.theta,
    maxLevels: o.maxLevels,
    maxPasses: o.maxPasses,
  });
  const communities: Record<string, Record<string, number>> = {};
  const persistence: Record<string, number> = {};
  layers.forEach((layer, s) => {
    communities[layer] = Object.fromEntries(network.nodes.map((n, i) => [n.id, membership[s * N + i]!]));
  });
  network.nodes.forEach((n, i) => {
    const counts = new Map<number, number>();
    for (let s = 0; s < L; s++)
      counts.set(membership[s * N + i]!, (counts.get(membership[s * N + i]!) ?? 0) + 1);
    persistence[n.id] = L === 0 ? 1 : Math.max(...counts.values()) / L;
  });
  return { quality: quality(g, membership, o.resolution), communities, persistence };
}
