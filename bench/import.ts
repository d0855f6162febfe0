/**
 * Import benchmark: a synthetic network of 20,000 participants and 100,000 ties imported into a
 * freshly started empty database (cold), then — after a warm-up — into an empty database again, then
 * imported again (no change), then replaced by a different network of the same size. Uses NEO4J_URI when set, otherwise a throwaway local Neo4j. Results: bench/results/import-<date>.json.
 *   npm run bench:import
 */
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const PARTICIPANTS = 20_000;
const TIES = Number(process.env.IMPORT_TIES ?? 200_000);

async function main() {
  // IMPORT_NEO4J_CONF="a=b;c=d": neo4j.conf settings to try (a throwaway local server only).
  const extraConf = process.env.IMPORT_NEO4J_CONF?.split(';').filter(Boolean);
  const neo4j = await benchNeo4j(
    {
      heap: process.env.IMPORT_NEO4J_HEAP ?? '2g',
      pageCache: process.env.IMPORT_NEO4J_PAGE_CACHE ?? '512m',
    },
    { extraConf },
  );
  const { store } = neo4j;
  await applySchema(store);
  const timed = async (
    label: string,
    seed: number,
    replace: boolean,
    participants = PARTICIPANTS,
    ties = TIES,
  ) => {
    const raw = rawBundleFromJson(
      JSON.parse(JSON.stringify(syntheticNetwork(participants, ties, seed))),
      `synthetic-${seed}.json`,
    );
    const statements = new Map<string, { rows: number; ms: number }>();
    const onStatement = (name: string, rows: number, ms: number) => {
      const entry = statements.get(name) ?? { rows: 0, ms: 0 };
      statements.set(name, { rows: entry.rows + rows, ms: entry.ms + ms });
      // Live, so that a statement that stalls is seen while it stalls (the totals come at the end).
      if (ms > 1000) console.log(`  ${name}: ${rows} rows in ${(ms / 1000).toFixed(2)} s`);
    };
    const started = performance.now();
    const report = await importBundle(store, raw, { replace, onStatement });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${seconds.toFixed(2)} s`);
    const byStatement = Object.fromEntries(
      [...statements].map(([k, v]) => [k, { rows: v.rows, seconds: Number((v.ms / 1000).toFixed(3)) }]),
    );
    return {
      label,
      seconds: Number(seconds.toFixed(3)),
      changed: report.changed,
      deleted: report.deleted,
      byStatement,
    };
  };
  // A freshly started JVM runs the first statements slowly (planning, JIT); a first import into a new
  // server is measured on its own, the others after a warm-up.
  const cold = await timed('cold: first import into a freshly started, empty database', 1, false);
  // IMPORT_COLD_ONLY=1: the first import alone (a profile of it, or a quick comparison of settings).
  const results = process.env.IMPORT_COLD_ONLY
    ? [cold]
    : [
        cold,
        await timed('warm-up: --replace with a small network', 3, true, 2_000, 10_000),
        await timed('warm: the full network replaces the small one', 1, true),
        await timed('the same import again (nothing changes)', 1, false),
        await timed('--replace with a different network of the same size', 2, true),
      ];
  await neo4j.close();
  writeResult('import', {
    neo4j: neo4j.description,
    network: { participants: PARTICIPANTS, ties: TIES, layers: 3 },
    results,
  });
}

await main();
