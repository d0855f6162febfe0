/** Import, export and the data model against the real Neo4j started by the global setup. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { INDICATORS, TABLE1, TABLE1_YEARS, aggregate } from '../../src/domain/indicators.ts';
import { ValidationError } from '../../src/errors.ts';
import { readCsvFolder, writeCsvFolder } from '../../src/exchange/csv.ts';
import { readJsonBundle, writeJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { exportBundle } from '../../src/store/export.ts';
import { importBundle } from '../../src/store/import.ts';
import { loadMetacorporation } from '../../src/store/metacorporation.ts';
import { applySchema } from '../../src/store/schema.ts';
import { graphVersion, networkCounts } from '../../src/store/status.ts';
import { emptyDatabase, openTestStore, query } from '../helpers/store.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');
let store: Store;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

describe('the schema', () => {
  it('applies twice without error and without duplicates', async () => {
    await applySchema(store);
    const before = await query(store, 'SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name');
    await applySchema(store);
    const after = await query(store, 'SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name');
    expect(after).toEqual(before);
    expect(after.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'participant_id',
        'cluster_id',
        'platform_id',
        'project_id',
        'observation_key',
      ]),
    );
  });

  it('refuses a second participant with the same id', async () => {
    await emptyDatabase(store);
    const session = store.driver.session();
    try {
      await session.run("CREATE (:Participant {id: 'x'})");
      await expect(session.run("CREATE (:Participant {id: 'x'})")).rejects.toThrow(/already exists/);
    } finally {
      await session.close();
    }
  });
});

describe('the Lipetsk demo in Neo4j', () => {
  beforeAll(async () => {
    await emptyDatabase(store);
    await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
  });

  it('holds «Долина машиностроения» with 114 participants: 87 enterprises, 3 universities, 1 research institute', async () => {
    const rows = await query<{ kind: string; n: number }>(
      store,
      "MATCH (p:Participant)-[:MEMBER_OF]->(:Cluster {id: 'dolina'}) RETURN p.kind AS kind, count(*) AS n",
    );
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(114);
    expect(byKind).toMatchObject({ enterprise: 87, university: 3, research_institute: 1 });
  });

  it("reproduces the article's Table 1 from the stored observations", async () => {
    const rows = await query<{ id: string; indicator: string; year: number; value: number }>(
      store,
      `MATCH (:Cluster {id: 'dolina'})<-[:MEMBER_OF]-(p:Participant {kind: 'enterprise'})-[:HAS_OBSERVATION]->(o:Observation)
       WHERE o.year IN $years
       RETURN p.id AS id, o.indicator AS indicator, o.year AS year, o.value AS value`,
      { years: [...TABLE1_YEARS].map((y) => y) },
    );
    const value = new Map(rows.map((r) => [`${r.id}|${r.indicator}|${Number(r.year)}`, r.value]));
    const ids = [...new Set(rows.map((r) => r.id))];
    expect(ids).toHaveLength(87);
    for (const definition of INDICATORS) {
      for (const year of TABLE1_YEARS) {
        const total = aggregate(
          definition,
          ids.map((id) => ({
            value: value.get(`${id}|${definition.id}|${year}`)!,
            employees: value.get(`${id}|employees|${year}`),
            outputPerWorker: value.get(`${id}|output_per_worker|${year}`),
          })),
        );
        expect(Number(total.toFixed(definition.decimals)), `${definition.id} ${year}`).toBe(
          TABLE1[definition.id]![year],
        );
      }
    }
  });

  it('stores years and counts as integers and reports them as plain numbers', async () => {
    const counts = await networkCounts(store);
    expect(counts.participants).toBe(283);
    expect(typeof counts.ties).toBe('number');
    const [row] = await query<{ t: string }>(
      store,
      "MATCH (p:Participant {id: 'uni-lgtu'}) RETURN valueType(p.founded) AS t",
    );
    expect(row!.t).toMatch(/^INTEGER/);
  });

  it('creates new participants and memberships with every field, typed, and their attributes', async () => {
    // The first import creates them from parallel lists (create-participants-by-column, create-member-of
    // and the others), where a year or count travels as a number: it must be stored as an integer.
    const [types] = await query<{ founded: string[]; employees: string[]; since: string[] }>(
      store,
      `MATCH (p:Participant)
       WITH collect(DISTINCT valueType(p.founded)) AS founded, collect(DISTINCT valueType(p.employees)) AS employees
       MATCH ()-[m:MEMBER_OF|JOINED|PART_OF]->()
       RETURN founded, employees, collect(DISTINCT valueType(m.since)) AS since`,
    );
    for (const found of [types!.founded, types!.employees, types!.since]) {
      expect(found.filter((t) => !t.startsWith('NULL'))).toEqual(['INTEGER NOT NULL']);
    }
    // The seed's participants with every field, each as stored (seed/lipetsk.json).
    const seed = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as {
      participants: (Record<string, unknown> & { id: string; attributes?: Record<string, unknown> })[];
    };
    const full = seed.participants.filter((p) => p.employees !== undefined && p.attributes).slice(0, 3);
    expect(full.length).toBeGreaterThan(0);
    for (const participant of full) {
      const [stored] = await query<{ props: Record<string, unknown> }>(
        store,
        'MATCH (p:Participant {id: $id}) RETURN properties(p) AS props',
        { id: participant.id },
      );
      const props = Object.fromEntries(
        Object.entries(stored!.props).map(([k, v]) => [k, neo4j.isInt(v) ? v.toNumber() : v]),
      );
      const { attributes, ...fields } = participant;
      const expected = { ...fields };
      for (const [name, value] of Object.entries(attributes ?? {})) expected[`attr.${name}`] = value;
      expect(props).toEqual(expected);
    }
  });

  it('changes nothing when the same bundle is imported again', async () => {
    const version = await graphVersion(store);
    const before = await exportBundle(store);
    const report = await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
    expect(report.changed).toBe(false);
    expect(Object.values(report.collections).every((c) => c.written === 0)).toBe(true);
    expect(await graphVersion(store)).toBe(version);
    expect(await exportBundle(store)).toEqual(before);
  });

  it('gives the metacorporation its levels and the links between them', async () => {
    const meta = await loadMetacorporation(store);
    const level = (id: string) => meta.levels.find((l) => l.id === id)!;
    expect(level('authorities').members.map((m) => m.id)).toContain('gov-minpromtorg');
    expect(level('regional_agencies').members.length).toBeGreaterThanOrEqual(3);
    expect(
      level('cluster_development_centers')
        .members.map((m) => m.id)
        .sort(),
    ).toEqual(['cdc-lipetsk', 'cdc-voronezh']);
    expect(level('clusters').members).toHaveLength(5);
    expect(level('participants').members.length).toBeGreaterThanOrEqual(114);
    const coordinated = meta.links
      .filter((l) => l.kind === 'coordination' && l.source === 'cdc-lipetsk')
      .map((l) => l.target);
    expect(coordinated.sort()).toEqual(['appliances', 'composites', 'dolina', 'stanko']);
    expect(meta.links.filter((l) => l.kind === 'membership' && l.source === 'dolina')).toHaveLength(114);
    expect(meta.links.some((l) => l.kind === 'governance' && l.source === 'gov-minpromtorg')).toBe(true);
    // Enterprises outside every cluster that a government body governs directly (the seed's ctl-057).
    expect(level('outside_clusters').members.map((m) => m.id)).toContain('ctl-057');
    expect(level('participants').members.map((m) => m.id)).not.toContain('ctl-057');
  });
});

describe('import and export', () => {
  beforeEach(async () => {
    await emptyDatabase(store);
  });

  it('refuses a bundle with errors, names file, path and field, and writes nothing', async () => {
    await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')));
    const before = await exportBundle(store);
    const version = await graphVersion(store);
    const error = await importBundle(store, readJsonBundle(path.join(fixtures, 'bad.json'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toContainEqual(
      expect.objectContaining({ file: 'bad.json', path: '$.participants[0].kind', field: 'kind' }),
    );
    expect(await exportBundle(store)).toEqual(before);
    expect(await graphVersion(store)).toBe(version);
  });

  it('rolls everything back when the transaction fails half-way', async () => {
    await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')));
    const before = await exportBundle(store);
    let batches = 0;
    const failing = importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH), {
      onProgress: () => {
        // Fail after several statements have written rows in the transaction.
        if (++batches === 6) throw new Error('simulated failure in the middle of an import');
      },
    });
    await expect(failing).rejects.toThrow(/simulated failure/);
    expect(await exportBundle(store)).toEqual(before);
  });

  it('checks references against what is already stored', async () => {
    await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-'));
    const file = path.join(dir, 'more.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ ties: [{ source: 'lgtu', target: 'startup-1', layer: 'education', since: 2016 }] }),
    );
    const report = await importBundle(store, readJsonBundle(file));
    expect(report.collections.ties).toEqual({ rows: 1, written: 1 });
    fs.writeFileSync(
      file,
      JSON.stringify({ ties: [{ source: 'lgtu', target: 'nobody', layer: 'education' }] }),
    );
    await expect(importBundle(store, readJsonBundle(file))).rejects.toBeInstanceOf(ValidationError);
  });

  it('treats a reversed tie in an undirected layer as the same tie', async () => {
    await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-'));
    const file = path.join(dir, 'reversed.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ties: [{ source: 'stanina-anchor', target: 'lgtu', layer: 'rnd', weight: 2, since: 2013 }],
      }),
    );
    const report = await importBundle(store, readJsonBundle(file));
    expect(report.changed).toBe(false);
    const [row] = await query<{ n: number }>(
      store,
      "MATCH (:Participant {id: 'lgtu'})-[t:TIE {layer: 'rnd'}]-(:Participant {id: 'stanina-anchor'}) RETURN count(t) AS n",
    );
    expect(row!.n).toBe(1);
  });

  it('with --replace leaves exactly the new bundle, and a repeated replace changes nothing', async () => {
    await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
    const replaced = await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')), {
      replace: true,
    });
    expect(replaced.deleted).toBeGreaterThan(0);
    const counts = await networkCounts(store);
    expect(counts).toMatchObject({
      participants: 4,
      clusters: 1,
      platforms: 1,
      projects: 1,
      ties: 4,
      observations: 3,
      regions: 1,
    });
    const again = await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')), {
      replace: true,
    });
    expect(again).toMatchObject({ changed: false, deleted: 0 });
  });

  it.each(['json', 'csv'] as const)(
    'gives back exactly the same network after export → import (%s)',
    async (format) => {
      await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
      await importBundle(store, readJsonBundle(path.join(fixtures, 'small.json')));
      const exported = await exportBundle(store);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cl-${format}-`));
      const target = path.join(dir, format === 'json' ? 'network.json' : 'network');
      if (format === 'json') writeJsonBundle(exported, target);
      else writeCsvFolder(exported, target);
      await emptyDatabase(store);
      const report = await importBundle(
        store,
        format === 'json' ? readJsonBundle(target) : readCsvFolder(target),
      );
      expect(report.changed).toBe(true);
      expect(await exportBundle(store)).toEqual(exported);
    },
  );
});
