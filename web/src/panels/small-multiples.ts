/**
 * Small multiples of yearly indicators: one small line chart per indicator on a shared year axis, each on
 * its own scale (the indicators are in different units). Years that Table 1 of the article reports can be
 * marked, with the printed value as a ring around the computed point. Used by the participant panel (a
 * participant's own series) and the cluster profile (its members added up by Table 1's rules).
 */
import { fmt, h } from '../dom.ts';

const NS = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface SmallSeries {
  id: string;
  title: string;
  unit: string;
  points: { year: number; value: number; marked?: boolean; printed?: number | null }[];
}

function sparkline(
  series: SmallSeries,
  years: [number, number],
  width: number,
  height: number,
): SVGSVGElement {
  const svg = el('svg', {
    class: 'chart small-multiple',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'data-indicator': series.id,
  }) as SVGSVGElement;
  const points = [...series.points].sort((a, b) => a.year - b.year);
  svg.setAttribute(
    'aria-label',
    `${series.title} (${series.unit}): ${points.map((p) => `${p.year}: ${fmt(p.value)}`).join(', ')}`,
  );
  if (points.length === 0) return svg;
  const m = { left: 4, right: 4, top: 14, bottom: 14 };
  const values = points.flatMap((p) => (p.printed != null ? [p.value, p.printed] : [p.value]));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (year: number) =>
    m.left +
    (years[1] === years[0] ? 0.5 : (year - years[0]) / (years[1] - years[0])) * (width - m.left - m.right);
  const y = (v: number) => m.top + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (height - m.top - m.bottom);
  for (const p of points.filter((q) => q.marked))
    svg.append(
      el('line', { x1: x(p.year), x2: x(p.year), y1: m.top, y2: height - m.bottom, stroke: '#e3e7ec' }),
    );
  svg.append(
    el('polyline', {
      points: points.map((p) => `${x(p.year)},${y(p.value)}`).join(' '),
      fill: 'none',
      stroke: '#2f6fb0',
      'stroke-width': 1.4,
    }),
  );
  for (const p of points.filter((q) => q.marked)) {
    svg.append(el('circle', { cx: x(p.year), cy: y(p.value), r: 2.4, fill: '#2f6fb0', 'data-year': p.year }));
    if (p.printed != null)
      svg.append(
        el('circle', {
          cx: x(p.year),
          cy: y(p.printed),
          r: 4.5,
          fill: 'none',
          stroke: '#b5651d',
          'data-printed': p.printed,
        }),
      );
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  svg.append(el('text', { x: m.left, y: 10 }, `${fmt(first.value, 2)} → ${fmt(last.value, 2)}`));
  svg.append(el('text', { x: m.left, y: height - 3 }, String(first.year)));
  svg.append(el('text', { x: width - m.right, y: height - 3, 'text-anchor': 'end' }, String(last.year)));
  return svg;
}

export function smallMultiples(series: SmallSeries[], caption?: string): HTMLElement {
  const years = series.flatMap((s) => s.points.map((p) => p.year));
  const range: [number, number] = [Math.min(...years), Math.max(...years)];
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'small-multiples' },
      series.map((s) =>
        h(
          'figure',
          { 'data-indicator': s.id },
          h('figcaption', {}, s.title, h('span', { class: 'muted' }, ` (${s.unit})`)),
          sparkline(s, range, 150, 70),
        ),
      ),
    ),
    caption ? h('p', { class: 'explain' }, caption) : null,
  );
}

/** A participant's indicators (GET /api/participants/{id}) as small multiples, head count last. */
export function participantIndicators(
  rows: { indicator: string; year: number; value: number; unit?: string | null }[],
  names: Map<string, string>,
): HTMLElement | null {
  if (!rows.length) return null;
  const byIndicator = new Map<string, SmallSeries>();
  for (const r of rows) {
    let s = byIndicator.get(r.indicator);
    if (!s)
      byIndicator.set(
        r.indicator,
        (s = {
          id: r.indicator,
          title: names.get(r.indicator) ?? r.indicator.replace(/_/g, ' '),
          unit: r.unit ?? '',
          points: [],
        }),
      );
    s.points.push({ year: r.year, value: r.value });
  }
  const ordered = [...byIndicator.values()].sort(
    (a, b) => Number(a.id === 'employees') - Number(b.id === 'employees') || (a.id < b.id ? -1 : 1),
  );
  return h(
    'section',
    { id: 'participant-indicators' },
    h('h2', {}, 'Yearly indicators'),
    smallMultiples(ordered),
  );
}
