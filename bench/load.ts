/**
 * Loading a large network from Neo4j (`npm run bench:load`): a synthetic network of 100,000 participants
 * and 1,000,000 ties in 3 layers is imported (participants first, then the ties in five imports of
 * 200,000), then `loadNetwork` reads it: the first read, and the median of five uncached reads (each
 * through a new connection, so with an empty network cache).
 * Uses a throwaway local Neo4j (heap 4g). Results: bench/results/load-<date>.json.
 */
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/store/driver.ts';
import { loadNetwork } from '../src/store/network.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const PARTICIPANTS = 100_000;
const TIES = 1_000_000;

async function main() {
  const neo4j = await benchNeo4j({ heap: '4g', pageCache: '2g' }, { useNeo4jUri: false });
  const { store } = neo4j;
  try {
    await applySchema(store);
    const bundle = syntheticNetwork(PARTICIPANTS, TIES, 5);
    const started = performance.now();
    const asRaw = (part: object, name: string) => rawBundleFromJson(JSON.parse(JSON.stringify(part)), name);
    await importBundle(
      store,
      asRaw(
        {
          regions: bundle.regions,
          participants: bundle.participants,
          clusters: bundle.clusters,
          memberships: bundle.memberships,
        },
        'participants.json',
      ),
    );
    for (let i = 0; i < TIES; i += 200_000) {
      await importBundle(store, asRaw({ ties: bundle.ties.slice(i, i + 200_000) }, `ties-${i}.json`));
      console.log(`  imported ${Math.min(TIES, i + 200_000)} ties`);
    }
    const importSeconds = (performance.now() - started) / 1000;
    const t0 = performance.now();
    const first = await loadNetwork(store);
    const firstSeconds = (performance.now() - t0) / 1000;
    const warm: number[] = [];
    for (let run = 0; run < 5; run++) {
      // A new connection each time: its own (empty) network cache, and the networks loaded before can
      // be collected, as in a server that reloads after an import.
      const fresh = await openStore({ ...loadConfig(), external: { uri: neo4j.uri } });
      try {
        const t = performance.now();
        await loadNetwork(fresh);
        warm.push((performance.now() - t) / 1000);
      } finally {
        await fresh.close();
      }
    }
    const warmSeconds = [...warm].sort((a, b) => a - b)[2]!;
    console.log(
      `load ${first.ties.length} ties of ${first.nodes.length} participants: first ${firstSeconds.toFixed(2)} s, warm median ${warmSeconds.toFixed(2)} s`,
    );
    writeResult('load', {
      neo4j: neo4j.description,
      network: { participants: first.nodes.length, ties: first.ties.length },
      importSeconds: Number(importSeconds.toFixed(1)),
      load: {
        firstSeconds: Number(firstSeconds.toFixed(3)),
        warmSeconds: Number(warmSeconds.toFixed(3)),
        warmRuns: warm.map((x) => Number(x.toFixed(3))),
      },
    });
  } finally {
    await neo4j.close();
  }
}

await main();
