/**
 * Complete reads (issue 15, item 2): totals on paged lists, `fields=` on the participant list, and the
 * suggestion filters `platforms`, `exclude` and `minScore` (with unknown ids refused); the 422 of a bundle
 * with many problems says how many in all; an import that keeps meeting concurrent changes is a 409.
 * Reference values come from the demo bundle as imported (seed/lipetsk.json) and from the unfiltered
 * answers of the same server.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProblem } from '../../src/api/errors.ts';
import { MAX_PROBLEMS } from '../../src/errors.ts';
import { ImportConflictError } from '../../src/store/import.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { testEnv } from '../helpers/store.ts';

const KEY = 'reads-key';
let t: TestApp;
beforeAll(async () => {
  t = await demoApp({ keys: [KEY] });
});
afterAll(async () => {
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (url: string): Promise<{ status: number; body: any }> => {
  const r = await t.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
};

interface Suggestion {
  id: string;
  score: number;
}

describe('totals on paged lists', () => {
  it('gives the number of all items that the filters match, whatever the page', async () => {
    const all = await get('/api/participants?limit=7');
    expect(all.body.total).toBe(t.demo.participants.length);
    const universities = t.demo.participants.filter((p) => p.kind === 'university').length;
    const first = await get('/api/participants?limit=1&kind=university');
    expect(first.body.total).toBe(universities);
    const second = await get(`/api/participants?limit=1&kind=university&cursor=${first.body.nextCursor}`);
    expect(second.body.total).toBe(universities);
    const q = await get('/api/participants?limit=1000&q=app-');
    expect(q.body.total).toBe(q.body.items.length);
    for (const entity of ['clusters', 'platforms', 'projects'] as const) {
      const page = await get(`/api/${entity}?limit=1`);
      expect(page.body.total, entity).toBe(t.demo[entity].length);
    }
  });
});

describe('fields= on the participant list', () => {
  it('adds the asked fields, as the bundle has them, and only those', async () => {
    const { status, body } = await get('/api/participants?limit=1000&fields=clusters,platforms,employees');
    expect(status).toBe(200);
    const item = body.items.find((i: { id: string }) => i.id === 'app-001');
    const clusters = t.demo.memberships
      .filter((m) => m.participant === 'app-001' && m.cluster)
      .map((m) => m.cluster)
      .sort();
    const platforms = t.demo.memberships
      .filter((m) => m.participant === 'app-001' && m.platform)
      .map((m) => m.platform)
      .sort();
    expect(item.clusters).toEqual(clusters);
    expect(item.platforms).toEqual(platforms);
    expect(item.employees).toBe(t.demo.participants.find((p) => p.id === 'app-001')!.employees ?? null);
    expect(item).not.toHaveProperty('municipality');
    const plain = await get('/api/participants?limit=1');
    expect(Object.keys(plain.body.items[0]).sort()).toEqual(['id', 'kind', 'name', 'region']);
    expect((await get('/api/participants?fields=clusters,salary')).status).toBe(400);
  });
});

describe('suggestion filters', () => {
  const base = '/api/participants/app-001/suggestions?scorer=combined';
  it('exclude leaves out the given ids and keeps the order of the rest', async () => {
    const full = (await get(`${base}&limit=1000`)).body.suggestions as Suggestion[];
    const excluded = full.slice(0, 2).map((s) => s.id);
    const { body } = await get(`${base}&limit=5&exclude=${excluded.join(',')}`);
    expect(body.suggestions.map((s: Suggestion) => s.id)).toEqual(full.slice(2, 7).map((s) => s.id));
    expect(body.options.exclude).toEqual(excluded);
  });

  it('platforms keeps the candidates on them: the unfiltered ranking, filtered', async () => {
    const platform = t.demo.platforms[0]!.id;
    const on = new Set(t.demo.memberships.filter((m) => m.platform === platform).map((m) => m.participant));
    const full = (await get(`${base}&limit=1000`)).body.suggestions as Suggestion[];
    const { body } = await get(`${base}&limit=5&platforms=${platform}`);
    const expected = full.filter((s) => on.has(s.id)).slice(0, 5);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.suggestions.map((s: Suggestion) => s.id)).toEqual(expected.map((s) => s.id));
  });

  it('minScore keeps the candidates scoring at least that', async () => {
    const full = (await get(`${base}&limit=1000`)).body.suggestions as Suggestion[];
    const min = full[3]!.score;
    const { body } = await get(`${base}&limit=50&minScore=${min}`);
    expect(body.suggestions.map((s: Suggestion) => s.id)).toEqual(
      full.filter((s) => s.score >= min).map((s) => s.id),
    );
  });

  it('refuses unknown ids in exclude with a 400 that lists them', async () => {
    const { status, body } = await get(`${base}&exclude=app-002,nobody-1,nobody-2`);
    expect(status).toBe(400);
    expect(body.errors.map((e: { value: string }) => e.value)).toEqual(['nobody-1', 'nobody-2']);
    expect(body.errors[0].field).toBe('exclude');
  });
});

describe('the CLI takes the same filters', () => {
  it('suggest --exclude --platforms --min-score gives what the API gives, and refuses unknown ids with exit 2', async () => {
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(import.meta.dirname, '..', '..', 'bin', 'clusterlens.js'), 'suggest', 'app-001', ...args],
        { env: testEnv(), encoding: 'utf8', timeout: 120_000 },
      );
    const platform = t.demo.platforms[0]!.id;
    const full = (await get('/api/participants/app-001/suggestions?scorer=combined&limit=3')).body
      .suggestions as Suggestion[];
    const query = `scorer=combined&limit=4&exclude=${full[0]!.id}&platforms=${platform}&minScore=0`;
    const api = (await get(`/api/participants/app-001/suggestions?${query}`)).body;
    const run = cli(
      '--scorer',
      'combined',
      '--limit',
      '4',
      '--exclude',
      full[0]!.id,
      '--platforms',
      platform,
      '--min-score',
      '0',
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).suggestions).toEqual(api.suggestions);
    const bad = cli('--exclude', 'nobody-1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/exclude: unknown value 'nobody-1'/);
  });
});

describe('import errors', () => {
  it('the 422 of a bundle with many problems says the total and lists at most the first ones', async () => {
    const participants = Array.from({ length: MAX_PROBLEMS + 50 }, (_, i) => ({
      id: `bad-${i}`,
      kind: 'startup',
      name: `Bad ${i}`,
      region: 'lipetsk',
      employees: -1,
    }));
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ participants }),
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().total).toBe(MAX_PROBLEMS + 50);
    expect(r.json().problems).toHaveLength(MAX_PROBLEMS);
    expect((await get('/api/participants?limit=1')).body.total).toBe(t.demo.participants.length);
  });

  it('a POST /api/import without a body is a 400 that says what to send (schemathesis found a 500)', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/import?replace=false',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/no body/);
  });

  it('an import that kept meeting concurrent changes is a 409 problem, not a 503 or a 500', () => {
    const problem = toProblem(
      new ImportConflictError('ties refer to participants a concurrent import deleted'),
    );
    expect(problem.status).toBe(409);
    expect(problem.type).toMatch(/import-conflict$/);
  });
});
