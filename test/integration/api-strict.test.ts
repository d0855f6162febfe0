/**
 * Strict reads: a filter value that names nothing stored is a 400 that lists what exists (and the value
 * most likely meant), in the API and in the CLI alike; a cursor the server did not give out is refused;
 * enum errors name the allowed values.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closest } from '../../src/domain/known-values.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { testEnv } from '../helpers/store.ts';

let t: TestApp;
beforeAll(async () => {
  t = await demoApp();
});
afterAll(async () => {
  await t.close();
});

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
};

describe('unknown filter values', () => {
  it('refuses a misspelt kind with the kind it most likely meant and every known kind', async () => {
    const participant = t.demo.participants[0]!.id;
    for (const url of [
      `/api/participants/${participant}/suggestions?kinds=universty`,
      '/api/participants?kind=universty',
      '/api/analysis/degree?kinds=enterprise,universty',
      '/api/network?kinds=universty',
      '/api/gaps?kinds=universty',
    ]) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.type).toMatch(/invalid-request$/);
      const error = body.errors.find((e: { value: string }) => e.value === 'universty');
      expect(error.closest, url).toBe('university');
      expect(error.allowed).toContain('research_institute');
      expect(body.detail).toMatch(/did you mean 'university'/);
    }
  });

  it('refuses clusters, platforms, regions, layers and indicators that do not exist', async () => {
    const cases: [string, string][] = [
      ['/api/participants?cluster=nope', 'cluster'],
      ['/api/participants?platform=nope', 'platform'],
      ['/api/participants?region=nope', 'region'],
      ['/api/analysis/pagerank?clusters=dolina,nope', 'clusters'],
      ['/api/analysis/pagerank?layers=rnd,nope', 'layers'],
      ['/api/did?indicator=nope&groupBy=cluster', 'indicator'],
    ];
    for (const [url, field] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(
        body.errors.map((e: { field: string }) => e.field),
        url,
      ).toContain(field);
    }
  });

  it('accepts every value that exists, including the derived platform layer', async () => {
    const cluster = t.demo.clusters[0]!.id;
    const region = t.demo.participants[0]!.region;
    for (const url of [
      '/api/participants?kind=university',
      `/api/participants?cluster=${cluster}&region=${region}`,
      `/api/analysis/degree?kinds=university,enterprise&clusters=${cluster}&layers=rnd,platform`,
    ]) {
      const { status, body } = await get(url);
      expect(status, url).toBe(200);
      expect(JSON.stringify(body).length).toBeGreaterThan(50);
    }
    const universities = (await get('/api/participants?kind=university')).body;
    expect(universities.items.length).toBeGreaterThan(0);
  });

  it('finds the closest value only when it is close', () => {
    expect(closest('startupp', ['startup', 'enterprise'])).toBe('startup');
    expect(closest('Universty', ['university'])).toBe('university');
    expect(closest('zzzzzz', ['startup', 'enterprise'])).toBeUndefined();
  });
});

describe('cursors and enums', () => {
  it('refuses a cursor it did not give out, and follows the ones it did', async () => {
    const garbage = await get('/api/participants?cursor=garbage');
    expect(garbage.status).toBe(400);
    expect(garbage.body.detail).toMatch(/cursor/);
    const first = await get('/api/participants?limit=2');
    const second = await get(`/api/participants?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].id > first.body.items[1].id).toBe(true);
  });

  it('names the allowed values of an enum', async () => {
    const { status, body } = await get('/api/gaps?groupBy=clustr');
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/must be one of: .*cluster.*kind/);
    expect(body.detail).toMatch(/cluster/);
  });
});

describe('methods', () => {
  it('answers 405 with Allow for a path that exists under other methods, and 404 for no path', async () => {
    const participant = t.demo.participants[0]!.id;
    for (const [method, url, allow] of [
      ['DELETE', '/api/participants', 'GET, HEAD, POST'],
      ['PUT', `/api/participants/${participant}`, 'DELETE, GET, HEAD, PATCH'],
      ['GET', '/api/import', 'POST'],
      ['PATCH', '/api/did', 'GET, HEAD, POST'],
      // The web view answers GET and HEAD (built: any static path; not built: a page that says how).
      ['TRACE', '/', 'GET, HEAD'],
    ] as const) {
      const r = await t.app.inject({ method, url });
      expect(r.statusCode, `${method} ${url}`).toBe(405);
      expect(r.headers.allow).toBe(allow);
      expect(r.json().type).toMatch(/method-not-allowed$/);
    }
    expect((await t.app.inject({ method: 'DELETE', url: '/api/nothing-here' })).statusCode).toBe(404);
  });
});

describe('the CLI refuses the same values', () => {
  it('exits 2 with the same message for a misspelt kind', async () => {
    const root = path.join(import.meta.dirname, '..', '..');
    const participant = t.demo.participants[0]!.id;
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'clusterlens.js'), 'suggest', participant, '--kinds', 'universty'],
      { env: testEnv(), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status).toBe(2);
    const api = await get(`/api/participants/${participant}/suggestions?kinds=universty`);
    expect(run.stderr).toContain(api.body.detail);
  });
});
