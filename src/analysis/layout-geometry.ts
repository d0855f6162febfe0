/**
 * The geometry the structure layout shares between the server (structure-layout.ts) and the web view's
 * "Run layout": the ForceAtlas2 settings, the convergence measure, noverlap and the quality figure.
 * No imports, so the web view can bundle it.
 */
import type { AbstractGraph } from 'graphology-types';

/** The ForceAtlas2 settings of the structure layout, shared by the server and the view's "Run layout". */
/** How much further apart separateGroups moves the groups' centres (see structure-layout.ts). */
export const GROUP_SEPARATION = 1.6;

export const STRUCTURE_FA2_SETTINGS = {
  linLogMode: true,
  outboundAttractionDistribution: false,
  adjustSizes: false,
  edgeWeightInfluence: 1,
  scalingRatio: 1,
  strongGravityMode: false,
  gravity: 0.05,
  slowDown: 1,
  barnesHutTheta: 0.5,
};

export function snapshot(graph: AbstractGraph): Float64Array {
  const out = new Float64Array(graph.order * 2);
  let i = 0;
  graph.forEachNode((_, a) => {
    out[i++] = a.x as number;
    out[i++] = a.y as number;
  });
  return out;
}

export function extent(xy: Float64Array): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    minX = Math.min(minX, xy[i]!);
    maxX = Math.max(maxX, xy[i]!);
    minY = Math.min(minY, xy[i + 1]!);
    maxY = Math.max(maxY, xy[i + 1]!);
  }
  return Math.max(maxX - minX, maxY - minY, 1e-9);
}

export function meanEdgeLength(graph: AbstractGraph): number {
  let sum = 0;
  graph.forEachEdge((_e, _a, _s, _t, s, t) => {
    sum += Math.hypot((s.x as number) - (t.x as number), (s.y as number) - (t.y as number));
  });
  return graph.size ? sum / graph.size : 1;
}

/**
 * Pushes apart nodes closer than 2·radius, on a grid of cells of that size (so O(n) per pass), for a few
 * passes; small moves only, so the groups' shapes stay.
 */
export function noverlap(graph: AbstractGraph, radius: number, passes = 20): void {
  if (!(radius > 0) || graph.order < 2) return;
  const ids = graph.nodes();
  const x = ids.map((id) => graph.getNodeAttribute(id, 'x') as number);
  const y = ids.map((id) => graph.getNodeAttribute(id, 'y') as number);
  const cell = 2 * radius;
  for (let pass = 0; pass < passes; pass++) {
    const grid = new Map<string, number[]>();
    ids.forEach((_, i) => {
      const key = `${Math.floor(x[i]! / cell)},${Math.floor(y[i]! / cell)}`;
      (grid.get(key) ?? grid.set(key, []).get(key)!).push(i);
    });
    let overlaps = 0;
    ids.forEach((_, i) => {
      const cx = Math.floor(x[i]! / cell);
      const cy = Math.floor(y[i]! / cell);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const j of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
            if (j <= i) continue;
            let ddx = x[j]! - x[i]!;
            let ddy = y[j]! - y[i]!;
            let d = Math.hypot(ddx, ddy);
            if (d >= cell) continue;
            overlaps++;
            if (d === 0) {
              // Coincident nodes: separate them along a direction fixed by their indices (deterministic).
              ddx = Math.cos(i + j);
              ddy = Math.sin(i + j);
              d = 1;
            }
            const push = (cell - Math.min(d, cell)) / 2 / d;
            x[i]! -= ddx * push;
            y[i]! -= ddy * push;
            x[j]! += ddx * push;
            y[j]! += ddy * push;
          }
    });
    if (overlaps === 0) break;
  }
  ids.forEach((id, i) => graph.mergeNodeAttributes(id, { x: x[i]!, y: y[i]! }));
}

/**
 * Mean length of edges inside groups over the mean length of edges between groups: below 1 when
 * groups are drawn apart. NaN when there are no edges of one of the two sorts.
 */
export function edgeLengthRatio(
  positions: ReadonlyMap<string, { x: number; y: number }>,
  edges: readonly { source: string; target: string }[],
  group: ReadonlyMap<string, string | number>,
): number {
  let inside = 0;
  let nInside = 0;
  let between = 0;
  let nBetween = 0;
  for (const e of edges) {
    const s = positions.get(e.source);
    const t = positions.get(e.target);
    if (!s || !t || e.source === e.target) continue;
    const d = Math.hypot(s.x - t.x, s.y - t.y);
    if (group.get(e.source) === group.get(e.target)) {
      inside += d;
      nInside++;
    } else {
      between += d;
      nBetween++;
    }
  }
  return nInside && nBetween ? inside / nInside / (between / nBetween) : NaN;
}

/** Moves every group's centre `factor` times further from the centre of all nodes, members alongside. */
export function separateGroups(
  graph: AbstractGraph,
  groups: ReadonlyMap<string, string>,
  factor: number,
): void {
  if (factor === 1) return;
  const sums = new Map<string, { x: number; y: number; n: number }>();
  let cx = 0;
  let cy = 0;
  graph.forEachNode((id, a) => {
    const g = groups.get(id) ?? '';
    const s = sums.get(g) ?? sums.set(g, { x: 0, y: 0, n: 0 }).get(g)!;
    s.x += a.x as number;
    s.y += a.y as number;
    s.n++;
    cx += a.x as number;
    cy += a.y as number;
  });
  cx /= graph.order;
  cy /= graph.order;
  graph.updateEachNodeAttributes((id, a) => {
    const s = sums.get(groups.get(id) ?? '')!;
    const dx = (s.x / s.n - cx) * (factor - 1);
    const dy = (s.y / s.n - cy) * (factor - 1);
    return { ...a, x: (a.x as number) + dx, y: (a.y as number) + dy };
  });
}
