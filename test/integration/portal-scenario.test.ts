/**
 * A matchmaking portal's loop, scripted against the real Neo4j through the HTTP API only: register a
 * member (retried with the same Idempotency-Key), let it join a platform, record its collaborations, ask
 * for partner suggestions (they follow the new ties: the caches follow the graph version), report which
 * suggestions were shown, record the tie that came of one (a stale If-Match first refused), and read the
 * outcomes: the suggestion counted as converted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { importBundle } from '../../src/store/import.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { query } from '../helpers/store.ts';

const KEY = { authorization: 'Bearer portal-key' };
const ME = 'portal-startup';
const SCORER = 'common-neighbours';
let t: TestApp;

beforeAll(async () => {
  t = await demoApp({ keys: ['portal-key'] });
});
afterAll(async () => {
  await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  await t.close();
});

const api = (method: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: method as 'POST',
    url,
    ...(payload ? { payload } : {}),
    headers: { ...KEY, ...headers },
  });

interface Suggestion {
  id: string;
  common: string[];
  proximity: { commonNeighbours: number };
}
const suggestions = async (): Promise<Suggestion[]> => {
  const response = await api('GET', `/api/participants/${ME}/suggestions?scorer=${SCORER}&limit=5`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().suggestions as Suggestion[];
};

it('runs the portal loop: register, join, tie, suggest, feedback, tie, outcomes', async () => {
  // 1. Register the member; the client's connection drops and it sends the same POST again.
  const member = { id: ME, kind: 'startup', name: 'Портальный стартап', region: 'lipetsk', founded: 2025 };
  const register = () => api('POST', '/api/participants', member, { 'idempotency-key': `register-${ME}` });
  const first = await register();
  expect(first.statusCode, first.body).toBe(201);
  expect(first.headers.location).toBe(`/api/participants/${ME}`);
  const retry = await register();
  expect(retry.statusCode).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(retry.body).toBe(first.body);
  const [{ n }] = (await query<{ n: number }>(
    t.store,
    'MATCH (p:Participant {id: $id}) RETURN count(p) AS n',
    {
      id: ME,
    },
  )) as [{ n: number }];
  expect(n).toBe(1);

  // 2. It joins a platform.
  const platform = t.demo.platforms[0]!.id;
  const joined = await api('POST', `/api/participants/${ME}/memberships`, { platform, since: 2025 });
  expect(joined.statusCode, joined.body).toBe(201);

  // Suggestions before it has any tie: none shares a partner with it (the result is now cached).
  const before = await suggestions();
  expect(before.every((s) => s.proximity.commonNeighbours === 0)).toBe(true);
  const staleTag = (await api('GET', `/api/participants/${ME}`)).headers.etag as string;

  // 3. It records two collaborations, with the two best-connected members of the R&D layer.
  const degree = new Map<string, number>();
  for (const tie of t.demo.ties.filter((x) => x.layer === 'rnd'))
    for (const id of [tie.source, tie.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const partners = [...degree.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2);
  for (const [partner] of partners) {
    const tie = await api('POST', '/api/ties', { source: ME, target: partner, layer: 'rnd', since: 2025 });
    expect(tie.statusCode, tie.body).toBe(201);
  }

  // 4. Suggestions now follow the new ties: partners of its partners, sharing at least one of them.
  const after = await suggestions();
  expect(after.length).toBeGreaterThan(0);
  const partnerIds = partners.map(([id]) => id);
  for (const s of after) {
    expect(partnerIds).not.toContain(s.id);
    expect(s.proximity.commonNeighbours).toBeGreaterThan(0);
    expect(s.common.some((id) => partnerIds.includes(id))).toBe(true);
  }

  // 5. The portal shows the list and reports it, then the member contacts the first suggestion.
  for (const [i, s] of after.slice(0, 3).entries()) {
    const shown = await api('POST', `/api/participants/${ME}/suggestions/${s.id}/feedback`, {
      event: 'shown',
      scorer: SCORER,
      rank: i + 1,
    });
    expect(shown.statusCode, shown.body).toBe(201);
    expect(shown.json().tiedLayers).toEqual([]);
  }
  const top = after[0]!.id;
  const contacted = await api('POST', `/api/participants/${ME}/suggestions/${top}/feedback`, {
    event: 'contacted',
  });
  expect(contacted.statusCode, contacted.body).toBe(201);

  // 6. The collaboration comes about. Sent with the ETag read before the ties, it is refused (412) and
  //    writes nothing; read again, it goes through.
  const tie = { source: ME, target: top, layer: 'rnd', since: 2026 };
  const stale = await api('POST', '/api/ties', tie, { 'if-match': staleTag });
  expect(stale.statusCode, stale.body).toBe(412);
  expect(stale.json().type).toMatch(/stale-version$/);
  const fresh = await api('GET', `/api/participants/${ME}`);
  expect(fresh.json().ties.rnd.map((x: { id: string }) => x.id)).not.toContain(top);
  const made = await api('POST', '/api/ties', tie, { 'if-match': fresh.headers.etag as string });
  expect(made.statusCode, made.body).toBe(201);
  expect(made.headers.etag).not.toBe(fresh.headers.etag);

  // 7. The outcomes: three shown, the first converted (in the R&D layer) and contacted.
  const outcomes = await api('GET', `/api/suggestions/outcomes?scorer=${SCORER}&k=1,3`);
  expect(outcomes.statusCode, outcomes.body).toBe(200);
  const body = outcomes.json();
  expect(body.total).toMatchObject({ shown: 3, converted: 1, contacted: 1 });
  expect(body.byLayer).toEqual([{ layer: 'rnd', converted: 1 }]);
  const scorer = body.byScorer.find((s: { scorer: string }) => s.scorer === SCORER);
  expect(scorer.precisionAtK).toEqual([
    { k: 1, lists: 1, precision: 1 },
    { k: 3, lists: 1, precision: 1 / 3 },
  ]);
  expect(body.byWeek).toHaveLength(1);
  expect(body.byWeek[0].week).toMatch(/^\d{4}-W\d{2}$/);

  // The audit trail tells what the portal's key did, in order.
  const audit = (await api('GET', `/api/audit?id=${ME}&limit=100`)).json();
  const operations = audit.items.map((e: { operation: string }) => e.operation).reverse();
  expect(operations).toEqual([
    'participant.create',
    'membership.create',
    'tie.create',
    'tie.create',
    'suggestion.feedback',
    'suggestion.feedback',
    'suggestion.feedback',
    'suggestion.feedback',
    'tie.create',
  ]);
}, 300_000);
