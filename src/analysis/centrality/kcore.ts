/**
 * k-core number (Seidman 1983), by the O(m) bucket algorithm of Batagelj & Zaversnik (2003): the largest
 * k such that the participant belongs to a subgraph where everyone has at least k partners. Undirected.
 */
import type { AbstractGraph } from 'graphology-types';
import { Type } from 'typebox';
import { defaultsOf, withDefaults } from '../options.ts';

export const KCORE_OPTIONS = Type.Object({});
export const KCORE_DEFAULTS = defaultsOf(KCORE_OPTIONS);

export function kcore(
  graph: AbstractGraph,
  options: Partial<typeof KCORE_DEFAULTS> = {},
): Record<string, number> {
  withDefaults('kcore', KCORE_DEFAULTS, options);
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const neighbours = nodes.map((node) =>
    [...new Set(graph.neighbors(node))].filter((x) => x !== node).map((x) => index.get(x)!),
  );
  const n = nodes.length;
  const deg = neighbours.map((list) => list.length);
  const maxDeg = Math.max(0, ...deg);
  const bins = new Int32Array(maxDeg + 1);
  for (const d of deg) bins[d]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const count = bins[d]!;
    bins[d] = start;
    start += count;
  }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bins[deg[v]!]!;
    vert[pos[v]!] = v;
    bins[deg[v]!]!++;
  }
  for (let d = maxDeg; d > 0; d--) bins[d] = bins[d - 1]!;
  bins[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i]!;
    for (const u of neighbours[v]!) {
      if (deg[u]! > deg[v]!) {
        const du = deg[u]!;
        const pu = pos[u]!;
        const pw = bins[du]!;
        const w = vert[pw]!;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bins[du]!++;
        deg[u]!--;
      }
    }
  }
  return Object.fromEntries(nodes.map((node, i) => [node, deg[i]!]));
}
