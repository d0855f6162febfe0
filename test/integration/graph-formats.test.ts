/**
 * GEXF and GraphML through the real paths into the real Neo4j: `clusterlens import` / `export` as
 * separate processes, and POST /api/import / GET /api/export. Export → import into an empty database →
 * export again gives the same file; Les Misérables imports with its values; bad files change nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { graphDocument } from '../../src/exchange/graph-formats.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle } from '../../src/store/import.ts';
import { graphVersion, networkCounts } from '../../src/store/status.ts';
import { demoApp, type TestApp } from '../helpers/app.ts';
import { emptyDatabase, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const LES_MISERABLES = path.join(root, 'test', 'fixtures', 'les-miserables.gexf');
const auth = { authorization: 'Bearer test-key' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-graph-formats-'));

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), ...args], {
    env: testEnv(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let t: TestApp;
beforeAll(async () => {
  t = await demoApp({ keys: ['test-key'] });
});
afterAll(async () => {
  await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sum of the stored ties' weights and the stored participants, by Cypher. */
async function stored(): Promise<{ participants: number; ties: number; weight: number }> {
  const session = t.store.driver.session();
  try {
    const result = await session.run(
      'MATCH (p:Participant) WITH count(p) AS participants ' +
        'OPTIONAL MATCH (:Participant)-[r:TIE]->(:Participant) ' +
        'RETURN participants, count(r) AS ties, sum(coalesce(r.weight, 1)) AS weight',
    );
    const row = result.records[0]!;
    return {
      participants: Number(row.get('participants')),
      ties: Number(row.get('ties')),
      weight: Number(row.get('weight')),
    };
  } finally {
    await session.close();
  }
}

describe('clusterlens export / import with GEXF and GraphML', () => {
  for (const format of ['gexf', 'graphml'] as const) {
    it(`${format}: export, import into an empty database, export again: the same file`, async () => {
      await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
      const first = path.join(dir, `first.${format}`);
      const second = path.join(dir, `second.${format}`);
      const exported = cli(['export', first, '--format', format]);
      expect(exported.code, exported.stderr).toBe(0);
      await emptyDatabase(t.store);
      const imported = cli(['import', first]);
      expect(imported.code, imported.stderr).toBe(0);
      const again = cli(['export', second, '--format', format]);
      expect(again.code, again.stderr).toBe(0);
      expect(fs.readFileSync(second, 'utf8')).toBe(fs.readFileSync(first, 'utf8'));
      // And the file is the one written from the demo bundle itself.
      expect(fs.readFileSync(first, 'utf8')).toBe(graphDocument(await exportBundle(t.store), format));
    });
  }

  it('imports Les Misérables: 77 characters, 254 weighted co-appearances (total weight 820)', async () => {
    await emptyDatabase(t.store);
    const run = cli(['import', LES_MISERABLES, '--json']);
    expect(run.code, run.stderr).toBe(0);
    // Reference: networkx 3.6.1 les_miserables_graph(): 77 nodes, 254 edges, total weight 820.
    expect(await stored()).toEqual({ participants: 77, ties: 254, weight: 820 });
    const bundle = await exportBundle(t.store);
    expect(bundle.participants.find((p) => p.id === '11.0')?.name).toBe('Valjean');
    expect(bundle.layers).toEqual([{ id: 'tie', directed: true }]);
  });

  it('refuses a bad GraphML with exit code 2, naming file, line and field, and writes nothing', async () => {
    const bad = path.join(dir, 'bad.graphml');
    fs.writeFileSync(
      bad,
      `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="x"><data key="k">universty</data></node>
    <node id="y"/>
    <edge source="x" target="nobody"/>
  </graph>
</graphml>
`,
    );
    const before = await networkCounts(t.store);
    const version = await graphVersion(t.store);
    const run = cli(['import', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.graphml line 5 node\[@id="x"\], field kind: unknown kind "universty"/);
    expect(run.stderr).toMatch(
      /bad\.graphml line 7 edge\[1\], field target: tie to a missing participant 'nobody'/,
    );
    expect(await networkCounts(t.store)).toEqual(before);
    expect(await graphVersion(t.store)).toBe(version);
  });

  it('refuses a file of another format, listing the accepted ones', () => {
    const svg = path.join(dir, 'picture.gexf');
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const run = cli(['import', svg]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /picture\.gexf: is not a format clusterlens imports \(it is XML with root <svg>\)/,
    );
    expect(run.stderr).toMatch(/accepted: a JSON bundle, a folder of CSV files .*GEXF.*GraphML/);
  });
});

describe('POST /api/import and GET /api/export with GEXF and GraphML', () => {
  it('round-trips both formats through the API into an empty database', async () => {
    await importBundle(t.store, readJsonBundle(DEMO_BUNDLE_PATH), { replace: true });
    for (const [format, type] of [
      ['gexf', 'application/gexf+xml'],
      ['graphml', 'application/graphml+xml'],
    ] as const) {
      const first = await t.app.inject({ method: 'GET', url: `/api/export?format=${format}` });
      expect(first.statusCode).toBe(200);
      await emptyDatabase(t.store);
      // Sent as XML, or as bytes of no declared format: recognised by content either way.
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/import',
        payload: first.body,
        headers: { ...auth, 'content-type': format === 'gexf' ? type : 'application/octet-stream' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().collections.participants.rows).toBe(t.demo.participants.length);
      const again = await t.app.inject({ method: 'GET', url: `/api/export?format=${format}` });
      expect(again.body).toBe(first.body);
    }
  });

  it('writes the directed and undirected views; the import refuses them and changes nothing', async () => {
    const bundle = await exportBundle(t.store);
    for (const ties of ['directed', 'undirected'] as const) {
      const view = await t.app.inject({ method: 'GET', url: `/api/export?format=graphml&ties=${ties}` });
      expect(view.statusCode).toBe(200);
      expect(view.body).toBe(graphDocument(bundle, 'graphml', ties));
      expect(view.body).toContain(`edgedefault="${ties}"`);
      const version = await graphVersion(t.store);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/import',
        payload: view.body,
        headers: { ...auth, 'content-type': 'application/graphml+xml' },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().problems[0].message).toMatch(/--ties mixed/);
      expect(await graphVersion(t.store)).toBe(version);
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/export?format=gexf&ties=sideways' });
    expect(bad.statusCode).toBe(400);
  });

  it('answers a bad GEXF with a 422 problem document naming line, element and field', async () => {
    const before = await networkCounts(t.store);
    const version = await graphVersion(t.store);
    const gexf = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="0" title="founded" type="integer"/></attributes>
    <nodes>
      <node id="a" label="A"><attvalues><attvalue for="0" value="1066"/></attvalues></node>
    </nodes>
  </graph>
</gexf>`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      payload: gexf,
      headers: { ...auth, 'content-type': 'application/xml' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().problems).toEqual([
      {
        file: 'request body',
        line: 6,
        path: 'node[@id="a"].founded',
        field: 'founded',
        message: 'year 1066 is out of range (1800–2100)',
      },
    ]);
    expect(await networkCounts(t.store)).toEqual(before);
    expect(await graphVersion(t.store)).toBe(version);
  });
});
