/** The `clusterlens` command line, run as a user runs it (a separate process), against real Neo4j servers. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { gdsInstalled } from '../../src/neo4j-local/installation.ts';
import { freePort, portAnswers } from '../../src/neo4j-local/server.ts';
import type { Store } from '../../src/store/driver.ts';
import { emptyDatabase, openTestStore, query, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures');

function cli(args: string[], env: NodeJS.ProcessEnv = testEnv()) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
  await emptyDatabase(store);
});
afterAll(async () => {
  await store.close();
});

describe('clusterlens CLI', () => {
  it.each([
    [[]],
    [['db']],
    [['db', 'start']],
    [['import']],
    [['export']],
    [['seed']],
    [['serve']],
    [['start']],
  ])('prints help for %j and exits 0', (args) => {
    const run = cli([...args, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: clusterlens/);
  });

  it('exits non-zero on an unknown command', () => {
    expect(cli(['frobnicate']).code).not.toBe(0);
  });

  it('refuses invalid data with file, place and field, exits 2, and writes nothing', () => {
    const run = cli(['import', path.join(fixtures, 'bad.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.json $.participants[0].kind, field kind: unknown kind "entreprise"');
    expect(run.stderr).toContain('bad.json $.ties[0].target, field target: tie to a missing participant');
    const csv = cli(['import', path.join(fixtures, 'bad-csv')]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('participants.csv line 3, field kind');
    const status = cli(['db', 'status', '--json']);
    expect(JSON.parse(status.stdout).counts.participants).toBe(0);
  });

  it('imports a CSV folder and exports it as JSON, CSV, GEXF and GraphML', () => {
    expect(cli(['import', path.join(fixtures, 'small-csv')]).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-cli-'));
    for (const format of ['json', 'csv', 'gexf', 'graphml']) {
      const target = path.join(dir, format === 'csv' ? 'csv' : `network.${format}`);
      const run = cli(['export', target, '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      expect(fs.existsSync(target)).toBe(true);
    }
    const bundle = JSON.parse(fs.readFileSync(path.join(dir, 'network.json'), 'utf8'));
    expect(bundle.participants.map((p: { id: string }) => p.id)).toEqual(['p1', 'p2']);
    expect(bundle.participants[0].attributes).toEqual({
      innovative: true,
      note: 'quoted, with comma',
      rating: 4.5,
    });
    expect(fs.readFileSync(path.join(dir, 'csv', 'ties.csv'), 'utf8')).toContain('p1,p2,rnd,2,2014');
    expect(fs.readFileSync(path.join(dir, 'network.gexf'), 'utf8')).toContain('<gexf');
  });

  it('records an import in the audit trail as cli:<login name>, with its report', async () => {
    const run = cli(['import', path.join(fixtures, 'small.json'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const [entry] = await query(
      store,
      'MATCH (e:AuditEntry) WHERE $id IN e.ids RETURN e.client AS client, e.operation AS operation, ' +
        'e.graphVersion AS version, e.importReport AS report',
      { id: report.importId },
    );
    expect(entry).toMatchObject({ client: `cli:${os.userInfo().username}`, operation: 'bundle.import' });
    expect(report.changed).toBe(true);
    expect(entry!.version).toBe(report.graphVersion);
    expect(JSON.parse(String(entry!.report))).toMatchObject({ collections: report.collections });
  });

  it('says clearly when Java is missing', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-nojava-'));
    const env = {
      ...process.env,
      NEO4J_URI: '',
      CLUSTERLENS_HOME: home,
      JAVA_HOME: path.join(home, 'no-java'),
    };
    const run = cli(['db', 'start'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Java 17 or 21 is needed.*NEO4J_URI/s);
  });
});

describe('clusterlens db start | status | stop (the local Neo4j)', () => {
  it('starts idempotently, keeps its data across a restart, and stops cleanly', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-db-'));
    const env = {
      ...process.env,
      NEO4J_URI: '',
      CLUSTERLENS_HOME: home,
      CLUSTERLENS_NEO4J_PORT: String(await freePort()),
      CLUSTERLENS_NEO4J_HEAP: '512m',
    };
    try {
      expect(cli(['db', 'status'], env).stdout).toMatch(/not running/);
      const start = cli(['db', 'start'], env);
      expect(start.code, start.stderr).toBe(0);
      const uri = start.stdout.trim().split('\n').pop()!;
      expect(uri).toBe(`bolt://127.0.0.1:${env.CLUSTERLENS_NEO4J_PORT}`);
      const first = JSON.parse(cli(['db', 'status', '--json'], env).stdout);
      expect(first).toMatchObject({ mode: 'local', running: true, uri });
      // Graph Data Science, installed by `db install` (.ci/run), loads into the local server.
      if (gdsInstalled()) {
        expect(first.gds).toBe(true);
        const driver = neo4j.driver(uri);
        try {
          const result = await driver.executeQuery('RETURN gds.version() AS version');
          expect(result.records[0]!.get('version')).toMatch(/^2\.13\./);
        } finally {
          await driver.close();
        }
      }

      const again = cli(['db', 'start'], env);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/already running/);
      expect(JSON.parse(cli(['db', 'status', '--json'], env).stdout).pid).toBe(first.pid);

      expect(cli(['import', path.join(fixtures, 'small.json')], env).code).toBe(0);
      expect(cli(['db', 'stop'], env).code).toBe(0);
      expect(cli(['db', 'status'], env).stdout).toMatch(/not running/);
      // The server is gone: nothing answers on its Bolt port. (Its pid may linger briefly as a zombie
      // until the reaper collects it, so the port, not the pid, is what we check.)
      expect(await portAnswers(Number(env.CLUSTERLENS_NEO4J_PORT))).toBe(false);

      expect(cli(['db', 'start', '--no-gds'], env).code).toBe(0);
      const after = JSON.parse(cli(['db', 'status', '--json'], env).stdout);
      expect(after.counts.participants).toBe(4);
    } finally {
      cli(['db', 'stop'], env);
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 240_000);
});
