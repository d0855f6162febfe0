/**
 * Results written back to Neo4j (issue 16, item 2): `analyze <measure> --write` and
 * `POST /api/analysis/{measure}/write` store participant properties named by measure and settings, stamped
 * with the graph version; GET /api/analysis/{measure} serves them without computing while the graph is at
 * that version, and computes again once it is not. All on the demo in the test run's real Neo4j.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { measure } from '../../src/analysis/registry.ts';
import { resultProperty, writtenResult } from '../../src/analysis/written-results.ts';
import { buildApp } from '../../src/api/app.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { writeAnalysisResult } from '../../src/store/analysis-results.ts';
import { GraphChangedError } from '../../src/store/consistent-read.ts';
import { importBundle } from '../../src/store/import.ts';
import { graphVersion } from '../../src/store/status.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { query, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const KEY = 'analysis-write-key';
const auth = { authorization: `Bearer ${KEY}` };

let t: TestApp;
/** The same store, with budgets under which no path measure may be computed for a request. */
let tight: FastifyInstance;

beforeAll(async () => {
  t = await demoApp({ keys: [KEY] });
  tight = await buildApp({
    store: t.store,
    keepStoreOpen: true,
    api: { rateLimit: 0 },
    budgets: { pathBudget: 1 },
    versionTtlMs: 0,
  });
});
afterAll(async () => {
  await tight?.close();
  await t?.close();
});

const get = async (app: FastifyInstance, url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
};
const write = (url: string, headers: Record<string, string> = auth) =>
  t.app.inject({ method: 'POST', url, headers });

/** Each participant's value of a property, read straight from Neo4j (as Browser or Bloom would). */
async function stored(property: string): Promise<Record<string, unknown>> {
  const rows = await query<{ id: string; value: unknown }>(
    t.store,
    'MATCH (p:Participant) WHERE p[$property] IS NOT NULL RETURN p.id AS id, p[$property] AS value',
    { property },
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.value]));
}

async function stamp(property: string) {
  const [row] = await query<{ graphVersion: number; settings: string; measure: string }>(
    t.store,
    'MATCH (r:AnalysisResult {property: $property}) RETURN r.graphVersion AS graphVersion, r.settings AS settings, r.measure AS measure',
    { property },
  );
  return row;
}

describe('POST /api/analysis/{measure}/write', () => {
  it('writes cl_pagerank on every participant, stamped with the graph version, which stays', async () => {
    const computed = await get(t.app, '/api/analysis/pagerank');
    expect(computed.status).toBe(200);
    const version = await graphVersion(t.store);
    const response = await write('/api/analysis/pagerank/write');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      property: 'cl_pagerank',
      properties: ['cl_pagerank'],
      measure: 'pagerank',
      settings: {},
      participants: t.demo.participants.length,
      graphVersion: version,
    });
    // Results are derived data: writing them leaves the graph version (the caches' key) alone.
    expect(await graphVersion(t.store)).toBe(version);
    expect(await stored('cl_pagerank')).toEqual(computed.body.values);
    expect(await stamp('cl_pagerank')).toEqual({
      graphVersion: version,
      settings: '{}',
      measure: 'pagerank',
    });
  });

  it('needs an API key and refuses multilayer measures (no such route)', async () => {
    expect((await write('/api/analysis/pagerank/write', {})).statusCode).toBe(401);
    expect((await write('/api/analysis/layer-overlap/write')).statusCode).toBe(404);
  });

  it('names a property by the settings that differ from the defaults, whatever their order', async () => {
    const a = (await write('/api/analysis/pagerank/write?alpha=0.9&layers=supply,rnd')).json();
    const b = (
      await write('/api/analysis/pagerank/write?layers=rnd,supply&alpha=0.9&tolerance=1e-10')
    ).json();
    expect(a.property).toMatch(/^cl_pagerank_[0-9a-f]{8}$/);
    expect(b.property).toBe(a.property);
    expect(a.settings).toEqual({ alpha: 0.9, layers: ['rnd', 'supply'] });
    expect(JSON.parse((await stamp(a.property as string))!.settings)).toEqual(a.settings);
    const computed = await get(t.app, '/api/analysis/pagerank?alpha=0.9&layers=rnd,supply');
    expect(await stored(a.property as string)).toEqual(computed.body.values);
    // The default result is another property, untouched.
    expect(await stored('cl_pagerank')).toEqual((await get(t.app, '/api/analysis/pagerank')).body.values);
  });

  it('writes communities as integers and every per-participant output (HITS authorities)', async () => {
    const louvain = (await write('/api/analysis/louvain/write')).json();
    expect(louvain.property).toBe('cl_louvain');
    const [row] = await query<{ kinds: string[] }>(
      t.store,
      'MATCH (p:Participant) WHERE p.cl_louvain IS NOT NULL RETURN collect(DISTINCT valueType(p.cl_louvain)) AS kinds',
    );
    expect(row!.kinds).toEqual(['INTEGER NOT NULL']);
    const computed = await get(t.app, '/api/analysis/louvain');
    expect(await stored('cl_louvain')).toEqual(computed.body.communities);

    const hits = (await write('/api/analysis/hits/write')).json();
    expect(hits.properties).toEqual(['cl_hits', 'cl_hits_authorities']);
    const computedHits = await get(t.app, '/api/analysis/hits');
    expect(await stored('cl_hits_authorities')).toEqual(computedHits.body.authorities);
  });

  it('clears earlier values of the property from participants outside the new result', async () => {
    const first = (await write('/api/analysis/degree/write?kinds=university')).json();
    const property = first.property as string;
    const universities = t.demo.participants.filter((p) => p.kind === 'university').map((p) => p.id);
    const outsider = t.demo.participants.find((p) => p.kind !== 'university')!.id;
    // A value left on a participant that the view does not hold (as an earlier run on other data would).
    const session = t.store.driver.session();
    try {
      await session.run('MATCH (p:Participant {id: $id}) SET p += $props', {
        id: outsider,
        props: { [property]: 99 },
      });
    } finally {
      await session.close();
    }
    expect(Object.keys(await stored(property))).toContain(outsider);
    expect((await write('/api/analysis/degree/write?kinds=university')).statusCode).toBe(200);
    expect(Object.keys(await stored(property)).sort()).toEqual([...universities].sort());
  });
});

describe('GET /api/analysis/{measure} with a written result', () => {
  it('serves the written result without computing while the graph is at its version', async () => {
    // Under these budgets betweenness is refused before any work starts …
    expect((await get(tight, '/api/analysis/betweenness')).status).toBe(400);
    const computed = await get(t.app, '/api/analysis/betweenness');
    expect((await write('/api/analysis/betweenness/write')).statusCode).toBe(200);
    // … so a 200 here is the written result, and it is the computed one.
    const served = await get(tight, '/api/analysis/betweenness');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(computed.body);
    const top = await get(tight, '/api/analysis/betweenness?top=3');
    expect(Object.keys(top.body.values as object)).toHaveLength(3);
    expect(top.body.of).toBe(t.demo.participants.length);
  });

  it('serves a written result under auto and under the engine that computed it, never under the other', async () => {
    // Fresh apps (no cached results), so that every answer below comes from the written result or a run.
    const fresh = () =>
      buildApp({ store: t.store, keepStoreOpen: true, api: { rateLimit: 0 }, versionTtlMs: 0 });
    // Options no other test asks for; one participant's stored value changed afterwards marks what is
    // served from Neo4j (a computation could not give it).
    const url = '/api/analysis/pagerank?alpha=0.77';
    const [one] = t.demo.participants;
    const mark = async (value: number) => {
      const session = t.store.driver.session();
      try {
        await session.run('MATCH (p:Participant {id: $id}) SET p[$property] = $value', {
          id: one!.id,
          property: resultProperty('pagerank', { alpha: 0.77 }),
          value,
        });
      } finally {
        await session.close();
      }
    };
    const answers = async () => {
      const app = await fresh();
      try {
        const out: Record<string, { engine: unknown; value: unknown }> = {};
        for (const engine of ['auto', 'memory', 'gds']) {
          const { status, body } = await get(app, `${url}&engine=${engine}`);
          expect(status, JSON.stringify(body)).toBe(200);
          out[engine] = { engine: body.engine, value: (body.values as Record<string, number>)[one!.id] };
        }
        return out;
      } finally {
        await app.close();
      }
    };

    expect((await write(`/api/analysis/pagerank/write?alpha=0.77&engine=memory`)).statusCode).toBe(200);
    await mark(42);
    const afterMemory = await answers();
    expect(afterMemory.auto).toEqual({ engine: 'memory', value: 42 });
    expect(afterMemory.memory).toEqual({ engine: 'memory', value: 42 });
    // engine=gds asks for GDS's computation: the memory engine's written values are not it.
    expect(afterMemory.gds!.engine).toBe('gds');
    expect(afterMemory.gds!.value).not.toBe(42);

    // Written by GDS now (the memory engine's written values were not taken for engine=gds).
    const byGds = await write(`/api/analysis/pagerank/write?alpha=0.77&engine=gds`);
    expect(byGds.statusCode, byGds.body).toBe(200);
    await mark(43);
    const afterGds = await answers();
    expect(afterGds.auto).toEqual({ engine: 'gds', value: 43 });
    expect(afterGds.gds).toEqual({ engine: 'gds', value: 43 });
    expect(afterGds.memory!.engine).toBe('memory');
    expect(afterGds.memory!.value).toBeCloseTo(afterMemory.gds!.value as number, 6);
    // Two writes, six computations or reads and GDS's first projection: 2 min on a loaded 2-core machine.
  }, 300_000);

  it('lists written results with whether they are current', async () => {
    const { status, body } = await get(t.app, '/api/analysis/written');
    expect(status).toBe(200);
    const results = body.results as { property: string; current: boolean; graphVersion: number }[];
    // (Results written by other test files on other data may be listed too, stale.)
    const ours = results.filter((r) => ['cl_pagerank', 'cl_betweenness'].includes(r.property));
    expect(ours).toHaveLength(2);
    expect(ours.every((r) => r.current)).toBe(true);
  });

  it('keeps written results through an unchanged re-import, a patch and an export', async () => {
    const version = await graphVersion(t.store);
    const report = await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
    expect(report.changed).toBe(false);
    expect(await graphVersion(t.store)).toBe(version);
    expect(Object.keys(await stored('cl_betweenness'))).toHaveLength(t.demo.participants.length);
    // The exported bundle holds the participants' data, not derived results.
    const exported = await t.app.inject({ url: '/api/export?format=json' });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('cl_');
    const detail = await get(t.app, `/api/participants/${t.demo.participants[0]!.id}`);
    expect(JSON.stringify(detail.body)).not.toContain('cl_');
  });

  it('keeps which results are written per clock reading: a write through the server is served at once', async () => {
    // The server reads which results are written once per reading of the graph version, not before every
    // uncached request; a write-back does not bump the version, so its own writes must reset that.
    // A clock that never reads again during the test: only a write through this app can make it look.
    const app = await buildApp({
      store: t.store,
      keepStoreOpen: true,
      api: { rateLimit: 0, keys: [KEY] },
      versionTtlMs: 600_000,
    });
    try {
      const [one] = t.demo.participants;
      const descriptor = measure('pagerank');
      // A result for options no other test asks for, written straight to Neo4j as another process
      // (the CLI) would, with one value changed: a computation could not give it.
      const writeMarked = async (alpha: number, mark: number) => {
        const computed = (await get(t.app, `/api/analysis/pagerank?alpha=${alpha}`)).body;
        const values = { ...(computed.values as Record<string, number>), [one!.id]: mark };
        const result = { measure: 'pagerank', options: computed.options as Record<string, unknown>, values };
        const written = writtenResult(descriptor, { alpha }, result);
        await writeAnalysisResult(t.store, written, await graphVersion(t.store));
      };
      const served = async (alpha: number) => {
        const { status, body } = await get(app, `/api/analysis/pagerank?alpha=${alpha}`);
        expect(status, JSON.stringify(body)).toBe(200);
        return (body.values as Record<string, number>)[one!.id];
      };
      // The first request reads the index (nothing written for these options).
      expect(await served(0.71)).not.toBe(41);
      await writeMarked(0.72, 42);
      await writeMarked(0.73, 43);
      // Written by another process after this server's clock read: computed (a correct result for the
      // same graph version) until the clock reads again.
      expect(await served(0.73)).not.toBe(43);
      // A write-back through this server: the next request reads the index again and serves what is
      // written, without waiting for the clock.
      const own = await app.inject({ method: 'POST', url: '/api/analysis/degree/write', headers: auth });
      expect(own.statusCode, own.body).toBe(200);
      expect(await served(0.72)).toBe(42);
    } finally {
      await app.close();
    }
  });

  it('computes again once the graph has changed (a stale result is not served)', async () => {
    const id = t.demo.participants[1]!.id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/participants/${id}`,
      headers: auth,
      payload: { employees: 4321 },
    });
    // A participant carrying written results can be patched (they are not fields to validate).
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await get(tight, '/api/analysis/betweenness')).status).toBe(400);
    const listed = (await get(t.app, '/api/analysis/written')).body.results as { current: boolean }[];
    expect(listed.every((r) => !r.current)).toBe(true);
  });
});

describe('writeAnalysisResult: all or nothing', () => {
  it('writes nothing when the graph is no longer at the version the result was computed on', async () => {
    const descriptor = measure('degree');
    const values = Object.fromEntries(t.demo.participants.map((p) => [p.id, 1]));
    const before = await stored('cl_degree');
    const written = writtenResult(descriptor, {}, { measure: 'degree', options: {}, values });
    const version = await graphVersion(t.store);
    await expect(writeAnalysisResult(t.store, written, version - 1)).rejects.toBeInstanceOf(
      GraphChangedError,
    );
    expect(await stored('cl_degree')).toEqual(before);
  });

  it('rolls back every batch when the result names a participant the database lacks', async () => {
    // More participants than one batch holds, so that earlier batches had run before the failure.
    const values: Record<string, number> = {};
    for (const p of t.demo.participants) values[p.id] = 7;
    for (let i = 0; i < 10_050; i++) values[`missing-${i}`] = 7;
    const written = writtenResult(
      measure('degree'),
      { kinds: ['x'] },
      { measure: 'degree', options: {}, values },
    );
    const version = await graphVersion(t.store);
    await expect(writeAnalysisResult(t.store, written, version)).rejects.toBeInstanceOf(GraphChangedError);
    expect(await stored(resultProperty('degree', { kinds: ['x'] }))).toEqual({});
    const [row] = await query<{ n: number }>(
      t.store,
      'MATCH (r:AnalysisResult {property: $property}) RETURN count(r) AS n',
      { property: written.property },
    );
    expect(row!.n).toBe(0);
  });
});

describe('clusterlens analyze --write', () => {
  const cli = (args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), ...args], {
      env: testEnv(),
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('writes the same property as the API for the same settings, and the API serves it', async () => {
    const run = cli(['analyze', 'pagerank', '--layers', 'rnd,supply', '--alpha', '0.9', '--write', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      values: Record<string, number>;
      written: { property: string };
    };
    const api = (await write('/api/analysis/pagerank/write?alpha=0.9&layers=supply,rnd')).json();
    expect(result.written.property).toBe(api.property);
    expect(run.stderr).toContain(`Written: ${api.property as string}`);
    // The CLI and the API compute the same values; what the CLI wrote is what Neo4j holds.
    const cliRun = cli([
      'analyze',
      'pagerank',
      '--layers',
      'rnd,supply',
      '--alpha',
      '0.9',
      '--write',
      '--json',
    ]);
    expect(await stored(api.property as string)).toEqual(JSON.parse(cliRun.stdout).values);
  }, 300_000);

  it('refuses --write for a measure of the layers, before computing, and exits non-zero', () => {
    const run = cli(['analyze', 'layer-overlap', '--write']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/layer-overlap cannot be written back/);
  }, 120_000);
});
