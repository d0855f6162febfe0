/**
 * The event study a planner reads: the effect by years since each member joined, in percent for a log
 * outcome (the server's `effect`, exp(δ) − 1), with its 95 % band, a zero line, the joining year marked and
 * the number of members behind each point under the axis. Greyed when the group is not credible.
 */
import type { EventStudyPoint } from '../api.ts';
import { fmt } from '../dom.ts';

const NS = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

export function effectStudyChart(
  points: EventStudyPoint[],
  unit: string,
  options: { credible: boolean; width?: number; height?: number },
): SVGSVGElement {
  const width = options.width ?? 330;
  const height = options.height ?? 210;
  const colour = options.credible ? '#2f6fb0' : '#8a96a3';
  const svg = el('svg', {
    class: `chart event-study${options.credible ? '' : ' not-credible'}`,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
  }) as SVGSVGElement;
  const valid = points
    .map((p) => ({
      e: p.e,
      v: finite(p.effect) ? p.effect : p.att,
      lo: finite(p.effectLo) ? p.effectLo : null,
      hi: finite(p.effectHi) ? p.effectHi : null,
      n: p.n ?? null,
    }))
    .filter((p) => Number.isFinite(p.e) && Number.isFinite(p.v))
    .sort((a, b) => a.e - b.e);
  if (!valid.length) {
    svg.append(el('text', { x: 10, y: 20 }, 'No event-study estimates for this group.'));
    return svg;
  }
  svg.setAttribute(
    'aria-label',
    `Effect by years since joining (${unit}): ${valid.map((p) => `${p.e}: ${fmt(p.v, 1)} (N ${p.n ?? '?'})`).join(', ')}`,
  );
  const m = { left: 48, right: 10, top: 10, bottom: 44 };
  const lo = Math.min(0, ...valid.map((p) => p.lo ?? p.v));
  const hi = Math.max(0, ...valid.map((p) => p.hi ?? p.v));
  const e0 = valid[0]!.e;
  const e1 = valid[valid.length - 1]!.e;
  const x = (e: number) => m.left + (e1 === e0 ? 0.5 : (e - e0) / (e1 - e0)) * (width - m.left - m.right);
  const y = (v: number) => m.top + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (height - m.top - m.bottom);
  const band = valid.filter((p) => p.lo !== null && p.hi !== null);
  if (band.length > 1) {
    const path = [
      ...band.map((p) => `${x(p.e)},${y(p.hi!)}`),
      ...[...band].reverse().map((p) => `${x(p.e)},${y(p.lo!)}`),
    ].join(' ');
    svg.append(
      el('polygon', {
        points: path,
        fill: options.credible ? 'rgba(47,111,176,0.18)' : 'rgba(138,150,163,0.2)',
        stroke: 'none',
      }),
    );
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
    svg.append(el('text', { x: x(-0.5) + 3, y: m.top + 9 }, 'joined →'));
  }
  svg.append(
    el('polyline', {
      points: valid.map((p) => `${x(p.e)},${y(p.v)}`).join(' '),
      fill: 'none',
      stroke: colour,
      'stroke-width': 1.6,
    }),
  );
  for (const p of valid) {
    svg.append(
      el('circle', {
        cx: x(p.e),
        cy: y(p.v),
        r: 2.6,
        fill: p.e < 0 ? '#8a96a3' : colour,
        'data-e': p.e,
        'data-n': p.n ?? '',
      }),
    );
  }
  const suffix = unit === '%' ? ' %' : '';
  for (const v of [lo, 0, hi])
    svg.append(el('text', { x: m.left - 4, y: y(v) + 3, 'text-anchor': 'end' }, `${fmt(v, 1)}${suffix}`));
  const step = Math.max(1, Math.ceil((e1 - e0) / 8));
  const axisY = height - m.bottom + 12;
  svg.append(el('text', { x: 4, y: axisY }, 'year'));
  svg.append(el('text', { x: 4, y: axisY + 12 }, 'N'));
  for (const p of valid) {
    if ((p.e - Math.ceil(e0)) % step !== 0) continue;
    svg.append(el('text', { x: x(p.e), y: axisY, 'text-anchor': 'middle' }, String(p.e)));
    svg.append(
      el('text', { x: x(p.e), y: axisY + 12, 'text-anchor': 'middle' }, p.n === null ? '' : String(p.n)),
    );
  }
  svg.append(
    el(
      'text',
      { x: (width + m.left) / 2, y: height - 4, 'text-anchor': 'middle' },
      `years since joining · effect in ${unit === '%' ? 'percent' : unit === 'pp' ? 'percentage points' : unit}`,
    ),
  );
  return svg;
}
