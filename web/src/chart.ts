/** The event-study chart: ATT by event time with its 95 % band, zero line and the treatment start (SVG). */
import type { EventStudyPoint } from './api.ts';
import { fmt } from './dom.ts';

const NS = 'http://www.w3.org/2000/svg';

/** Bounds are null on the wire where the standard error is undefined. */
const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);
type Bounded = EventStudyPoint & { lo: number; hi: number };
const bounded = (p: EventStudyPoint): p is Bounded => finite(p.lo) && finite(p.hi);

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function eventStudyChart(points: EventStudyPoint[], width = 330, height = 190): SVGSVGElement {
  const svg = el('svg', {
    class: 'chart',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
  }) as SVGSVGElement;
  const valid = points
    .filter((p) => Number.isFinite(p.e) && Number.isFinite(p.att))
    .sort((a, b) => a.e - b.e);
  if (!valid.length) {
    svg.append(el('text', { x: 10, y: 20 }, 'No event-study estimates for this group.'));
    return svg;
  }
  svg.setAttribute('aria-label', `Event study: ${valid.map((p) => `e=${p.e}: ${fmt(p.att)}`).join(', ')}`);
  const m = { left: 44, right: 10, top: 10, bottom: 24 };
  const lo = Math.min(0, ...valid.map((p) => (finite(p.lo) ? p.lo : p.att)));
  const hi = Math.max(0, ...valid.map((p) => (finite(p.hi) ? p.hi : p.att)));
  const e0 = valid[0]!.e;
  const e1 = valid[valid.length - 1]!.e;
  const x = (e: number) => m.left + (e1 === e0 ? 0.5 : (e - e0) / (e1 - e0)) * (width - m.left - m.right);
  const y = (v: number) => m.top + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (height - m.top - m.bottom);

  const band = valid.filter(bounded);
  if (band.length > 1) {
    const path = [
      ...band.map((p) => `${x(p.e)},${y(p.hi)}`),
      ...band.reverse().map((p) => `${x(p.e)},${y(p.lo)}`),
    ].join(' ');
    svg.append(el('polygon', { points: path, fill: 'rgba(47,111,176,0.18)', stroke: 'none' }));
  }
  svg.append(
    el('line', {
      x1: m.left,
      x2: width - m.right,
      y1: y(0),
      y2: y(0),
      stroke: '#8a96a3',
      'stroke-dasharray': '3 3',
    }),
  );
  if (e0 < 0 && e1 >= 0) {
    svg.append(el('line', { x1: x(-0.5), x2: x(-0.5), y1: m.top, y2: height - m.bottom, stroke: '#c0c6cd' }));
  }
  svg.append(
    el('polyline', {
      points: valid.map((p) => `${x(p.e)},${y(p.att)}`).join(' '),
      fill: 'none',
      stroke: '#2f6fb0',
      'stroke-width': 1.6,
    }),
  );
  for (const p of valid) {
    if (bounded(p)) {
      svg.append(
        el('line', {
          x1: x(p.e),
          x2: x(p.e),
          y1: y(p.lo),
          y2: y(p.hi),
          stroke: '#2f6fb0',
          'stroke-opacity': 0.5,
        }),
      );
    }
    svg.append(el('circle', { cx: x(p.e), cy: y(p.att), r: 2.6, fill: p.e < 0 ? '#8a96a3' : '#2f6fb0' }));
  }
  for (const v of [lo, 0, hi])
    svg.append(el('text', { x: m.left - 4, y: y(v) + 3, 'text-anchor': 'end' }, fmt(v)));
  const step = Math.max(1, Math.ceil((e1 - e0) / 8));
  for (let e = Math.ceil(e0); e <= e1; e += step)
    svg.append(el('text', { x: x(e), y: height - 8, 'text-anchor': 'middle' }, String(e)));
  svg.append(
    el(
      'text',
      { x: width - m.right, y: height - 8 + 0, 'text-anchor': 'end', dy: -10 },
      'years since treatment',
    ),
  );
  return svg;
}
