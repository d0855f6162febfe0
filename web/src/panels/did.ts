/**
 * The DiD panel: an indicator and a grouping are picked; the server answers the default question of
 * src/did/defaults.ts (the view sends no options of its own, so it gives the CLI's and the API's numbers)
 * and says it in words above the answer. Each group comes with its credibility: a group that is not
 * credible (pre-trends apart, too few members, no pre-test) is greyed in the graph and the table, and its
 * reason is written out. The chosen group's effect is one sentence in percent, its event study is drawn by
 * years since joining with N per year, and the article's statistic stands beside it, labelled.
 */
import type { DidGroup, DidGrouping, DidResponse } from '../api.ts';
import type { AppContext } from '../context.ts';
import { clear, fmt, h, pValue } from '../dom.ts';
import { effectColors } from '../graph-mapping.ts';
import { DID_GROUPINGS } from '../url-state.ts';
import { errorBlock, loadingBlock, panelHeader } from './common.ts';
import { clusterProfileSection } from './cluster-profile.ts';
import { effectStudyChart } from './event-study.ts';

export const SIGNIFICANCE = 0.05;

let cache: { key: string; data: DidResponse } | null = null;
let current: string | null = null;

export function isSignificant(group: DidGroup): boolean {
  return group.p !== null && group.p !== undefined && Number.isFinite(group.p) && group.p < SIGNIFICANCE;
}

/** A group may be read as an effect (coloured) only when it is credible and significant. */
export function isColouredEffect(group: DidGroup): boolean {
  return group.credible !== false && isSignificant(group);
}

/**
 * The effect in the unit the view shows: in percent when the outcome is in logs (the server's `percent` is
 * exp(ATT) − 1, a proportion), else the ATT in the indicator's unit.
 */
export function effectValue(group: DidGroup): number | null {
  if (group.effect && Number.isFinite(group.effect.value)) return group.effect.value;
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
    panelHeader('Effect of clustering (DiD)', 'Did joining change the indicator?', close),
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
    groups.find((g) => g.group === ctx.state().didGroup) ??
    groups.find(isColouredEffect) ??
    groups.find((g) => g.credible) ??
    groups[0]!;
  const ordered = [chosen, ...groups.filter((g) => g !== chosen)];
  const effects = ordered.map((g) => ({
    members: g.members ?? [],
    value: effectValue(g),
    significant: isColouredEffect(g),
  }));
  // percent for a log outcome; percentage points for an indicator that is itself a percentage
  const own = groups.find((g) => g.effect)?.effect?.unit ?? 'ATT';
  const unit = data.log ? '%' : own.startsWith('%') ? 'pp' : own;
  ctx.setEffects({
    groups: effects,
    legend: { title: `Effect (${unit}); grey: not credible or p ≥ ${SIGNIFICANCE}`, items: [] },
  });
  const extent = effectColors(effects).extent;
  clear(
    root,
    head,
    data.question ? h('p', { class: 'did-question', id: 'did-question' }, data.question.text) : null,
    detail(chosen, unit, data.log),
    table(groups, chosen, ctx, unit),
    data.groupBy === 'cluster' ? clusterProfileSection(ctx, chosen.group) : null,
    h(
      'p',
      { class: 'explain' },
      `Colour scale ±${fmt(extent, 1)} ${unit}. Greyed groups are not credible or not significant; the reason is in the table.`,
    ),
  );
}

function credibleBadge(group: DidGroup): HTMLElement {
  return group.credible === false
    ? h(
        'span',
        { class: 'badge not-credible', id: 'did-credible', 'data-credible': 'false' },
        'We cannot tell',
      )
    : h('span', { class: 'badge credible', id: 'did-credible', 'data-credible': 'true' }, 'Credible');
}

const signed = (x: number | null | undefined, digits: number) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x > 0 ? '+' : ''}${fmt(x, digits)}`;

function detail(group: DidGroup, unit: string, log: boolean): HTMLElement {
  const article = articleValue(group);
  const credible = group.credible !== false;
  const digits = unit === '%' || unit === 'pp' ? 1 : 3;
  const blocking = (group.flags ?? []).filter((f) => f.blocking);
  const cautions = (group.flags ?? []).filter((f) => !f.blocking);
  return h(
    'section',
    {
      id: 'did-detail',
      'data-group': group.group,
      'data-credible': String(credible),
      class: credible ? '' : 'not-credible',
    },
    h('h2', {}, group.label, ' ', credibleBadge(group)),
    group.sentence ? h('p', { class: 'sentence', id: 'did-sentence' }, group.sentence) : null,
    credible
      ? h(
          'div',
          {},
          h(
            'span',
            { class: 'big', id: 'did-effect' },
            group.effect ? `${signed(group.effect.value, digits)} ${unit}` : '—',
          ),
          group.effect && group.effect.lo !== null
            ? h(
                'span',
                { class: 'muted' },
                ` 95 % CI ${signed(group.effect.lo, digits)} to ${signed(group.effect.hi, digits)} ${unit}`,
              )
            : null,
        )
      : h(
          'div',
          { class: 'ns' },
          h('span', { class: 'big ns', id: 'did-effect' }, 'No conclusion'),
          group.effect
            ? h(
                'div',
                { class: 'explain' },
                `The estimate (${signed(group.effect.value, digits)} ${unit}) cannot be read as the effect of joining, for the reason above.`,
              )
            : null,
        ),
    blocking.length > 1
      ? h(
          'ul',
          { class: 'flags', id: 'did-flags' },
          blocking.map((f) => h('li', { 'data-code': f.code }, f.message)),
        )
      : null,
    h(
      'table',
      {},
      h(
        'tr',
        {},
        h('th', {}, log ? 'ATT (log points)' : 'ATT'),
        h('td', { id: 'did-att' }, `${fmt(group.att, 4)} (SE ${fmt(group.se, 4)}, p ${pValue(group.p)})`),
      ),
      h(
        'tr',
        {},
        h('th', {}, 'N members / comparison'),
        h('td', { id: 'did-n' }, `${fmt(group.nTreated)} / ${fmt(group.nControl)}`),
      ),
      h(
        'tr',
        {},
        h('th', {}, 'Pre-trend test'),
        h(
          'td',
          { id: 'did-pretest' },
          group.pretest
            ? `p ${pText(group.pretest.pHolm ?? group.pretest.p)} Holm-adjusted (raw ${pText(group.pretest.p)}, df ${group.pretest.df})`
            : 'could not be computed',
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
          h(
            'div',
            { class: 'explain' },
            'growth of logs between the first and last year, no comparison group, depends on the unit: not an effect',
          ),
        ),
      ),
    ),
    h('h2', {}, 'Effect by years since joining'),
    effectStudyChart(group.eventStudy ?? [], unit, { credible }),
    h(
      'p',
      { class: 'explain' },
      `Effect ${unit === '%' ? 'in percent ' : ''}by years since each member joined (0: the year of joining), with the 95 % ${typeof group.band === 'string' ? group.band : ''} band; grey points are before joining and should lie around zero. N: members behind each point.`,
    ),
    cautions.length || group.warnings?.length
      ? h(
          'ul',
          { class: 'explain' },
          cautions.map((f) => h('li', {}, `Caution: ${f.message}`)),
          (group.warnings ?? []).map((w) => h('li', {}, w)),
        )
      : null,
  );
}

function pText(p: number): string {
  const text = pValue(p);
  return text.startsWith('<') ? text : `= ${text}`;
}

/** The first blocking reason, short, for the table. */
function reason(group: DidGroup): string {
  const flag = (group.flags ?? []).find((f) => f.blocking);
  if (!flag) return group.credible === false ? 'not credible' : '';
  const short: Record<string, string> = {
    pretrend: 'pre-trends differ',
    'pretest-unavailable': 'no pre-trend test',
    'few-treated': 'too few members',
    'few-controls': 'too few comparisons',
    'no-post-periods': 'not joined yet',
    'not-estimable': 'not estimable',
  };
  return short[flag.code] ?? flag.code;
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
        h('th', { class: 'n' }, unit === '%' ? 'Effect %' : 'Effect'),
        h('th', { class: 'n', title: 'members / comparison enterprises' }, 'N'),
        h('th', {}, 'Credible?'),
      ),
      groups.map((g) => {
        const credible = g.credible !== false;
        const row = h(
          'tr',
          {
            class: `clickable${isColouredEffect(g) ? '' : ' ns'}${credible ? '' : ' not-credible'}`,
            'data-group': g.group,
            'data-credible': String(credible),
            'aria-current': String(g === chosen),
            tabindex: 0,
          },
          h('td', {}, g.label),
          h(
            'td',
            { class: 'n', title: `p ${pValue(g.p)}` },
            signed(effectValue(g), unit === '%' || unit === 'pp' ? 1 : 3),
          ),
          h('td', { class: 'n' }, `${fmt(g.nTreated)}/${fmt(g.nControl)}`),
          h('td', { class: 'reason' }, credible ? 'yes' : `no: ${reason(g)}`),
        );
        const choose = () => ctx.update({ didGroup: g.group }, 'push');
        row.addEventListener('click', choose);
        row.addEventListener('keydown', (e) => e.key === 'Enter' && choose());
        return row;
      }),
    ),
  );
}
