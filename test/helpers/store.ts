/** Test helpers: a store on the test run's Neo4j, and a way to empty it. */
import neo4j from 'neo4j-driver';
import { inject } from 'vitest';
import type { Store } from '../../src/store/driver.ts';
import { applySchema } from '../../src/store/schema.ts';

export function testUri(): string {
  return inject('neo4jUri');
}

/** Environment for CLI processes that should use the test Neo4j. */
export function testEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NEO4J_URI: testUri(), NEO4J_USER: '', NEO4J_PASSWORD: '' };
}

export async function openTestStore(): Promise<Store> {
  const uri = testUri();
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'neo4j'));
  const store: Store = { driver, uri, startedLocal: false, close: () => driver.close() };
  await applySchema(store);
  return store;
}

export async function emptyDatabase(store: Store): Promise<void> {
  const session = store.driver.session();
  try {
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

/** Runs a read query and returns plain rows (test assertions only; product code uses cypher/). */
export async function query<T = Record<string, unknown>>(
  store: Store,
  text: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const session = store.driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(text, params);
    return result.records.map((r) => {
      const o = r.toObject() as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) if (neo4j.isInt(v)) o[k] = (v as neo4j.Integer).toNumber();
      return o as T;
    });
  } finally {
    await session.close();
  }
}
