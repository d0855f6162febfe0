/** POST /api/import and GET /api/export: validation, all or nothing, round trips. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle } from '../../src/store/import.ts';
import { graphVersion, networkCounts } from '../../src/store/status.ts';
import { demoApp, multipart, type TestApp } from '../helpers/app.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const auth = { authorization: 'Bearer test-key' };
let t: TestApp;

beforeAll(async () => {
  t = await demoApp({ keys: ['test-key'] });
});
afterAll(async () => {
  // Leave the demo in place for the next test file.
  await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  await t.close();
});

describe('POST /api/import', () => {
  it('refuses an invalid bundle with 422, naming path and field, and changes nothing', async () => {
    const before = await networkCounts(t.store);
    const version = await graphVersion(t.store);
    const bad = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'bad.json'), 'utf8'));
    const response = await t.app.inject({ method: 'POST', url: '/api/import', payload: bad, headers: auth });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.type).toMatch(/invalid-data$/);
    expect(problem.problems.length).toBeGreaterThan(1);
    for (const p of problem.problems) expect(p.file).toBe('request body');
    expect(problem.problems.some((p: { path?: string; field?: string }) => p.path && p.field)).toBe(true);
    expect(await networkCounts(t.store)).toEqual(before);
    expect(await graphVersion(t.store)).toBe(version);
  });

  it('imports CSV files sent as multipart/form-data', async () => {
    const folder = path.join(FIXTURES, 'small-csv');
    const files = fs
      .readdirSync(folder)
      .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
    const body = multipart(files);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/import?replace=true',
      payload: body.payload,
      headers: { ...body.headers, ...auth },
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.changed).toBe(true);
    const participants =
      fs.readFileSync(path.join(folder, 'participants.csv'), 'utf8').trim().split('\n').length - 1;
    expect((await networkCounts(t.store)).participants).toBe(participants);
  });

  it('refuses a CSV upload with an unknown file, naming it', async () => {
    const body = multipart([{ name: 'people.csv', text: 'id\nx\n' }]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: body.payload,
      headers: { ...body.headers, ...auth },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().problems.map((p: { file: string }) => p.file)).toContain('people.csv');
  });

  it('imports a JSON bundle and reports an unchanged re-import', async () => {
    const demo = fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8');
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/import?replace=true',
      payload: demo,
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().changed).toBe(true);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: demo,
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(again.json().changed).toBe(false);
  });
});

describe('bundle imports in the audit trail', () => {
  const audit = async (query: string) =>
    (await t.app.inject({ url: `/api/audit?operation=bundle.import&${query}`, headers: auth })).json();
  const post = (url: string, payload: string) =>
    t.app.inject({ method: 'POST', url, payload, headers: { ...auth, 'content-type': 'application/json' } });

  it('records who imported, the counts and the graph versions before and after; a refused import not at all', async () => {
    const { total } = await audit('limit=1');
    const refused = await post('/api/import', fs.readFileSync(path.join(FIXTURES, 'bad.json'), 'utf8'));
    expect(refused.statusCode).toBe(422);
    expect((await audit('limit=1')).total).toBe(total);

    const before = await graphVersion(t.store);
    const imported = await post('/api/import', fs.readFileSync(path.join(FIXTURES, 'small.json'), 'utf8'));
    expect(imported.statusCode).toBe(200);
    const report = imported.json();
    expect(report.changed).toBe(true);
    const page = await audit('limit=1');
    expect(page.total).toBe(total + 1);
    // The key's label, as security.ts derives it: the first 16 hex digits of the key's SHA-256.
    const label = `key:${createHash('sha256').update('test-key').digest('hex').slice(0, 16)}`;
    expect(page.items[0]).toMatchObject({
      client: label,
      operation: 'bundle.import',
      ids: [report.importId],
      status: 200,
      graphVersionBefore: before,
      graphVersion: report.graphVersion,
      idempotencyKey: null,
      import: {
        replace: false,
        importId: report.importId,
        collections: report.collections,
        deleted: 0,
        changed: true,
      },
    });
    expect(report.graphVersion).toBeGreaterThan(before);
    expect(await graphVersion(t.store)).toBe(report.graphVersion);

    // An import that changes nothing is recorded too, with the version it left unchanged.
    const again = (
      await post('/api/import', fs.readFileSync(path.join(FIXTURES, 'small.json'), 'utf8'))
    ).json();
    expect(again.changed).toBe(false);
    const [entry] = (await audit(`id=${again.importId}`)).items;
    expect(entry).toMatchObject({
      graphVersionBefore: report.graphVersion,
      graphVersion: report.graphVersion,
    });
    expect(entry.import).toMatchObject({ changed: false, collections: again.collections });
  });
});

describe('GET /api/export', () => {
  it('returns the stored network as JSON, equal to the store export', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/export?format=json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/clusterlens\.json/);
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(await exportBundle(t.store))));
  });

  it('returns one CSV collection (participants unless asked), GEXF and GraphML', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/export?format=csv&collection=ties' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^source,target,layer/);
    const gexf = await t.app.inject({ method: 'GET', url: '/api/export?format=gexf' });
    expect(gexf.body).toContain('<gexf');
    const graphml = await t.app.inject({ method: 'GET', url: '/api/export?format=graphml' });
    expect(graphml.body).toContain('<graphml');
    const noCollection = await t.app.inject({ method: 'GET', url: '/api/export?format=csv' });
    expect(noCollection.statusCode).toBe(200);
    expect(noCollection.body.split('\n')[0]).toMatch(/^id,/);
    expect((await t.app.inject({ method: 'GET', url: '/api/export?format=xls' })).statusCode).toBe(400);
  });
});

describe("POST /api/did on the caller's own panel", () => {
  const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'did', name), 'utf8');

  it("estimates Callaway & Sant'Anna on mpdta sent as text/csv (values from R did's att_gt, as in did-callaway-santanna.test.ts)", async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/did?unit=countyreal&time=year&outcome=lemp&cohort=first.treat&estimator=cs',
      payload: fixture('mpdta.csv'),
      headers: { 'content-type': 'text/csv', ...auth },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const cell = (g: number, time: number) =>
      body.attgt.find((c: { group: number; time: number }) => c.group === g && c.time === time).att;
    expect(cell(2004, 2004)).toBeCloseTo(-0.0105032, 6);
    expect(cell(2004, 2005)).toBeCloseTo(-0.0704232, 6);
    expect(cell(2006, 2006)).toBeCloseTo(-0.0045946, 6);
    expect(cell(2007, 2007)).toBeCloseTo(-0.0260544, 6);
  });

  it('estimates a 2 × 2 with covariates from JSON rows (KIELMC; Wooldridge, Introductory Econometrics, Example 13.3)', async () => {
    const [header, ...lines] = fixture('kielmc.csv').trim().split('\n');
    const columns = header!.split(',');
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((v, i) => [columns[i], Number(v)])),
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/did',
      payload: { rows, time: 'y81', outcome: 'rprice', treat: 'nearinc', post: 'y81', estimator: '2x2' },
      headers: auth,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().did).toBeCloseTo(-11863.903252, 5);
  });

  it('refuses a bad panel with 422, naming the column and the rows', async () => {
    const csv = 'unit,year,y,cohort\na,2000,1,0\na,2000,2,0\nb,2000,x,2001\n';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/did?unit=unit&time=year&outcome=y&cohort=cohort',
      payload: csv,
      headers: { 'content-type': 'text/csv', ...auth },
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.type).toMatch(/invalid-data$/);
    expect(problem.problems.some((p: { field?: string }) => p.field === 'y')).toBe(true);
    const neither = await t.app.inject({
      method: 'POST',
      url: '/api/did',
      payload: { time: 'year', outcome: 'y' },
      headers: auth,
    });
    expect(neither.statusCode).toBe(400);
  });
});
