/** Applies cypher/schema.cypher: constraints and indexes, idempotent (IF NOT EXISTS). */
import { cypherStatements } from './cypher.ts';
import { session, type Store } from './driver.ts';

export async function applySchema(store: Store): Promise<number> {
  const statements = cypherStatements('schema');
  const s = session(store);
  try {
    // Schema changes cannot share a transaction with each other's index population; run each on its own.
    for (const statement of statements) await s.run(statement);
    await s.run('CALL db.awaitIndexes(300)');
  } finally {
    await s.close();
  }
  return statements.length;
}
