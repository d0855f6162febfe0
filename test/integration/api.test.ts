/** The HTTP app through app.inject, against the real Neo4j of the test run. */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { buildApp } from '../../src/api/app.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { unreachableApp } from '../helpers/app.ts';
import { emptyDatabase, openTestStore } from '../helpers/store.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openTestStore();
  await emptyDatabase(store);
  await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
  app = await buildApp({ store });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('GET /api/health', () => {
  it("reports Neo4j connected and the demo's counts", async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'ok', neo4j: { connected: true } });
    expect(body.graphVersion).toBeGreaterThan(0);
    const demo = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8'));
    expect(body.counts).toMatchObject({
      participants: demo.participants.length,
      clusters: demo.clusters.length,
      ties: demo.ties.length,
      observations: demo.observations.length,
    });
    expect(body.counts.participantsByKind.enterprise).toBe(
      demo.participants.filter((p: { kind: string }) => p.kind === 'enterprise').length,
    );
    // 64-bit integers never reach JSON as {low, high}.
    expect(JSON.stringify(body)).not.toMatch(/"low"/);
  });
});

describe('the page and errors', () => {
  it('serves the page at /', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('<title>clusterlens</title>');
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, type: expect.stringMatching(/not-found$/) });
  });

  it('answers 503 with Retry-After when Neo4j cannot be reached', async () => {
    const down = await unreachableApp();
    try {
      const response = await down.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(response.json().type).toMatch(/database-unavailable$/);
    } finally {
      await down.close();
    }
  });
});
