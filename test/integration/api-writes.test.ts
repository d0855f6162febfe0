/**
 * The granular writes (POST/PATCH/DELETE /api/participants, /api/ties, memberships, /api/observations)
 * against the real Neo4j: each route's happy path, bodies refused field by field as the exchange format
 * refuses them, unknown references, keys, stale If-Match, Idempotency-Key retries, the audit trail, and
 * the database exactly as it was after every refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { importBundle } from '../../src/store/import.ts';
import { graphVersion } from '../../src/store/status.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { query } from '../helpers/store.ts';

const auth = { authorization: 'Bearer test-key' };
let t: TestApp;

beforeAll(async () => {
  t = await demoApp({ keys: ['test-key'] });
});
afterAll(async () => {
  await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  await t.close();
});

/** Everything a write could change, counted, with the graph version and one participant's properties. */
async function snapshot() {
  const [row] = await query<Record<string, unknown>>(
    t.store,
    `RETURN COUNT { (:Participant) } AS participants, COUNT { ()-[:TIE]->() } AS ties,
       COUNT { ()-[:MEMBER_OF|JOINED|PART_OF]->() } AS memberships, COUNT { (:Observation) } AS observations,
       COUNT { (:Region) } AS regions, COUNT { (:Layer) } AS layers, COUNT { (:AuditEntry) } AS audit,
       COUNT { (:IdempotencyKey) } AS idempotency,
       COLLECT { MATCH (p:Participant) WHERE p.id IN $watched RETURN properties(p) AS props ORDER BY p.id }
         AS watched,
       reduce(s = 0.0, w IN COLLECT { MATCH ()-[t:TIE]->() RETURN coalesce(t.weight, 1.0) AS w } | s + w)
         AS weights`,
    { watched: ['app-001', 'app-002', 'app-005', 'app-020'] },
  );
  const out: Record<string, unknown> = { ...row, version: await graphVersion(t.store) };
  return out as Record<string, number> & { version: number };
}

/** Pairs of demo participants with no tie in a layer (either way), none of them in `avoid`. */
function untiedPairs(layer: string, count: number, avoid: string[] = []): [string, string][] {
  const tied = new Set(
    t.demo.ties
      .filter((x) => x.layer === layer)
      .flatMap((x) => [`${x.source}|${x.target}`, `${x.target}|${x.source}`]),
  );
  const ids = t.demo.participants
    .map((p) => p.id)
    .filter((id) => !avoid.includes(id) && !TOUCHED.includes(id));
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < ids.length && out.length < count; i += 2) {
    if (!tied.has(`${ids[i]}|${ids[i + 1]}`)) out.push([ids[i]!, ids[i + 1]!]);
  }
  return out;
}

const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: method as 'POST',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { ...auth, ...headers },
  });

/** The request is refused with this status and a problem document, and nothing at all changed. */
async function refused(status: number, request: () => Promise<{ statusCode: number; body: string }>) {
  const before = await snapshot();
  const response = await request();
  expect(response.statusCode, response.body).toBe(status);
  expect(JSON.parse(response.body).status).toBe(status);
  expect(await snapshot()).toEqual(before);
  return JSON.parse(response.body) as {
    type: string;
    detail?: string;
    problems?: { field?: string; path?: string; message: string }[];
  };
}

const fieldsOf = (problem: { problems?: { field?: string }[] }) => problem.problems?.map((p) => p.field);

/** Participants whose rows the tests change (pairs for new ties are taken from the others). */
const TOUCHED = ['app-001', 'app-002', 'app-005', 'app-010', 'app-020', 'app-015'];

const NEW = { id: 'portal-001', kind: 'startup', name: 'Новый стартап', region: 'lipetsk', founded: 2024 };

describe('POST /api/participants', () => {
  it('creates a participant: 201, Location, ETag of the new graph version, readable at once', async () => {
    const before = await graphVersion(t.store);
    const response = await send('POST', '/api/participants', { ...NEW, attributes: { tier: 2 } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.location).toBe('/api/participants/portal-001');
    expect(response.headers.etag).toBe(`"v${before + 1}"`);
    expect(response.json()).toEqual({ ...NEW, attributes: { tier: 2 } });
    const read = await t.app.inject({ url: '/api/participants/portal-001' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: 'portal-001',
      kind: 'startup',
      founded: 2024,
      attributes: { tier: 2 },
    });
    expect(read.headers.etag).toBe(`"v${before + 1}"`);
  });

  it('refuses invalid fields with 422 naming each, as the exchange format does', async () => {
    const problem = await refused(422, () =>
      send('POST', '/api/participants', { id: 'x', kind: 'universty', name: '', founded: 1700, extra: 1 }),
    );
    expect(problem.type).toMatch(/invalid-data$/);
    expect(fieldsOf(problem)).toEqual(expect.arrayContaining(['kind', 'name', 'region', 'founded', 'extra']));
    const kind = problem.problems!.find((p) => p.field === 'kind')!;
    expect(kind.path).toBe('$.kind');
    expect(kind.message).toContain('university');
  });

  it('refuses an id that exists with 409', async () => {
    await refused(409, () => send('POST', '/api/participants', { ...NEW, id: 'app-001' }));
  });

  it('needs an API key: 401 without one, 401 with a wrong one', async () => {
    await refused(401, () => t.app.inject({ method: 'POST', url: '/api/participants', payload: NEW }));
    await refused(401, () => send('POST', '/api/participants', NEW, { authorization: 'Bearer not-the-key' }));
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const read = await t.app.inject({ url: '/api/participants/app-001' });
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const [a, b] = untiedPairs('governance', 1)[0]!;
    const tie = await send('POST', '/api/ties', { source: a, target: b, layer: 'governance' });
    expect(tie.statusCode, tie.body).toBe(201);
    const other = { ...NEW, id: 'portal-412' };
    const problem = await refused(412, () => send('POST', '/api/participants', other, { 'if-match': etag }));
    expect(problem.type).toMatch(/stale-version$/);
    const fresh = (await t.app.inject({ url: '/api/participants/app-001' })).headers.etag as string;
    expect(fresh).not.toBe(etag);
    const ok = await send('POST', '/api/participants', other, { 'if-match': fresh });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('answers a retried POST with the same Idempotency-Key from the first response, writing nothing', async () => {
    const key = { 'idempotency-key': 'register-portal-idem' };
    const NEW = { id: 'portal-idem', kind: 'startup', name: 'Повтор', region: 'lipetsk', founded: 2024 };
    const first = await send('POST', '/api/participants', NEW, key);
    expect(first.statusCode).toBe(201);
    const after = await snapshot();
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(NEW).reverse());
    const retry = await send('POST', '/api/participants', reordered, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await snapshot()).toEqual(after);
    // The same key for another body is refused.
    const problem = await refused(422, () =>
      send('POST', '/api/participants', { ...NEW, id: 'portal-idem-2' }, key),
    );
    expect(problem.type).toMatch(/idempotency-key-reused$/);
  });
});

describe('PATCH and DELETE /api/participants/{id}', () => {
  it('patches fields (null removes one, attributes merge) and bumps the version', async () => {
    const before = await graphVersion(t.store);
    const response = await send('PATCH', '/api/participants/app-002', {
      name: 'Renamed',
      municipality: null,
      employees: 120,
      attributes: { tier: 'gold' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe(`"v${before + 1}"`);
    const body = response.json();
    expect(body).toMatchObject({ id: 'app-002', name: 'Renamed', employees: 120 });
    expect(body.municipality).toBeUndefined();
    const stored = t.demo.participants.find((p) => p.id === 'app-002')!;
    expect(body.attributes).toEqual({ ...stored.attributes, tier: 'gold' });
    const read = (await t.app.inject({ url: '/api/participants/app-002' })).json();
    expect(read).toMatchObject({ name: 'Renamed', municipality: null, employees: 120 });
  });

  it('leaves the version alone for a patch that changes nothing', async () => {
    const stored = t.demo.participants.find((p) => p.id === 'app-005')!;
    const before = await graphVersion(t.store);
    const response = await send('PATCH', '/api/participants/app-005', { name: stored.name });
    expect(response.statusCode).toBe(200);
    expect(await graphVersion(t.store)).toBe(before);
  });

  it('refuses bad patches (422 naming the field), unknown participants (404), stale If-Match (412)', async () => {
    let problem = await refused(422, () => send('PATCH', '/api/participants/app-005', { kind: 'bank' }));
    expect(fieldsOf(problem)).toEqual(['kind']);
    problem = await refused(422, () => send('PATCH', '/api/participants/app-005', { name: null }));
    expect(fieldsOf(problem)).toEqual(['name']);
    problem = await refused(422, () => send('PATCH', '/api/participants/app-005', { id: 'other' }));
    expect(fieldsOf(problem)).toEqual(['id']);
    await refused(404, () => send('PATCH', '/api/participants/nobody', { name: 'x' }));
    await refused(412, () =>
      send('PATCH', '/api/participants/app-005', { name: 'x' }, { 'if-match': '"v0"' }),
    );
    await refused(401, () =>
      t.app.inject({ method: 'PATCH', url: '/api/participants/app-005', payload: { name: 'x' } }),
    );
  });

  it('deletes a participant with its ties, memberships and observations, and nothing else', async () => {
    const id = 'app-010';
    const [own] = await query(
      t.store,
      `MATCH (p:Participant {id: $id})
       RETURN COUNT { (p)-[:TIE]-() } AS ties, COUNT { (p)-[:MEMBER_OF|JOINED|PART_OF]->() } AS memberships,
         COUNT { (p)-[:HAS_OBSERVATION]->() } AS observations`,
      { id },
    );
    expect(own!.ties).toBeGreaterThan(0);
    const before = await snapshot();
    const response = await send('DELETE', `/api/participants/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ id, deleted: own });
    const after = await snapshot();
    expect(after).toMatchObject({
      participants: (before.participants as number) - 1,
      ties: (before.ties as number) - (own!.ties as number),
      memberships: (before.memberships as number) - (own!.memberships as number),
      observations: (before.observations as number) - (own!.observations as number),
      regions: before.regions,
      layers: before.layers,
      version: before.version + 1,
    });
    expect((await t.app.inject({ url: `/api/participants/${id}` })).statusCode).toBe(404);
    await refused(404, () => send('DELETE', `/api/participants/${id}`));
  });
});

describe('POST and DELETE /api/ties', () => {
  let [a, b, c, d, e, f] = ['', '', '', '', '', ''];
  beforeAll(() => {
    [[a, b], [c, d]] = untiedPairs('rnd', 2) as [[string, string], [string, string]];
    [[e, f]] = untiedPairs('supply', 1, [a, b, c, d]) as [[string, string]];
  });

  it('adds a tie and deletes it again (undirected: either order)', async () => {
    const before = await snapshot();
    const created = await send('POST', '/api/ties', {
      source: a,
      target: b,
      layer: 'rnd',
      weight: 2,
      since: 2025,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({
      source: a,
      target: b,
      layer: 'rnd',
      weight: 2,
      since: 2025,
      directed: false,
    });
    const ties = (await t.app.inject({ url: `/api/participants/${b}` })).json().ties.rnd;
    expect(ties).toContainEqual({
      id: a,
      name: expect.any(String),
      weight: 2,
      since: 2025,
      direction: 'both',
    });
    await refused(409, () => send('POST', '/api/ties', { source: b, target: a, layer: 'rnd' }));
    const deleted = await send('DELETE', '/api/ties', { source: b, target: a, layer: 'rnd' });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().deleted).toMatchObject({ layer: 'rnd', weight: 2, since: 2025 });
    const after = await snapshot();
    expect({ ...after, version: 0, audit: 0 }).toEqual({ ...before, version: 0, audit: 0 });
    expect(after.version).toBe(before.version + 2);
  });

  it('keeps direction in a directed layer', async () => {
    const ok = await send('POST', '/api/ties', { source: e, target: f, layer: 'supply' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().directed).toBe(true);
    const reverse = await send('POST', '/api/ties', {
      source: d,
      target: c,
      layer: 'supply',
    });
    expect(reverse.statusCode, reverse.body).toBe(201);
    await refused(404, () => send('DELETE', '/api/ties', { source: c, target: d, layer: 'supply' }));
  });

  it('refuses bad ties: fields (422), unknown participants and layers (422), a self-tie', async () => {
    let problem = await refused(422, () =>
      send('POST', '/api/ties', { source: c, layer: 'RND', weight: -1, since: '2020' }),
    );
    expect(fieldsOf(problem)).toEqual(expect.arrayContaining(['target', 'layer', 'weight', 'since']));
    problem = await refused(422, () =>
      send('POST', '/api/ties', { source: c, target: 'ghost', layer: 'rnd' }),
    );
    expect(fieldsOf(problem)).toEqual(['target']);
    expect(problem.problems![0]!.message).toContain("missing participant 'ghost'");
    problem = await refused(422, () => send('POST', '/api/ties', { source: c, target: d, layer: 'trade' }));
    expect(fieldsOf(problem)).toEqual(['layer']);
    expect(problem.problems![0]!.message).toContain('rnd');
    problem = await refused(422, () => send('POST', '/api/ties', { source: c, target: c, layer: 'rnd' }));
    expect(fieldsOf(problem)).toEqual(['target']);
    problem = await refused(422, () =>
      send('DELETE', '/api/ties', { source: c, target: d, layer: 'rnd', weight: 1 }),
    );
    expect(fieldsOf(problem)).toEqual(['weight']);
    await refused(401, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/ties',
        payload: { source: c, target: d, layer: 'rnd' },
      }),
    );
    await refused(412, () =>
      send('POST', '/api/ties', { source: c, target: d, layer: 'rnd' }, { 'if-match': '"v1"' }),
    );
  });
});

describe('memberships and observations', () => {
  it('joins a platform, refuses the same again, and ends the membership', async () => {
    const platform = t.demo.platforms.find(
      (p) => !t.demo.memberships.some((m) => m.participant === 'app-020' && m.platform === p.id),
    )!.id;
    const created = await send('POST', '/api/participants/app-020/memberships', {
      platform,
      since: 2025,
      role: 'member',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/api/participants/app-020/memberships/platform/${platform}`);
    expect(created.json()).toEqual({ participant: 'app-020', platform, since: 2025, role: 'member' });
    const read = (await t.app.inject({ url: '/api/participants/app-020' })).json();
    expect(read.platforms.map((p: { id: string }) => p.id)).toContain(platform);
    await refused(409, () => send('POST', '/api/participants/app-020/memberships', { platform }));
    const deleted = await send('DELETE', created.headers.location as string);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().deleted).toEqual({ participant: 'app-020', platform, since: 2025, role: 'member' });
    await refused(404, () => send('DELETE', created.headers.location as string));
  });

  it('refuses bad memberships: none or two targets, unknown targets, unknown participants', async () => {
    let problem = await refused(422, () =>
      send('POST', '/api/participants/app-020/memberships', { since: 2020 }),
    );
    expect(fieldsOf(problem)).toEqual(['cluster']);
    expect(problem.problems![0]!.message).toContain('exactly one of cluster, platform, project');
    problem = await refused(422, () =>
      send('POST', '/api/participants/app-020/memberships', { cluster: 'nope' }),
    );
    expect(fieldsOf(problem)).toEqual(['cluster']);
    problem = await refused(422, () =>
      send('POST', '/api/participants/app-020/memberships', {
        participant: 'app-002',
        cluster: 'appliances',
      }),
    );
    expect(fieldsOf(problem)).toEqual(['participant']);
    await refused(404, () => send('POST', '/api/participants/ghost/memberships', { cluster: 'appliances' }));
    await refused(400, () => send('DELETE', '/api/participants/app-020/memberships/club/appliances'));
  });

  it('adds an observation, refuses the same key again and bad fields', async () => {
    const row = { participant: 'app-015', indicator: 'employees', year: 2030, value: 140, unit: 'persons' };
    const created = await send('POST', '/api/observations', row);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual(row);
    const read = (await t.app.inject({ url: '/api/participants/app-015' })).json();
    expect(read.indicators).toContainEqual({
      indicator: 'employees',
      year: 2030,
      value: 140,
      unit: 'persons',
    });
    await refused(409, () => send('POST', '/api/observations', row));
    const problem = await refused(422, () =>
      send('POST', '/api/observations', { participant: 'ghost', indicator: 'Employees', year: 2030.5 }),
    );
    expect(fieldsOf(problem)).toEqual(expect.arrayContaining(['indicator', 'year', 'value']));
    const unknown = await refused(422, () =>
      send('POST', '/api/observations', { ...row, participant: 'ghost' }),
    );
    expect(fieldsOf(unknown)).toEqual(['participant']);
  });
});

describe('the audit trail', () => {
  it('records who, when and what for each write, never the key, readable with a key only', async () => {
    const created = await send(
      'POST',
      '/api/participants',
      { ...NEW, id: 'portal-audit' },
      { 'idempotency-key': 'audit-1' },
    );
    expect(created.statusCode).toBe(201);
    const tie = await send('POST', '/api/ties', { source: 'portal-audit', target: 'app-001', layer: 'rnd' });
    expect(tie.statusCode).toBe(201);
    await send('POST', '/api/ties', { source: 'portal-audit', target: 'ghost', layer: 'rnd' }); // refused
    expect((await t.app.inject({ url: '/api/audit' })).statusCode).toBe(401);
    const page = await send('GET', '/api/audit?limit=1');
    expect(page.statusCode, page.body).toBe(200);
    const first = page.json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({
      operation: 'tie.create',
      ids: ['portal-audit', 'app-001', 'rnd'],
      status: 201,
      idempotencyKey: null,
    });
    expect(first.items[0].client).toMatch(/^key:[0-9a-f]{16}$/);
    expect(page.body).not.toContain('test-key');
    expect(Date.parse(first.items[0].at)).toBeGreaterThan(Date.now() - 60_000);
    const next = (await send('GET', `/api/audit?limit=1&cursor=${first.nextCursor}`)).json();
    expect(next.items[0]).toMatchObject({
      operation: 'participant.create',
      ids: ['portal-audit'],
      idempotencyKey: 'audit-1',
    });
    expect(next.items[0].seq).toBeLessThan(first.items[0].seq);
    const byId = (await send('GET', '/api/audit?id=portal-audit&operation=participant.create')).json();
    expect(byId.items.map((e: { operation: string }) => e.operation)).toEqual(['participant.create']);
    expect(byId.total).toBe(1);
    // the total counts every page: the two writes on portal-audit, whatever the page size
    expect((await send('GET', '/api/audit?id=portal-audit&limit=1')).json().total).toBe(2);
    expect((await send('GET', '/api/audit?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('documents every write with its body, its success and its errors', async () => {
    const docs = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const writes: [string, string, string, boolean][] = [
      ['post', '/api/participants', '201', true],
      ['patch', '/api/participants/{id}', '200', true],
      ['delete', '/api/participants/{id}', '200', false],
      ['post', '/api/ties', '201', true],
      ['delete', '/api/ties', '200', true],
      ['post', '/api/participants/{id}/memberships', '201', true],
      ['delete', '/api/participants/{id}/memberships/{type}/{target}', '200', false],
      ['post', '/api/observations', '201', true],
      ['post', '/api/participants/{id}/suggestions/{other}/feedback', '201', true],
      ['get', '/api/suggestions/outcomes', '200', false],
      ['get', '/api/audit', '200', false],
    ];
    for (const [method, path, success, body] of writes) {
      const operation = docs.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation!.responses), `${method} ${path}`).toEqual(
        expect.arrayContaining([success, '401', ...(method === 'get' ? [] : ['412', '422'])]),
      );
      if (body) expect(operation!.requestBody, `${method} ${path}`).toBeDefined();
    }
  });
});

describe('feedback on suggestions and their outcomes', () => {
  const url = '/api/participants/app-001/suggestions/app-003/feedback';

  it('records feedback without moving the graph version, and refuses bad feedback', async () => {
    const before = await snapshot();
    const ok = await send('POST', url, {
      event: 'shown',
      scorer: 'learned',
      rank: 2,
      at: '2026-01-05T10:00:00+03:00',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ participant: 'app-001', other: 'app-003', event: 'shown', rank: 2 });
    expect(Date.parse(ok.json().at)).toBe(Date.parse('2026-01-05T07:00:00Z'));
    expect(ok.headers.etag).toBe(`"v${before.version}"`);
    expect((await snapshot()).version).toBe(before.version);

    const field = async (payload: object, name: string) => {
      const problem = await refused(400, () => send('POST', url, payload));
      expect(JSON.stringify(problem)).toContain(name);
    };
    await field({ event: 'liked' }, 'event');
    await field({ event: 'shown', scorer: 'magic' }, 'scorer');
    await field({ event: 'shown', rank: 0 }, 'rank');
    await field({ event: 'shown', at: 'yesterday' }, 'at');
    await field({ event: 'shown', extra: true }, 'extra');
    // Well-formed, but not possible feedback: 422 naming the field (the schema admits the values).
    const future = await refused(422, () =>
      send('POST', url, { event: 'shown', at: '2999-01-01T00:00:00Z' }),
    );
    expect(future.problems?.[0]).toMatchObject({ field: 'at', message: /in the future/ });
    await refused(404, () =>
      send('POST', '/api/participants/app-001/suggestions/ghost/feedback', { event: 'shown' }),
    );
    await refused(422, () =>
      send('POST', '/api/participants/app-001/suggestions/app-001/feedback', { event: 'shown' }),
    );
    await refused(401, () => t.app.inject({ method: 'POST', url, payload: { event: 'shown' } }));
    await refused(412, () => send('POST', url, { event: 'shown' }, { 'if-match': '"v0"' }));
  });

  it('reads outcomes and refuses bad parameters', async () => {
    const response = await t.app.inject({ url: '/api/suggestions/outcomes?k=1,3' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().total.shown).toBeGreaterThan(0);
    for (const query of ['k=0', 'k=x', 'scorer=magic', 'from=yesterday', 'window=1']) {
      const bad = await t.app.inject({ url: `/api/suggestions/outcomes?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
  });
});
