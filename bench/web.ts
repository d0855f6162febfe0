/**
 * Web view benchmark in headless Chromium (playwright-core + Debian `chromium`): time to first render and
 * interaction latency on the Lipetsk demo and on the synthetic 20,000-participant / 200,000-tie network
 * (at the view's default node limit, and with every node). Uses NEO4J_URI when set, otherwise a throwaway
 * local Neo4j. Results: bench/results/web-<date>.json.
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { DEMO_BUNDLE_PATH } from '../seed/generate.ts';
import { buildApp } from '../src/api/app.ts';
import { rawBundleFromJson, readJsonBundle } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { ensureWebBuild } from '../src/web-build.ts';
import { VIEWPORT, launchChromium, waitForView } from '../test/e2e/browser.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const demoOnly = process.env.BENCH_WEB_CASES === 'demo';
/** BENCH_WEB_CASES=large: only the first frame of every node (`?limit=20000`), written as web-large-<date>.json. */
const largeOnly = process.env.BENCH_WEB_CASES === 'large';
/**
 * BENCH_WEB_BASE=http://127.0.0.1:PORT: a server that already serves the synthetic network (imported from
 * `syntheticNetwork(20_000, 200_000, 11)`); the 5,000-node default view (with its interactions) and the
 * 20,000-node first frame are measured, without the five minutes of import (a quick rerun after a change). Written as web-first-frame-<date>.json.
 */
const givenBase = process.env.BENCH_WEB_BASE;
/**
 * BENCH_WEB_PROFILE=1: Chromium's sampling profiler runs over each first frame, and the functions with the
 * most self time are printed (where the time to the first frame goes, by function and script).
 */
const profiling = process.env.BENCH_WEB_PROFILE === '1';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (v: number) => Math.round(v * 10) / 10;

/** Time until sigma has drawn the network once (performance.now() in the page, from navigation). */
async function firstRender(
  page: Page,
  url: string,
): Promise<{
  firstRenderMs: number;
  networkRequestMs: number;
  nodes: number;
  edges: number;
  steps: Record<string, number>;
}> {
  const cdp = profiling ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url, { timeout: 300_000 });
  await page.waitForFunction(() => window.clusterlens?.firstRenderMs !== null, undefined, {
    timeout: 300_000,
    polling: 250,
  });
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  await waitForView(page);
  return page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/network')) as
      PerformanceResourceTiming | undefined;
    const status = document.getElementById('status')!;
    // Where the time to the first frame went: performance.now() at each step the view marks.
    const steps: Record<string, number> = {};
    for (const [step, at] of Object.entries(window.clusterlens!.marks)) steps[step] = Math.round(at);
    if (entry) steps['network-response-end'] = Math.round(entry.responseEnd);
    return {
      steps,
      firstRenderMs: window.clusterlens!.firstRenderMs!,
      networkRequestMs: entry ? entry.duration : NaN,
      nodes: Number(status.dataset.nodes),
      edges: Number(status.dataset.edges),
    };
  });
}

/** The functions with the most self time in a CPU profile, in ms (samples × their intervals). */
function printProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]!);
    if (!frame) continue;
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [where, ms] of top) console.log(`${ms.toFixed(0).padStart(8)} ms  ${where}`);
}

/** In-page timings: hovering a node (reducers + redraw), and a full refresh (re-indexing + redraw). */
async function drawingLatency(
  page: Page,
): Promise<{ hoverMs: number; selectionMs: number; refreshMs: number; refreshWithGpuMs: number }> {
  return page.evaluate(async () => {
    type R = {
      getGraph(): { nodes(): string[]; degree(n: string): number };
      emit(event: string, payload: unknown): void;
      once(event: string, listener: () => void): void;
      refresh(): void;
      getWebGLContext(): WebGL2RenderingContext;
    };
    const renderer = window.clusterlens!.renderer as R;
    const graph = renderer.getGraph();
    const hub = graph.nodes().reduce((best, n) => (graph.degree(n) > graph.degree(best) ? n : best));
    const hover: number[] = [];
    const refresh: number[] = [];
    const gpu: number[] = [];
    const gl = renderer.getWebGLContext();
    // Selection (a click on a node) with the participant panel already open: from the click to the second
    // frame after the overlay shows the selection (the view's render, the overlay, and the frame painted
    // with it). The first click opens the panel, which narrows the drawing: that one full WebGL redraw at
    // the new width is not what is timed.
    // No named helpers (see below): the overlay's data-focus is read inline.
    const overlay = document.querySelector('.hover-overlay')!;
    const other = graph.nodes().find((n) => n !== hub && graph.degree(n) > 0)!;
    renderer.emit('clickNode', { node: other });
    while ((overlay.getAttribute('data-focus') ?? '') !== other)
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const selection: number[] = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 ? other : hub;
      const t0 = performance.now();
      renderer.emit('clickNode', { node });
      while ((overlay.getAttribute('data-focus') ?? '') !== node)
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      selection.push(performance.now() - t0);
    }
    renderer.emit('clickStage', {});
    while ((overlay.getAttribute('data-focus') ?? '') !== '')
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    // Hover first, on its own: a full refresh (below) leaves software WebGL work that lands in the frames
    // after it, and a hover timed right after one measured that redraw (1.7 s on 5,000 nodes against
    // 0.03 s alone, 2026-12-01).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i < 5; i++) {
      for (const event of ['enterNode', 'leaveNode']) {
        // From the event to the second frame after it: the first frame runs the view's redraw (the hover
        // overlay), the second is painted with it.
        const t0 = performance.now();
        renderer.emit(event, { node: hub });
        await new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
        );
        hover.push(performance.now() - t0);
      }
    }
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      renderer.refresh();
      refresh.push(performance.now() - t0);
      // The same with the GPU's work waited for (gl.finish): software WebGL does it on the CPU.
      gl.finish();
      const t1 = performance.now();
      renderer.refresh();
      gl.finish();
      gpu.push(performance.now() - t1);
    }
    // No named helper here: tsx would wrap it in __name(), which does not exist in the page.
    hover.sort((a, b) => a - b);
    refresh.sort((a, b) => a - b);
    gpu.sort((a, b) => a - b);
    selection.sort((a, b) => a - b);
    return {
      selectionMs: selection[Math.floor(selection.length / 2)]!,
      refreshWithGpuMs: gpu[Math.floor(gpu.length / 2)]!,
      hoverMs: hover[Math.floor(hover.length / 2)]!,
      refreshMs: refresh[Math.floor(refresh.length / 2)]!,
    };
  });
}

/** Wall-clock time from a click on a layer checkbox to the redrawn network with the new edge count. */
async function layerToggle(page: Page, layer: string): Promise<number> {
  const before = await page.getAttribute('#status', 'data-edges');
  const t0 = performance.now();
  await page.click(`input[name="layer"][value="${layer}"]`);
  await page.waitForFunction((n) => document.getElementById('status')?.dataset.edges !== n, before, {
    timeout: 120_000,
  });
  await waitForView(page);
  const ms = performance.now() - t0;
  // Back to all layers (a cached request the second time round is not what we measure).
  await page.click(`input[name="layer"][value="${layer}"]`);
  await page.waitForFunction((n) => document.getElementById('status')?.dataset.edges === n, before, {
    timeout: 120_000,
  });
  return ms;
}

/** Typing a name to the autocomplete list, then choosing it to the participant panel. */
async function searchAndSelect(page: Page, name: string): Promise<{ searchMs: number; selectMs: number }> {
  await page.fill('#search', '');
  let t0 = performance.now();
  await page.fill('#search', name);
  await page.waitForSelector('#search-results li[data-id]');
  const searchMs = performance.now() - t0;
  t0 = performance.now();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#panel[data-panel="participant"] #attributes', { timeout: 120_000 });
  const selectMs = performance.now() - t0;
  await page.keyboard.press('Escape');
  return { searchMs, selectMs };
}

async function measure(
  base: string,
  label: string,
  query: string,
  searchName: string,
  layer: string,
  interactions = true,
) {
  const browser = await launchChromium();
  type Run = Awaited<ReturnType<typeof firstRender>> &
    Awaited<ReturnType<typeof drawingLatency>> &
    Awaited<ReturnType<typeof searchAndSelect>> & { layerToggleMs: number; layoutMs: number };
  const runs: Run[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A fresh context each run: no cached assets, no positions kept from the previous run.
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      const first = await firstRender(page, `${base}/${query}`);
      if (!interactions) {
        runs.push({ ...first } as Run);
        await context.close();
        continue;
      }
      // Interactions are timed once ForceAtlas2 has finished its first run (it redraws every iteration).
      const layoutStarted = performance.now();
      await page.waitForFunction(
        () => !document.getElementById('status')?.textContent?.includes('layout running'),
        undefined,
        {
          timeout: 120_000,
        },
      );
      const layoutMs = performance.now() - layoutStarted;
      const drawing = await drawingLatency(page);
      const toggle = await layerToggle(page, layer);
      const search = await searchAndSelect(page, searchName);
      runs.push({ ...first, layoutMs, ...drawing, layerToggleMs: toggle, ...search });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const keys = [
    'firstRenderMs',
    'networkRequestMs',
    'layoutMs',
    'hoverMs',
    'selectionMs',
    'refreshWithGpuMs',
    'refreshMs',
    'layerToggleMs',
    'searchMs',
    'selectMs',
  ] as const;
  const result = {
    label,
    url: query || '/',
    nodes: runs[0]!.nodes,
    edges: runs[0]!.edges,
    runs: runs.length,
    // The steps of the run with the median first frame.
    steps: [...runs].sort((a, b) => a.firstRenderMs - b.firstRenderMs)[Math.floor(runs.length / 2)]!.steps,
    median: Object.fromEntries(
      keys.filter((k) => runs[0]![k] !== undefined).map((k) => [k, round(median(runs.map((r) => r[k])))]),
    ),
  };
  console.log(JSON.stringify(result));
  return result;
}

const results: Awaited<ReturnType<typeof measure>>[] = [];

async function main() {
  // The machine is shared: the load beside the run is part of the result.
  const loadAtStart = os.loadavg().map((v) => Math.round(v * 10) / 10);
  if (givenBase) {
    await ensureWebBuild({ force: true });
    // With BENCH_WEB_CASES=large: the 20,000-node first frame only.
    if (!largeOnly)
      results.push(
        await measure(
          givenBase,
          'synthetic 20,000 / 200,000, default limit 5,000 nodes (given server)',
          '',
          'Participant 1234',
          'supply',
          true,
        ),
      );
    results.push(
      await measure(
        givenBase,
        'synthetic 20,000 / 200,000, all 20,000 nodes (given server)',
        '?limit=20000',
        'Participant 1234',
        'supply',
        false,
      ),
    );
    return finish({ ms: NaN }, largeOnly ? 'web-large-first-frame' : 'web-first-frame');
  }
  const neo4j = await benchNeo4j({ heap: '2g', pageCache: '512m' });
  const { store } = neo4j;
  try {
    await applySchema(store);
    const build = await ensureWebBuild({ force: true });
    const serveAndMeasure = async (cases: [string, string, string, string, boolean][]) => {
      const app = await buildApp({ store, keepStoreOpen: true, api: { rateLimit: 0 } });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        for (const [label, query, name, layer, interactions] of cases)
          results.push(await measure(base, label, query, name, layer, interactions));
      } finally {
        await app.close();
      }
    };
    if (!largeOnly) {
      await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
      await serveAndMeasure([['demo (283 participants, 1,159 ties)', '', 'Литпром-ЛИП', 'supply', true]]);
    }
    // BENCH_WEB_CASES=demo: the demo alone (a quick rerun after a change), written as web-demo-<date>.json.
    if (demoOnly) return finish(build);
    const synthetic = rawBundleFromJson(
      JSON.parse(JSON.stringify(syntheticNetwork(20_000, 200_000, 11))),
      'synthetic.json',
    );
    const started = performance.now();
    await importBundle(store, synthetic, { replace: true });
    console.log(`synthetic network imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const every: [string, string, string, string, boolean] =
      // Every node and tie: first render only (each software-rendered frame of 200,000 edges takes seconds).
      ['synthetic 20,000 / 200,000, all 20,000 nodes', '?limit=20000', 'Participant 1234', 'supply', false];
    await serveAndMeasure(
      largeOnly
        ? [every]
        : [
            ['synthetic 20,000 / 200,000, default limit 5,000 nodes', '', 'Participant 1234', 'supply', true],
            every,
          ],
    );
    finish(build, largeOnly ? 'web-large' : 'web');
  } finally {
    await neo4j.close();
  }

  function finish(build: { ms: number }, name = demoOnly ? 'web-demo' : 'web'): void {
    writeResult(name, {
      browser: 'Debian chromium, headless, software WebGL (SwiftShader), 1280×800',
      viteBuildMs: round(build.ms),
      loadAverage: { start: loadAtStart, end: os.loadavg().map((v) => Math.round(v * 10) / 10) },
      notes:
        'firstRenderMs: navigation start to the frame painted with sigma’s first drawing of the network (two animation frames after its constructor, which renders; before 2026-12-01 21:30 UTC: sigma’s second render) (includes /api/network); layoutMs: until ForceAtlas2’s automatic first run ends (networks up to 2,000 nodes); hoverMs: enterNode/leaveNode to the second frame after it (the view’s redraw of the hover overlay, and the frame painted with it; the overlay is used at every size since the demo-only rerun of 2026-12-01, above 2,000 nodes before); refreshMs: a full sigma refresh on the main thread; refreshWithGpuMs: the same until the GPU is done (gl.finish; SwiftShader renders on the CPU); layerToggleMs: click on a layer checkbox to the redrawn network (includes the API); searchMs: typing to autocomplete; selectMs: Enter to the participant panel (includes the participant, its suggestions and centralities). Medians. steps.edges-added (since 2026-12-02 04:30 UTC): a large view’s ties are in the view’s graph (they are drawn from the response at the first frame and added after it). Software WebGL on 2 shared cores: a GPU-backed browser draws far faster.',
      results,
    });
  }
}

await main();
