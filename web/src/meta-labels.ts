/**
 * The metacorporation's names, drawn on a 2D canvas over sigma's WebGL drawing (sigma 4 draws a label on
 * one line and places it by its grid, so the long official names of a row ran into each other). After each
 * sigma render the names of the nodes sigma would label — the upper levels, clusters, platforms and the
 * selected — are wrapped and placed so that none overlaps another or a node (label-placement.ts). The
 * boxes drawn are kept for tests (`placed`, `dropped`). The PNG export copies this canvas with the others.
 */
import { LINE_HEIGHT, alignOf, placeLabels, type LabelRequest, type PlacedLabel } from './label-placement.ts';
import { fitAndClear } from './canvas-fit.ts';

/** What the layer needs of sigma (structural, as hover-overlay.ts's OverlayRenderer). */
export interface LabelledRenderer {
  getGraph(): {
    forEachNode(callback: (node: string, attributes: Record<string, unknown>) => void): void;
  };
  getContainer(): HTMLElement;
  getDimensions(): { width: number; height: number };
  graphToViewport(point: { x: number; y: number }): { x: number; y: number };
  getNodeDisplayData(
    node: string,
  ): { size: number; visibility?: string; labelVisibility?: string } | undefined;
  scaleSize(size: number): number;
  on(event: 'afterRender', listener: () => void): unknown;
}

export interface LabelLayer {
  /** Draws the names (true) or clears them (false: the network view, where sigma draws its own). */
  enable(on: boolean): void;
  readonly placed: readonly PlacedLabel[];
  readonly dropped: readonly string[];
}

const FONT = '12px system-ui, sans-serif';
/** Discs smaller than this (the participants' blocks) are neither labelled nor kept clear. */
const MIN_RADIUS = 4;

export function createLabelLayer(renderer: LabelledRenderer): LabelLayer {
  const canvas = document.createElement('canvas');
  canvas.className = 'meta-labels';
  canvas.setAttribute('aria-hidden', 'true');
  // Under the hover overlay, so that its veil covers these names too.
  const container = renderer.getContainer();
  container.insertBefore(canvas, container.querySelector('.hover-overlay'));
  const context = canvas.getContext('2d');
  let enabled = false;
  let placed: PlacedLabel[] = [];
  let dropped: string[] = [];

  const draw = () => {
    // The network view: nothing to clear, nothing to do (this runs after every sigma render).
    if (!context || (!enabled && !placed.length)) return;
    const { width, height } = renderer.getDimensions();
    fitAndClear(canvas, context, { width, height });
    placed = [];
    dropped = [];
    if (!enabled) return;
    const named: LabelRequest[] = [];
    const discs: LabelRequest[] = [];
    renderer.getGraph().forEachNode((node, attributes) => {
      const d = renderer.getNodeDisplayData(node);
      if (!d || d.visibility === 'hidden') return;
      const p = renderer.graphToViewport({ x: attributes.x as number, y: attributes.y as number });
      const request = {
        id: node,
        x: p.x,
        y: p.y,
        r: renderer.scaleSize(d.size),
        text: String(attributes.label ?? node),
      };
      if (request.r >= MIN_RADIUS) discs.push(request);
      // The reducers decide who is named (the framing levels, the selected); faded nodes are not.
      if (d.labelVisibility === 'visible') named.push(request);
    });
    // Top rows first, left to right: the authorities choose their places before the rows under them.
    named.sort((a, b) => a.y - b.y || a.x - b.x);
    context.font = FONT;
    const measure = (s: string) => context.measureText(s).width;
    ({ placed, dropped } = placeLabels(
      named,
      discs,
      { x: 2, y: 2, width: width - 4, height: height - 4 },
      measure,
    ));
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    for (const label of placed) {
      const align = alignOf(label.side);
      context.textAlign = align;
      const x =
        align === 'right' ? label.x + label.width : align === 'left' ? label.x : label.x + label.width / 2;
      label.lines.forEach((line, i) => {
        const y = label.y + (i + 0.5) * LINE_HEIGHT;
        context.lineWidth = 3;
        context.strokeStyle = 'rgba(255,255,255,0.9)';
        context.strokeText(line, x, y);
        context.fillStyle = '#111';
        context.fillText(line, x, y);
      });
    }
  };

  renderer.on('afterRender', draw);
  return {
    enable(on: boolean) {
      enabled = on;
      draw();
    },
    get placed() {
      return placed;
    },
    get dropped() {
      return dropped;
    },
  };
}
