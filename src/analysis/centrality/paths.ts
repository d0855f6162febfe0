/**
 * Shortest-path centralities: betweenness (Brandes 2001; exact, or approximated from k sampled pivots
 * as in Brandes & Pich 2007), closeness (with the Wasserman–Faust correction for disconnected graphs,
 * as networkx's `wf_improved`), and harmonic centrality (Marchiori & Latora 2000; Boldi & Vigna 2014).
 * Weighted betweenness reads a tie's weight as its strength: the path length is the sum of 1 / weight.
 */
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { Random } from '../../../seed/random.ts';
import { betweennessCentrality, closenessCentrality } from '../graphology-libs.ts';
import { distance, requireRange, withDefaults } from '../options.ts';

export const BETWEENNESS_DEFAULTS = { normalized: true, weighted: false, k: 0, seed: 42 };

export function betweenness(
  graph: AbstractGraph,
  options: Partial<typeof BETWEENNESS_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('betweenness', BETWEENNESS_DEFAULTS, options);
  requireRange('betweenness', 'k', o.k, 0, Number.MAX_SAFE_INTEGER);
  if (o.k === 0 || o.k >= graph.order) {
    return betweennessCentrality(graph, {
      normalized: o.normalized,
      getEdgeWeight: o.weighted ? distance : null,
    });
  }
  if (o.weighted) throw new InvalidArgumentError('betweenness: approximation (k > 0) is unweighted');
  return sampledBetweenness(graph, o.k, o.seed, o.normalized);
}

/**
 * Brandes & Pich (2007): accumulate dependencies from k pivots drawn uniformly without replacement and
 * scale by n / k. The estimate is unbiased; its standard error shrinks as 1 / √k.
 */
function sampledBetweenness(
  graph: AbstractGraph,
  k: number,
  seed: number,
  normalized: boolean,
): Record<string, number> {
  const nodes = graph.nodes();
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node, i]));
  const neighbours = nodes.map((node) =>
    (graph.type === 'directed' ? graph.outNeighbors(node) : graph.neighbors(node)).map((x) => index.get(x)!),
  );
  const pivots = new Random(seed).shuffle([...nodes.keys()]).slice(0, k);
  const centrality = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  for (const s of pivots) {
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    const stack: number[] = [];
    const preds: number[][] = nodes.map(() => []);
    sigma[s] = 1;
    dist[s] = 0;
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      stack.push(v);
      for (const w of neighbours[v]!) {
        if (dist[w]! < 0) {
          dist[w] = dist[v]! + 1;
          queue.push(w);
        }
        if (dist[w] === dist[v]! + 1) {
          sigma[w]! += sigma[v]!;
          preds[w]!.push(v);
        }
      }
    }
    while (stack.length > 0) {
      const w = stack.pop()!;
      for (const v of preds[w]!) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      if (w !== s) centrality[w]! += delta[w]!;
    }
  }
  const undirected = graph.type !== 'directed';
  // The same scaling as the exact algorithm (and networkx), times n / k for the sampling.
  const scale = (n / k) * (normalized ? (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) : undirected ? 0.5 : 1);
  return Object.fromEntries(nodes.map((node, i) => [node, centrality[i]! * scale]));
}

export const CLOSENESS_DEFAULTS = { wassermanFaust: true };

export function closeness(
  graph: AbstractGraph,
  options: Partial<typeof CLOSENESS_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('closeness', CLOSENESS_DEFAULTS, options);
  return closenessCentrality(graph, { wassermanFaust: o.wassermanFaust });
}

export const HARMONIC_DEFAULTS = {};

/** Σ 1 / d(v, u) over the other nodes reachable from v (unnormalised, as networkx). */
export function harmonic(
  graph: AbstractGraph,
  options: Partial<typeof HARMONIC_DEFAULTS> = {},
): Record<string, number> {
  withDefaults('harmonic', HARMONIC_DEFAULTS, options);
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  // networkx measures distances *to* v in a directed graph: walk the in-neighbours.
  const neighbours = nodes.map((node) =>
    (graph.type === 'directed' ? graph.inNeighbors(node) : graph.neighbors(node)).map((x) => index.get(x)!),
  );
  const dist = new Int32Array(nodes.length);
  const out: Record<string, number> = {};
  nodes.forEach((node, s) => {
    dist.fill(-1);
    dist[s] = 0;
    const queue = [s];
    let sum = 0;
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (const w of neighbours[v]!) {
        if (dist[w]! < 0) {
          dist[w] = dist[v]! + 1;
          sum += 1 / dist[w]!;
          queue.push(w);
        }
      }
    }
    out[node] = sum;
  });
  return out;
}
