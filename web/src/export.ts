/**
 * Exports of what is on screen. PNG: sigma 4 draws everything (nodes, edges, labels) on one WebGL canvas
 * without a preserved drawing buffer, so the picture is copied right after a synchronous render, in the
 * same task, onto a white 2D canvas, with the title above and the legend drawn in. SVG: the same picture
 * from the graph's positions, colours and sizes. GEXF 1.3: the drawn network with `viz:` positions,
 * colours and sizes — the same positions as on screen and in the pictures.
 */
import { write as writeGexf } from 'graphology-gexf/browser/index.js';
import type { Attributes, AbstractGraph } from 'graphology-types';
import type { Legend } from './graph-mapping.ts';
import { LINE_HEIGHT, alignOf, type PlacedLabel } from './label-placement.ts';

/** The part of a sigma renderer an export needs. */
export interface Drawable {
  getDimensions(): { width: number; height: number };
  getContainer(): HTMLElement;
  refresh(): unknown;
}

export function snapshot(renderer: Drawable): HTMLCanvasElement {
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const context = out.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, out.width, out.height);
  renderer.refresh();
  for (const canvas of renderer.getContainer().querySelectorAll('canvas')) {
    context.drawImage(canvas, 0, 0, out.width, out.height);
  }
  return out;
}

// ————— what is on screen, with its title and legend —————

export interface Caption {
  title: string;
  /** Legends drawn in a box at the bottom left (node colours, layers). */
  legends: Legend[];
  /** A line under the legends (node size). */
  note?: string | null;
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const TITLE_BAND = 36;
const LEGEND_LINE = 16;

function legendLines(caption: Caption): { text: string; color?: string; heading?: boolean }[] {
  const lines: { text: string; color?: string; heading?: boolean }[] = [];
  for (const legend of caption.legends) {
    lines.push({ text: legend.title, heading: true });
    if (legend.gradient)
      lines.push({ text: `${legend.gradient.min} … ${legend.gradient.max}`, color: legend.gradient.high });
    for (const item of legend.items.slice(0, 14))
      lines.push({ text: `${item.label} (${item.count})`, color: item.color });
    if (legend.rings)
      lines.push({ text: `ring: member of several clusters (${legend.rings})`, color: '#6b7280' });
  }
  if (caption.note) lines.push({ text: caption.note, heading: true });
  return lines;
}

/** The drawing as a PNG canvas with a title band above and the legend in its bottom-left corner. */
export function captionedSnapshot(renderer: Drawable, caption: Caption): HTMLCanvasElement {
  const drawing = snapshot(renderer);
  const ratio = drawing.width / renderer.getDimensions().width;
  const out = document.createElement('canvas');
  out.width = drawing.width;
  out.height = drawing.height + Math.round(TITLE_BAND * ratio);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(drawing, 0, Math.round(TITLE_BAND * ratio));
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#111827';
  ctx.font = '600 16px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(caption.title, 12, TITLE_BAND / 2);
  const lines = legendLines(caption);
  if (lines.length) {
    ctx.font = '12px system-ui, sans-serif';
    const width = Math.min(320, 28 + Math.max(...lines.map((l) => ctx.measureText(l.text).width)));
    const height = lines.length * LEGEND_LINE + 10;
    const top = out.height / ratio - height - 8;
    ctx.fillStyle = 'rgba(255,255,255,0.92)';
    ctx.strokeStyle = '#d0d5dc';
    ctx.fillRect(8, top, width, height);
    ctx.strokeRect(8, top, width, height);
    lines.forEach((line, i) => {
      const y = top + 5 + LEGEND_LINE * (i + 0.5);
      if (line.color) {
        ctx.fillStyle = line.color;
        ctx.beginPath();
        ctx.arc(20, y, 5, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.fillStyle = '#111827';
      ctx.font = `${line.heading ? '600 ' : ''}12px system-ui, sans-serif`;
      ctx.fillText(line.text, line.color ? 30 : 14, y, width - 34);
    });
  }
  return out;
}

export function downloadCaptionedPng(renderer: Drawable, caption: Caption, name: string): void {
  captionedSnapshot(renderer, caption).toBlob((blob) => blob && downloadBlob(blob, name), 'image/png');
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The part of a sigma renderer the SVG export needs: the drawn graph and graph → screen coordinates. */
export interface Projecting extends Drawable {
  getGraph(): AbstractGraph;
  graphToViewport(coordinates: { x: number; y: number }): { x: number; y: number };
  getNodeDisplayData(
    node: string,
  ): { x: number; y: number; size: number; color: string; hidden?: boolean } | undefined;
}

/**
 * The drawing as SVG, at the positions, colours and sizes on screen: edges as lines, nodes as circles
 * (members of several clusters with their ring), the names, the title above and the legend below. The names are the ones
 * on screen when a label layer placed them (`placed`: the metacorporation's wrapped names, each line where
 * the PNG has it), else the `labels` biggest nodes' names right of their discs (sigma's own labels are
 * WebGL text the SVG cannot read back).
 */
export function svgOf(
  renderer: Projecting,
  caption: Caption,
  options: { labels?: number; placed?: readonly PlacedLabel[] } = {},
): string {
  const labels = options.labels ?? 30;
  const { width, height } = renderer.getDimensions();
  const graph = renderer.getGraph();
  const at = (id: string) => {
    const a = graph.getNodeAttributes(id);
    const p = renderer.graphToViewport({ x: a.x as number, y: a.y as number });
    return { x: p.x, y: p.y + TITLE_BAND };
  };
  const parts: string[] = [];
  graph.forEachEdge((_e, a, s, t) => {
    const p = at(s);
    const q = at(t);
    parts.push(
      `<line x1="${p.x.toFixed(1)}" y1="${p.y.toFixed(1)}" x2="${q.x.toFixed(1)}" y2="${q.y.toFixed(1)}" stroke="${escapeXml(String(a.color ?? '#ccc'))}" stroke-width="${Math.max(0.5, Number(a.size ?? 1)).toFixed(2)}"/>`,
    );
  });
  const nodes = graph.nodes();
  for (const id of nodes) {
    const a = graph.getNodeAttributes(id);
    const p = at(id);
    const r = Number(a.size ?? 3);
    const ring = typeof a.ring === 'string' && !a.ring.startsWith('rgba(0,0,0,0)') ? a.ring : null;
    parts.push(
      `<circle data-id="${escapeXml(id)}" cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(2)}" fill="${escapeXml(String(a.color))}"${ring ? ` stroke="${escapeXml(ring)}" stroke-width="${(r * 0.42).toFixed(2)}"` : ''}/>`,
    );
  }
  if (options.placed?.length) parts.push(...options.placed.map(placedText));
  const biggest = options.placed?.length
    ? []
    : [...nodes]
        .sort((x, y) => Number(graph.getNodeAttribute(y, 'size')) - Number(graph.getNodeAttribute(x, 'size')))
        .slice(0, labels);
  for (const id of biggest) {
    const p = at(id);
    const r = Number(graph.getNodeAttribute(id, 'size') ?? 3);
    parts.push(
      `<text x="${(p.x + r + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="11" font-family="system-ui, sans-serif" fill="#111827">${escapeXml(String(graph.getNodeAttribute(id, 'label') ?? id))}</text>`,
    );
  }
  const lines = legendLines(caption);
  // Under the drawing, not over it: an SVG is read at any size, and over the drawing its lines ran into the
  // names of the nodes in the bottom-left corner.
  const legendTop = height + TITLE_BAND;
  const total = legendTop + (lines.length ? lines.length * LEGEND_LINE + 14 : 0);
  const legend = lines.map((line, i) => {
    const y = legendTop + 5 + LEGEND_LINE * (i + 0.5);
    return `${line.color ? `<circle cx="20" cy="${y}" r="5" fill="${escapeXml(line.color)}"/>` : ''}<text x="${line.color ? 30 : 14}" y="${y + 4}" font-size="12" font-family="system-ui, sans-serif"${line.heading ? ' font-weight="600"' : ''}>${escapeXml(line.text)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="23" font-size="16" font-weight="600" font-family="system-ui, sans-serif">${escapeXml(caption.title)}</text>`,
    `<g class="edges">`,
    ...parts.filter((p) => p.startsWith('<line')),
    `</g><g class="nodes">`,
    ...parts.filter((p) => p.startsWith('<circle')),
    `</g><g class="labels">`,
    ...parts.filter((p) => p.startsWith('<text')),
    `</g><g class="legend">`,
    ...legend,
    `</g></svg>`,
  ].join('\n');
}

const SVG_ANCHOR = { left: 'start', right: 'end', center: 'middle' } as const;

/** A placed name as SVG text: one `tspan` per line, anchored as the label layer draws it (meta-labels.ts). */
function placedText(label: PlacedLabel): string {
  const align = alignOf(label.side);
  const x =
    align === 'right' ? label.x + label.width : align === 'left' ? label.x : label.x + label.width / 2;
  const lines = label.lines.map(
    (line, i) =>
      `<tspan x="${x.toFixed(1)}" y="${(label.y + TITLE_BAND + (i + 0.5) * LINE_HEIGHT).toFixed(1)}">${escapeXml(line)}</tspan>`,
  );
  return `<text data-id="${escapeXml(label.id)}" text-anchor="${SVG_ANCHOR[align]}" dominant-baseline="central" font-size="12" font-family="system-ui, sans-serif" fill="#111" stroke="rgba(255,255,255,0.9)" stroke-width="3" paint-order="stroke">${lines.join('')}</text>`;
}

/**
 * The drawn network as GEXF 1.3: every node with its attributes and `viz:` position (the view's graph
 * coordinates), colour and size; every edge with its layer, weight and colour. Gephi opens it as shown.
 */
export function gexfOf(graph: AbstractGraph, title: string): string {
  return writeGexf(graph, {
    version: '1.3',
    formatNode: (key: string, a: Attributes) => ({
      label: String(a.label ?? key),
      attributes: {
        kind: String(a.kind ?? ''),
        region: String(a.region ?? ''),
        clusters: (a.clusters as string[] | undefined)?.join(';') ?? '',
        platforms: (a.platforms as string[] | undefined)?.join(';') ?? '',
        community: String(a.community ?? ''),
        category: String(a.category ?? ''),
      },
      viz: { x: a.x as number, y: a.y as number, size: a.size as number, color: String(a.color) },
    }),
    formatEdge: (_key: string, a: Attributes) => ({
      weight: typeof a.weight === 'number' ? a.weight : 1,
      attributes: { layer: String(a.layer ?? '') },
      viz: { color: String(a.color ?? '#cccccc') },
    }),
  }).replace(/<meta\/>|<meta>/, (tag) => {
    // graphology-gexf writes an empty <meta/> for a graph without attributes (the view's graphs have none).
    const description = `<description>${escapeXml(title)}</description>`;
    return tag === '<meta/>' ? `<meta>${description}</meta>` : `<meta>${description}`;
  });
}
