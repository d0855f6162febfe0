/** Loading the network from Neo4j, and `clusterlens analyze` on a network imported through the exchange format. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { flatten } from '../../src/analysis/network.ts';
import { measure, parseParameters } from '../../src/analysis/registry.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { loadNetwork } from '../../src/store/network.ts';
import { karate } from '../helpers/graphs.ts';
import { emptyDatabase, openTestStore, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
const reference = JSON.parse(fs.readFileSync(path.join(root, 'test', 'reference', 'networkx.json'), 'utf8'));
let store: Store;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

describe('loadNetwork on the demo', () => {
  const demo = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8'));
  beforeAll(async () => {
    await emptyDatabase(store);
    await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
  });

  it('returns every participant with its clusters and platforms, and every tie', async () => {
    const network = await loadNetwork(store);
    expect(network.nodes).toHaveLength(demo.participants.length);
    expect(network.ties).toHaveLength(demo.ties.length);
    expect(network.layers.map((l) => l.id).sort()).toEqual([
      'education',
      'governance',
      'investment',
      'rnd',
      'supply',
    ]);
    const lgtu = network.nodes.find((n) => n.id === 'uni-lgtu')!;
    expect(lgtu.clusters).toEqual(['appliances', 'dolina', 'stanko']);
    expect(typeof network.ties[0]!.since).toBe('number');
    // Municipality and free attributes, as imported (the suggestions' model compares them).
    const given = demo.participants.find((p: { id: string }) => p.id === 'uni-lgtu');
    expect(lgtu.municipality).toBe(given.municipality);
    expect(lgtu.attributes).toEqual(given.attributes);
    expect(Object.keys(lgtu.attributes ?? {}).length).toBeGreaterThan(0);
  });

  it('filters by layer, kind, cluster and year, keeping ties between the chosen participants only', async () => {
    const network = await loadNetwork(store, {
      layers: ['rnd'],
      kinds: ['enterprise', 'university'],
      clusters: ['dolina'],
      since: 2012,
      until: 2015,
    });
    const dolina = new Set(
      demo.memberships
        .filter((m: { cluster?: string }) => m.cluster === 'dolina')
        .map((m: { participant: string }) => m.participant),
    );
    const kindOf = new Map(demo.participants.map((p: { id: string; kind: string }) => [p.id, p.kind]));
    const expectedNodes = [...dolina].filter((id) =>
      ['enterprise', 'university'].includes(kindOf.get(id) as string),
    );
    expect(network.nodes.map((n) => n.id).sort()).toEqual(expectedNodes.sort());
    const expectedTies = demo.ties.filter(
      (t: { layer: string; since: number; source: string; target: string }) =>
        t.layer === 'rnd' &&
        t.since >= 2012 &&
        t.since <= 2015 &&
        expectedNodes.includes(t.source) &&
        expectedNodes.includes(t.target),
    );
    expect(network.ties).toHaveLength(expectedTies.length);
    expect(network.ties.length).toBeGreaterThan(0);
  });

  it('caches per filter set until an import bumps the graph version', async () => {
    const first = await loadNetwork(store, { layers: ['supply'] });
    expect(await loadNetwork(store, { layers: ['supply'] })).toBe(first);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cl-')), 'tie.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ties: [{ source: 'dol-001', target: 'ctl-001', layer: 'supply', weight: 1, since: 2017 }],
      }),
    );
    await importBundle(store, readJsonBundle(file));
    const after = await loadNetwork(store, { layers: ['supply'] });
    expect(after).not.toBe(first);
    expect(after.ties.length).toBe(first.ties.length + 1);
  });
});

describe('clusterlens analyze on a network imported through the exchange format', () => {
  beforeAll(async () => {
    await emptyDatabase(store);
    const graph = karate();
    const bundle = {
      participants: graph
        .nodes()
        .map((id) => ({ id: `k${id}`, kind: 'enterprise', name: `Member ${id}`, region: 'karate' })),
      ties: graph.mapEdges((_e, _a, s, t) => ({ source: `k${s}`, target: `k${t}`, layer: 'rnd' })),
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cl-')), 'karate.json');
    fs.writeFileSync(file, JSON.stringify(bundle));
    await importBundle(store, readJsonBundle(file));
  });

  const analyze = (args: string[]) => {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'clusterlens.js'), 'analyze', ...args, '--json'],
      { env: testEnv(), encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };

  it.each([
    ['betweenness', 'betweenness'],
    ['pagerank', 'pagerank'],
    ['closeness', 'closeness'],
    ['kcore', 'kcore'],
  ])('%s gives networkx’s values', (id, key) => {
    const out = analyze([id, '--layers', 'rnd']);
    expect(out.measure).toBe(id);
    const expected = reference.karate[key] as Record<string, number>;
    for (const [node, value] of Object.entries(expected))
      expect(Math.abs(out.values[`k${node}`] - value)).toBeLessThan(1e-6);
  });

  it('louvain prints communities and their modularity, equal to the pure function on the loaded network', async () => {
    const out = analyze(['louvain', '--seed', '3']);
    const descriptor = measure('louvain');
    if (descriptor.kind !== 'community') throw new Error();
    const pure = descriptor.run(
      flatten(await loadNetwork(store)),
      parseParameters(descriptor, { seed: '3' }),
    );
    expect(out.algorithm).toBe('louvain');
    expect(out.modularity).toBeCloseTo(pure.modularity, 12);
    expect(out.communities).toEqual(pure.communities);
  });

  it('refuses an unknown measure and a foreign option', () => {
    const unknown = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'clusterlens.js'), 'analyze', 'fame'],
      { env: testEnv(), encoding: 'utf8' },
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown measure 'fame'/);
    const foreign = spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'clusterlens.js'), 'analyze', 'degree', '--alpha', '0.5'],
      { env: testEnv(), encoding: 'utf8' },
    );
    expect(foreign.status).toBe(1);
    expect(foreign.stderr).toMatch(/degree has no option --alpha/);
  });
});
