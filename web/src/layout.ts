/**
 * The network layout: ForceAtlas2 (Jacomy et al. 2014) in a web worker, so the page stays responsive
 * while it runs, and positions kept in localStorage per graph version and network filter, so a second
 * visit starts where the first one stopped instead of running the layout again.
 */
import type { AbstractGraph as Graph } from 'graphology-types';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import FA2LayoutModule from 'graphology-layout-forceatlas2/worker.js';

// CommonJS with `export default` typings: typed as the namespace under NodeNext, the value at run time
// (as in src/analysis/graphology-libs.ts).
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;
const FA2Layout = FA2LayoutModule as unknown as typeof FA2LayoutModule.default;
type FA2Layout = InstanceType<typeof FA2Layout>;

const PREFIX = 'clusterlens:positions:';

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

/** How long the layout runs on its own for a graph of n nodes, in ms. */
export function layoutDuration(n: number): number {
  return Math.min(15_000, 2_000 + n * 2);
}

export class ForceLayout {
  private worker: FA2Layout | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly graph: Graph;
  private readonly onStop: () => void;

  constructor(graph: Graph, onStop: () => void) {
    this.graph = graph;
    this.onStop = onStop;
  }

  get running(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  start(duration = layoutDuration(this.graph.order)): void {
    if (this.running || this.graph.order === 0) return;
    if (!this.worker) {
      const settings = forceAtlas2.inferSettings(this.graph);
      this.worker = new FA2Layout(this.graph, {
        settings: { ...settings, barnesHutOptimize: this.graph.order > 500, adjustSizes: false },
        getEdgeWeight: 'weight',
      });
    }
    this.worker.start();
    this.timer = setTimeout(() => this.stop(), duration);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    this.worker!.stop();
    this.onStop();
  }

  kill(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.worker?.kill();
    this.worker = null;
  }
}
