/**
 * GET /api/clusters/{id} carries the cluster profile: «Долина машиностроения»'s members add up to Table 1
 * of Charykova & Markova (2019) in its four years (printed values from src/domain/indicators.ts), the
 * article's statistic comes out as printed (+9.35 % for output per worker), and the DiD of the default
 * question stands beside it with its credibility — the same as GET /api/did answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS, TABLE1 } from '../../src/domain/indicators.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await demoApp();
});
afterAll(async () => {
  await t.close();
});

const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe('the cluster profile', () => {
  it("Dolina's yearly series passes through Table 1's four columns, marked, with the printed values", async () => {
    const { status, body } = await get('/api/clusters/dolina');
    expect(status).toBe(200);
    expect(body.members.length).toBeGreaterThan(87);
    const profile = body.profile;
    expect(profile.article).toBe(true);
    expect(profile.indicators.map((i: { indicator: string }) => i.indicator)).toEqual(
      INDICATORS.map((i) => i.id),
    );
    for (const indicator of profile.indicators) {
      const definition = INDICATORS.find((i) => i.id === indicator.indicator)!;
      expect(indicator.series).toHaveLength(13);
      const marked = indicator.series.filter((p: { articleYear: boolean }) => p.articleYear);
      expect(marked.map((p: { year: number }) => p.year)).toEqual([2005, 2012, 2016, 2017]);
      for (const p of marked) {
        expect(p.printed).toBe(TABLE1[indicator.indicator]![p.year as 2005]);
        expect(Number(p.value.toFixed(definition.decimals))).toBe(p.printed);
      }
    }
    const opw = profile.indicators.find((i: { indicator: string }) => i.indicator === 'output_per_worker');
    expect(Math.round(opw.articleStatistic * 100) / 100).toBe(9.35);
    expect(profile.explanation).toMatch(/not a difference-in-differences/);
  });

  it('puts the DiD of the default question beside it, as GET /api/did answers it', async () => {
    const { body } = await get('/api/clusters/dolina');
    const did = await get('/api/did?indicator=output_per_worker&groupBy=cluster');
    const dolina = did.body.groups.find((g: { group: string }) => g.group === 'dolina');
    const opw = body.profile.indicators.find(
      (i: { indicator: string }) => i.indicator === 'output_per_worker',
    );
    expect(opw.did.att).toBe(dolina.att);
    expect(opw.did.credible).toBe(dolina.credible);
    expect(opw.did.sentence).toBe(dolina.sentence);
  });

  it('marks no printed values for a cluster the article does not tabulate', async () => {
    const { body } = await get('/api/clusters/stanko');
    expect(body.profile.article).toBe(false);
    for (const indicator of body.profile.indicators)
      for (const p of indicator.series) expect(p.printed).toBeNull();
    const { status } = await get('/api/clusters/nope');
    expect(status).toBe(404);
  });
});
