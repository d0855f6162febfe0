/**
 * A graphology graph as compressed sparse rows, for the algorithms whose inner loops must not allocate:
 * node i's neighbours are targets[offsets[i] … offsets[i+1]), with their tie weights. `out` follows tie
 * directions (both ways for undirected ties); `in` is its transpose.
 */
import type { AbstractGraph } from 'graphology-types';

export interface Csr {
  nodes: string[];
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

export function toCsr(graph: AbstractGraph, direction: 'out' | 'in' = 'out'): Csr {
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const n = nodes.length;
  const degree = new Int32Array(n);
  const pairs: [number, number, number][] = [];
  graph.forEachEdge((_edge, attributes, source, target, _s, _t, undirected) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    const w = typeof attributes.weight === 'number' ? attributes.weight : 1;
    if (undirected || direction === 'out') pairs.push([a, b, w]);
    if (undirected || direction === 'in') pairs.push([b, a, w]);
  });
  for (const [a] of pairs) degree[a]!++;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(pairs.length);
  const weights = new Float64Array(pairs.length);
  for (const [a, b, w] of pairs) {
    targets[fill[a]!] = b;
    weights[fill[a]!++] = w;
  }
  return { nodes, offsets, targets, weights };
}

export function toRecord(nodes: string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < nodes.length; i++) out[nodes[i]!] = values[i]!;
  return out;
}
