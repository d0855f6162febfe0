/** Real headless Chromium for the browser tests and the web benchmark (playwright-core + Debian `chromium`). */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  try {
    return execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  } catch {
    throw new Error('chromium is required for the browser tests (Debian: apt-get install -y chromium)');
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}

export const VIEWPORT = { width: 1280, height: 800 };

/** Waits until the view has drawn: the page reports ready and the status bar carries the counts. */
export async function waitForView(
  page: Page,
  mode: 'network' | 'metacorporation' = 'network',
): Promise<void> {
  await page.waitForSelector(`body[data-state="ready"] #status[data-mode="${mode}"][data-nodes]`, {
    timeout: 60_000,
  });
}

/** Counts the coloured pixels of a PNG (data URL) in the page: saturated pixels are nodes and edges, not the white ground. */
export async function colouredPixels(
  page: Page,
  dataUrl: string,
): Promise<{ width: number; height: number; coloured: number; distinct: number }> {
  const { width, height, coloured, distinct } = await pixelStats(page, dataUrl, {});
  return { width, height, coloured, distinct };
}

/**
 * The coloured pixels of a PNG (data URL) decoded in the page (as `colouredPixels`), and how many pixels
 * lie within `tolerance` levels of each of the `targets` colours (RGB) on every channel.
 */
export async function pixelStats(
  page: Page,
  dataUrl: string,
  targets: Record<string, [number, number, number]>,
  tolerance = 6,
): Promise<{
  width: number;
  height: number;
  coloured: number;
  distinct: number;
  near: Record<string, number>;
}> {
  return page.evaluate(
    async ({ url, targets, tolerance }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      const colours = new Set<number>();
      const near: Record<string, number> = {};
      const wanted = Object.entries(targets);
      for (const [name] of wanted) near[name] = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!;
        const g = data[i + 1]!;
        const b = data[i + 2]!;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
          coloured++;
          colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
        }
        for (const [name, [tr, tg, tb]] of wanted)
          if (Math.abs(r - tr) <= tolerance && Math.abs(g - tg) <= tolerance && Math.abs(b - tb) <= tolerance)
            near[name]!++;
      }
      return { width: canvas.width, height: canvas.height, coloured, distinct: colours.size, near };
    },
    { url: dataUrl, targets, tolerance },
  );
}

/** Saves the PNG the view exports (its "PNG" button) and returns it as a data URL. */
export async function exportPng(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  const file = await download.path();
  return `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`;
}

export function screenshotPath(name: string): string {
  const dir = path.join('test-output', 'web');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** The drawn graph as the view holds it: positions, and the edges (as pairs), read from sigma's graph. */
export async function drawnGraph(page: Page): Promise<{
  nodes: {
    id: string;
    x: number;
    y: number;
    color: string;
    size: number;
    community: string;
    ring: string;
    clusters: string[];
  }[];
  edges: { source: string; target: string; weight: number }[];
}> {
  return page.evaluate(() => {
    type G = {
      forEachNode(cb: (id: string, a: Record<string, unknown>) => void): void;
      forEachEdge(cb: (e: string, a: Record<string, unknown>, s: string, t: string) => void): void;
    };
    const graph = (window.clusterlens!.renderer as { getGraph(): G }).getGraph();
    const nodes: {
      id: string;
      x: number;
      y: number;
      color: string;
      size: number;
      community: string;
      ring: string;
      clusters: string[];
    }[] = [];
    graph.forEachNode((id, a) =>
      nodes.push({
        id,
        x: a.x as number,
        y: a.y as number,
        color: a.color as string,
        size: a.size as number,
        community: (a.community as string) ?? '',
        ring: (a.ring as string) ?? '',
        clusters: (a.clusters as string[]) ?? [],
      }),
    );
    const edges: { source: string; target: string; weight: number }[] = [];
    graph.forEachEdge((_e, a, source, target) =>
      edges.push({ source, target, weight: typeof a.weight === 'number' ? a.weight : 1 }),
    );
    return { nodes, edges };
  });
}

/** Clicks a button that downloads a file and returns the file's text. */
export async function downloadText(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

/** A browser test's page on a served app: Chromium, one page, and the page's uncaught errors collected. */
export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** The app's address, http://127.0.0.1:PORT. */
  base: string;
  /** Uncaught errors raised in the page (each test file checks at its end that there were none). */
  errors: string[];
  close(): Promise<void>;
}

/** Starts the app on a free port, Chromium and a page of VIEWPORT's size on it (downloads accepted). */
export async function openBrowserSession(app: FastifyInstance): Promise<BrowserSession> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, base, errors, close: () => browser.close() };
}
