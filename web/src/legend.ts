/**
 * The legend: one block per mapping in use (node colours, edge layers, the DiD scale, node sizes), and a
 * line on what the view's filters leave shown. It sits in its own column beside the drawing (styles.css:
 * `.stage.with-legend`), so it never covers a node; collapsed, it is a small tab in the drawing's margin.
 */
import { clear, fmt, h } from './dom.ts';
import type { Legend } from './graph-mapping.ts';

export interface LegendBlocks {
  nodes: Legend | null;
  edges: Legend | null;
  size: string | null;
  effects: { title: string; extent: number } | null;
  /** What the ego network and ranges leave shown ("90 of 283 participants: …"), null when nothing is filtered. */
  shown?: string | null;
}

let collapsed = false;

/** Draws the legend; `onToggle` is told when the analyst collapses or opens it (the drawing then resizes). */
export function renderLegend(element: HTMLElement, blocks: LegendBlocks, onToggle?: () => void): void {
  const parts: HTMLElement[] = [];
  if (blocks.shown)
    parts.push(h('p', { class: 'shown', id: 'legend-shown' }, h('strong', {}, 'Shown: '), blocks.shown));
  if (blocks.effects) {
    parts.push(
      h('h3', {}, blocks.effects.title),
      h('div', { class: 'scale', role: 'img', 'aria-label': 'negative effect red, positive blue' }),
      h(
        'div',
        { class: 'muted' },
        `−${fmt(blocks.effects.extent)} … 0 … +${fmt(blocks.effects.extent)}; grey: not significant`,
      ),
    );
  } else if (blocks.nodes) {
    parts.push(block(blocks.nodes, 'swatch'));
    if (blocks.nodes.rings)
      parts.push(
        h(
          'p',
          { class: 'ring-note', 'data-rings': String(blocks.nodes.rings) },
          h('span', { class: 'ring-swatch', 'aria-hidden': 'true' }),
          `ring: member of several clusters (${fmt(blocks.nodes.rings)}), counted in each`,
        ),
      );
  }
  if (blocks.edges && blocks.edges.items.length) parts.push(block(blocks.edges, 'line'));
  if (blocks.size) parts.push(h('p', { class: 'muted' }, `Node size: ${blocks.size}`));
  const toggle = h(
    'button',
    {
      type: 'button',
      id: 'legend-toggle',
      class: 'legend-toggle',
      'aria-expanded': String(!collapsed),
      title: collapsed ? 'Show the legend' : 'Hide the legend (the drawing takes its room)',
    },
    collapsed ? 'Legend ▸' : '◂',
  );
  toggle.addEventListener('click', () => {
    collapsed = !collapsed;
    renderLegend(element, blocks, onToggle);
    onToggle?.();
  });
  clear(element, collapsed ? [toggle] : [toggle, ...parts]);
  element.hidden = parts.length === 0;
  element.classList.toggle('collapsed', collapsed);
}

/** Whether the legend takes its column beside the drawing (shown and not collapsed). */
export function legendDocked(element: HTMLElement): boolean {
  return !element.hidden && !element.classList.contains('collapsed');
}

function block(legend: Legend, mark: 'swatch' | 'line'): HTMLElement {
  const g = legend.gradient;
  return h(
    'div',
    { 'data-legend': legend.title },
    h('h3', {}, legend.title),
    g
      ? h(
          'div',
          { class: 'gradient', 'data-min': g.min, 'data-max': g.max },
          h('div', {
            class: 'scale',
            role: 'img',
            'aria-label': `from ${fmt(g.min)} (light) to ${fmt(g.max)} (dark)`,
            style: `background:linear-gradient(90deg, ${g.low}, ${g.high})`,
          }),
          h('div', { class: 'muted scale-ends' }, h('span', {}, fmt(g.min)), h('span', {}, fmt(g.max))),
        )
      : null,
    h(
      'ul',
      {},
      legend.items.map((item) =>
        h(
          'li',
          {},
          h('span', { class: mark, style: `background:${item.color}` }),
          item.label,
          h('span', { class: 'muted' }, `(${fmt(item.count)})`),
        ),
      ),
    ),
  );
}
