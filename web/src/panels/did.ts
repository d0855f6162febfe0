/**
 * The DiD panel: an indicator and a grouping are picked; the server estimates the effect of clustering per
 * group. The graph is coloured by each group's effect (diverging, non-significant groups grey), the chosen
 * group's event study is drawn with its 95 % band and pre-trend test, N treated and N control are shown, and
 * the article's statistic stands beside the estimate, labelled as what it is. A table lists every group.
 */
import type { DidGroup, DidGrouping, DidResponse } from '../api.ts';
import { eventStudyChart } from '../chart.ts';
import type { AppContext } from '../context.ts';
import { clear, fmt, h, pValue } from '../dom.ts';
import { effectColors } from '../graph-mapping.ts';
import { DID_GROUPINGS } from '../url-state.ts';
import { errorBlock, loadingBlock, panelHeader } from './common.ts';

export const SIGNIFICANCE = 0.05;

let cache: { key: string; data: DidResponse } | null = null;
let current: string | null = null;

export function isSignificant(group: DidGroup): boolean {
  return group.p !== null && group.p !== undefined && Number.isFinite(group.p) && group.p < SIGNIFICANCE;
}

/**
 * The effect in the unit the view shows: in percent when the outcome is in logs (the server's `percent` is
 * exp(ATT) − 1, a proportion), else the ATT in the indicator's unit.
 */
export function effectValue(group: DidGroup): number | null {
  if (group.percent !== null && group.percent !== undefined && Number.isFinite(group.percent))
    return group.percent * 100;
  return group.att !== null && Number.isFinite(group.att) ? group.att : null;
}

function articleValue(group: DidGroup): number | null {
  const a = group.articleStatistic as unknown;
  if (typeof a === 'number') return a;
  if (a && typeof a === 'object') {
    for (const key of ['percent', 'value', 'statistic']) {
      const v = (a as Record<string, unknown>)[key];
      if (typeof v === 'number') return v;
    }
  }
  return null;
}

export async function renderDidPanel(root: HTMLElement, ctx: AppContext): Promise<void> {
  const state = ctx.state();
  const indicators = ctx.facets.indicators;
  // `employees` is the auxiliary weight of output per worker: the article's indicators come first.
  const indicator =
    state.didIndicator ?? (indicators.find((i) => i.id !== 'employees') ?? indicators[0])?.id ?? null;
  const close = () => {
    ctx.setEffects(null);
    ctx.update({ panel: null }, 'push');
  };
  const indicatorPicker = h(
    'select',
    { id: 'did-indicator', 'aria-label': 'Indicator' },
    indicators.map((i) => h('option', { value: i.id }, i.name)),
  );
  if (indicator) indicatorPicker.value = indicator;
  indicatorPicker.addEventListener('change', () =>
    ctx.update({ didIndicator: indicatorPicker.value, didGroup: null }, 'push'),
  );
  const groupPicker = h(
    'select',
    { id: 'did-group-by', 'aria-label': 'Grouping' },
    DID_GROUPINGS.map((g) => h('option', { value: g }, g)),
  );
  groupPicker.value = state.didGroupBy;
  groupPicker.addEventListener('change', () =>
    ctx.update({ didGroupBy: groupPicker.value as DidGrouping, didGroup: null }, 'push'),
  );
  const head = [
    panelHeader(
      'Effect of clustering (DiD)',
      'Callaway–Sant’Anna, not-yet-treated controls, log outcome',
      close,
    ),
    h(
      'div',
      { class: 'pickers' },
      h('label', { for: 'did-indicator' }, 'Indicator'),
      indicatorPicker,
      h('label', { for: 'did-group-by' }, 'Groups'),
      groupPicker,
    ),
  ];
  if (!indicator) {
    clear(root, head, h('p', { class: 'muted' }, 'No indicators in the database.'));
    return;
  }
  const key = `${indicator}|${state.didGroupBy}`;
  current = key;
  let data: DidResponse;
  if (cache?.key === key) data = cache.data;
  else {
    clear(root, head, loadingBlock('estimates'));
    try {
      data = await ctx.api.did(indicator, state.didGroupBy);
    } catch (error) {
      if (current === key) clear(root, head, errorBlock('DiD', error));
      ctx.setEffects(null);
      return;
    }
    cache = { key, data };
  }
  if (current !== key || ctx.state().panel !== 'did') return;

  const groups = data.groups ?? [];
  if (!groups.length) {
    clear(root, head, h('p', { class: 'muted' }, 'No group could be estimated for this indicator.'));
    ctx.setEffects(null);
    return;
  }
  const chosen =
    groups.find((g) => g.group === ctx.state().didGroup) ?? groups.find(isSignificant) ?? groups[0]!;
  const ordered = [chosen, ...groups.filter((g) => g !== chosen)];
  const effects = ordered.map((g) => ({
    members: g.members ?? [],
    value: effectValue(g),
    significant: isSignificant(g),
  }));
  const unit = groups.some((g) => g.percent !== null && g.percent !== undefined) ? '%' : 'ATT';
  ctx.setEffects({
    groups: effects,
    legend: { title: `Effect (${unit}), p < ${SIGNIFICANCE}`, items: [] },
  });
  const extent = effectColors(effects).extent;
  clear(
    root,
    head,
    detail(chosen, unit),
    table(groups, chosen, ctx, unit),
    h('p', { class: 'explain' }, `Colour scale ±${fmt(extent)} ${unit}.`),
  );
}

function detail(group: DidGroup, unit: string): HTMLElement {
  const article = articleValue(group);
  return h(
    'section',
    { id: 'did-detail', 'data-group': group.group },
    h('h2', {}, group.label),
    h(
      'div',
      {},
      h('span', { class: 'big', id: 'did-att' }, `ATT ${fmt(group.att, 3)}`),
      group.percent !== null && group.percent !== undefined
        ? h('span', { class: 'muted' }, ` (${group.percent >= 0 ? '+' : ''}${fmt(group.percent * 100, 2)} %)`)
        : null,
    ),
    h(
      'table',
      {},
      h(
        'tr',
        {},
        h('th', {}, '95 % CI'),
        h('td', {}, group.ci ? `[${fmt(group.ci[0], 3)}, ${fmt(group.ci[1], 3)}]` : '—'),
      ),
      h('tr', {}, h('th', {}, 'p'), h('td', { class: isSignificant(group) ? '' : 'ns' }, pValue(group.p))),
      h(
        'tr',
        {},
        h('th', {}, 'N treated / control'),
        h('td', { id: 'did-n' }, `${fmt(group.nTreated)} / ${fmt(group.nControl)}`),
      ),
      h(
        'tr',
        {},
        h('th', {}, 'Pre-trend test'),
        h(
          'td',
          {},
          group.pretest
            ? `p ${pValue(group.pretest.p).startsWith('<') ? '' : '= '}${pValue(group.pretest.p)} (W = ${fmt(group.pretest.W, 2)}, df ${group.pretest.df})`
            : 'not available',
        ),
      ),
      h(
        'tr',
        {},
        h(
          'th',
          {
            title:
              '100·(ln y₂₀₁₇ − ln y₂₀₀₅)/ln y₂₀₀₅, as computed in the article: not a difference-in-differences',
          },
          'Article’s statistic',
        ),
        h(
          'td',
          { id: 'did-article' },
          article === null ? '—' : `${article >= 0 ? '+' : ''}${fmt(article, 2)} %`,
          h('div', { class: 'explain' }, 'growth of logs, no control group'),
        ),
      ),
    ),
    h('h2', {}, 'Event study'),
    eventStudyChart(group.eventStudy ?? []),
    h(
      'p',
      { class: 'explain' },
      `ATT by years since the group formed, with the 95 % ${typeof group.band === 'string' ? group.band : ''} band; grey points are before treatment.`,
    ),
    group.warnings?.length
      ? h(
          'ul',
          { class: 'explain' },
          group.warnings.map((w) => h('li', {}, w)),
        )
      : null,
    unit === '%' ? null : h('p', { class: 'explain' }, 'Effects in the indicator’s unit.'),
  );
}

function table(groups: DidGroup[], chosen: DidGroup, ctx: AppContext, unit: string): HTMLElement {
  return h(
    'section',
    {},
    h('h2', {}, 'All groups'),
    h(
      'table',
      { id: 'did-table' },
      h(
        'tr',
        {},
        h('th', {}, 'Group'),
        h('th', { class: 'n' }, unit === '%' ? '%' : 'ATT'),
        h('th', { class: 'n' }, 'p'),
        h('th', { class: 'n' }, 'N'),
      ),
      groups.map((g) => {
        const row = h(
          'tr',
          {
            class: `clickable${isSignificant(g) ? '' : ' ns'}`,
            'data-group': g.group,
            'aria-current': String(g === chosen),
            tabindex: 0,
          },
          h('td', {}, g.label),
          h('td', { class: 'n' }, fmt(effectValue(g), 2)),
          h('td', { class: 'n' }, pValue(g.p)),
          h('td', { class: 'n' }, `${fmt(g.nTreated)}/${fmt(g.nControl)}`),
        );
        const choose = () => ctx.update({ didGroup: g.group }, 'push');
        row.addEventListener('click', choose);
        row.addEventListener('keydown', (e) => e.key === 'Enter' && choose());
        return row;
      }),
    ),
  );
}
