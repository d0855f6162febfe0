/**
 * k-core number (Seidman 1983), by the O(m) bucket algorithm of Batagelj & Zaversnik (2003): the largest
 * k such that the participant belongs to a subgraph where everyone has at least k partners. Undirected.
 */
import type { AbstractGraph } from 'graphology-types';
import { Type } from 'typebox';
import { toCsr, toRecord, type Csr } from '../csr.ts';
import { defaultsOf, withDefaults } from '../options.ts';

export const KCORE_OPTIONS = Type.Object({});
export const KCORE_DEFAULTS = defaultsOf(KCORE_OPTIONS);

export function kcore(
  graph: AbstractGraph,
  options: Partial<typeof KCORE_DEFAULTS> = {},
): Record<string, number> {
  withDefaults('kcore', KCORE_DEFAULTS, options);
  const { nodes, offsets, targets } = simpleNeighbours(graph);
  const n = nodes.length;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = offsets[v + 1]! - offsets[v]!;
    if (deg[v]! > maxDeg) maxDeg = deg[v]!;
  }
  const bins = new Int32Array(maxDeg + 1);
  for (let v = 0; v < n; v++) bins[deg[v]!]!++;
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
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) {
      const u = targets[k]!;
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
  return toRecord(nodes, deg);
}

/**
 * Every node's partners once, without itself, ignoring directions: the kept compressed rows (csr.ts) as
 * they are for a simple undirected graph without self-loops (every flattened view), otherwise the rows
 * of both directions merged.
 */
function simpleNeighbours(graph: AbstractGraph): Csr {
  const out = toCsr(graph, 'out');
  if (graph.type === 'undirected' && !graph.multi && graph.selfLoopCount === 0) return out;
  const into = toCsr(graph, 'in');
  const n = out.nodes.length;
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(out.targets.length + into.targets.length);
  const seen = new Int32Array(n).fill(-1);
  let k = 0;
  for (let v = 0; v < n; v++) {
    offsets[v] = k;
    seen[v] = v;
    for (const rows of [out, into]) {
      for (let j = rows.offsets[v]!; j < rows.offsets[v + 1]!; j++) {
        const u = rows.targets[j]!;
        if (seen[u] === v) continue;
        seen[u] = v;
        targets[k++] = u;
      }
    }
  }
  offsets[n] = k;
  return { nodes: out.nodes, offsets, targets: targets.subarray(0, k), weights: new Float64Array(k) };
}
