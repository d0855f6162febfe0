/**
 * A cluster's own yearly series: its members' indicators added up by year under the rules that reproduce
 * Table 1 of Charykova & Markova (2019) (src/domain/indicators.ts), the article's four years marked (and,
 * for «Долина машиностроения», the printed values beside the computed ones), and the article's statistic
 * beside the real DiD of the default question, with the reason they differ. Pure: members and observations
 * in, the profile out.
 */
import {
  aggregate,
  indicatorDefinition,
  INDICATORS,
  TABLE1,
  TABLE1_YEARS,
  type UnitYear,
} from '../domain/indicators.ts';
import { ARTICLE_STATISTIC_NOTE, ARTICLE_UNIT_SCALE, articleStatistic } from './article-statistic.ts';
import type { GroupResult } from './by-group.ts';

export interface ProfilePoint {
  year: number;
  value: number;
  /** Members whose observations entered the year. */
  members: number;
  /** One of Table 1's years (2005, 2012, 2016, 2017). */
  articleYear: boolean;
  /** The value printed in Table 1, for the cluster the article describes. */
  printed: number | null;
}

export interface ProfileIndicator {
  indicator: string;
  name: string;
  unit: string;
  aggregation: string;
  series: ProfilePoint[];
  /** 100·(ln y_last − ln y_first)/ln y_first between the first and last year, as the article computes it. */
  articleStatistic: number | null;
  /** The DiD of the default question for this cluster, if it was estimated. */
  did: Pick<GroupResult, 'att' | 'effect' | 'credible' | 'flags' | 'sentence'> | null;
}

export interface ClusterProfile {
  cluster: string;
  /** Whether Table 1 of the article describes this cluster (its printed values are shown beside). */
  article: boolean;
  indicators: ProfileIndicator[];
  /** Why the article's statistic and the DiD differ, in words. */
  explanation: string;
}

export const PROFILE_EXPLANATION =
  `${ARTICLE_STATISTIC_NOTE} The DiD compares the members' change after joining with the change of ` +
  'enterprises that never joined, year by year, so a boom or a crisis that hit every enterprise (as 2017 did) ' +
  'is not counted as an effect of the cluster.';

export function clusterProfile(
  cluster: string,
  members: string[],
  observations: { participant: string; indicator: string; year: number; value: number }[],
  did: Map<string, GroupResult | null>,
): ClusterProfile {
  const memberSet = new Set(members);
  const value = new Map<string, number>();
  const years = new Set<number>();
  const present = new Set<string>();
  for (const o of observations) {
    if (!memberSet.has(o.participant)) continue;
    value.set(`${o.participant}|${o.indicator}|${o.year}`, o.value);
    years.add(o.year);
    present.add(o.indicator);
  }
  const sortedYears = [...years].sort((a, b) => a - b);
  const computed = INDICATORS.filter((d) => present.has(d.id)).map((d) => seriesOf(d.id));
  // The article's cluster is recognised by its data: its members add up to Table 1 in all four years.
  const article =
    computed.length === INDICATORS.length &&
    computed.every(({ indicator, series }) => {
      const definition = indicatorDefinition(indicator)!;
      return TABLE1_YEARS.every((year) => {
        const point = series.find((p) => p.year === year);
        return (
          point !== undefined && Number(point.value.toFixed(definition.decimals)) === TABLE1[indicator]![year]
        );
      });
    });
  const options = { article };
  function seriesOf(indicator: string): { indicator: string; series: ProfilePoint[] } {
    const definition = indicatorDefinition(indicator)!;
    const series: ProfilePoint[] = [];
    for (const year of sortedYears) {
      const units: UnitYear[] = [];
      for (const id of members) {
        const v = value.get(`${id}|${definition.id}|${year}`);
        if (v === undefined) continue;
        units.push({
          value: v,
          employees: value.get(`${id}|employees|${year}`),
          outputPerWorker: value.get(`${id}|output_per_worker|${year}`),
        });
      }
      if (units.length === 0) continue;
      let total: number;
      try {
        total = aggregate(definition, units);
      } catch {
        continue;
      }
      const articleYear = (TABLE1_YEARS as readonly number[]).includes(year);
      series.push({ year, value: total, members: units.length, articleYear, printed: null });
    }
    return { indicator, series };
  }
  const indicators = INDICATORS.filter((d) => present.has(d.id)).map<ProfileIndicator>((definition) => {
    const series = computed
      .find((c) => c.indicator === definition.id)!
      .series.map((p) => ({
        ...p,
        printed:
          options.article && p.articleYear
            ? (TABLE1[definition.id]?.[p.year as (typeof TABLE1_YEARS)[number]] ?? null)
            : null,
      }));
    const first = series[0];
    const last = series[series.length - 1];
    let statistic: number | null = null;
    if (first && last && first !== last) {
      const scale = ARTICLE_UNIT_SCALE[definition.id] ?? 1;
      try {
        statistic = articleStatistic(first.value * scale, last.value * scale);
      } catch {
        statistic = null;
      }
    }
    const g = did.get(definition.id) ?? null;
    return {
      indicator: definition.id,
      name: definition.name,
      unit: indicatorDefinition(definition.id)!.unit,
      aggregation:
        definition.aggregation.kind === 'sum'
          ? 'sum over members'
          : `mean weighted by ${definition.aggregation.weight}`,
      series,
      articleStatistic: statistic,
      did: g
        ? { att: g.att, effect: g.effect, credible: g.credible, flags: g.flags, sentence: g.sentence }
        : null,
    };
  });
  return { cluster, article: options.article, indicators, explanation: PROFILE_EXPLANATION };
}
