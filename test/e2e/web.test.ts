/**
 * The web view in real headless Chromium, against the HTTP app on the test Neo4j with the demo imported:
 * it draws (pixels read back from sigma's WebGL canvas), search and selection, suggestions, the
 * metacorporation view, the DiD panel, layers, and a reload from a shared URL. Each step leaves a
 * screenshot in test-output/web/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/exchange/model.ts';
import { ensureWebBuild } from '../../src/web-build.ts';
import { demoApp, unreachableApp, type TestApp } from '../helpers/app.ts';
import {
  VIEWPORT,
  colouredPixels,
  downloadText,
  exportPng,
  openBrowserSession,
  screenshotPath,
  waitForView,
  type BrowserSession,
} from './browser.ts';

let testApp: TestApp;
let session: BrowserSession;
let browser: Browser;
let page: Page;
let base: string;
let demo: Bundle;
let errors: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  testApp = await demoApp();
  demo = testApp.demo;
  session = await openBrowserSession(testApp.app);
  ({ browser, page, base, errors } = session);
}, 240_000);

afterAll(async () => {
  await session?.close();
  await testApp?.close();
});

async function apiJson<T>(path: string): Promise<T> {
  const response = await page.request.get(`${base}${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

const attribute = (selector: string, name: string) => page.getAttribute(selector, name).then(Number);

describe('the web view in Chromium', () => {
  it('draws the demo network: nodes on the canvas, counts in the status bar', async () => {
    await page.goto(base);
    await waitForView(page);
    expect(await attribute('#status', 'data-nodes')).toBe(demo.participants.length);
    expect(await attribute('#status', 'data-edges')).toBe(demo.ties.length);
    // Read the pixels back from sigma's WebGL canvas (through the PNG export): coloured discs on white.
    const pixels = await colouredPixels(page, await exportPng(page));
    // The whole drawing (its width is the stage's, beside the legend's column).
    const canvasWidth = await page.evaluate(
      () => (window.clusterlens!.renderer as { getDimensions(): { width: number } }).getDimensions().width,
    );
    expect(canvasWidth).toBeGreaterThan(600);
    expect(pixels.width).toBeGreaterThanOrEqual(canvasWidth);
    expect(pixels.coloured).toBeGreaterThan(2000);
    expect(pixels.distinct).toBeGreaterThan(5);
    await expect(page.locator('#legend [data-legend="Cluster"] li').count()).resolves.toBeGreaterThanOrEqual(
      demo.clusters.length,
    );
    // The GEXF button downloads the drawn network (web-structure.test.ts checks its positions and colours).
    const gexf = await downloadText(page, '#export-gexf');
    expect(gexf.text).toMatch(/<gexf[\s\S]*<node /);
    await page.screenshot({ path: screenshotPath('01-network') });
  });

  it('finds a participant by name with the keyboard and opens its panel', async () => {
    const target = demo.participants.find((p) => p.id === 'dol-038')!;
    await page.keyboard.press('/');
    await page.keyboard.type(target.name.slice(0, 12));
    await page.waitForSelector(`#search-results li[data-id="${target.id}"]`);
    const options = await page.$$eval('#search-results li[data-id]', (items) =>
      items.map((li) => li.getAttribute('data-id')),
    );
    for (let i = 0; i < options.indexOf(target.id); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel[data-panel="participant"] #attributes');
    await expect(page.textContent('#panel header h1')).resolves.toContain(target.name);
    expect(new URL(page.url()).searchParams.get('selected')).toBe(target.id);
    const ties = demo.ties.filter((t) => t.source === target.id || t.target === target.id).length;
    const shown = await page.$$eval('#ties li[data-id]', (items) => items.length);
    expect(shown).toBe(ties);
    await page.screenshot({ path: screenshotPath('02-participant') });
  });

  it('lists partner suggestions; choosing one highlights the pair and their common partners', async () => {
    await page.waitForSelector('#suggestions li[data-id]', { timeout: 30_000 });
    const api = await apiJson<{ suggestions: { id: string; common: string[] }[] }>(
      `/api/participants/dol-038/suggestions?limit=10`,
    );
    const ids = await page.$$eval('#suggestions li[data-id]', (items) =>
      items.map((li) => li.getAttribute('data-id')),
    );
    expect(ids).toEqual(api.suggestions.map((s) => s.id));
    await page.click('#suggestions li[data-id]');
    const first = api.suggestions[0]!;
    await page.waitForFunction(
      (n) => document.querySelector('#status')?.textContent?.includes(`${n} highlighted`),
      2 + first.common.length,
    );
    expect(new URL(page.url()).searchParams.get('suggestion')).toBe(first.id);
    await page.screenshot({ path: screenshotPath('03-suggestion') });
  });

  it('switches to the metacorporation view: levels of Fig. 2 with the links between them', async () => {
    await page.click('[data-mode="metacorporation"]');
    await waitForView(page, 'metacorporation');
    // The switch says which mode is on; the status bar, which carries data-mode too, is not a button.
    expect(await page.getAttribute('.modes [data-mode="metacorporation"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('.modes [data-mode="network"]', 'aria-pressed')).toBe('false');
    expect(await page.getAttribute('#status', 'aria-pressed')).toBeNull();
    const meta = await apiJson<{
      levels: { id: string; members: unknown[] }[];
      links: unknown[];
      platforms: { members: string[] }[];
    }>('/api/metacorporation');
    const members = meta.levels.reduce((s, l) => s + l.members.length, 0);
    // The virtual platforms of Fig. 3 are drawn under the participants.
    const platforms = meta.platforms.filter((p) => p.members.length > 0).length;
    expect(platforms).toBeGreaterThan(0);
    // Those outside every cluster are drawn under a group node of their own.
    const group = meta.levels.some((l) => l.id === 'outside_clusters' && l.members.length > 0) ? 1 : 0;
    expect(await attribute('#status', 'data-nodes')).toBe(members + platforms + group);
    expect(await attribute('#status', 'data-edges')).toBeGreaterThan(0);
    await expect(page.locator('#legend [data-legend="Level (Fig. 2)"] li').count()).resolves.toBe(
      meta.levels.length + 1,
    );
    const pixels = await colouredPixels(page, await exportPng(page));
    expect(pixels.coloured).toBeGreaterThan(1000);
    await page.screenshot({ path: screenshotPath('04-metacorporation') });
  });

  it("opens the DiD panel and reads a group's ATT, N and event study", async () => {
    await page.click('[data-mode="network"]');
    await waitForView(page);
    await page.click('[data-panel="did"]');
    await page.waitForSelector('#did-att', { timeout: 120_000 });
    const indicator = await page.inputValue('#did-indicator');
    const result = await apiJson<{
      groups: { group: string; att: number; nTreated: number; nControl: number }[];
    }>(`/api/did?indicator=${indicator}&groupBy=cluster`);
    const group = await page.getAttribute('#did-detail', 'data-group');
    const expected = result.groups.find((g) => g.group === group)!;
    expect(expected).toBeDefined();
    const att = Number(
      (await page.textContent('#did-att'))!
        .split('(')[0]!
        .replace(/[^0-9.−-]/g, '')
        .replace('−', '-'),
    );
    expect(att).toBeCloseTo(expected.att, 3);
    await expect(page.textContent('#did-n')).resolves.toBe(`${expected.nTreated} / ${expected.nControl}`);
    expect(await page.$$eval('#did-table tr[data-group]', (rows) => rows.length)).toBe(result.groups.length);
    expect(await page.$$eval('#did-detail svg circle', (dots) => dots.length)).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('05-did') });
  });

  it('changes layers and the number of drawn edges follows', async () => {
    await page.click('[data-panel="did"]'); // closes the panel again
    const before = await attribute('#status', 'data-edges');
    const supply = demo.ties.filter((t) => t.layer === 'supply').length;
    await page.uncheck('input[name="layer"][value="supply"]');
    await page.waitForFunction(
      (n) => document.querySelector('#status')?.getAttribute('data-edges') === String(n),
      before - supply,
    );
    expect(new URL(page.url()).searchParams.get('layers')).toBe('education,governance,investment,rnd');
    await page.uncheck('input[name="layer"][value="governance"]');
    const governance = demo.ties.filter((t) => t.layer === 'governance').length;
    await page.waitForFunction(
      (n) => document.querySelector('#status')?.getAttribute('data-edges') === String(n),
      before - supply - governance,
    );
    await page.screenshot({ path: screenshotPath('06-layers') });
  });

  it('reloads from a shared URL into the same view', async () => {
    await page.selectOption('#color-by', 'kind');
    await page.goto(`${page.url().split('?')[0]}${new URL(page.url()).search}`);
    await waitForView(page);
    const view = async (p: Page) => ({
      url: new URL(p.url()).search,
      edges: await p.getAttribute('#status', 'data-edges'),
      nodes: await p.getAttribute('#status', 'data-nodes'),
      color: await p.inputValue('#color-by'),
      layers: await p.$$eval('input[name="layer"]', (boxes) =>
        (boxes as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.value),
      ),
      legend: await p.getAttribute('#legend [data-legend]', 'data-legend'),
    });
    const shared = page.url();
    const original = await view(page);
    expect(original.color).toBe('kind');
    expect(original.legend).toBe('Kind');
    const other = await browser.newPage({ viewport: VIEWPORT });
    try {
      await other.goto(shared);
      await waitForView(other);
      expect(await view(other)).toEqual(original);
      // The selection from the shared link opens the same participant panel.
      await page.goto(`${base}/?selected=dol-038&layers=rnd,supply&color=community`);
      await waitForView(page);
      const link = page.url();
      await other.goto(link);
      await waitForView(other);
      await other.waitForSelector('#panel[data-panel="participant"] #attributes');
      await expect(other.textContent('#panel header h1')).resolves.toContain('Литпром');
      expect(await view(other)).toEqual(await view(page));
      await other.screenshot({ path: screenshotPath('07-shared-url') });
    } finally {
      await other.close();
    }
  });

  it('says so when the database is down (503 from the API) and offers a retry', async () => {
    const down = await unreachableApp({ rateLimit: 0 });
    await down.listen({ host: '127.0.0.1', port: 0 });
    const address = down.server.address();
    const other = await browser.newPage({ viewport: VIEWPORT });
    try {
      await other.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
      await other.waitForSelector('body[data-state="error"] #message[data-kind="error"]', {
        timeout: 30_000,
      });
      await expect(other.textContent('#message')).resolves.toMatch(
        /database is not reachable.*Retrying in \d+ s/,
      );
      await expect(other.locator('#message button').count()).resolves.toBe(1);
      await other.screenshot({ path: screenshotPath('08-database-down') });
    } finally {
      await other.close();
      await down.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
