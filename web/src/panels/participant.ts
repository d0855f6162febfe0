/**
 * The participant panel: attributes, memberships, ties by layer, centralities and partner suggestions.
 * Choosing a suggestion highlights the two participants and their common partners on the graph.
 */
import type { ParticipantDetail, Suggestion } from '../api.ts';
import type { AppContext } from '../context.ts';
import { clear, fmt, h } from '../dom.ts';
import { participantIndicators } from './small-multiples.ts';
import { errorBlock, loadingBlock, panelHeader } from './common.ts';

const CENTRALITIES = [
  ['degree', 'Degree'],
  ['betweenness', 'Betweenness'],
  ['pagerank', 'PageRank'],
  ['constraint', "Burt's constraint"],
] as const;

export async function renderParticipantPanel(root: HTMLElement, ctx: AppContext, id: string): Promise<void> {
  loaded = null;
  const close = () => ctx.update({ selected: null, suggestion: null, panel: null }, 'push');
  const suggestionsBox = h(
    'section',
    { id: 'suggestions' },
    h('h2', {}, 'Partner suggestions'),
    loadingBlock('suggestions'),
  );
  const centralityBox = h(
    'section',
    { id: 'centralities' },
    h('h2', {}, 'Centralities'),
    loadingBlock('centralities'),
  );
  clear(root, panelHeader(ctx.nameOf(id) ?? id, null, close), loadingBlock('participant'));
  const stillShown = () => ctx.state().selected === id && ctx.state().panel === 'participant';

  let detail: ParticipantDetail;
  try {
    detail = await ctx.api.participant(id);
  } catch (error) {
    if (stillShown())
      clear(root, panelHeader(ctx.nameOf(id) ?? id, null, close), errorBlock('Participant', error));
    return;
  }
  if (!stillShown()) return;
  clear(
    root,
    panelHeader(detail.name, `${detail.kind.replace(/_/g, ' ')} · ${detail.region}`, close),
    egoButtons(ctx, id),
    attributesSection(detail),
    membershipsSection(detail),
    participantIndicators(detail.indicators ?? [], new Map(ctx.facets.indicators.map((i) => [i.id, i.name]))),
    tiesSection(detail, ctx),
    centralityBox,
    suggestionsBox,
  );
  void fillCentralities(centralityBox, ctx, id);
  void fillSuggestions(suggestionsBox, ctx, id, stillShown);
}

/** Shows only this participant and those within 1 or 2 steps (view-filter.ts); again: the whole network. */
function egoButtons(ctx: AppContext, id: string): HTMLElement {
  const state = ctx.state();
  const button = (radius: number, text: string) =>
    h(
      'button',
      {
        type: 'button',
        'data-ego-radius': radius,
        'aria-pressed': String(state.ego === id && state.egoRadius === radius),
        onclick: (() =>
          ctx.update(
            state.ego === id && state.egoRadius === radius
              ? { ego: null, egoRadius: 0 }
              : { ego: id, egoRadius: radius },
            'push',
          )) as EventListener,
      },
      text,
    );
  return h('p', { class: 'ego-buttons' }, 'Ego network: ', button(1, '1 step'), ' ', button(2, '2 steps'));
}

function attributesSection(p: ParticipantDetail): HTMLElement {
  const rows: [string, unknown][] = [
    ['Id', p.id],
    ['Kind', p.kind.replace(/_/g, ' ')],
    ['Region', p.region],
    ['Municipality', p.municipality],
    ['Founded', p.founded],
    ['Employees', p.employees],
    ...Object.entries(p.attributes ?? {}),
  ];
  return h(
    'section',
    { id: 'attributes' },
    h('h2', {}, 'Attributes'),
    h(
      'table',
      {},
      rows
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) =>
          h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))),
        ),
    ),
  );
}

function membershipsSection(p: ParticipantDetail): HTMLElement {
  const groups: [string, ParticipantDetail['clusters']][] = [
    ['Clusters', p.clusters ?? []],
    ['Platforms', p.platforms ?? []],
    ['Projects', p.projects ?? []],
  ];
  return h(
    'section',
    { id: 'memberships' },
    h('h2', {}, 'Memberships'),
    groups.every(([, list]) => !list.length)
      ? h('p', { class: 'muted' }, 'No memberships.')
      : h(
          'table',
          {},
          groups.flatMap(([title, list]) =>
            list.map((m, i) =>
              h(
                'tr',
                {},
                h('th', {}, i === 0 ? title : ''),
                h('td', {}, m.name),
                h(
                  'td',
                  { class: 'muted' },
                  [m.role, m.since ? `since ${m.since}` : null].filter(Boolean).join(', '),
                ),
              ),
            ),
          ),
        ),
  );
}

function tiesSection(p: ParticipantDetail, ctx: AppContext): HTMLElement {
  const layers = Object.entries(p.ties ?? {}).filter(([, list]) => list.length);
  const names = new Map(ctx.facets.layers.map((l) => [l.id, l.name]));
  const arrow = { out: '→', in: '←', both: '↔' } as const;
  return h(
    'section',
    { id: 'ties' },
    h('h2', {}, 'Ties by layer'),
    layers.length
      ? layers.map(([layer, list]) =>
          h(
            'details',
            { open: layers.length <= 2 },
            h('summary', {}, `${names.get(layer) ?? layer} (${list.length})`),
            h(
              'ul',
              { class: 'items' },
              [...list]
                .sort((a, b) => b.weight - a.weight)
                .map((t) =>
                  h(
                    'li',
                    {
                      class: 'clickable',
                      'data-id': t.id,
                      onclick: (() =>
                        ctx.update(
                          { selected: t.id, suggestion: null, panel: 'participant' },
                          'push',
                        )) as EventListener,
                    },
                    `${arrow[t.direction] ?? ''} ${t.name}`,
                    h('span', { class: 'score' }, `w ${fmt(t.weight)}${t.since ? ` · ${t.since}` : ''}`),
                  ),
                ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No ties.'),
  );
}

/**
 * A participant's place by a measure: among the participants on screen when the view shows only part of the
 * network ("#3 of 90 in this view"), with its place in the whole network beside it. The measure is always
 * the whole network's on the layers shown (a view's ranks order the same values, not a recomputation).
 */
export function rankText(
  values: Record<string, number>,
  id: string,
  lowerIsBetter: boolean,
  shown: { nodes: ReadonlySet<string> },
): string {
  const value = values[id];
  if (value === undefined || !Number.isFinite(value)) return '';
  const place = (ids: string[]) => {
    const all = ids.map((k) => values[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const better = all.filter((v) => (lowerIsBetter ? v < value : v > value)).length;
    return `#${fmt(better + 1)} of ${fmt(all.length)}`;
  };
  const whole = place(Object.keys(values));
  // The view is part of the measured network when someone measured is not on screen.
  if (Object.keys(values).every((k) => shown.nodes.has(k))) return whole;
  if (!shown.nodes.has(id)) return `${whole} in the network (not in this view)`;
  return `${place([...shown.nodes])} in this view · ${whole} in the network`;
}

async function fillCentralities(box: HTMLElement, ctx: AppContext, id: string): Promise<void> {
  const shown = ctx.shown();
  const rows = await Promise.all(
    CENTRALITIES.map(async ([measure, title]) => {
      try {
        const values = await ctx.measure(measure);
        const value = values[id];
        // Constraint is better when low: rank it the other way round.
        return h(
          'tr',
          { 'data-measure': measure },
          h('th', {}, title),
          h('td', { class: 'n' }, fmt(value)),
          h('td', { class: 'muted rank' }, rankText(values, id, measure === 'constraint', shown)),
        );
      } catch {
        return h('tr', {}, h('th', {}, title), h('td', { class: 'n muted' }, 'n/a'), h('td', {}));
      }
    }),
  );
  clear(
    box,
    h('h2', {}, 'Centralities'),
    h('table', {}, rows),
    h(
      'p',
      { class: 'explain' },
      rows.some((r) => r.textContent?.includes('in this view'))
        ? `On the layers shown; ranks among the ${fmt(shown.nodes.size)} participants in this view and in the whole network.`
        : 'On the layers shown.',
    ),
  );
}

async function fillSuggestions(
  box: HTMLElement,
  ctx: AppContext,
  id: string,
  stillShown: () => boolean,
): Promise<void> {
  let suggestions: Suggestion[];
  try {
    suggestions = (await ctx.api.suggestions(id, ctx.state().layers, 10)).suggestions;
  } catch (error) {
    if (stillShown()) clear(box, h('h2', {}, 'Partner suggestions'), errorBlock('Suggestions', error));
    return;
  }
  if (!stillShown()) return;
  const chosen = ctx.state().suggestion;
  const items = suggestions.map((s) => {
    const li = h(
      'li',
      {
        class: 'clickable',
        tabindex: 0,
        role: 'button',
        'data-id': s.id,
        'aria-current': String(s.id === chosen),
      },
      h('strong', {}, s.name),
      h(
        'span',
        {
          class: 'score',
          title: Object.entries(s.parts ?? {})
            .map(([k, v]) => `${k}: ${fmt(v)}`)
            .join('\n'),
        },
        fmt(s.score, 2),
      ),
      h('div', { class: 'explain' }, s.explanation),
      s.common?.length
        ? h(
            'div',
            { class: 'explain' },
            `${s.common.length} common partner${s.common.length === 1 ? '' : 's'}`,
          )
        : null,
    );
    const choose = () => ctx.update({ suggestion: ctx.state().suggestion === s.id ? null : s.id }, 'push');
    li.addEventListener('click', choose);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose();
      }
    });
    return li;
  });
  clear(
    box,
    h('h2', {}, 'Partner suggestions'),
    suggestions.length
      ? h('ul', { class: 'items' }, items)
      : h('p', { class: 'muted' }, 'No suggestions on these layers.'),
  );
  loaded = { id, suggestions };
  applySuggestion(root(box), ctx);
}

/** The suggestions last shown, so choosing one needs no new request. */
let loaded: { id: string; suggestions: Suggestion[] } | null = null;

function root(element: HTMLElement): HTMLElement {
  return (element.closest('.panel') as HTMLElement | null) ?? element;
}

/** Marks the chosen suggestion and highlights the pair with their common partners (or clears it). */
export function applySuggestion(panel: HTMLElement, ctx: AppContext): void {
  const { selected, suggestion } = ctx.state();
  if (!loaded || loaded.id !== selected) return;
  for (const li of panel.querySelectorAll<HTMLElement>('#suggestions li[data-id]')) {
    li.setAttribute('aria-current', String(li.dataset.id === suggestion));
  }
  const picked = loaded.suggestions.find((s) => s.id === suggestion);
  ctx.highlight(picked ? [selected, picked.id, ...(picked.common ?? [])] : null);
}
