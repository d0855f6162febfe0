/**
 * Hover on big networks, drawn on a 2D canvas laid over sigma's WebGL canvas instead of through the
 * reducers. Profiled on 5,000 nodes / 21,000 edges in headless Chromium (software WebGL): a reducer-based
 * hover re-processed every node and edge (about 1.5 s of `refresh`), and even a partial refresh of the
 * neighbourhood (4 ms) made the next WebGL frame cost seconds, because software WebGL redraws all 21,000
 * edges. The overlay touches only the hovered node, its ties and its neighbours — O(degree) — and leaves the
 * WebGL drawing as it is: a white veil fades the rest, the ties and neighbours are drawn over it with labels.
 * It follows the camera (redrawn after each sigma render). The selection and a highlight are drawn the same
 * way (OverlayFocus): selecting a participant on 5,000 nodes through the reducers re-processed every edge.
 * The PNG export copies every canvas of the drawing, this one too: what is on screen.
 */
import { fitAndClear } from './canvas-fit.ts';

/** What the overlay needs of sigma (a structural type, so tests can drive it without WebGL). */
export interface OverlayRenderer {
  getGraph(): OverlayGraph;
  getContainer(): HTMLElement;
  getDimensions(): { width: number; height: number };
  graphToViewport(point: { x: number; y: number }): { x: number; y: number };
  getNodeDisplayData(node: string): { size: number; color: string } | undefined;
  scaleSize(size: number): number;
  on(event: 'afterRender', listener: () => void): unknown;
}

export interface OverlayGraph {
  hasNode(node: string): boolean;
  getNodeAttributes(node: string): Record<string, unknown>;
  forEachEdge(
    node: string,
    callback: (edge: string, attributes: Record<string, unknown>, source: string, target: string) => void,
  ): void;
}

const VEIL = 'rgba(255,255,255,0.72)';
const FONT = '12px system-ui, sans-serif';

/**
 * What stays drawn on the overlay while nothing is hovered: the selected participant with its ties and
 * neighbours, or a highlighted group (a suggestion with its common partners, a gap's groups) with the ties
 * among its members. A highlight wins over the selection (as in reducers.ts's focusOf).
 */
export interface OverlayFocus {
  selected: string | null;
  highlighted: ReadonlySet<string> | null;
  /** The highlighted participants that are named (null: all of them). */
  labelled?: ReadonlySet<string> | null;
}

export interface HoverOverlay {
  /** Draws the neighbourhood of this node (null clears back to the focus, if any). */
  show(node: string | null): void;
  /** Sets what is drawn while nothing is hovered (null: nothing). */
  focus(focus: OverlayFocus | null): void;
  /** Draws again (after a change of the graph or its colours). */
  redraw(): void;
  readonly hovered: string | null;
}

/** What one overlay frame draws: a centre (bold, ringed) or none, the ties, the other nodes, the named. */
interface Scene {
  centre: string | null;
  ties: [string, Record<string, unknown>, string, string][];
  nodes: Set<string>;
  named: Set<string> | null;
}

/** A node and its ties and neighbours. */
function neighbourhoodScene(graph: OverlayGraph, node: string): Scene {
  const ties: Scene['ties'] = [];
  const nodes = new Set<string>();
  graph.forEachEdge(node, (edge, attributes, source, target) => {
    ties.push([edge, attributes, source, target]);
    nodes.add(source === node ? target : source);
  });
  nodes.delete(node);
  return { centre: node, ties, nodes, named: null };
}

/** A group and the ties among its members (each tie once). */
function groupScene(
  graph: OverlayGraph,
  members: ReadonlySet<string>,
  named: ReadonlySet<string> | null,
): Scene {
  const ties: Scene['ties'] = [];
  const seen = new Set<string>();
  const nodes = new Set<string>();
  for (const node of members) {
    if (!graph.hasNode(node)) continue;
    nodes.add(node);
    graph.forEachEdge(node, (edge, attributes, source, target) => {
      const other = source === node ? target : source;
      if (!members.has(other) || seen.has(edge)) return;
      seen.add(edge);
      ties.push([edge, attributes, source, target]);
    });
  }
  return { centre: null, ties, nodes, named: named ? new Set(named) : null };
}

export function createHoverOverlay(renderer: OverlayRenderer): HoverOverlay {
  const canvas = document.createElement('canvas');
  canvas.className = 'hover-overlay';
  canvas.setAttribute('aria-hidden', 'true');
  renderer.getContainer().append(canvas);
  const context = canvas.getContext('2d');
  let hovered: string | null = null;
  let pinned: OverlayFocus | null = null;

  const sceneNow = (graph: OverlayGraph): Scene | null => {
    if (hovered && graph.hasNode(hovered)) return neighbourhoodScene(graph, hovered);
    if (pinned?.highlighted?.size) return groupScene(graph, pinned.highlighted, pinned.labelled ?? null);
    if (pinned?.selected && graph.hasNode(pinned.selected)) return neighbourhoodScene(graph, pinned.selected);
    return null;
  };

  const draw = () => {
    if (!context) return;
    const { width, height } = renderer.getDimensions();
    fitAndClear(canvas, context, { width, height });
    const graph = renderer.getGraph();
    canvas.dataset.hovered = hovered && graph.hasNode(hovered) ? hovered : '';
    const scene = sceneNow(graph);
    // What stays drawn without a hover, for tests and readers: the selected id, or the highlighted count.
    canvas.dataset.focus =
      !pinned || !scene || canvas.dataset.hovered
        ? ''
        : pinned.highlighted?.size
          ? String(scene.nodes.size)
          : (pinned.selected ?? '');
    if (!scene) return;
    context.fillStyle = VEIL;
    context.fillRect(0, 0, width, height);

    const points = new Map<string, { x: number; y: number }>();
    const at = (node: string) => {
      let p = points.get(node);
      if (!p) {
        const a = graph.getNodeAttributes(node);
        p = renderer.graphToViewport({ x: a.x as number, y: a.y as number });
        points.set(node, p);
      }
      return p;
    };
    for (const [, attributes, source, target] of scene.ties) {
      const a = at(source);
      const b = at(target);
      context.strokeStyle = (attributes.color as string) ?? '#888';
      context.lineWidth = Math.max(1.2, ((attributes.size as number) ?? 1) * 1.6);
      context.beginPath();
      context.moveTo(a.x, a.y);
      context.lineTo(b.x, b.y);
      context.stroke();
    }
    const radius = (node: string) => {
      const d = renderer.getNodeDisplayData(node);
      return Math.max(2, renderer.scaleSize(d?.size ?? 3));
    };
    const disc = (node: string, r: number, outline: string) => {
      const p = at(node);
      context.beginPath();
      context.arc(p.x, p.y, r, 0, Math.PI * 2);
      context.fillStyle = renderer.getNodeDisplayData(node)?.color ?? '#999';
      context.fill();
      context.lineWidth = 1.5;
      context.strokeStyle = outline;
      context.stroke();
    };
    for (const node of scene.nodes) disc(node, radius(node), '#fff');
    if (scene.centre) disc(scene.centre, radius(scene.centre) * 1.3, '#222');

    // Labels: the centre's first, then the others from the biggest; a label that would overlap one already
    // drawn is left out (the label grid of sigma and Gephi Lite, for a handful of labels).
    context.font = FONT;
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    const boxes: { x: number; y: number; w: number; h: number }[] = [];
    const label = (node: string, r: number, bold: boolean) => {
      const p = at(node);
      const text = String(graph.getNodeAttributes(node).label ?? node);
      context.font = bold ? `600 ${FONT}` : FONT;
      const w = context.measureText(text).width;
      // Kept inside the canvas: a label that would run off the right edge is drawn on the node's left.
      const right = p.x + r + 3;
      const box = { x: right + w > width - 2 ? Math.max(2, p.x - r - 3 - w) : right, y: p.y - 8, w, h: 16 };
      if (
        boxes.some(
          (b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h,
        )
      )
        return;
      boxes.push(box);
      context.lineWidth = 3;
      context.strokeStyle = 'rgba(255,255,255,0.95)';
      context.strokeText(text, box.x, p.y);
      context.fillStyle = '#111';
      context.fillText(text, box.x, p.y);
    };
    if (scene.centre) label(scene.centre, radius(scene.centre) * 1.3, true);
    [...scene.nodes]
      .filter((node) => !scene.named || scene.named.has(node))
      .sort((a, b) => radius(b) - radius(a))
      .forEach((node) => label(node, radius(node), !!scene.named));
  };

  // The camera moved or the drawing changed: follow it.
  renderer.on('afterRender', () => {
    if (hovered || pinned || canvas.dataset.hovered || canvas.dataset.focus) draw();
  });

  return {
    show(node) {
      if (node === hovered) return;
      hovered = node;
      draw();
    },
    focus(next) {
      const same =
        pinned?.selected === next?.selected &&
        pinned?.highlighted === next?.highlighted &&
        pinned?.labelled === next?.labelled;
      pinned = next && (next.selected || next.highlighted?.size) ? next : null;
      if (!same) draw();
    },
    redraw: draw,
    get hovered() {
      return hovered;
    },
  };
}
