/**
 * Loading a large network from Neo4j (`npm run bench:load`): a synthetic network of 100,000 participants
 * and 1,000,000 ties in 3 layers is imported (participants first, then the ties in five imports of
 * 200,000), then `loadNetwork` reads it: the first read, and the median of three uncached reads.
 * Uses a throwaway local Neo4j (heap 4g). Results: bench/results/load-<date>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiSettings, type LocalNeo4jSettings } from '../src/config.ts';
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { freePort, startLocal, stopLocal } from '../src/neo4j-local/server.ts';
import { openStore } from '../src/store/driver.ts';
import { importBundle } from '../src/store/import.ts';
import { loadNetwork } from '../src/store/network.ts';
import { applySchema } from '../src/store/schema.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const PARTICIPANTS = 100_000;
const TIES = 1_000_000;

async function main() {
  const local: LocalNeo4jSettings = {
    home: fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-bench-')),
    boltPort: await freePort(),
    heap: '4g',
    pageCache: '2g',
  };
  const store = await openStore({
    external: { uri: (await startLocal(local, { gds: false })).uri! },
    local,
    server: { host: '', port: 0 },
    api: apiSettings({}),
  });
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
    for (const extra of ['none-1', 'none-2', 'none-3']) {
      const t = performance.now();
      await loadNetwork(store, { layers: ['rnd', 'supply', 'education', extra] });
      warm.push((performance.now() - t) / 1000);
    }
    const warmSeconds = warm.sort((a, b) => a - b)[1]!;
    console.log(
      `load ${first.ties.length} ties of ${first.nodes.length} participants: first ${firstSeconds.toFixed(2)} s, warm median ${warmSeconds.toFixed(2)} s`,
    );
    writeResult('load', {
      neo4j: 'local Neo4j Community 5.26 (heap 4g, page cache 2g)',
      network: { participants: first.nodes.length, ties: first.ties.length },
      importSeconds: Number(importSeconds.toFixed(1)),
      load: {
        firstSeconds: Number(firstSeconds.toFixed(3)),
        warmSeconds: Number(warmSeconds.toFixed(3)),
        warmRuns: warm.map((x) => Number(x.toFixed(3))),
      },
    });
  } finally {
    await store.close();
    await stopLocal(local);
    fs.rmSync(local.home, { recursive: true, force: true });
  }
}

await main();
