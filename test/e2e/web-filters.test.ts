/**
 * Issue 14, second part, in real headless Chromium on the demo: the ego network and range filters on the
 * drawing (and that they compose), ranks within the filtered view, ties and tied pairs counted as the gaps
 * report counts them, and a legend that never covers a node. Expected values are computed here from the
 * demo bundle (seed/lipetsk.json) and the API, never copied from the view.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/exchange/model.ts';
import { ensureWebBuild } from '../../src/web-build.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import {
  downloadText,
  drawnGraph,
  openBrowserSession,
  screenshotPath,
  waitForView,
  type BrowserSession,
} from './browser.ts';

let testApp: TestApp;
let session: BrowserSession;
let page: Page;
type Box = { x: number; y: number; width: number; height: number };
let base: string;
let demo: Bundle;
let errors: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  testApp = await demoApp();
  demo = testApp.demo;
  session = await openBrowserSession(testApp.app);
  ({ page, base, errors } = session);
}, 240_000);

afterAll(async () => {
  await session?.close();
  await testApp?.close();
});

const weight = (t: { weight?: number }) => t.weight ?? 1;

/** Everyone within `radius` steps of `ego` over the demo's ties that `keep` accepts (both directions). */
function egoNetwork(ego: string, radius: number, keep = (_t: Bundle['ties'][number]) => true): Set<string> {
  const reached = new Set([ego]);
  let frontier = [ego];
  for (let step = 0; step < radius; step++) {
    const next: string[] = [];
    for (const t of demo.ties) {
      if (t.source === t.target || !keep(t)) continue;
      for (const [a, b] of [
        [t.source, t.target],
        [t.target, t.source],
      ] as const)
        if (frontier.includes(a) && !reached.has(b)) {
          reached.add(b);
          next.push(b);
        }
    }
    frontier = next;
  }
  return reached;
}

const tiesAmong = (ids: Set<string>, keep = (_t: Bundle['ties'][number]) => true) =>
  demo.ties.filter((t) => ids.has(t.source) && ids.has(t.target) && t.source !== t.target && keep(t));

/** The participant with the most distinct partners: a hub whose ego network is a real part of the demo. */
function hub(): string {
  const partners = new Map<string, Set<string>>();
  for (const t of demo.ties) {
    (partners.get(t.source) ?? partners.set(t.source, new Set()).get(t.source)!).add(t.target);
    (partners.get(t.target) ?? partners.set(t.target, new Set()).get(t.target)!).add(t.source);
  }
  return [...partners].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))[0]![0];
}

const status = async () => ({
  nodes: Number(await page.getAttribute('#status', 'data-nodes')),
  edges: Number(await page.getAttribute('#status', 'data-edges')),
  text: (await page.textContent('#status')) ?? '',
});

const waitForNodes = (n: number) =>
  page.waitForFunction(
    (count) => document.querySelector('#status')?.getAttribute('data-nodes') === String(count),
    n,
    {
      timeout: 30_000,
    },
  );

describe('the ego network on the drawing', () => {
  it('shows a participant with everyone 1, then 2 steps away; status bar and legend say so', async () => {
    const ego = hub();
    await page.goto(`${base}/?selected=${ego}`);
    await waitForView(page);
    await page.waitForSelector('#panel [data-ego-radius="1"]');
    await page.click('#panel [data-ego-radius="1"]');
    const one = egoNetwork(ego, 1);
    expect(one.size).toBeGreaterThan(3);
    expect(one.size).toBeLessThan(demo.participants.length / 2);
    await waitForNodes(one.size);
    let drawn = await drawnGraph(page);
    expect(new Set(drawn.nodes.map((n) => n.id))).toEqual(one);
    expect(drawn.edges).toHaveLength(tiesAmong(one).length);
    const s = await status();
    expect(s.text).toContain(`${one.size} of ${demo.participants.length} participants`);
    expect(s.text).toMatch(/shown: ego network of .+ \(1 step\)/);
    expect(await page.textContent('#legend-shown')).toContain(`${one.size} of ${demo.participants.length}`);
    // The cluster legend counts what is shown: its members sum to at least the participants in a cluster.
    const legendCounts = await page.$$eval('#legend [data-legend="Cluster"] li', (items) =>
      items.map((li) => Number(/\((\d+)\)\s*$/.exec(li.textContent ?? '')?.[1] ?? 0)),
    );
    expect(legendCounts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(one.size);
    expect(Math.max(...legendCounts)).toBeLessThanOrEqual(one.size);
    expect(new URL(page.url()).searchParams.get('ego')).toBe(ego);
    await page.screenshot({ path: screenshotPath('30-ego-network') });

    // Two steps, from the control on the left.
    await page.selectOption('#ego-radius', '2');
    const two = egoNetwork(ego, 2);
    expect(two.size).toBeGreaterThan(one.size);
    await waitForNodes(two.size);
    drawn = await drawnGraph(page);
    expect(new Set(drawn.nodes.map((n) => n.id))).toEqual(two);
    expect(await status().then((x) => x.text)).toMatch(/\(2 steps\)/);
    // The control names the participant (not its id).
    expect(await page.textContent('#ego-who')).toContain(
      `around ${demo.participants.find((p) => p.id === ego)!.name}`,
    );
    // "off" brings the whole network back.
    await page.selectOption('#ego-radius', '0');
    await waitForNodes(demo.participants.length);
  });
});

describe('range filters on the drawing', () => {
  it('hides participants outside a range on employees, and ties outside a range on weight; they compose', async () => {
    await page.goto(`${base}/`);
    await waitForView(page);
    await page.waitForSelector('#range-column option[value="field:employees"]', { state: 'attached' });
    await page.selectOption('#range-column', 'field:employees');
    // The 20th biggest employer's head count as the lower bound: a part of the demo, not a handful.
    const bound = demo.participants
      .map((p) => p.employees)
      .filter((v): v is number => typeof v === 'number')
      .sort((a, b) => b - a)[19]!;
    await page.fill('#range-min', String(bound));
    await page.click('#range-add');
    const big = new Set(demo.participants.filter((p) => (p.employees ?? -1) >= bound).map((p) => p.id));
    expect(big.size).toBeGreaterThanOrEqual(20);
    await waitForNodes(big.size);
    let drawn = await drawnGraph(page);
    expect(new Set(drawn.nodes.map((n) => n.id))).toEqual(big);
    expect(drawn.edges).toHaveLength(tiesAmong(big).length);
    expect(new URL(page.url()).searchParams.get('ranges')).toBe(`field:employees:${bound}..`);
    expect(await page.textContent('#range-list')).toContain(`Employees ≥ ${bound.toLocaleString('en')}`);
    expect((await status()).text).toContain(`shown: Employees ≥ ${bound.toLocaleString('en')}`);

    // Tie weight on top: the same participants, only their ties of weight 2 or more.
    const heavy = (t: Bundle['ties'][number]) => weight(t) >= 2;
    expect(tiesAmong(big, heavy).length).toBeLessThan(tiesAmong(big).length);
    await page.selectOption('#range-column', 'tie:weight');
    await page.fill('#range-min', '2');
    await page.click('#range-add');
    await page.waitForFunction(
      (n) => document.querySelector('#status')?.getAttribute('data-edges') === String(n),
      tiesAmong(big, heavy).length,
    );
    drawn = await drawnGraph(page);
    expect(drawn.nodes).toHaveLength(big.size);
    for (const e of drawn.edges) expect(e.weight).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: screenshotPath('31-range-filters') });

    // Removing the employees range keeps the weight range.
    await page.click('#range-list li[data-column="field:employees"] button');
    await waitForNodes(demo.participants.length);
    expect((await status()).edges).toBe(demo.ties.filter(heavy).length);
  });

  it('composes with the ego network and with the server filters (a cluster)', async () => {
    const ego = hub();
    const heavy = (t: Bundle['ties'][number]) => weight(t) >= 2;
    await page.goto(`${base}/?ego=${ego}&radius=2&ranges=tie:weight:2..`);
    await waitForView(page);
    const expected = egoNetwork(ego, 2, heavy);
    await waitForNodes(expected.size);
    const drawn = await drawnGraph(page);
    expect(new Set(drawn.nodes.map((n) => n.id))).toEqual(expected);
    expect(drawn.edges).toHaveLength(tiesAmong(expected, heavy).length);
    // The layout refines the whole drawing: it is off while part of it is hidden.
    await expect(page.isDisabled('#layout-toggle')).resolves.toBe(true);
  });
});

describe('ranks within the filtered view', () => {
  it('says "#k of n in this view" beside the whole-network rank, both computed from the same measure', async () => {
    const members = new Set(demo.memberships.filter((m) => m.cluster === 'dolina').map((m) => m.participant));
    const values = (await (await page.request.get(`${base}/api/analysis/degree`)).json()).values as Record<
      string,
      number
    >;
    // A member in the middle of the cluster, not the top (so that both ranks say something).
    const inCluster = [...members].sort((a, b) => values[b]! - values[a]! || (a < b ? -1 : 1));
    const who = inCluster[Math.floor(inCluster.length / 4)]!;
    const rank = (ids: Iterable<string>) => {
      const all = [...ids].map((id) => values[id]).filter((v): v is number => typeof v === 'number');
      return { place: all.filter((v) => v > values[who]!).length + 1, of: all.length };
    };
    const view = rank(members);
    const whole = rank(Object.keys(values));
    expect(view.place).toBeLessThan(whole.place);
    await page.goto(`${base}/?clusters=dolina&selected=${who}`);
    await waitForView(page);
    const cell = page.locator('#centralities tr[data-measure="degree"] td.rank');
    await cell.waitFor();
    expect(await cell.textContent()).toBe(
      `#${view.place} of ${view.of} in this view · #${whole.place} of ${whole.of.toLocaleString('en')} in the network`,
    );
    await page.locator('#centralities').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('32-view-rank') });
    // The whole network drawn: one rank.
    await page.goto(`${base}/?selected=${who}`);
    await waitForView(page);
    await page.locator('#centralities tr[data-measure="degree"] td.rank').waitFor();
    expect(await page.textContent('#centralities tr[data-measure="degree"] td.rank')).toBe(
      `#${whole.place} of ${whole.of}`,
    );
  });
});

describe('edge counts that agree', () => {
  it('counts ties per layer and tied pairs, and the tied pairs are the gaps report’s ties', async () => {
    await page.goto(`${base}/?panel=gaps`);
    await waitForView(page);
    const gaps = await (await page.request.get(`${base}/api/gaps`)).json();
    const network = await (await page.request.get(`${base}/api/network`)).json();
    const s = await status();
    // Ties: one per stored tie (pair, layer, direction), as the API sends them and the bundle holds them.
    expect(s.edges).toBe(network.total.edges);
    expect(s.edges).toBe(demo.ties.length);
    // Tied pairs: distinct pairs with a tie in any layer — what the gaps report counts as ties.
    const pairs = new Set(demo.ties.map((t) => [t.source, t.target].sort().join('|')));
    expect(Number(await page.getAttribute('#status', 'data-pairs'))).toBe(pairs.size);
    expect(gaps.network.ties).toBe(pairs.size);
    expect(pairs.size).toBeLessThan(demo.ties.length); // the two numbers differ, hence the two words
    expect(s.text).toContain(`${demo.ties.length.toLocaleString('en')} ties`);
    expect(s.text).toContain(`${pairs.size.toLocaleString('en')} tied pairs`);
    // The gaps panel says the same number in the same words.
    await page.waitForSelector('#gaps-scope');
    expect(Number(await page.getAttribute('#gaps-scope', 'data-pairs'))).toBe(pairs.size);
    expect(await page.textContent('#gaps-scope')).toContain(`${pairs.size.toLocaleString('en')} tied pairs`);
    // The layer legend counts ties: its counts sum to the ties drawn.
    const perLayer = await page.$$eval('#legend [data-legend="Ties by layer"] li', (items) =>
      items.map((li) => Number(/\(([\d,]+)\)\s*$/.exec(li.textContent ?? '')?.[1]?.replace(/,/g, '') ?? 0)),
    );
    expect(perLayer.reduce((a, b) => a + b, 0)).toBe(demo.ties.length);
  });
});

/** Every drawn node's disc on the page (centre and radius in CSS pixels). */
async function nodeDiscs(p: Page): Promise<{ x: number; y: number; r: number }[]> {
  return p.evaluate(() => {
    type R = {
      getGraph(): { forEachNode(cb: (id: string, a: Record<string, unknown>) => void): void };
      graphToViewport(q: { x: number; y: number }): { x: number; y: number };
      getNodeDisplayData(id: string): { size: number } | undefined;
      scaleSize(size: number): number;
      getContainer(): HTMLElement;
    };
    const r = window.clusterlens!.renderer as R;
    const box = r.getContainer().getBoundingClientRect();
    const out: { x: number; y: number; r: number }[] = [];
    r.getGraph().forEachNode((id, a) => {
      const v = r.graphToViewport({ x: a.x as number, y: a.y as number });
      out.push({ x: box.left + v.x, y: box.top + v.y, r: r.scaleSize(r.getNodeDisplayData(id)?.size ?? 1) });
    });
    return out;
  });
}

describe('the legend never covers the drawing', () => {
  it('no node disc meets the legend’s box, open or collapsed', async () => {
    await page.goto(`${base}/`);
    await waitForView(page);
    await page.waitForTimeout(300); // the resize after the legend docked
    for (const state of ['open', 'collapsed'] as const) {
      if (state === 'collapsed') {
        await page.click('#legend-toggle');
        await page.waitForTimeout(400);
      }
      const legend = (await page.locator('#legend').boundingBox())!;
      expect(legend.width).toBeGreaterThan(10);
      const discs = await nodeDiscs(page);
      expect(discs).toHaveLength(demo.participants.length);
      const covered = discs.filter(
        (d) =>
          d.x + d.r > legend.x &&
          d.x - d.r < legend.x + legend.width &&
          d.y + d.r > legend.y &&
          d.y - d.r < legend.y + legend.height,
      );
      expect(covered, `${state}: nodes under the legend`).toEqual([]);
      await page.screenshot({ path: screenshotPath(`33-legend-${state}`) });
    }
    await page.click('#legend-toggle'); // open again for the next page
  });
});

describe('the metacorporation: governance through the levels', () => {
  it('draws every governance tie, through the levels, and the legend counts exactly the ties drawn', async () => {
    await page.goto(`${base}/?mode=metacorporation`);
    await waitForView(page, 'metacorporation');
    const drawn = await page.evaluate(() => {
      type G = {
        getNodeAttribute(n: string, k: string): unknown;
        forEachEdge(cb: (e: string, a: Record<string, unknown>, s: string, t: string) => void): void;
      };
      const graph = (window.clusterlens!.renderer as { getGraph(): G }).getGraph();
      // Rows from the top; those outside every cluster share the participants' row, their group the clusters'.
      const row: Record<string, number> = {
        authorities: 0,
        regional_agencies: 1,
        cluster_development_centers: 2,
        clusters: 3,
        outside_group: 3,
        participants: 4,
        outside_clusters: 4,
        platforms: 5,
      };
      const segments: {
        source: string;
        target: string;
        span: number;
        toGroup: boolean;
        carries: string[];
      }[] = [];
      graph.forEachEdge((_e, a, s, t) => {
        if (a.layer !== 'governance') return;
        const [cs, ct] = [s, t].map((n) => graph.getNodeAttribute(n, 'category') as string);
        segments.push({
          source: s,
          target: t,
          span: Math.abs(row[cs!]! - row[ct!]!),
          toGroup: cs === 'outside_group' || ct === 'outside_group',
          carries: String(a.carries ?? '').split(' '),
        });
      });
      return segments;
    });
    expect(drawn.length).toBeGreaterThan(0);
    // Adjacent rows only, except a body's tie to the group of those outside every cluster: no centre
    // coordinates that group, so the body is joined to it directly.
    for (const s of drawn) if (!s.toGroup) expect(s.span, `${s.source} → ${s.target}`).toBeLessThanOrEqual(1);
    expect(drawn.some((s) => s.toGroup)).toBe(true);
    const meta = await (await page.request.get(`${base}/api/metacorporation`)).json();
    const ties = (meta.links as { kind: string; source: string; target: string }[])
      .filter((l) => l.kind === 'governance' && l.source !== l.target)
      .map((l) => `${l.source}>${l.target}`);
    // Every governance tie of the API is carried by the drawn segments, and nothing else is.
    const carried = new Set(drawn.flatMap((s) => s.carries));
    expect([...carried].sort()).toEqual([...new Set(ties)].sort());
    const legend = await page.$$eval('#legend [data-legend="Link"] li', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
    const governance = legend.find((t) => t.startsWith('governance'))!;
    expect(governance).toContain(`(${carried.size})`);
    expect(governance).not.toContain('not drawn');
    // The participants outside every cluster are drawn, as many as the level legend says.
    const outside = (meta.levels as { id: string; members: unknown[] }[]).find(
      (l) => l.id === 'outside_clusters',
    )!;
    expect(outside.members.length).toBeGreaterThan(0);
    const levelLegend = await page.$$eval('#legend [data-legend="Level (Fig. 2)"] li', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
    expect(levelLegend.find((t) => t.startsWith('Not in a cluster'))).toContain(
      `(${outside.members.length})`,
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('34-metacorporation-governance') });
  });

  it('names every authority, agency, centre, cluster and platform at the default camera, no two names overlapping', async () => {
    await page.goto(`${base}/?mode=metacorporation`);
    await waitForView(page, 'metacorporation');
    await page.waitForTimeout(500);
    const labels = await page.evaluate(() => {
      const layer = window.clusterlens!.labels!;
      type G = {
        getNodeAttribute(n: string, k: string): unknown;
        forEachNode(cb: (n: string) => void): void;
      };
      const graph = (window.clusterlens!.renderer as { getGraph(): G }).getGraph();
      const framing: string[] = [];
      graph.forEachNode((n) => {
        const c = graph.getNodeAttribute(n, 'category');
        if (c !== 'participants' && c !== 'outside_clusters') framing.push(n);
      });
      return { placed: layer.placed.map((p) => ({ ...p })), dropped: [...layer.dropped], framing };
    });
    expect(labels.dropped).toEqual([]);
    expect(labels.placed.map((p) => p.id).sort()).toEqual(labels.framing.sort());
    const meet = (a: Box, b: Box) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const [i, a] of labels.placed.entries())
      for (const b of labels.placed.slice(i + 1)) expect(meet(a, b), `${a.id} / ${b.id}`).toBe(false);
    // Inside the drawing, and the text is there: the two development centres' full names.
    const size = await page.locator('#sigma').boundingBox();
    for (const p of labels.placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width).toBeLessThanOrEqual(size!.width);
    }
    const meta = await (await page.request.get(`${base}/api/metacorporation`)).json();
    const centres = (meta.levels as { id: string; members: { id: string; name: string }[] }[]).find(
      (l) => l.id === 'cluster_development_centers',
    )!.members;
    for (const c of centres) expect(labels.placed.find((p) => p.id === c.id)!.lines.join(' ')).toBe(c.name);
    await page.screenshot({ path: screenshotPath('36-metacorporation-labels') });

    // The SVG export writes the same names, wrapped into the same lines, where the screen has them.
    const svg = await downloadText(page, '#export-svg');
    const written = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return [...doc.querySelectorAll('g.labels text')].map((t) => ({
        id: t.getAttribute('data-id'),
        lines: [...t.querySelectorAll('tspan')].map((s) => s.textContent),
        x: Number(t.querySelector('tspan')!.getAttribute('x')),
      }));
    }, svg.text);
    expect(written.map((w) => w.id).sort()).toEqual(labels.placed.map((p) => p.id).sort());
    for (const p of labels.placed) {
      const w = written.find((x) => x.id === p.id)!;
      expect(w.lines, p.id).toEqual(p.lines);
      expect(w.x).toBeGreaterThanOrEqual(p.x - 0.1);
      expect(w.x).toBeLessThanOrEqual(p.x + p.width + 0.1);
    }
    const drawing = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1280, height: 900 } });
    await drawing.setContent(svg.text);
    await drawing.screenshot({ path: screenshotPath('38-metacorporation-svg'), fullPage: true });
    await drawing.close();
  });
});

describe('the report’s metacorporation boxes', () => {
  it('show every name in full: no box cuts its text', async () => {
    const meta = await (await page.request.get(`${base}/api/metacorporation`)).json();
    await page.goto(`${base}/api/report`);
    await page.waitForSelector('svg foreignObject .box');
    const boxes = await page.$$eval('svg foreignObject', (objects) =>
      objects.map((o) => {
        const div = o.querySelector('.box') as HTMLElement;
        return {
          text: div.textContent ?? '',
          content: div.scrollHeight,
          room: Number(o.getAttribute('height')),
        };
      }),
    );
    expect(boxes.length).toBeGreaterThan(5);
    for (const b of boxes) expect(b.content, b.text).toBeLessThanOrEqual(b.room);
    // The longest name of the upper levels is there in full (the old boxes cut it at 34 characters).
    const names = (meta.levels as { members: { name: string }[] }[])
      .slice(0, 4)
      .flatMap((l) => l.members.slice(0, 5).map((m) => m.name));
    const longest = names.reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.length).toBeGreaterThan(34);
    expect(boxes.map((b) => b.text)).toContain(longest);
    const svg = page.locator('svg:has(foreignObject)').first();
    await svg.screenshot({ path: screenshotPath('35-report-metacorporation') });
  });
});

describe('hover', () => {
  it('draws the hovered participant and its neighbours on the overlay, under the real mouse, and clears on leave', async () => {
    await page.goto(`${base}/`);
    await waitForView(page);
    await page.waitForTimeout(500);
    const ego = hub();
    const at = await page.evaluate((id) => {
      type R = {
        getGraph(): { getNodeAttributes(n: string): Record<string, unknown> };
        graphToViewport(q: { x: number; y: number }): { x: number; y: number };
        getContainer(): HTMLElement;
      };
      const r = window.clusterlens!.renderer as R;
      const a = r.getGraph().getNodeAttributes(id);
      const v = r.graphToViewport({ x: a.x as number, y: a.y as number });
      const box = r.getContainer().getBoundingClientRect();
      return { x: box.left + v.x, y: box.top + v.y };
    }, ego);
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(
      (id) => document.querySelector('.hover-overlay')?.getAttribute('data-hovered') === id,
      ego,
      {
        timeout: 15_000,
      },
    );
    await page.screenshot({ path: screenshotPath('36-hover-demo') });
    await page.mouse.move(5, 790);
    await page.waitForFunction(
      () => document.querySelector('.hover-overlay')?.getAttribute('data-hovered') === '',
      undefined,
      {
        timeout: 15_000,
      },
    );
    // Hovering never re-processes the drawing: no sigma render is needed for it.
    const renders = await page.evaluate(async (id) => {
      const before = window.clusterlens!.renders;
      const r = window.clusterlens!.renderer as { emit(e: string, p: unknown): void };
      r.emit('enterNode', { node: id });
      await new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      );
      const hovered = document.querySelector('.hover-overlay')?.getAttribute('data-hovered');
      r.emit('leaveNode', { node: id });
      return { added: window.clusterlens!.renders - before, hovered };
    }, ego);
    expect(renders).toEqual({ added: 0, hovered: ego });
  });
});

describe('selection', () => {
  it('draws the selected participant and its partners on the overlay, without re-processing the drawing', async () => {
    await page.goto(`${base}/`);
    await waitForView(page);
    const ego = hub();
    const partners = egoNetwork(ego, 1);
    partners.delete(ego);
    const first = [...egoNetwork(ego, 2)].find((id) => !partners.has(id) && id !== ego)!;
    // The first click opens the participant panel (the drawing narrows once); the second is timed.
    await page.evaluate(
      (id) =>
        (window.clusterlens!.renderer as { emit(e: string, p: unknown): void }).emit('clickNode', {
          node: id,
        }),
      first,
    );
    await page.waitForFunction(
      (id) => document.querySelector('.hover-overlay')?.getAttribute('data-focus') === id,
      first,
    );
    await page.waitForSelector('#panel[data-panel="participant"] #attributes', { timeout: 30_000 });
    await page.waitForTimeout(500);
    const result = await page.evaluate(async (id) => {
      type R = {
        emit(e: string, p: unknown): void;
        getGraph(): { nodes(): string[]; getNodeAttributes(n: string): Record<string, unknown> };
        graphToViewport(q: { x: number; y: number }): { x: number; y: number };
      };
      const r = window.clusterlens!.renderer as R;
      const overlay = document.querySelector<HTMLCanvasElement>('.hover-overlay')!;
      const before = window.clusterlens!.renders;
      const t0 = performance.now();
      r.emit('clickNode', { node: id });
      while (overlay.getAttribute('data-focus') !== id)
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const ms = performance.now() - t0;
      // The overlay's opacity at each drawn participant's centre: 255 where a disc is drawn over the veil.
      const context = overlay.getContext('2d')!;
      const ratio = overlay.width / overlay.clientWidth;
      const alpha: Record<string, number> = {};
      for (const n of r.getGraph().nodes()) {
        const a = r.getGraph().getNodeAttributes(n);
        const v = r.graphToViewport({ x: a.x as number, y: a.y as number });
        if (v.x < 0 || v.y < 0 || v.x >= overlay.clientWidth || v.y >= overlay.clientHeight) continue;
        alpha[n] = context.getImageData(Math.round(v.x * ratio), Math.round(v.y * ratio), 1, 1).data[3]!;
      }
      return { added: window.clusterlens!.renders - before, ms, alpha, url: location.search };
    }, ego);
    expect(new URL(`${base}/${result.url}`).searchParams.get('selected')).toBe(ego);
    // No sigma pass: the selection is the overlay's alone.
    expect(result.added).toBe(0);
    const shownPartners = [...partners].filter((id) => id in result.alpha);
    expect(shownPartners.length).toBeGreaterThan(5);
    for (const id of [ego, ...shownPartners]) expect(result.alpha[id], id).toBe(255);
    // Everyone else lies under the veil (a partner's disc or label may cover a few of them).
    const others = Object.keys(result.alpha).filter((id) => id !== ego && !partners.has(id));
    const veiled = others.filter((id) => result.alpha[id]! < 255).length;
    expect(veiled / others.length).toBeGreaterThan(0.8);
    await page.screenshot({ path: screenshotPath('37-selection-overlay') });
    // Clicking the background clears it.
    await page.evaluate(() =>
      (window.clusterlens!.renderer as { emit(e: string, p: unknown): void }).emit('clickStage', {}),
    );
    await page.waitForFunction(
      () => document.querySelector('.hover-overlay')?.getAttribute('data-focus') === '',
    );
  });
});

describe('no page errors', () => {
  it('raised no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
