/**
 * The article's statistic (Charykova & Markova 2019): its five reported figures, +9.35, −4.61, +60.02,
 * +4.49, +11.36 %, come from Table 1 (src/domain/indicators.ts) as 100·(ln y2017 − ln y2005)/ln y2005 with
 * output per worker in thousand RUB (900 → 1700; the market share gives 60.01). Charykova & Markova, «Regional
 * clustering in the digital economy», Economy of Region 15(2), 2019.
 */
import { describe, expect, it } from 'vitest';
import { articleStatistic, articleStatisticOfSeries } from '../../src/did/article-statistic.ts';
import { TABLE1 } from '../../src/domain/indicators.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

describe("the article's statistic", () => {
  const cases: [string, number, number][] = [
    ['output_per_worker', 1000, 9.35],
    ['high_productivity_jobs', 1, -4.61],
    ['market_share', 1, 60.01],
    ['production_index', 1, 4.49],
    ['investment_per_capita', 1, 11.36],
  ];
  for (const [indicator, scale, printed] of cases) {
    it(`${indicator}: ${printed} % from Table 1`, () => {
      const row = TABLE1[indicator]!;
      const value = articleStatistic(row[2005] * scale, row[2017] * scale);
      expect(Math.round(value * 100) / 100).toBeCloseTo(printed, 10);
    });
  }

  it('the market share rounds to 60.01, within 0.01 of the printed 60.02', () => {
    const v = articleStatistic(TABLE1.market_share![2005], TABLE1.market_share![2017]);
    expect(v).toBeCloseTo(60.0071, 4);
    expect(Math.round(v * 100) / 100 - 60.02).toBeCloseTo(-0.01, 10);
  });

  it('depends on the unit of measurement, so it is labelled as not a DiD', () => {
    const thousand = articleStatistic(900, 1700);
    const million = articleStatistic(0.9, 1.7);
    expect(thousand).toBeCloseTo(9.35, 2);
    expect(million).toBeLessThan(-500); // ln 0.9 < 0 flips and inflates it
    const s = articleStatisticOfSeries({ 2005: 900, 2012: 1100, 2016: 1200, 2017: 1700 });
    expect(s.first.year).toBe(2005);
    expect(s.last.year).toBe(2017);
    expect(s.label).toMatch(/not a DiD/);
    expect(s.note).toMatch(/no control group/);
    // the years between play no part
    expect(articleStatisticOfSeries({ 2005: 900, 2012: 1, 2017: 1700 }).value).toBeCloseTo(s.value, 12);
  });

  it('refuses values where the logarithm is undefined or zero', () => {
    expect(() => articleStatistic(0, 5)).toThrow(InvalidArgumentError);
    expect(() => articleStatistic(1, 5)).toThrow(InvalidArgumentError);
  });
});
