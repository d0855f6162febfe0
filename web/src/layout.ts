/**
 * The network layout in the view. The server's positions are final (a Leiden-seeded ForceAtlas2 in
 * LinLog mode run to convergence, see src/analysis/structure-layout.ts): the view draws them as they
 * come and does not move them on its own. "Run layout" refines them with the same ForceAtlas2 settings
 * in a web worker, stops by itself once nodes barely move, moves the groups apart and overlapping discs
 * apart as the server does,
 * and keeps the result only if groups are at least as far apart as before (the edge-length ratio of
 * layout-geometry.ts on the server's communities); otherwise it puts the earlier positions back.
 * Refined positions are kept in localStorage per graph version and network filter.
 */
import type { AbstractGraph as Graph } from 'graphology-types';
import FA2LayoutModule from 'graphology-layout-forceatlas2/worker.js';
import {
  GROUP_SEPARATION,
  STRUCTURE_FA2_SETTINGS,
  edgeLengthRatio,
  extent,
  meanEdgeLength,
  noverlap,
  separateGroups,
  snapshot,
} from '../../src/analysis/layout-geometry.ts';

// CommonJS with `export default` typings: typed as the namespace under NodeNext, the value at run time
// (as in src/analysis/graphology-libs.ts).
const FA2Layout = FA2LayoutModule as unknown as typeof FA2LayoutModule.default;
type FA2Layout = InstanceType<typeof FA2Layout>;

// v2: positions of the structure layout (earlier versions kept those of an unbounded ForceAtlas2 run).
const PREFIX = 'clusterlens:positions:v2:';

export type Positions = Record<string, [number, number]>;

export function positionsKey(graphVersion: number, networkKey: string): string {
  let hash = 0;
  for (let i = 0; i < networkKey.length; i++) hash = (hash * 31 + networkKey.charCodeAt(i)) | 0;
  return `${PREFIX}${graphVersion}:${(hash >>> 0).toString(36)}`;
}

export function loadPositions(storage: Storage | null, key: string): Positions | null {
  try {
    const text = storage?.getItem(key);
    return text ? (JSON.parse(text) as Positions) : null;
  } catch {
    return null;
  }
}

/** Saves positions, dropping those of older graph versions first (localStorage holds a few MB). */
export function savePositions(storage: Storage | null, key: string, graph: Graph): void {
  if (!storage) return;
  const positions: Positions = {};
  graph.forEachNode((id, a) => {
    positions[id] = [Math.round((a.x as number) * 100) / 100, Math.round((a.y as number) * 100) / 100];
  });
  const version = key.slice(PREFIX.length).split(':')[0];
  try {
    for (let i = storage.length - 1; i >= 0; i--) {
      const k = storage.key(i);
      if (k?.startsWith(PREFIX) && k.slice(PREFIX.length).split(':')[0] !== version) storage.removeItem(k);
    }
    storage.setItem(key, JSON.stringify(positions));
  } catch {
    // Quota exceeded: the layout simply runs again on the next visit.
  }
}

/** Moves the nodes present in saved positions; returns how many were placed. */
export function applyPositions(graph: Graph, positions: Positions): number {
  let placed = 0;
  graph.updateEachNodeAttributes(
    (id, a) => {
      const p = positions[id];
      if (!p) return a;
      placed++;
      return { ...a, x: p[0], y: p[1] };
    },
    { attributes: ['x', 'y'] },
  );
  return placed;
}

/** The quality figure on the graph's current positions and its `community` attribute (NaN without one). */
export function layoutRatio(graph: Graph): number {
  const positions = new Map<string, { x: number; y: number }>();
  const groups = new Map<string, string>();
  graph.forEachNode((id, a) => {
    positions.set(id, { x: a.x as number, y: a.y as number });
    if (a.community) groups.set(id, a.community as string);
  });
  if (groups.size < graph.order) return NaN;
  const edges: { source: string; target: string }[] = [];
  graph.forEachEdge((_e, _a, source, target) => edges.push({ source, target }));
  return edgeLengthRatio(positions, edges, groups);
}

export interface LayoutOutcome {
  /** The ratio before and after the run (lower is better); NaN without communities. */
  before: number;
  after: number;
  /** False when the run made groups less apart and the earlier positions were put back. */
  kept: boolean;
  converged: boolean;
}

/** How often the worker's progress is checked, and the most a run may take. */
const CHECK_MS = 400;
const MAX_RUN_MS = 30_000;
/** Converged when nodes moved on average less than this share of the drawing's extent since the last check. */
const TOLERANCE = 0.002;

export class ForceLayout {
  private worker: FA2Layout | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly graph: Graph;
  private readonly onStop: (outcome: LayoutOutcome) => void;
  private start0: { positions: Float64Array; ratio: number; at: number } | null = null;
  private last: Float64Array | null = null;

  constructor(graph: Graph, onStop: (outcome: LayoutOutcome) => void) {
    this.graph = graph;
    this.onStop = onStop;
  }

  get running(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  start(): void {
    if (this.running || this.graph.order < 2) return;
    this.worker ??= new FA2Layout(this.graph, {
      settings: { ...STRUCTURE_FA2_SETTINGS, barnesHutOptimize: this.graph.order > 1000 },
      getEdgeWeight: 'weight',
    });
    const positions = snapshot(this.graph);
    this.start0 = { positions, ratio: layoutRatio(this.graph), at: performance.now() };
    this.last = positions;
    this.worker.start();
    this.timer = setInterval(() => this.check(), CHECK_MS);
  }

  private check(): void {
    const now = snapshot(this.graph);
    let moved = 0;
    for (let i = 0; i < now.length; i += 2)
      moved += Math.hypot(now[i]! - this.last![i]!, now[i + 1]! - this.last![i + 1]!);
    moved /= this.graph.order;
    this.last = now;
    const converged = moved < TOLERANCE * extent(now);
    if (converged || performance.now() - this.start0!.at > MAX_RUN_MS) this.finish(converged);
  }

  /** Stops a run (by hand: the result is judged as if it had converged). */
  stop(): void {
    if (this.running) this.finish(false);
  }

  private finish(converged: boolean): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.worker?.stop();
    // The same finish as the server's: groups' centres moved apart, then overlaps removed.
    const groups = new Map<string, string>();
    this.graph.forEachNode((id, a) => {
      if (a.community) groups.set(id, a.community as string);
    });
    if (groups.size === this.graph.order) separateGroups(this.graph, groups, GROUP_SEPARATION);
    noverlap(this.graph, 0.12 * meanEdgeLength(this.graph));
    const before = this.start0?.ratio ?? NaN;
    let after = layoutRatio(this.graph);
    let kept = true;
    if (Number.isFinite(before) && !(after <= before) && this.start0) {
      // Refinement must never make the picture worse: put the earlier positions back.
      const saved = this.start0.positions;
      let i = 0;
      this.graph.updateEachNodeAttributes((_, a) => ({ ...a, x: saved[i++]!, y: saved[i++]! }), {
        attributes: ['x', 'y'],
      });
      after = before;
      kept = false;
    }
    this.start0 = null;
    this.onStop({ before, after, kept, converged });
  }

  kill(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.worker?.kill();
    this.worker = null;
  }
}
