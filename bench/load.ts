/**
 * Loading a large network from Neo4j (`npm run bench:load`): a synthetic network of 100,000 participants
 * and 1,000,000 ties in 3 layers is imported (participants first, then the ties in five imports of
 * 200,000), then `loadNetwork` reads it: the first read, and the median of five uncached reads (each
 * through a new connection, so with an empty network cache).
 * Then the parts apart (medians of three): the participants' statement alone and the ties' statements
 * alone (records counted, not turned into ties), to say where the load's time goes.
 * Uses a throwaway local Neo4j (heap 4g), or the home `LOAD_HOME` names, kept between runs: the import
 * (minutes) is skipped when that home already holds the network.
 * Results: bench/results/load-<date>.json.
 */
import { rawBundleFromJson } from '../src/exchange/json.ts';
import { importBundle } from '../src/store/import.ts';
import { loadConfig } from '../src/config.ts';
import { openStore, session, type Store } from '../src/store/driver.ts';
import { loadNetwork } from '../src/store/network.ts';
import { participantsQuery, tiesQuery, type BuiltQuery } from '../src/store/network-query.ts';
import { networkCounts } from '../src/store/status.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const PARTICIPANTS = 100_000;
const TIES = 1_000_000;

async function main() {
  const home = process.env.LOAD_HOME;
  const neo4j = await benchNeo4j({ heap: '4g', pageCache: '2g' }, { useNeo4jUri: false, home });
  const { store } = neo4j;
  try {
    await applySchema(store);
    const stored = await networkCounts(store);
    const started = performance.now();
    if (stored.ties !== TIES || stored.participants !== PARTICIPANTS) await importNetwork(store);
    else console.log(`  ${home} holds the network already: import skipped`);
    const importSeconds = (performance.now() - started) / 1000;
    const t0 = performance.now();
    const first = await loadNetwork(store);
    const firstSeconds = (performance.now() - t0) / 1000;
    const warm = await timedRuns(neo4j.uri, 5, loadNetwork);
    const warmSeconds = median(warm);
    console.log(
      `load ${first.ties.length} ties of ${first.nodes.length} participants: first ${firstSeconds.toFixed(2)} s, warm median ${warmSeconds.toFixed(2)} s`,
    );
    const parts = {
      participantsSeconds: median(
        await timedRuns(neo4j.uri, 3, (fresh) => countRecords(fresh, participantsQuery({}))),
      ),
      tiesSeconds: median(
        await timedRuns(neo4j.uri, 3, (fresh) =>
          Promise.all(
            Array.from({ length: TIE_PARTITIONS }, (_, part) =>
              countRecords(fresh, tiesQuery({}, { part, parts: TIE_PARTITIONS })),
            ),
          ),
        ),
      ),
    };
    console.log(
      `parts alone: participants ${parts.participantsSeconds.toFixed(2)} s, ties ${parts.tiesSeconds.toFixed(2)} s`,
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
      partsSeconds: {
        participants: Number(parts.participantsSeconds.toFixed(3)),
        ties: Number(parts.tiesSeconds.toFixed(3)),
      },
    });
  } finally {
    await neo4j.close();
  }
}

async function importNetwork(store: Store) {
  const bundle = syntheticNetwork(PARTICIPANTS, TIES, 5);
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
}

/** The loader's slices (src/store/network.ts reads the ties in as many). */
const TIE_PARTITIONS = 2;

/** Runs a statement to its end, counting records (decoded by the driver, not used). */
async function countRecords(store: Store, built: BuiltQuery): Promise<number> {
  const s = session(store, 'READ', 10_000);
  try {
    return await s.executeRead(async (tx) => {
      let n = 0;
      await new Promise<void>((resolve, reject) =>
        tx.run(built.query, built.params).subscribe({
          onNext: () => void n++,
          onCompleted: () => resolve(),
          onError: reject,
        }),
      );
      return n;
    });
  } finally {
    await s.close();
  }
}

/**
 * Seconds of `count` timed runs, each through a new connection: its own (empty) network cache, and what
 * the runs before it loaded can be collected, as in a server that reloads after an import.
 */
async function timedRuns(
  uri: string,
  count: number,
  run: (store: Store) => Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const fresh = await openStore({ ...loadConfig(), external: { uri } });
    try {
      const t = performance.now();
      await run(fresh);
      times.push((performance.now() - t) / 1000);
    } finally {
      await fresh.close();
    }
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await main();
