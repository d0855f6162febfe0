/**
 * Hover on big networks, drawn on a 2D canvas laid over sigma's WebGL canvas instead of through the
 * reducers. Profiled on 5,000 nodes / 21,000 edges in headless Chromium (software WebGL): a reducer-based
 * hover re-processed every node and edge (about 1.5 s of `refresh`), and even a partial refresh of the
 * neighbourhood (4 ms) made the next WebGL frame cost seconds, because software WebGL redraws all 21,000
 * edges. The overlay touches only the hovered node, its ties and its neighbours — O(degree) — and leaves the
 * WebGL drawing as it is: a white veil fades the rest, the ties and neighbours are drawn over it with labels.
 * It follows the camera (redrawn after each sigma render) and is never part of an export.
 */

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

export interface HoverOverlay {
  /** Draws the neighbourhood of this node (null clears). */
  show(node: string | null): void;
  readonly hovered: string | null;
}

export function createHoverOverlay(renderer: OverlayRenderer): HoverOverlay {
  const canvas = document.createElement('canvas');
  canvas.className = 'hover-overlay';
  canvas.setAttribute('aria-hidden', 'true');
  renderer.getContainer().append(canvas);
  const context = canvas.getContext('2d');
  let hovered: string | null = null;

  const draw = () => {
    if (!context) return;
    const { width, height } = renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const graph = renderer.getGraph();
    canvas.dataset.hovered = hovered && graph.hasNode(hovered) ? hovered : '';
    if (!hovered || !graph.hasNode(hovered)) return;
    context.fillStyle = VEIL;
    context.fillRect(0, 0, width, height);

    const at = (node: string) => {
      const a = graph.getNodeAttributes(node);
      return renderer.graphToViewport({ x: a.x as number, y: a.y as number });
    };
    const centre = at(hovered);
    const neighbours = new Map<string, { x: number; y: number }>();
    graph.forEachEdge(hovered, (_edge, attributes, source, target) => {
      const other = source === hovered ? target : source;
      const p = neighbours.get(other) ?? at(other);
      neighbours.set(other, p);
      context.strokeStyle = (attributes.color as string) ?? '#888';
      context.lineWidth = Math.max(1.2, ((attributes.size as number) ?? 1) * 1.6);
      context.beginPath();
      context.moveTo(centre.x, centre.y);
      context.lineTo(p.x, p.y);
      context.stroke();
    });
    const radius = (node: string) => {
      const d = renderer.getNodeDisplayData(node);
      return Math.max(2, renderer.scaleSize(d?.size ?? 3));
    };
    const disc = (node: string, p: { x: number; y: number }, r: number, outline: string) => {
      context.beginPath();
      context.arc(p.x, p.y, r, 0, Math.PI * 2);
      context.fillStyle = renderer.getNodeDisplayData(node)?.color ?? '#999';
      context.fill();
      context.lineWidth = 1.5;
      context.strokeStyle = outline;
      context.stroke();
    };
    for (const [node, p] of neighbours) disc(node, p, radius(node), '#fff');
    disc(hovered, centre, radius(hovered) * 1.3, '#222');

    // Labels: the hovered node's first, then its neighbours from the biggest; a label that would overlap
    // one already drawn is left out (the label grid of sigma and Gephi Lite, for a handful of labels).
    context.font = FONT;
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    const boxes: { x: number; y: number; w: number; h: number }[] = [];
    const label = (node: string, p: { x: number; y: number }, r: number, bold: boolean) => {
      const text = String(graph.getNodeAttributes(node).label ?? node);
      context.font = bold ? `600 ${FONT}` : FONT;
      const w = context.measureText(text).width;
      const box = { x: p.x + r + 3, y: p.y - 8, w, h: 16 };
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
    label(hovered, centre, radius(hovered) * 1.3, true);
    [...neighbours]
      .sort((a, b) => radius(b[0]) - radius(a[0]))
      .forEach(([node, p]) => label(node, p, radius(node), false));
  };

  // The camera moved or the drawing changed: follow it.
  renderer.on('afterRender', () => {
    if (hovered || canvas.dataset.hovered) draw();
  });

  return {
    show(node) {
      if (node === hovered) return;
      hovered = node;
      draw();
    },
    get hovered() {
      return hovered;
    },
  };
}
