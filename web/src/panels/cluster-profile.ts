/**
 * The cluster profile, below the DiD detail when the groups are clusters: the cluster's own yearly series
 * (its members added up by Table 1's rules, GET /api/clusters/{id}) as small multiples with the article's
 * four years marked — and, for the cluster Table 1 describes, the printed values as rings — then, per
 * indicator, the article's statistic beside the DiD effect of joining, and why they differ.
 */
import type { ClusterDetail } from '../api.ts';
import type { AppContext } from '../context.ts';
import { clear, fmt, h } from '../dom.ts';
import { errorBlock, loadingBlock } from './common.ts';
import { smallMultiples } from './small-multiples.ts';

const cache = new Map<string, ClusterDetail>();

export function clusterProfileSection(ctx: AppContext, clusterId: string): HTMLElement {
  const box = h(
    'section',
    { id: 'cluster-profile', 'data-cluster': clusterId },
    loadingBlock('cluster profile'),
  );
  void fill(box, ctx, clusterId);
  return box;
}

async function fill(box: HTMLElement, ctx: AppContext, clusterId: string): Promise<void> {
  let detail = cache.get(clusterId);
  if (!detail) {
    try {
      detail = await ctx.api.cluster(clusterId);
    } catch (error) {
      clear(box, errorBlock('Cluster profile', error));
      return;
    }
    cache.set(clusterId, detail);
  }
  const profile = detail.profile;
  if (!profile) {
    clear(box);
    return;
  }
  const signed = (x: number | null | undefined, d: number) =>
    x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${fmt(x, d)}`;
  clear(
    box,
    h('h2', {}, `Cluster profile: ${detail.name}`),
    smallMultiples(
      profile.indicators.map((i) => ({
        id: i.indicator,
        title: i.name,
        unit: i.unit,
        points: i.series.map((p) => ({
          year: p.year,
          value: p.value,
          marked: p.articleYear,
          printed: p.printed,
        })),
      })),
      `Members' values added up by year under the rules that reproduce Table 1 of the article (sums; output per worker weighted by head count, the production index by output). ` +
        `Dots: the article's years 2005, 2012, 2016, 2017${profile.article ? '; rings: the values printed in Table 1' : ''}.`,
    ),
    h(
      'table',
      { id: 'cluster-profile-table' },
      h(
        'tr',
        {},
        h('th', {}, 'Indicator'),
        h(
          'th',
          { class: 'n', title: "100·(ln y_last − ln y_first)/ln y_first, the article's figure" },
          'Article’s statistic',
        ),
        h('th', { class: 'n' }, 'Effect of joining (DiD)'),
      ),
      profile.indicators.map((i) =>
        h(
          'tr',
          { 'data-indicator': i.indicator, class: i.did && !i.did.credible ? 'not-credible' : '' },
          h('td', {}, i.name),
          h('td', { class: 'n' }, i.articleStatistic === null ? '—' : `${signed(i.articleStatistic, 2)} %`),
          h(
            'td',
            { class: 'n', title: i.did?.sentence ?? '' },
            !i.did || !i.did.effect
              ? '—'
              : i.did.credible
                ? `${signed(i.did.effect.value, 1)} ${i.did.effect.unit === '%' ? '%' : i.did.effect.unit}`
                : 'cannot tell',
          ),
        ),
      ),
    ),
    h('p', { class: 'explain' }, profile.explanation),
  );
}
