/**
 * Where the transactional import's tie time goes (`npm run bench:import-statements`): 20,000 participants
 * are stored, then 200,000 ties (IMPORT_TIES) are created in one transaction by each way of writing the
 * statement, timed alternately (two rounds, so that the machine's drift hits every variant alike), with
 * the time split into building the parameters in Node, running the batches and the commit. The ties are
 * deleted between runs. Uses a throwaway local Neo4j (heap 2g, as bench:import). Results:
 * bench/results/import-statements-<date>.json.
 *
 * The variants are the ideas for a faster import (issue 16): the product's statement (each end found by
 * an index seek on the participant id), ends pre-resolved to internal node numbers (one look-up per
 * participant instead of two per tie), the same with the rows sent as parallel lists (cheaper to pack and
 * decode than a map per row), and larger batches. Two more variants bound what the commit is made of: the
 * parallel lists without Neo4j's relationship-type lookup index (dropped before, recreated after), and
 * the same ties without their three properties (not an import clusterlens could do: what properties cost).
 * And whether K concurrent transactions (K = 2, 4), each creating a K-th of the ties in its own session,
 * commit in less wall time than one (the commit of one transaction runs on one thread).
 * IMPORT_VARIANTS="concurrent|the product" runs only the variants whose names contain one of the parts.
 */
import os from 'node:os';
import neo4j from 'neo4j-driver';
import type { Tie } from '../src/exchange/model.ts';
import { session } from '../src/store/driver.ts';
import { applySchema } from '../src/store/schema.ts';
import { benchNeo4j } from './neo4j.ts';
import { writeResult } from './results.ts';
import { syntheticNetwork } from './synthetic.ts';

const PARTICIPANTS = 20_000;
const TIES = Number(process.env.IMPORT_TIES ?? 200_000);
const ROUNDS = Number(process.env.IMPORT_ROUNDS ?? 2);

type NodeNumbers = Map<string, number>;
interface Variant {
  name: string;
  batch: number;
  statement: string;
  params: (ties: Tie[], nodes: NodeNumbers) => Record<string, unknown>;
  /** Whether Neo4j's relationship-type lookup index exists while it runs (default: yes, as in a real store). */
  relationshipTypeLookup?: boolean;
  /**
   * K > 1: the ties are cut into K slices, each created by its own transaction in its own session, all
   * K at once — does the commit (one thread per transaction) get faster when K transactions share it?
   */
  concurrency?: number;
}

const node = (nodes: NodeNumbers, id: string) => nodes.get(id)!;
const byRows = (ties: Tie[]) => ({
  rows: ties.map((t) => ({
    source: t.source,
    target: t.target,
    props: { layer: t.layer, weight: t.weight, since: neo4j.int(t.since!) },
  })),
});
const byNodeRows = (ties: Tie[], nodes: NodeNumbers) => ({
  rows: ties.map((t) => ({
    a: node(nodes, t.source),
    b: node(nodes, t.target),
    props: { layer: t.layer, weight: t.weight, since: neo4j.int(t.since!) },
  })),
});
const byColumns = (ties: Tie[], nodes: NodeNumbers) => ({
  a: ties.map((t) => node(nodes, t.source)),
  b: ties.map((t) => node(nodes, t.target)),
  layer: ties.map((t) => t.layer),
  weight: ties.map((t) => t.weight),
  since: ties.map((t) => t.since),
});

const INDEX_SEEKS = `UNWIND $rows AS row
MATCH (a:Participant {id: row.source}) USING INDEX a:Participant(id)
MATCH (b:Participant {id: row.target}) USING INDEX b:Participant(id)
CREATE (a)-[t:TIE]->(b) SET t = row.props
RETURN count(*) AS rows`;
const NODE_NUMBERS = `UNWIND $rows AS row
MATCH (a:Participant) WHERE id(a) = toInteger(row.a)
MATCH (b:Participant) WHERE id(b) = toInteger(row.b)
CREATE (a)-[t:TIE]->(b) SET t = row.props
RETURN count(*) AS rows`;
const COLUMNS = `UNWIND range(0, size($a) - 1) AS i
MATCH (a:Participant) WHERE id(a) = toInteger($a[i])
MATCH (b:Participant) WHERE id(b) = toInteger($b[i])
CREATE (a)-[:TIE {layer: $layer[i], weight: $weight[i], since: toInteger($since[i])}]->(b)
RETURN count(*) AS rows`;

const NO_PROPERTIES = `UNWIND range(0, size($a) - 1) AS i
MATCH (a:Participant) WHERE id(a) = toInteger($a[i])
MATCH (b:Participant) WHERE id(b) = toInteger($b[i])
CREATE (a)-[:TIE]->(b)
RETURN count(*) AS rows`;

const VARIANTS: Variant[] = [
  {
    name: 'index seeks, rows (the product before 2026-12-01 evening, batch 10,000)',
    batch: 10_000,
    statement: INDEX_SEEKS,
    params: byRows,
  },
  { name: 'index seeks, rows, batch 50,000', batch: 50_000, statement: INDEX_SEEKS, params: byRows },
  { name: 'node numbers, rows', batch: 10_000, statement: NODE_NUMBERS, params: byNodeRows },
  {
    name: 'node numbers, parallel lists (the product since 2026-12-01 evening)',
    batch: 10_000,
    statement: COLUMNS,
    params: byColumns,
  },
  {
    name: 'node numbers, parallel lists, no relationship-type lookup index',
    batch: 10_000,
    statement: COLUMNS,
    params: byColumns,
    relationshipTypeLookup: false,
  },
  ...[2, 4].map((k) => ({
    name: `node numbers, parallel lists, ${k} concurrent transactions (separate sessions)`,
    batch: 10_000,
    statement: COLUMNS,
    params: byColumns,
    concurrency: k,
  })),
  {
    name: 'node numbers, parallel lists, ties without properties (a bound, not an import)',
    batch: 10_000,
    statement: NO_PROPERTIES,
    params: byColumns,
  },
];

/** Drops or (re)creates the relationship-type lookup index, which every new relationship updates. */
async function setRelationshipTypeLookup(store: Parameters<typeof session>[0], on: boolean) {
  const s = session(store);
  try {
    const found = await s.run(
      "SHOW INDEXES YIELD name, type, entityType WHERE type = 'LOOKUP' AND entityType = 'RELATIONSHIP' RETURN name",
    );
    const name = found.records[0]?.get('name') as string | undefined;
    // An index name cannot be a parameter; this one comes from Neo4j itself, not from input.
    if (!on && name) await s.run(`DROP INDEX \`${name}\``);
    if (on && !name) {
      await s.run('CREATE LOOKUP INDEX relationship_type_lookup FOR ()-[r]-() ON EACH type(r)');
      await s.run('CALL db.awaitIndexes(300)');
    }
  } finally {
    await s.close();
  }
}

async function main() {
  // IMPORT_NEO4J_CONF="a=b;c=d": neo4j.conf settings to try on the throwaway server (as bench:import).
  const extraConf = process.env.IMPORT_NEO4J_CONF?.split(';').filter(Boolean);
  const neo4jServer = await benchNeo4j(
    { heap: '2g', pageCache: process.env.IMPORT_NEO4J_PAGE_CACHE ?? '512m' },
    { useNeo4jUri: false, extraConf },
  );
  const { store } = neo4jServer;
  try {
    await applySchema(store);
    const network = syntheticNetwork(PARTICIPANTS, TIES, 1);
    const s = session(store);
    const nodes: NodeNumbers = new Map();
    try {
      await s.executeWrite(async (tx) => {
        for (let i = 0; i < PARTICIPANTS; i += 10_000) {
          const rows = network.participants
            .slice(i, i + 10_000)
            .map((p) => ({ id: p.id, kind: p.kind, name: p.name, region: p.region }));
          await tx.run('UNWIND $rows AS row CREATE (p:Participant) SET p = row', { rows });
        }
      });
      const result = await s.executeRead((tx) =>
        tx.run('MATCH (p:Participant) RETURN p.id AS id, toFloat(id(p)) AS node'),
      );
      for (const r of result.records) nodes.set(r.get('id') as string, r.get('node') as number);
    } finally {
      await s.close();
    }
    const runs: Record<string, Awaited<ReturnType<typeof createTies>>[]> = {};
    // IMPORT_VARIANTS="a|b": only the variants whose names contain one of these (a shorter run).
    const only = process.env.IMPORT_VARIANTS?.split('|').filter(Boolean);
    const variants = only ? VARIANTS.filter((v) => only.some((o) => v.name.includes(o))) : VARIANTS;
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) {
        await setRelationshipTypeLookup(store, variant.relationshipTypeLookup ?? true);
        const timing = await createTies(store, variant, network.ties, nodes);
        (runs[variant.name] ??= []).push(timing);
        console.log(
          `${variant.name}: ${JSON.stringify(timing)} (${Math.round(TIES / timing.seconds)} ties/s)`,
        );
      }
    }
    writeResult('import-statements', {
      neo4j: neo4jServer.description,
      network: { participants: PARTICIPANTS, ties: TIES, layers: 3 },
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
      runs,
    });
  } finally {
    await neo4jServer.close();
  }
}

/**
 * Creates the ties the variant's way — one transaction, or K concurrent ones over K slices — then deletes
 * them again (not timed). With K transactions, `statements` is the wall time until the last one ran its
 * last statement and `commit` the wall time after it until all committed; `retries` counts transaction
 * functions that the driver ran again (a deadlock or another transient error).
 */
async function createTies(
  store: Parameters<typeof session>[0],
  variant: Variant,
  ties: Tie[],
  nodes: NodeNumbers,
) {
  const k = variant.concurrency ?? 1;
  const sliceSize = Math.ceil(ties.length / k);
  let params = 0;
  let attempts = 0;
  let lastStatementDone = 0;
  const started = performance.now();
  const createSlice = async (slice: Tie[]) => {
    const s = session(store);
    try {
      await s.executeWrite(async (tx) => {
        attempts++;
        for (let i = 0; i < slice.length; i += variant.batch) {
          const t0 = performance.now();
          const batch = variant.params(slice.slice(i, i + variant.batch), nodes);
          params += performance.now() - t0;
          await tx.run(variant.statement, batch);
        }
        lastStatementDone = Math.max(lastStatementDone, performance.now());
      });
    } finally {
      await s.close();
    }
  };
  await Promise.all(
    Array.from({ length: k }, (_, i) => createSlice(ties.slice(i * sliceSize, (i + 1) * sliceSize))),
  );
  const statements = lastStatementDone - started - params;
  const total = performance.now() - started;
  const clean = session(store);
  try {
    // Every variant must have created every tie (K transactions too), or its time means nothing.
    const counted = (await clean.run('MATCH ()-[t:TIE]->() RETURN count(t) AS n')).records[0]!.get('n');
    if (Number(counted) !== ties.length)
      throw new Error(`${variant.name}: ${counted} ties, not ${ties.length}`);
    await clean.run('MATCH ()-[t:TIE]->() CALL (t) { DELETE t } IN TRANSACTIONS OF 50000 ROWS');
  } finally {
    await clean.close();
  }
  const s3 = (ms: number) => Number((ms / 1000).toFixed(3));
  return {
    seconds: s3(total),
    params: s3(params),
    statements: s3(statements),
    commit: s3(total - params - statements),
    retries: attempts - k,
  };
}

await main();
