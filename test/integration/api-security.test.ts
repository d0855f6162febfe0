/**
 * The API under attack (issue: the key check walked around, one request stalling the server): path
 * variants of every documented route without a key; the heaviest allowed computation beside
 * /api/health; out-of-bounds iteration parameters; invented tokens against the rate limit; multipart
 * bodies against the body limit; requests that never finish arriving.
 */
import fs from 'node:fs';
import net from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticNetwork } from '../../bench/synthetic.ts';
import { serverShardThreads } from '../../src/api/compute/pool.ts';
import { rawBundleFromJson } from '../../src/exchange/json.ts';
import { importBundle } from '../../src/store/import.ts';
import { demoApp, multipart, type TestApp } from '../helpers/app.ts';
import { query } from '../helpers/store.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const synthetic = (n: number, m: number) =>
  rawBundleFromJson(JSON.parse(JSON.stringify(syntheticNetwork(n, m))), 'synthetic.json');

/** Threads of this process (Linux): the test's, the server's and every computation and shard thread. */
const threadCount = () => fs.readdirSync('/proc/self/task').length;

const participantCount = async (app: TestApp) =>
  (await query<{ n: number }>(app.store, 'MATCH (p:Participant) RETURN count(p) AS n'))[0]!.n;

/** The ways a path can be written that a router might read as the plain one (or a guard might not). */
function variants(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  const encodeFirst = (s: string) => `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`;
  const last = segments.length - 1;
  const withSegment = (i: number, f: (s: string) => string) =>
    `/${segments.map((s, j) => (j === i ? f(s) : s)).join('/')}`;
  return [
    withSegment(0, encodeFirst), // /%61pi/import
    withSegment(last, encodeFirst), // /api/%69mport
    withSegment(0, (s) => `%25${s.charCodeAt(0).toString(16)}${s.slice(1)}`), // double-encoded
    withSegment(0, (s) => s.replace(/./g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)),
    withSegment(0, (s) => s.toUpperCase()), // /API/import
    withSegment(last, (s) => s[0]!.toUpperCase() + s.slice(1)), // /api/Import
    `${path}/`, // trailing slash
    `/${segments[0]}/./${segments.slice(1).join('/')}`, // dot segment
    `/${segments[0]}/x/../${segments.slice(1).join('/')}`, // dot-dot segment
    `/./${segments.join('/')}`,
    `//${segments.join('/')}`, // duplicate slashes
    `/${segments[0]}//${segments.slice(1).join('/')}`,
    `/${segments[0]}%2f${segments.slice(1).join('/')}`, // encoded slash
    `/${segments[0]}%2F${segments.slice(1).join('/')}`,
    `${path};x=1`, // matrix parameter
    `${path}%00`,
    `${path}#fragment`,
  ];
}

describe('authorisation follows the matched route, not the written path', () => {
  for (const openReads of [true, false]) {
    it(`gives every variant of every documented route the plain path's answer (reads ${openReads ? 'open' : 'closed'})`, async () => {
      t = await demoApp({ keys: ['the-key'], openReads });
      const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
      const before = await participantCount(t);
      const ids: Record<string, string> = {
        participants: t.demo.participants[0]!.id,
        clusters: t.demo.clusters[0]!.id,
        platforms: t.demo.platforms[0]!.id,
        projects: t.demo.projects[0]!.id,
      };
      const body = { participants: [{ id: 'intruder', kind: 'startup', name: 'X', region: 'r' }] };
      let checked = 0;
      for (const [template, operations] of Object.entries(docs.paths as Record<string, object>)) {
        if (!template.startsWith('/api/')) continue;
        const path = template.replace(
          /\/(\w+)\/\{id\}/g,
          (_m, collection: string) => `/${collection}/${ids[collection] ?? 'x'}`,
        );
        for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
          const send = (url: string) =>
            t!.app.inject({
              method: method as 'GET' | 'POST',
              url: method === 'POST' && url.includes('import') ? `${url}?replace=true` : url,
              ...(method === 'POST' ? { payload: body } : {}),
            });
          const plain = (await send(path)).statusCode;
          const closed = method !== 'GET' || !openReads;
          if (closed) expect(plain, `${method} ${path}`).toBe(401);
          for (const variant of variants(path)) {
            const status = (await send(variant)).statusCode;
            checked++;
            // The router either sees the plain route (then the same answer) or no route at all: 404, 405
            // when the path exists under other methods, 403 or 400 from the static files' own checks.
            if (![400, 403, 404, 405].includes(status)) expect(status, `${method} ${variant}`).toBe(plain);
            if (closed) expect(status, `${method} ${variant}`).not.toBeLessThan(300);
          }
        }
      }
      expect(checked).toBeGreaterThan(300);
      // Nothing was imported, and the reproducer of the report is refused.
      expect(await participantCount(t)).toBe(before);
      const reproducer = await t.app.inject({
        method: 'POST',
        url: '/%61pi/import?replace=true',
        payload: body,
      });
      expect(reproducer.statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/%61pi/export?format=json' })).statusCode).toBe(
        openReads ? 200 : 401,
      );
      expect(await participantCount(t)).toBe(before);
    }, 300_000);
  }

  it('refuses an invalid key even where none is needed, and accepts the valid one everywhere', async () => {
    t = await demoApp({ keys: ['the-key'] });
    const bogus = await t.app.inject({
      method: 'GET',
      url: '/api/facets',
      headers: { authorization: 'Bearer bogus' },
    });
    expect(bogus.statusCode).toBe(401);
    expect(bogus.json().type).toMatch(/unauthorized$/);
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/facets',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.statusCode).toBe(401);
    const good = await t.app.inject({
      method: 'GET',
      url: '/%61pi/facets',
      headers: { authorization: 'Bearer the-key' },
    });
    expect(good.statusCode).toBe(200);
  });
});

describe('one request cannot stall the server', () => {
  it('refuses out-of-bounds iteration parameters at once (400)', async () => {
    t = await demoApp();
    // The first request of an app compiles its validators: not what is measured here.
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/hits?tolerance=-1' })).statusCode).toBe(
      400,
    );
    for (const url of [
      '/api/analysis/hits?tolerance=0&maxIterations=1000000',
      '/api/analysis/hits?tolerance=0',
      '/api/analysis/eigenvector?maxIterations=1000000',
      '/api/analysis/pagerank?tolerance=1e-20',
      '/api/analysis/label-propagation?maxIterations=100001',
    ]) {
      const started = performance.now();
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().type).toMatch(/invalid-request$/);
      expect(performance.now() - started, url).toBeLessThan(100);
    }
  });

  it('refuses an explicit iteration limit beyond the work budget, and lowers the default to it', async () => {
    // The demo's 283 participants and 1,159 ties are 1,442 steps per sweep: 1,442 · 300 = 432,600.
    t = await demoApp({}, { budgets: { iterationBudget: 432_600 } });
    const explicit = await t.app.inject({ method: 'GET', url: '/api/analysis/pagerank?maxIterations=1000' });
    expect(explicit.statusCode).toBe(400);
    expect(explicit.json().detail).toMatch(/at most 300\b/);
    const bounded = await t.app.inject({ method: 'GET', url: '/api/analysis/pagerank' });
    expect(bounded.statusCode).toBe(200);
    expect(bounded.json().options.maxIterations).toBe(300);
    // 3 iterations cannot meet the default tolerance: an error, never an unconverged vector.
    const short = await t.app.inject({ method: 'GET', url: '/api/analysis/pagerank?maxIterations=3' });
    expect(short.statusCode).toBe(422);
    expect(short.json().type).toMatch(/not-converged$/);
  });

  it('answers /api/health within 100 ms while the heaviest computation the budget allows runs', async () => {
    // A network whose exact closeness is exactly the budget: the heaviest all-pairs request allowed.
    // Exact closeness on 6,000 participants and 30,000 ties: about 2 s of one core, sharded over
    // serverShardThreads() (the event loop keeps a core of its own). Half that network took 489 ms on a
    // CI machine with more cores, too short for the check below to mean anything.
    const n = 6000;
    const m = 30_000;
    t = await demoApp({}, { budgets: { pathBudget: n * (n + m) } });
    await importBundle(t.store, synthetic(n, m), { replace: true });
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // Warm the thread and the network (the first request also starts the thread), and Neo4j's plans
    // for the health check's counts on the new graph.
    expect((await fetch(`${address}/api/analysis/degree`)).status).toBe(200);
    expect((await fetch(`${address}/api/health`)).status).toBe(200);

    // How late a 10 ms timer fires on the server's thread: a blocked event loop shows here first. On 2
    // shared cores the operating system alone can hold this process back 100 ms once in a while (a CI run
    // read one 116 ms tick with every health check answered in 5-42 ms): the measurement is taken again,
    // at most three times, until a run is free of that; a blocked event loop is late in every run. Each
    // run asks for another all-pairs computation of the same cost (a repeated one would be cached).
    const heaviest = ['closeness', 'harmonic', 'closeness?wassermanFaust=false'];
    const measure = async (path: string) => {
      const lags: number[] = [];
      let last = performance.now();
      const monitor = setInterval(() => {
        const now = performance.now();
        lags.push(Math.round(now - last));
        last = now;
      }, 10);
      const started = performance.now();
      let finished = 0;
      const heavy = fetch(`${address}/api/analysis/${path}`).then((r) => {
        finished = performance.now();
        return r.status;
      });
      const latencies: number[] = [];
      while (finished === 0) {
        const t0 = performance.now();
        const health = await fetch(`${address}/api/health`);
        expect(health.status).toBe(200);
        if (finished === 0) latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await heavy).toBe(200);
      clearInterval(monitor);
      return { lags, latencies, took: finished - started };
    };
    let run = await measure(heaviest[0]!);
    for (let again = 1; again < heaviest.length && Math.max(...run.lags) >= 100; again++)
      run = await measure(heaviest[again]!);
    const { lags, latencies, took } = run;
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    console.log(
      `all-pairs ${Math.round(took)} ms; /api/health meanwhile (ms): ${sorted.map(Math.round).join(' ')}`,
    );
    // The test means something only if the computation took a while.
    expect(took).toBeGreaterThan(500);
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    // The server's own share: its event loop never waits 100 ms while the computation runs, so health
    // checks answer as fast as Neo4j does (typically well within 100 ms), and none is held for the whole
    // computation, as a blocked event loop would hold it.
    expect(Math.max(...lags)).toBeLessThan(100);
    expect(median).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(took);
  });

  it('stops a computation at the deadline (422) with all its shard threads, and the next one runs on a fresh thread', async () => {
    // Exact closeness on 6,000 participants and 30,000 ties: about 2 s of one core, well past the 0.5 s
    // deadline on serverShardThreads() threads (one on 2 cores, up to 4 elsewhere); degree takes a few ms.
    t = await demoApp({ computeDeadlineMs: 500 });
    await importBundle(t.store, synthetic(6000, 30_000), { replace: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/degree' })).statusCode).toBe(200);
    const threadsBefore = threadCount();
    const started = performance.now();
    let peakThreads = 0;
    const counting = setInterval(() => (peakThreads = Math.max(peakThreads, threadCount())), 50);
    const slow = await t.app.inject({ method: 'GET', url: '/api/analysis/closeness' });
    clearInterval(counting);
    expect(slow.statusCode).toBe(422);
    expect(slow.json().type).toMatch(/too-costly$/);
    expect(performance.now() - started).toBeLessThan(1500);
    // The computation ran on more threads than the computation thread alone (its shards), where the
    // server shards (more than 2 cores) …
    if (serverShardThreads() > 1) expect(peakThreads).toBeGreaterThan(threadsBefore);
    // … and every one of them has stopped shortly after the answer: the process (its threads included)
    // is nearly idle, where one shard still running would use a whole core, and the computation thread
    // and its shards are gone.
    await new Promise((r) => setTimeout(r, 300));
    const cpuFrom = process.cpuUsage();
    const wallFrom = performance.now();
    await new Promise((r) => setTimeout(r, 700));
    const cpu = process.cpuUsage(cpuFrom);
    const busy = (cpu.user + cpu.system) / 1000 / (performance.now() - wallFrom);
    console.log(
      `threads ${threadsBefore} before, ${peakThreads} at most, ${threadCount()} after; busy ${busy}`,
    );
    expect(busy).toBeLessThan(0.25);
    expect(threadCount()).toBeLessThan(threadsBefore);
    // A small request after it: the thread that was stopped has been replaced.
    const next = await t.app.inject({ method: 'GET', url: '/api/analysis/degree?kinds=startup' });
    expect(next.statusCode).toBe(200);
  }, 180_000);

  it('lets one client run only so many computations at once (429)', async () => {
    t = await demoApp({ computationsPerClient: 1 });
    // Closeness on 3,000 participants and 15,000 ties runs about half a second or more: still running
    // when the second request comes 100 ms later.
    await importBundle(t.store, synthetic(3000, 15_000), { replace: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/degree' })).statusCode).toBe(200);
    const first = t.app.inject({ method: 'GET', url: '/api/analysis/closeness' });
    await new Promise((r) => setTimeout(r, 100));
    const second = await t.app.inject({ method: 'GET', url: '/api/analysis/harmonic' });
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBeDefined();
    expect((await first).statusCode).toBe(200);
    // Cached results are not computations: they are served at once.
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/closeness' })).statusCode).toBe(200);
  });
});

describe('rate limits count verified keys, and addresses for everything else', () => {
  it('gives invented tokens no fresh budget', async () => {
    t = await demoApp({ rateLimit: 3, keys: ['good'] });
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/analysis' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis' })).statusCode).toBe(429);
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/analysis',
        headers: { authorization: `Bearer bogus-${i}` },
      });
      statuses.add(r.statusCode);
    }
    // Counted as the address's requests, which are spent: guessing keys is rate-limited too.
    expect([...statuses]).toEqual([429]);
    // A real key has a budget of its own.
    const keyed = await t.app.inject({
      method: 'GET',
      url: '/api/analysis',
      headers: { authorization: 'Bearer good' },
    });
    expect(keyed.statusCode).toBe(200);
  });
});

describe('one body limit per request, multipart included', () => {
  const parts = Array.from({ length: 9 }, (_, i) => ({
    name: `part-${i}.csv`,
    text: `id,kind,name,region\n${Array.from({ length: 30 }, (_, j) => `p${i}-${j},startup,Part ${i} ${j},r`).join('\n')}`,
  }));

  it('refuses nine parts that are each under the limit but together over it (413), with or without a length', async () => {
    t = await demoApp({ keys: ['k'], bodyLimit: 1000 });
    const before = await participantCount(t);
    const { payload, headers } = multipart(parts);
    expect(Buffer.byteLength(payload)).toBeGreaterThan(5000);
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload,
      headers: { ...headers, authorization: 'Bearer k' },
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().type).toMatch(/payload-too-large$/);
    // Sent as a stream: no Content-Length, so the parts are counted as they arrive.
    const streamed = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: Readable.from([Buffer.from(payload)]),
      headers: { ...headers, authorization: 'Bearer k' },
    });
    expect(streamed.statusCode).toBe(413);
    expect(await participantCount(t)).toBe(before);
  });
});

describe('request timeouts', () => {
  it('closes a connection whose request never finishes arriving', async () => {
    t = await demoApp({ keys: ['k'], requestTimeoutMs: 1000, headersTimeoutMs: 500 });
    const address = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    const hang = (text: string) =>
      new Promise<{ closedAfterMs: number; response: string }>((resolve) => {
        const socket = net.connect(Number(address.port), address.hostname);
        const started = performance.now();
        let response = '';
        socket.on('data', (d) => (response += d.toString()));
        socket.on('close', () => resolve({ closedAfterMs: performance.now() - started, response }));
        socket.on('error', () => {});
        socket.write(text);
        setTimeout(() => socket.destroy(), 10_000);
      });
    const [body, headers] = await Promise.all([
      // Announces 100 bytes, sends 8.
      hang(
        'POST /api/did HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"rows":',
      ),
      // Never finishes its headers.
      hang('GET /api/health HTTP/1.1\r\nHost: x\r\n'),
    ]);
    expect(body.closedAfterMs).toBeLessThan(4000);
    expect(headers.closedAfterMs).toBeLessThan(4000);
    expect(body.response).toMatch(/^HTTP\/1.1 408|^$/);
  });
});
