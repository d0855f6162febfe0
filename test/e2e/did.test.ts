/**
 * One question, one answer: the CLI (`did --indicator … --group-by cluster --json`), the API
 * (`GET /api/did?…`) and the web view's DiD panel (real headless Chromium) are asked the same default
 * question on the demo, and must give the same numbers and the same credibility. Then the panel is looked at
 * as a planner would: a group that is not credible is greyed, says why, and is not coloured as an effect.
 * Screenshots in test-output/web/.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { buildApp } from '../../src/api/app.ts';
import type { ByGroupResult } from '../../src/did/by-group.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { ensureWebBuild } from '../../src/web-build.ts';
import { openTestStore, testEnv } from '../helpers/store.ts';
import { VIEWPORT, launchChromium, screenshotPath, waitForView } from './browser.ts';

const root = path.join(import.meta.dirname, '..', '..');
const INDICATOR = 'output_per_worker';
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  await ensureWebBuild();
  store = await openTestStore();
  await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  app = await buildApp({ store, api: { rateLimit: 0 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: VIEWPORT });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

/** The number a cell shows ("+8.1", "−2.0", "—"). */
const shown = (text: string | null) =>
  text === null || text.trim() === '—' ? null : Number(text.replace('−', '-').replace(/[^0-9.+-]/g, ''));

describe('the same question in the CLI, the API and the view', () => {
  let cli: ByGroupResult;
  let api: ByGroupResult;

  it('CLI and API answer the default question with the same numbers', async () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'bin', 'clusterlens.js'),
        'did',
        '--indicator',
        INDICATOR,
        '--group-by',
        'cluster',
        '--json',
      ],
      { env: testEnv(), encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    cli = JSON.parse(run.stdout) as ByGroupResult;
    const response = await fetch(`${base}/api/did?indicator=${INDICATOR}&groupBy=cluster`);
    expect(response.status).toBe(200);
    api = (await response.json()) as ByGroupResult;
    expect(api.question.text).toBe(cli.question.text);
    expect({ estimator: api.estimator, control: api.control, log: api.log }).toEqual({
      estimator: 'cs',
      control: 'never',
      log: true,
    });
    expect(api.groups.map((g) => g.group)).toEqual(cli.groups.map((g) => g.group));
    api.groups.forEach((g, i) => {
      const c = cli.groups[i]!;
      expect(g.att).toBe(c.att);
      expect(g.se).toBe(c.se);
      expect(g.credible).toBe(c.credible);
      expect(g.flags).toEqual(c.flags);
      expect(g.sentence).toBe(c.sentence);
    });
  });

  it('the view shows the same question, effects and credibility', async () => {
    await page.goto(`${base}/?panel=did&indicator=${INDICATOR}`);
    await waitForView(page);
    await page.waitForSelector('#did-table tr[data-group]', { timeout: 120_000 });
    await expect(page.textContent('#did-question')).resolves.toBe(api.question.text);
    const rows = await page.$$eval('#did-table tr[data-group]', (trs) =>
      trs.map((tr) => ({
        group: tr.getAttribute('data-group'),
        credible: tr.getAttribute('data-credible') === 'true',
        effect: tr.children[1]!.textContent,
      })),
    );
    expect(rows.map((r) => r.group)).toEqual(api.groups.map((g) => g.group));
    rows.forEach((row, i) => {
      const g = api.groups[i]!;
      expect(row.credible, row.group!).toBe(g.credible);
      const value = shown(row.effect);
      if (g.effect === null) expect(value).toBeNull();
      else expect(value).toBeCloseTo(g.effect.value, 1);
    });
    const chosen = await page.getAttribute('#did-detail', 'data-group');
    const g = api.groups.find((x) => x.group === chosen)!;
    await expect(page.textContent('#did-sentence')).resolves.toBe(g.sentence);
    const att = shown((await page.textContent('#did-att'))!.split('(')[0]!);
    expect(att).toBeCloseTo(g.att!, 4);
    await page.screenshot({ path: screenshotPath('did-01-panel'), fullPage: true });
  });

  it('a group that is not credible is greyed, says why, and its event study is in percent with N', async () => {
    const bad = api.groups.find((g) => !g.credible);
    expect(bad, 'the demo has a group that is not credible').toBeDefined();
    await page.click(`#did-table tr[data-group="${bad!.group}"]`);
    await page.waitForSelector(`#did-detail[data-group="${bad!.group}"]`);
    await expect(page.getAttribute('#did-detail', 'data-credible')).resolves.toBe('false');
    await expect(page.textContent('#did-credible')).resolves.toBe('We cannot tell');
    const sentence = (await page.textContent('#did-sentence'))!;
    expect(sentence).toMatch(/^We cannot tell whether joining/);
    for (const flag of bad!.flags.filter((f) => f.blocking)) expect(sentence).toContain(flag.message);
    await expect(page.textContent('#did-effect')).resolves.toBe('No conclusion');
    // the table row is greyed (the muted colour), not the colour of an effect
    const colour = await page.$eval(
      `#did-table tr[data-group="${bad!.group}"] td`,
      (td) => getComputedStyle(td).color,
    );
    expect(colour).toBe('rgb(91, 103, 118)');
    const caption = await page.$eval('#did-detail svg.event-study', (svg) => svg.textContent);
    expect(caption).toMatch(/years since joining · effect in percent/);
    const ns = await page.$$eval('#did-detail svg circle', (cs) =>
      cs.map((c) => Number(c.getAttribute('data-n'))),
    );
    expect(ns).toEqual(bad!.eventStudy.map((p) => p.n));
    await page.screenshot({ path: screenshotPath('did-02-not-credible'), fullPage: true });
  });

  it("the cluster profile draws Dolina's own series through Table 1's printed values", async () => {
    await page.goto(`${base}/?panel=did&indicator=${INDICATOR}&group=dolina`);
    await waitForView(page);
    await page.waitForSelector('#cluster-profile figure', { timeout: 120_000 });
    expect(await page.$$eval('#cluster-profile figure', (f) => f.length)).toBe(5);
    // four printed values (rings) per indicator, each drawn where the computed series passes
    const rings = await page.$$eval('#cluster-profile circle[data-printed]', (cs) =>
      cs.map((c) => ({
        printed: c.getAttribute('cy'),
        computed: c.previousElementSibling?.getAttribute('cy'),
      })),
    );
    expect(rings).toHaveLength(20);
    for (const r of rings) expect(Math.abs(Number(r.printed) - Number(r.computed))).toBeLessThan(1);
    const row = await page.$eval('#cluster-profile-table tr[data-indicator="output_per_worker"]', (tr) =>
      [...tr.children].map((td) => td.textContent),
    );
    expect(row[1]).toBe('+9.35 %');
    await page.$eval('#cluster-profile', (e) => e.scrollIntoView());
    await page.screenshot({ path: screenshotPath('did-03-cluster-profile') });
  });

  it('the participant panel shows its yearly indicators as small multiples', async () => {
    const response = await fetch(`${base}/api/clusters/dolina`);
    const dolina = (await response.json()) as { members: { id: string; kind: string }[] };
    const member = dolina.members.find((m) => m.kind === 'enterprise')!;
    await page.goto(`${base}/?selected=${member.id}`);
    await waitForView(page);
    await page.waitForSelector('#participant-indicators figure', { timeout: 60_000 });
    const shown = await page.$$eval('#participant-indicators figure', (fs) =>
      fs.map((f) => f.getAttribute('data-indicator')),
    );
    expect(shown).toEqual([
      'high_productivity_jobs',
      'investment_per_capita',
      'market_share',
      'output_per_worker',
      'production_index',
      'employees',
    ]);
    expect(await page.$$eval('#participant-indicators polyline', (ps) => ps.length)).toBe(6);
    await page.screenshot({ path: screenshotPath('did-04-participant') });
  });

  it('the Report button opens the planner’s report, which reads as a document', async () => {
    await page.goto(`${base}/`);
    await waitForView(page);
    await expect(page.getAttribute('#report-link', 'href')).resolves.toBe('/api/report');
    await page.goto(`${base}/api/report`);
    await expect(page.textContent('h1')).resolves.toMatch(/the effect of joining/);
    // five indicators × five clusters, each in one sentence; the teaching case says it cannot tell
    const sentences = await page.$$eval('.sentences li', (lis) =>
      lis.map((li) => ({ text: li.textContent ?? '', greyed: li.classList.contains('nc') })),
    );
    expect(sentences).toHaveLength(25);
    for (const s of sentences) expect(s.greyed).toBe(s.text.startsWith('We cannot tell'));
    expect(sentences.filter((s) => s.greyed).length).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('did-05-report') });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
