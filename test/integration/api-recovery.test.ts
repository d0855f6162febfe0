/**
 * Neo4j goes away and comes back: the API answers 503 with Retry-After meanwhile, keeps running, and
 * recovers by itself. Stops and restarts the test run's own Neo4j (skipped when the run uses an
 * existing server, CLUSTERLENS_TEST_NEO4J_URI).
 */
import neo4j from 'neo4j-driver';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { LocalNeo4jSettings } from '../../src/config.ts';
import { startLocal, stopLocal } from '../../src/neo4j-local/server.ts';
import { testUri } from '../helpers/store.ts';

const local = inject('neo4jLocal');

describe('when Neo4j is unreachable', () => {
  it.skipIf(local === null)(
    'answers 503 with Retry-After and recovers when Neo4j is back',
    async () => {
      const settings = JSON.parse(local!) as LocalNeo4jSettings;
      const driver = neo4j.driver(testUri(), neo4j.auth.basic('neo4j', 'neo4j'), {
        maxTransactionRetryTime: 1000,
        connectionAcquisitionTimeout: 5000,
      });
      const app = await buildApp({
        store: { driver, uri: testUri(), startedLocal: false, close: () => driver.close() },
        api: { rateLimit: 0 },
      });
      try {
        expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
        await stopLocal(settings, 60_000);
        for (const url of ['/api/health', '/api/participants', '/api/network']) {
          const down = await app.inject({ method: 'GET', url });
          expect(down.statusCode, url).toBe(503);
          expect(down.headers['retry-after']).toBeDefined();
          expect(down.json().type).toMatch(/database-unavailable$/);
        }
        await startLocal(settings, { gds: process.env.CLUSTERLENS_TEST_GDS !== '0' });
        // The same app and driver: no restart, the driver's pool reconnects.
        let status = 0;
        for (let attempt = 0; attempt < 30 && status !== 200; attempt++) {
          status = (await app.inject({ method: 'GET', url: '/api/health' })).statusCode;
          if (status !== 200) await new Promise((r) => setTimeout(r, 1000));
        }
        expect(status).toBe(200);
      } finally {
        await app.close();
        await driver.close();
      }
    },
    240_000,
  );
});
