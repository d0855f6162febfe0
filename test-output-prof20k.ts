import { launchChromium, VIEWPORT, waitForView } from '/work/wt-h7-view/test/e2e/browser.ts';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: VIEWPORT });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
await cdp.send('Profiler.start');
const t0 = Date.now();
await page.goto('http://127.0.0.1:3370/?limit=20000', { timeout: 300_000 });
await page.waitForFunction(() => window.clusterlens?.firstRenderMs !== null, undefined, { timeout: 300_000, polling: 250 });
const { profile } = await cdp.send('Profiler.stop');
console.log('firstRender', await page.evaluate(() => window.clusterlens!.firstRenderMs), 'wall', Date.now() - t0);
console.log(await page.evaluate(() => JSON.stringify(performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/')).map((e) => [e.name.slice(22, 60), Math.round(e.startTime), Math.round(e.duration)]))));
// self time by function
const self = new Map<string, number>();
const dt = profile.timeDeltas!;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<number, number>();
profile.samples!.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + us / 1000);
}
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join('\n'));
await browser.close();
