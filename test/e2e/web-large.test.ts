/**
 * Large views in real headless Chromium: over LINE_EDGES_ABOVE drawn edges the view draws them with its
 * line program (web/src/line-edges.ts). Checked on the painted page's pixels: each layer's edges are there
 * in their layer's colour, edges sigma marks hidden and a layer filtered out are not drawn; a small view
 * keeps sigma's own edge program with its arrows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNetwork } from '../../bench/synthetic.ts';
import { buildApp } from '../../src/api/app.ts';
import { rawBundleFromJson } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { ensureWebBuild } from '../../src/web-build.ts';
import { LAYER_COLORS } from '../../web/src/colors.ts';
import { LINE_EDGES_ABOVE } from '../../web/src/line-edges-threshold.ts';
import { openTestStore } from '../helpers/store.ts';
import {
  openBrowserSession,
  pixelStats,
  screenshotPath,
  waitForView,
  type BrowserSession,
} from './browser.ts';

// 3,000 participants (all drawn at the view's default limit of 5,000) and 90,000 ties in three layers of
// about 30,000: all of them, and any two layers, are over LINE_EDGES_ABOVE (50,000).
const PARTICIPANTS = 3_000;
const TIES = 90_000;
/** The alpha of every edge colour (graph-mapping.ts, edgeColor). */
const EDGE_ALPHA = 0.55;

let store: Store;
let session: BrowserSession;
let page: Page;
let closeApp: () => Promise<unknown>;

beforeAll(async () => {
  await ensureWebBuild();
  store = await openTestStore();
  const bundle = rawBundleFromJson(
    JSON.parse(JSON.stringify(syntheticNetwork(PARTICIPANTS, TIES, 3))),
    'synthetic.json',
  );
  await importBundle(store, bundle, { replace: true });
  const app = await buildApp({ store, keepStoreOpen: true, api: { rateLimit: 0 } });
  closeApp = () => app.close();
  session = await openBrowserSession(app);
  page = session.page;
}, 300_000);

afterAll(async () => {
  await session?.close();
  await closeApp?.();
  await store?.close();
});

/** One edge of `layer` over the white ground, as premultiplied-alpha blending paints it. */
function lineOverWhite(layer: string): [number, number, number] {
  const n = parseInt(LAYER_COLORS[layer]!.slice(1), 16);
  const alpha = Math.round(EDGE_ALPHA * 255) / 255;
  return [n >> 16, (n >> 8) & 255, n & 255].map((c) => Math.round(c * alpha + 255 * (1 - alpha))) as [
    number,
    number,
    number,
  ];
}

/** Pixels of the drawing (a screenshot of sigma's container) within 6 levels of each layer's line colour. */
async function layerPixels(): Promise<Record<string, number>> {
  const png = await page.locator('#sigma').screenshot();
  const targets = Object.fromEntries(['supply', 'rnd', 'education'].map((l) => [l, lineOverWhite(l)]));
  const { near } = await pixelStats(page, `data:image/png;base64,${png.toString('base64')}`, targets);
  return near;
}

const edgesAsLines = () => page.evaluate(() => window.clusterlens!.edgesAsLines);
const drawnEdges = () => page.getAttribute('#status', 'data-edges').then(Number);

describe('a large view in Chromium', () => {
  it('draws its edges as lines, each in its layer colour', async () => {
    await page.goto(session.base);
    // The first view of this network waits for the server's first measure (its kernels warm up): longer
    // than waitForView's minute on a loaded machine.
    await page.waitForSelector('body[data-state="ready"] #status[data-mode="network"][data-nodes]', {
      timeout: 170_000,
    });
    expect(await drawnEdges()).toBeGreaterThan(LINE_EDGES_ABOVE);
    expect(await edgesAsLines()).toBe(true);
    const pixels = await layerPixels();
    await page.screenshot({ path: screenshotPath('large-lines') });
    // Every layer's lines are on screen in its own colour (most ties are inside a cluster, under its discs:
    // what shows are the ties between clusters, hundreds of pixels a layer).
    for (const layer of ['supply', 'rnd', 'education'])
      expect(pixels[layer], JSON.stringify(pixels)).toBeGreaterThan(150);
  }, 180_000);

  it('does not draw the edges sigma marks hidden', async () => {
    const before = await layerPixels();
    // The edge reducer hides the R&D ties (as the view's own reducer hides ties outside a focus).
    await page.evaluate(() => {
      const renderer = window.clusterlens!.renderer as {
        edgeReducer: unknown;
        refresh(): void;
      };
      renderer.edgeReducer = (_key: string, data: Record<string, unknown>, attrs: { layer: string }) =>
        attrs.layer === 'rnd' ? { ...data, visibility: 'hidden' } : data;
      renderer.refresh();
    });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const after = await layerPixels();
    const counts = JSON.stringify({ before, after });
    expect(before.rnd, counts).toBeGreaterThan(150);
    expect(after.rnd, counts).toBeLessThan(before.rnd! / 10);
    expect(after.supply, counts).toBeGreaterThan(150);
    expect(after.education, counts).toBeGreaterThan(150);
    await page.evaluate(() => {
      const renderer = window.clusterlens!.renderer as { edgeReducer: unknown; refresh(): void };
      renderer.edgeReducer = null;
      renderer.refresh();
    });
  }, 180_000);

  it('does not draw a layer filtered out, and keeps the others as lines', async () => {
    const all = await drawnEdges();
    await page.goto(`${session.base}/?layers=supply,rnd`);
    await waitForView(page);
    await page.waitForFunction((n) => Number(document.getElementById('status')?.dataset.edges) !== n, all);
    expect(await drawnEdges()).toBeGreaterThan(LINE_EDGES_ABOVE);
    expect(await edgesAsLines()).toBe(true);
    const pixels = await layerPixels();
    const counts = JSON.stringify(pixels);
    expect(pixels.education, counts).toBeLessThan(15);
    expect(pixels.supply, counts).toBeGreaterThan(150);
    expect(pixels.rnd, counts).toBeGreaterThan(150);
  }, 180_000);

  it('keeps sigma’s own edge program, with arrows, on a small view', async () => {
    await page.goto(`${session.base}/?limit=300`);
    await waitForView(page);
    expect(await drawnEdges()).toBeLessThanOrEqual(LINE_EDGES_ABOVE);
    expect(await edgesAsLines()).toBe(false);
    const heads = await page.evaluate(() => {
      const renderer = window.clusterlens!.renderer as {
        getGraph(): { edges(): string[]; isDirected(e: string): boolean };
        getEdgeDisplayData(e: string): { head?: string } | undefined;
      };
      const graph = renderer.getGraph();
      return graph
        .edges()
        .filter((e) => graph.isDirected(e))
        .map((e) => renderer.getEdgeDisplayData(e)?.head);
    });
    expect(heads.length).toBeGreaterThan(0);
    expect(heads.every((h) => h === 'arrow')).toBe(true);
  }, 180_000);

  it('raised no error in the page', () => {
    expect(session.errors).toEqual([]);
  });
});
