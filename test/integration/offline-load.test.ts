/**
 * The offline initial load (`clusterlens db load`, neo4j-admin database import) against a second, local
 * Neo4j home of its own: it must end with the graph a transactional import makes, on the demo read from
 * its CSV folder — the same export, byte for byte, the same graph version and the same schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ValidationError } from '../../src/errors.ts';
import { readCsvFolder, writeCsvFolder } from '../../src/exchange/csv.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { freePort, localStatus, stopLocal } from '../../src/neo4j-local/server.ts';
import { offlineLoad } from '../../src/services/offline-load.ts';
import { openStore, type Store } from '../../src/store/driver.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle, validateForImport } from '../../src/store/import.ts';
import { graphVersion } from '../../src/store/status.ts';
import { emptyDatabase, openTestStore, query } from '../helpers/store.ts';

let tmp: string;
let config: Config;
let csvFolder: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterlens-offline-load-'));
  const env = {
    CLUSTERLENS_HOME: tmp,
    CLUSTERLENS_NEO4J_PORT: String(await freePort()),
    CLUSTERLENS_NEO4J_HEAP: '512m',
    CLUSTERLENS_NEO4J_PAGECACHE: '64m',
  };
  config = loadConfig(env);
  // The demo as the CSV folder of the exchange format (docs/exchange-format.md).
  const { bundle } = await validateForImport(undefined, readJsonBundle(DEMO_BUNDLE_PATH), true);
  csvFolder = path.join(tmp, 'demo-csv');
  writeCsvFolder(bundle, csvFolder);
});

afterAll(async () => {
  await stopLocal(config.local, 60_000).catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

const schemaOf = async (store: Store) =>
  (
    await query<{ name: string }>(
      store,
      'SHOW INDEXES YIELD name, type WHERE type <> "LOOKUP" RETURN name ORDER BY name',
    )
  ).map((r) => r.name);

describe('db load (neo4j-admin) on the demo CSV folder', () => {
  it('refuses when NEO4J_URI points elsewhere, and writes nothing', async () => {
    const external = { ...config, external: { uri: 'bolt://127.0.0.1:1', user: '', password: '' } };
    await expect(offlineLoad(external as Config, readCsvFolder(csvFolder))).rejects.toThrow(
      /NEO4J_URI is set/,
    );
    expect(fs.existsSync(path.join(config.local.home, 'data'))).toBe(false);
  });

  it('refuses a bundle with a wrong row before touching the database', async () => {
    const bad = path.join(tmp, 'bad-csv');
    fs.cpSync(csvFolder, bad, { recursive: true });
    const ties = path.join(bad, 'ties.csv');
    const lines = fs.readFileSync(ties, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/^[^,]+/, 'nobody-with-this-id');
    fs.writeFileSync(ties, lines.join('\n'));
    await expect(offlineLoad(config, readCsvFolder(bad))).rejects.toThrow(ValidationError);
    expect(fs.existsSync(path.join(config.local.home, 'data'))).toBe(false);
  });

  it('ends with the graph of a transactional import: same export, graph version and schema', async () => {
    const raw = readCsvFolder(csvFolder);
    // Without Graph Data Science: a quicker start, and the graph does not depend on it.
    const report = await offlineLoad(config, raw, { gds: false });
    expect(report.graphVersion).toBe(1);
    const loaded = await openStore(config);
    const reference = await openTestStore();
    try {
      await emptyDatabase(reference);
      const versionBefore = await graphVersion(reference);
      await importBundle(reference, readCsvFolder(csvFolder));
      expect(JSON.stringify(await exportBundle(loaded), null, 2)).toBe(
        JSON.stringify(await exportBundle(reference), null, 2),
      );
      expect(await graphVersion(loaded)).toBe(1);
      expect(await graphVersion(reference)).toBe(versionBefore + 1);
      expect(await schemaOf(loaded)).toEqual(await schemaOf(reference));
      // Labels and relationship types with their counts, beyond what the export reads.
      const shape = `CALL { MATCH (n) RETURN labels(n) AS l UNION ALL MATCH ()-[r]->() RETURN [type(r)] AS l }
        WITH reduce(s = '', x IN l | s + ':' + x) AS kind RETURN kind, count(*) AS c ORDER BY kind`;
      expect(await query(loaded, shape)).toEqual(await query(reference, shape));
    } finally {
      await loaded.close();
      await reference.close();
    }
    // neo4j-admin, a start of the loaded server, an import and two exports, on a shared machine.
  }, 600_000);

  it('refuses while the local Neo4j runs, and over an existing database without --replace', async () => {
    expect(localStatus(config.local).running).toBe(true);
    await expect(offlineLoad(config, readCsvFolder(csvFolder))).rejects.toThrow(/is running/);
    await stopLocal(config.local, 60_000);
    await expect(offlineLoad(config, readCsvFolder(csvFolder))).rejects.toThrow(/already holds a database/);
  }, 120_000);
});
