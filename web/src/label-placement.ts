/**
 * Labels that never overlap, for a picture of a few dozen named nodes (the metacorporation): each name is
 * wrapped to at most two lines and tried right of its node, below, left and above it, then narrower on
 * three lines; the first place that runs into no label already placed, no other node's disc and not off
 * the drawing is taken. A name that finds no place is left out (it is whole on hover) rather than drawn
 * over another — sigma's label grid only keeps one label per cell, which let long names on a row of
 * neighbours run into each other. Pure: screen positions and a text measure in, boxes out.
 */

export interface LabelRequest {
  id: string;
  /** Node centre and disc radius on screen (CSS pixels). */
  x: number;
  y: number;
  r: number;
  text: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLabel extends Box {
  id: string;
  lines: string[];
  /** Where the text sits against its node; `-right` / `-left`: starting at the node and running that way. */
  side: Side;
}

type Side =
  'right' | 'left' | 'below' | 'above' | 'below-right' | 'above-right' | 'below-left' | 'above-left';

export const LINE_HEIGHT = 14;
/** Free space kept between two labels, and between a label and a disc. */
const GAP = 2;
const SIDES: Side[] = [
  'right',
  'below',
  'left',
  'above',
  'below-right',
  'above-right',
  'below-left',
  'above-left',
];

/** How the lines align in their box: on the node's side. */
export function alignOf(side: Side): 'left' | 'right' | 'center' {
  if (side === 'right' || side.endsWith('-right')) return 'left';
  if (side === 'left' || side.endsWith('-left')) return 'right';
  return 'center';
}
/** Wrap widths tried in turn (pixels) with the lines each may take. */
const WRAPS: [number, number][] = [
  [200, 2],
  [140, 3],
];

/**
 * Words into at most `maxLines` lines no wider than `maxWidth` (a word wider than that gets a line of its
 * own); what does not fit ends the last line with an ellipsis.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  maxLines: number,
  measure: (s: string) => number,
): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    let line = words[i]!;
    i++;
    while (i < words.length && measure(`${line} ${words[i]}`) <= maxWidth) {
      line = `${line} ${words[i]}`;
      i++;
    }
    lines.push(line);
  }
  if (i < words.length && lines.length) {
    let last = `${lines[lines.length - 1]!}…`;
    // Shortened word by word until the ellipsis fits (a single word stays, cut or not).
    while (measure(last) > maxWidth && last.includes(' ')) last = `${last.slice(0, last.lastIndexOf(' '))}…`;
    lines[lines.length - 1] = last;
  }
  return lines;
}

export const intersects = (a: Box, b: Box, gap = 0): boolean =>
  a.x < b.x + b.width + gap &&
  b.x < a.x + a.width + gap &&
  a.y < b.y + b.height + gap &&
  b.y < a.y + a.height + gap;

function boxAt(node: LabelRequest, side: Side, width: number, height: number): Box {
  const { x, y, r } = node;
  // Under or over the node, running right from its left edge or left from its right edge.
  const dy = (vertical: string) => (vertical === 'below' ? y + r + 2 : y - r - 2 - height);
  const [vertical, run] = side.split('-');
  if (run === 'right') return { x: x - r, y: dy(vertical!), width, height };
  if (run === 'left') return { x: x + r - width, y: dy(vertical!), width, height };
  switch (side) {
    case 'right':
      return { x: x + r + 3, y: y - height / 2, width, height };
    case 'left':
      return { x: x - r - 3 - width, y: y - height / 2, width, height };
    case 'below':
      return { x: x - width / 2, y: y + r + 2, width, height };
    default:
      return { x: x - width / 2, y: y - r - 2 - height, width, height };
  }
}

/**
 * Places the labels in the order given (the first are the most important: they choose first). `discs` are
 * the nodes no label may cover (a node's own disc excepted); `bounds` the drawing.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  discs: readonly LabelRequest[],
  bounds: Box,
  measure: (s: string) => number,
): { placed: PlacedLabel[]; dropped: string[] } {
  const placed: PlacedLabel[] = [];
  const dropped: string[] = [];
  const free = (box: Box, own: string) =>
    box.x >= bounds.x &&
    box.y >= bounds.y &&
    box.x + box.width <= bounds.x + bounds.width &&
    box.y + box.height <= bounds.y + bounds.height &&
    !placed.some((p) => intersects(p, box, GAP)) &&
    !discs.some(
      (d) =>
        d.id !== own && intersects(box, { x: d.x - d.r, y: d.y - d.r, width: 2 * d.r, height: 2 * d.r }, GAP),
    );
  for (const request of requests) {
    let chosen: PlacedLabel | null = null;
    for (const [wrap, maxLines] of WRAPS) {
      const lines = wrapText(request.text, wrap, maxLines, measure);
      const width = Math.max(...lines.map(measure));
      const height = lines.length * LINE_HEIGHT;
      for (const side of SIDES) {
        const box = boxAt(request, side, width, height);
        if (free(box, request.id)) {
          chosen = { id: request.id, lines, side, ...box };
          break;
        }
      }
      if (chosen) break;
    }
    if (chosen) placed.push(chosen);
    else dropped.push(request.id);
  }
  return { placed, dropped };
}
