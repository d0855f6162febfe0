/**
 * Running the cypher/gds-*.cypher statements. Every GDS call goes through a write session: the graph
 * catalog lives on one server, and a write session reaches the same one (the leader of a cluster) each time.
 * A statement that only reads the database (the tie count the engine choice needs) asks for a read session,
 * so a read request served by the memory engine never opens a write session.
 */
import neo4j from 'neo4j-driver';
import { cypher } from '../cypher.ts';
import { session, type Store } from '../driver.ts';
import { plain } from '../values.ts';

/** GDS's integer settings: the driver sends JavaScript numbers as floats, which GDS refuses for these. */
const INTEGER_SETTINGS = new Set([
  'maxIterations',
  'samplingSize',
  'samplingSeed',
  'randomSeed',
  'concurrency',
  'nodeCount',
  'relationshipCount',
]);

/** Parameters with GDS's integer settings as Neo4j integers (also inside a `config` map). */
function typed(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (INTEGER_SETTINGS.has(key) && typeof value === 'number' && Number.isInteger(value))
      out[key] = neo4j.int(value);
    else if (key === 'config' && value && typeof value === 'object')
      out[key] = typed(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** The rows of cypher/<statement>.cypher as plain objects. */
export async function gdsRows(
  store: Store,
  statement: string,
  params: Record<string, unknown> = {},
  mode: 'READ' | 'WRITE' = 'WRITE',
): Promise<Record<string, unknown>[]> {
  const s = session(store, mode, 10_000);
  try {
    const result = await s.run(cypher(statement), typed(params));
    return result.records.map((r) => plain(r.toObject()) as Record<string, unknown>);
  } finally {
    await s.close();
  }
}
