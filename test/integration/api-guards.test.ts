/** The API's guards: API keys, closed reads, rate limiting, body size, CORS, the OpenAPI document. */
import { afterEach, describe, expect, it } from 'vitest';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { query } from '../helpers/store.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const smallBundle = { participants: [{ id: 'x-1', kind: 'startup', name: 'X', region: 'lipetsk' }] };

describe('API keys', () => {
  it('refuses writes without a key or with a wrong one (401), and accepts a configured key', async () => {
    t = await demoApp({ keys: ['secret-one', 'secret-two'] });
    const missing = await t.app.inject({ method: 'POST', url: '/api/import', payload: smallBundle });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.json().type).toMatch(/unauthorized$/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: smallBundle,
      headers: { authorization: 'Bearer secret-three' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(await query(t.store, 'MATCH (p:Participant {id: "x-1"}) RETURN p')).toHaveLength(0);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: smallBundle,
      headers: { authorization: 'Bearer secret-two' },
    });
    expect(right.statusCode).toBe(200);
    expect(await query(t.store, 'MATCH (p:Participant {id: "x-1"}) RETURN p')).toHaveLength(1);
    // Reads stay open by default.
    expect((await t.app.inject({ method: 'GET', url: '/api/participants/x-1' })).statusCode).toBe(200);
  });

  it('closes reads when configured, but not the page or the documentation', async () => {
    t = await demoApp({ keys: ['k'], openReads: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/facets' })).statusCode).toBe(401);
    const keyed = await t.app.inject({
      method: 'GET',
      url: '/api/facets',
      headers: { authorization: 'Bearer k' },
    });
    expect(keyed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After past the limit, counted per key or address', async () => {
    t = await demoApp({ rateLimit: 3, keys: ['a', 'b'] });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.app.inject({ method: 'GET', url: '/api/analysis' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/api/analysis' });
    expect(limited.json().type).toMatch(/rate-limited$/);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another key has its own budget.
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/analysis',
      headers: { authorization: 'Bearer b' },
    });
    expect(other.statusCode).toBe(200);
  });
});

describe('body size', () => {
  it('answers 413 with a problem document when the body exceeds the limit, and writes nothing', async () => {
    t = await demoApp({ keys: ['k'], bodyLimit: 1024 });
    const participants = Array.from({ length: 100 }, (_, i) => ({
      id: `big-${i}`,
      kind: 'startup',
      name: `Big ${i}`,
      region: 'lipetsk',
    }));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: { participants },
      headers: { authorization: 'Bearer k' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().type).toMatch(/payload-too-large$/);
    expect(await query(t.store, 'MATCH (p:Participant) WHERE p.id STARTS WITH "big-" RETURN p')).toHaveLength(
      0,
    );
  });
});

describe('CORS', () => {
  it('allows the configured origins only', async () => {
    t = await demoApp({ corsOrigins: ['https://portal.example'] });
    const allowed = await t.app.inject({
      method: 'GET',
      url: '/api/analysis',
      headers: { origin: 'https://portal.example' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example');
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/analysis',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the OpenAPI document', () => {
  it('documents every API route, with the problem responses', async () => {
    t = await demoApp();
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(docs.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/health',
      '/api/facets',
      '/api/participants',
      '/api/participants/{id}',
      '/api/network',
      '/api/metacorporation',
      '/api/import',
      '/api/export',
      '/api/clusters/{id}',
    ]) {
      expect(docs.paths[path], path).toBeDefined();
    }
    expect(t.app.hasRoute({ method: 'GET', url: '/api/network' })).toBe(true);
    expect(docs.paths['/api/network'].get.responses['503']).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});

describe('long computations', () => {
  it('refuses an all-pairs measure beyond the budget, with a hint, and accepts a sampled one', async () => {
    // The demo's 283 participants and 1,159 ties cost 283 · 1,442 ≈ 4·10⁵ steps: over a budget of 10⁵.
    t = await demoApp({}, { budgets: { pathBudget: 1e5 } });
    const exact = await t.app.inject({ method: 'GET', url: '/api/analysis/betweenness' });
    expect(exact.statusCode).toBe(400);
    expect(exact.json().type).toMatch(/invalid-argument$/);
    expect(exact.json().detail).toMatch(/k=/);
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/closeness' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/betweenness?k=50' })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/analysis/pagerank' })).statusCode).toBe(200);
  });
});
