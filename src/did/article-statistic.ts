/**
 * The statistic that Charykova & Markova (2019, "Regional clustering in the digital economy", Economy of
 * Region 15(2)) report as their difference-in-differences result: 100 · (ln y_last − ln y_first) / ln y_first.
 * It reproduces the article's five figures from its Table 1 (+9.35, −4.61, +60.01 (printed 60.02), +4.49,
 * +11.36 %, output per worker in thousand RUB). It is kept so users can compare with the article, and
 * always labelled for what it is: not a DiD — it has no control group, ignores every year between the
 * first and the last, and changes with the unit of measurement (the same output per worker gives +9.35 %
 * in thousand RUB, +4.64 % in RUB and −603.63 % in mln RUB).
 */
import { InvalidArgumentError } from '../errors.ts';

export const ARTICLE_STATISTIC_NOTE =
  "The article's statistic 100·(ln y_last − ln y_first)/ln y_first is not a difference-in-differences: it has no control group, ignores the years in between and depends on the unit of measurement.";

export interface ArticleStatistic {
  value: number;
  first: { year: number; value: number };
  last: { year: number; value: number };
  label: string;
  note: string;
}

/**
 * The units the article's Table 1 used where they differ from the stored ones: output per worker is stored
 * in mln RUB per person, but the article's figure (+9.35 %) comes from thousand RUB (900 → 1700).
 */
export const ARTICLE_UNIT_SCALE: Record<string, number> = { output_per_worker: 1000 };

/** 100 · (ln last − ln first) / ln first. */
export function articleStatistic(first: number, last: number): number {
  if (!(first > 0) || !(last > 0))
    throw new InvalidArgumentError(`the article's statistic needs positive values, got ${first} and ${last}`);
  if (first === 1)
    throw new InvalidArgumentError(
      "the article's statistic divides by ln y_first, which is 0 for y_first = 1",
    );
  return (100 * (Math.log(last) - Math.log(first))) / Math.log(first);
}

/** The article's statistic of a yearly series, between its first and last year (or the years given). */
export function articleStatisticOfSeries(
  series: Record<number, number> | Map<number, number>,
  years: { first?: number; last?: number } = {},
): ArticleStatistic {
  const entries = (
    series instanceof Map ? [...series] : Object.entries(series).map(([y, v]) => [Number(y), v] as const)
  )
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  if (entries.length < 2) throw new InvalidArgumentError("the article's statistic needs at least two years");
  const pick = (year: number | undefined, fallback: readonly [number, number]) => {
    if (year === undefined) return fallback;
    const found = entries.find(([y]) => y === year);
    if (!found) throw new InvalidArgumentError(`no value for ${year}`);
    return found;
  };
  const [fy, fv] = pick(years.first, entries[0]!);
  const [ly, lv] = pick(years.last, entries[entries.length - 1]!);
  return {
    value: articleStatistic(fv, lv),
    first: { year: fy, value: fv },
    last: { year: ly, value: lv },
    label: "article's statistic (not a DiD)",
    note: ARTICLE_STATISTIC_NOTE,
  };
}
