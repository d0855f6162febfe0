/**
 * Large views in real headless Chromium: over LINE_EDGES_ABOVE drawn edges sigma gets the nodes only and
 * the view draws the edges with its own line layer (web/src/line-edges.ts), first from the network
 * response, while the graph's edges are added after the first frame. Checked on the painted page's pixels:
 * each layer's edges are there in their layer's colour, they move with the camera, they are in the PNG
 * export, edges the edge reducer hides and a layer filtered out are not drawn; a small view keeps sigma's
 * own edge program with its arrows.
 */
import fs from 'node:fs';
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
  exportPng,
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

const LAYERS = ['supply', 'rnd', 'education'];
const lineColours = () => Object.fromEntries(LAYERS.map((l) => [l, lineOverWhite(l)]));

/** Pixels of the drawing (a screenshot of sigma's container) within 6 levels of each layer's line colour. */
async function layerPixels(): Promise<Record<string, number>> {
  const png = await page.locator('#sigma').screenshot();
  const { near } = await pixelStats(page, `data:image/png;base64,${png.toString('base64')}`, lineColours());
  return near;
}

const nextFrames = () =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/**
 * How well two screenshots' line pixels line up when the second is read shifted by (dx, dy), and mirrored
 * about x = mirror / 2 first when a third number `mirror` is given: the pixels of a layer's line colour
 * in the first whose pixel in the second, so mapped, has the same layer colour. Decoded in the page.
 */
async function lineAgreement(
  before: Buffer,
  after: Buffer,
  shifts: ([number, number] | [number, number, number])[],
): Promise<{ lines: number; agree: number[] }> {
  return page.evaluate(
    async ({ urls, colours, shifts }) => {
      const decode = async (url: string) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
        // Each pixel: 0, or 1 + the index of the layer colour it is within 6 levels of.
        const layer = new Uint8Array(width * height);
        for (let p = 0; p < layer.length; p++)
          colours.forEach(([r, g, b], i) => {
            const at = p * 4;
            if (
              Math.abs(data[at]! - r) <= 6 &&
              Math.abs(data[at + 1]! - g) <= 6 &&
              Math.abs(data[at + 2]! - b) <= 6
            )
              layer[p] = i + 1;
          });
        return { layer, width, height };
      };
      const [a, b] = [await decode(urls[0]!), await decode(urls[1]!)];
      let lines = 0;
      for (const v of a.layer) if (v) lines++;
      const agree = shifts.map(([dx, dy, mirror]) => {
        let n = 0;
        for (let y = 0; y < a.height; y++)
          for (let x = 0; x < a.width; x++) {
            const v = a.layer[y * a.width + x]!;
            const [x2, y2] = [(mirror === undefined ? x : mirror - x) + dx, y + dy];
            if (!v || x2 < 0 || y2 < 0 || x2 >= b.width || y2 >= b.height) continue;
            if (b.layer[y2 * b.width + x2] === v) n++;
          }
        return n;
      });
      return { lines, agree };
    },
    {
      urls: [before, after].map((png) => `data:image/png;base64,${png.toString('base64')}`),
      colours: Object.values(lineColours()),
      shifts,
    },
  );
}

/**
 * Mirrors every node about the drawing's vertical middle, through the graph's attributes (as a layout
 * moves nodes); mirroring twice restores them. Returns twice the middle's x on screen.
 */
const mirrorNodes = () =>
  page.evaluate(() => {
    const renderer = window.clusterlens!.renderer as {
      getGraph(): {
        forEachNode(cb: (n: string, a: { x: number }) => void): void;
        updateEachNodeAttributes(
          cb: (n: string, a: Record<string, unknown> & { x: number }) => object,
          hints: object,
        ): void;
      };
      graphToViewport(p: { x: number; y: number }): { x: number; y: number };
    };
    const graph = renderer.getGraph();
    let [min, max] = [Infinity, -Infinity];
    graph.forEachNode((_, a) => ([min, max] = [Math.min(min, a.x), Math.max(max, a.x)]));
    const middle = (min + max) / 2;
    graph.updateEachNodeAttributes((_, a) => ({ ...a, x: 2 * middle - a.x }), { attributes: ['x'] });
    return Math.round(2 * renderer.graphToViewport({ x: middle, y: 0 }).x);
  });

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
    const drawing = await page.evaluate(() => {
      const debug = window.clusterlens!;
      const renderer = debug.renderer as {
        getGraph(): { edges(): string[] };
        getEdgeDisplayData(e: string): unknown;
      };
      const edges = renderer.getGraph().edges();
      return {
        edges: edges.length,
        // Sigma knows none of them: its constructor did no per-edge work.
        knownToSigma: edges.filter((e) => renderer.getEdgeDisplayData(e) !== undefined).length,
        firstFrame: debug.firstRenderMs,
        edgesAdded: debug.marks['edges-added'],
      };
    });
    expect(drawing.edges).toBe(await drawnEdges());
    expect(drawing.knownToSigma).toBe(0);
    // The first frame was painted before the graph's edges were added (they came from the response).
    expect(drawing.edgesAdded).toBeGreaterThan(drawing.firstFrame!);
    const pixels = await layerPixels();
    await page.screenshot({ path: screenshotPath('large-lines') });
    // Every layer's lines are on screen in its own colour (most ties are inside a cluster, under its discs:
    // what shows are the ties between clusters, hundreds of pixels a layer).
    for (const layer of ['supply', 'rnd', 'education'])
      expect(pixels[layer], JSON.stringify(pixels)).toBeGreaterThan(150);
  }, 180_000);

  it('moves the lines with the camera, and the PNG export has them', async () => {
    const before = await page.locator('#sigma').screenshot();
    // Pan: the camera moves by a tenth of the drawing; every node moves on screen by the same offset.
    const { dx, dy } = await page.evaluate(() => {
      const renderer = window.clusterlens!.renderer as {
        getGraph(): { nodes(): string[]; getNodeAttributes(n: string): { x: number; y: number } };
        graphToViewport(p: { x: number; y: number }): { x: number; y: number };
        getCamera(): {
          getState(): { x: number; y: number; ratio: number; angle: number };
          setState(s: object): void;
        };
      };
      const node = renderer.getGraph().getNodeAttributes(renderer.getGraph().nodes()[0]!);
      const from = renderer.graphToViewport(node);
      const camera = renderer.getCamera();
      const state = camera.getState();
      camera.setState({ ...state, x: state.x + 0.1, y: state.y - 0.05 });
      const to = renderer.graphToViewport(node);
      return { dx: Math.round(to.x - from.x), dy: Math.round(to.y - from.y) };
    });
    expect(Math.abs(dx)).toBeGreaterThan(20);
    await nextFrames();
    const after = await page.locator('#sigma').screenshot();
    await page.screenshot({ path: screenshotPath('large-lines-panned') });
    // The line pixels agree best at the nodes' own shift: not unmoved, not a few pixels off it.
    const shifts: [number, number][] = [
      [dx, dy],
      [0, 0],
      [dx + 8, dy],
      [dx - 8, dy],
      [dx, dy + 8],
      [dx, dy - 8],
    ];
    const { lines, agree } = await lineAgreement(before, after, shifts);
    const report = JSON.stringify({ dx, dy, lines, agree });
    expect(lines, report).toBeGreaterThan(1000);
    for (const other of agree.slice(1)) expect(agree[0]!, report).toBeGreaterThan(other * 1.5);
    // Zoomed in on a node at the rim of its cluster, for the screenshot (lines meet their nodes' discs).
    await page.evaluate(() => {
      const renderer = window.clusterlens!.renderer as {
        getGraph(): { nodes(): string[] };
        getNodeDisplayData(n: string): { x: number; y: number };
        getCamera(): { setState(s: object): void };
      };
      const { x, y } = renderer.getNodeDisplayData(renderer.getGraph().nodes()[0]!);
      renderer.getCamera().setState({ x, y, ratio: 0.15, angle: 0 });
    });
    await nextFrames();
    await page.screenshot({ path: screenshotPath('large-lines-zoomed') });
    const zoomed = await layerPixels();
    for (const layer of LAYERS) expect(zoomed[layer], JSON.stringify(zoomed)).toBeGreaterThan(150);
    // The PNG export copies the drawing, lines included.
    const png = await pixelStats(page, await exportPng(page), lineColours());
    for (const layer of LAYERS) expect(png.near[layer], JSON.stringify(png.near)).toBeGreaterThan(150);
    await page.evaluate(() => {
      const camera = (
        window.clusterlens!.renderer as { getCamera(): { setState(s: object): void } }
      ).getCamera();
      camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    });
    await nextFrames();
  }, 180_000);

  it('moves the lines with the nodes when their positions change', async () => {
    const before = await page.locator('#sigma').screenshot();
    // Every node mirrored about the drawing's vertical middle (as a layout moves nodes: through the graph's
    // attributes): the extent stays, so the picture is the old one mirrored about that middle on screen.
    const mirror = await mirrorNodes();
    await nextFrames();
    const after = await page.locator('#sigma').screenshot();
    await page.screenshot({ path: screenshotPath('large-lines-mirrored') });
    // Pixel centres: x maps to mirror - 1 - x; the rounding of the middle can move that by one.
    const { lines, agree } = await lineAgreement(before, after, [
      [0, 0, mirror - 2],
      [0, 0, mirror - 1],
      [0, 0, mirror],
      [0, 0],
      [0, 0, mirror - 21],
      [0, 0, mirror + 19],
    ]);
    const report = JSON.stringify({ mirror, lines, agree });
    const mirrored = Math.max(agree[0]!, agree[1]!, agree[2]!);
    for (const other of agree.slice(3)) expect(mirrored, report).toBeGreaterThan(other * 1.5);
    await mirrorNodes();
    await nextFrames();
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
    await nextFrames();
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
    // A few pixels near the education colour remain where the (green) cluster discs' antialiased rims
    // meet the white ground: under one in 500 of a shown layer's.
    expect(pixels.education, counts).toBeLessThan(pixels.supply! / 500);
    expect(pixels.supply, counts).toBeGreaterThan(150);
    expect(pixels.rnd, counts).toBeGreaterThan(150);
  }, 180_000);

  it('exports every tie when the export is asked for while the ties are still being added', async () => {
    // A large view's ties reach its graph after the first frame (page state 'adding-ties', under a second
    // here); an export clicked then waits for them. The page clicks the moment its state turns to
    // 'adding-ties' (a mutation observer), and says in which state it clicked.
    await page.goto(session.base, { waitUntil: 'domcontentloaded' });
    const [download, clickedIn] = await Promise.all([
      page.waitForEvent('download', { timeout: 170_000 }),
      page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const observer = new MutationObserver(() => {
              const at = document.body.dataset.state ?? '';
              if (at !== 'adding-ties' && at !== 'ready') return;
              observer.disconnect();
              document.getElementById('export-gexf')!.click();
              resolve(at);
            });
            observer.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
          }),
      ),
    ]);
    const gexf = fs.readFileSync((await download.path())!, 'utf8');
    expect(clickedIn).toBe('adding-ties');
    await waitForView(page);
    const ties = await drawnEdges();
    expect(ties).toBeGreaterThan(LINE_EDGES_ABOVE);
    expect(gexf.match(/<edge /g)?.length).toBe(ties);
    // The description's counts are those of the whole view too.
    expect(gexf).toContain(`${ties.toLocaleString('en-US')} ties`);
  }, 360_000);

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
