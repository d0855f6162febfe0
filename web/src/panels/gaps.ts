/**
 * The gaps panel: brokers, structural holes (brokerage roles), group-to-group gaps and composition gaps,
 * ranked by the server. Each item is clickable and highlights its participants on the graph. The report is
 * read defensively: any array of items with an explanation becomes a section.
 */
import type { AppContext } from '../context.ts';
import { clear, fmt, h } from '../dom.ts';
import { GAP_GROUPINGS, type GapGrouping } from '../url-state.ts';
import { errorBlock, loadingBlock, panelHeader } from './common.ts';

interface GapItem {
  rank?: number;
  type?: string;
  name?: string;
  explanation?: string;
  participants?: string[];
  /** Group gaps: the members of both groups, highlighted with the bridges. */
  members?: [string[], string[]];
}

const SECTIONS: [string, string][] = [
  ['brokers', 'Brokers and structural holes'],
  ['brokerage', 'Brokerage roles'],
  ['groupGaps', 'Group-to-group gaps'],
  ['composition', 'Composition gaps'],
];

let current: string | null = null;

export async function renderGapsPanel(root: HTMLElement, ctx: AppContext): Promise<void> {
  const state = ctx.state();
  const key = `${state.gapsGroupBy}|${state.layers.join(',')}`;
  current = key;
  const picker = h(
    'select',
    { id: 'gaps-group-by', 'aria-label': 'Group by' },
    GAP_GROUPINGS.map((g) => h('option', { value: g }, g)),
  );
  picker.value = state.gapsGroupBy;
  picker.addEventListener('change', () => ctx.update({ gapsGroupBy: picker.value as GapGrouping }, 'push'));
  const head = [
    panelHeader('Collaboration gaps', 'Click an item to highlight its participants', () => {
      ctx.highlight(null);
      ctx.update({ panel: null }, 'push');
    }),
    h('div', { class: 'pickers' }, h('label', { for: 'gaps-group-by' }, 'Groups'), picker),
  ];
  clear(root, head, loadingBlock('the gaps report'));
  let report: Record<string, unknown>;
  try {
    report = await ctx.api.gaps(state.gapsGroupBy, state.layers);
  } catch (error) {
    if (current === key) clear(root, head, errorBlock('Gaps', error));
    return;
  }
  if (current !== key || ctx.state().panel !== 'gaps') return;
  const known = SECTIONS.filter(([k]) => Array.isArray(report[k]));
  const extra = Object.keys(report)
    .filter(
      (k) =>
        !SECTIONS.some(([s]) => s === k) &&
        Array.isArray(report[k]) &&
        (report[k] as unknown[]).some((i) => typeof i === 'object' && i && 'explanation' in i),
    )
    .map((k): [string, string] => [k, k]);
  const sections = [...known, ...extra];
  let activeItem: HTMLElement | null = null;
  const body = sections.map(([k, title]) => {
    const items = (report[k] as GapItem[]).filter((i) => i && typeof i === 'object');
    return h(
      'section',
      { 'data-section': k },
      h('h2', {}, `${title} (${items.length})`),
      items.length
        ? h(
            'ul',
            { class: 'items' },
            items.map((item, i) => {
              const li = h(
                'li',
                {
                  class: 'clickable',
                  tabindex: 0,
                  role: 'button',
                  'data-participants': (item.participants ?? []).length,
                  'data-members': item.members ? item.members[0].length + item.members[1].length : 0,
                },
                h('strong', {}, `${item.rank ?? i + 1}. `),
                item.explanation ?? item.name ?? item.type ?? 'item',
              );
              const choose = () => {
                activeItem?.setAttribute('aria-current', 'false');
                if (activeItem === li) {
                  activeItem = null;
                  ctx.highlight(null);
                  return;
                }
                activeItem = li;
                li.setAttribute('aria-current', 'true');
                const bridges = item.participants ?? [];
                // A group gap: both groups and the bridges between them; only the bridges are labelled.
                if (item.members)
                  ctx.highlight([...bridges, ...item.members[0], ...item.members[1]], { labelled: bridges });
                else ctx.highlight(bridges);
              };
              li.addEventListener('click', choose);
              li.addEventListener('keydown', (e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose();
                }
              });
              return li;
            }),
          )
        : h('p', { class: 'muted' }, 'Nothing found.'),
    );
  });
  // What the report counts, in the words the status bar uses: pairs with a tie in any layer, not ties.
  const counted = report.network as { participants?: number; ties?: number } | undefined;
  const scope =
    counted && typeof counted.ties === 'number'
      ? h(
          'p',
          {
            class: 'explain',
            id: 'gaps-scope',
            'data-pairs': counted.ties,
            'data-participants': counted.participants ?? '',
          },
          `On the whole network on ${state.layers.length ? 'the layers shown' : 'all layers'}: ${fmt(counted.participants ?? 0)} participants, ${fmt(counted.ties)} tied pairs (pairs with a tie in any of these layers; the view's filters do not apply here).`,
        )
      : null;
  clear(root, head, scope, sections.length ? body : h('p', { class: 'muted' }, 'The report has no items.'));
}
