/**
 * `clusterlens gaps`, `suggest`, `evaluate suggestions` and `analyze constraint|effective-size|brokerage`
 * run as a user runs them (separate processes) on the Lipetsk demo stored in Neo4j; their numbers are the
 * pure functions' numbers on the network loaded from the store.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { constraint, effectiveSize } from '../../src/analysis/gaps/structural-holes.ts';
import { flatten, type Network } from '../../src/analysis/network.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import type { Store } from '../../src/store/driver.ts';
import { importBundle } from '../../src/store/import.ts';
import { loadNetwork } from '../../src/store/network.ts';
import { emptyDatabase, openTestStore, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), ...args], {
    env: testEnv(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function json(args: string[]) {
  const run = cli([...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** JSON's view of node values: NaN becomes null. */
const asJson = (values: Record<string, number>) => JSON.parse(JSON.stringify(values));

let store: Store;
let network: Network;
beforeAll(async () => {
  store = await openTestStore();
  await emptyDatabase(store);
  await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
  network = await loadNetwork(store);
});
afterAll(async () => {
  await store.close();
});

describe('clusterlens gaps on the demo', () => {
  it('prints a ranked report whose every item is explained and names participants', () => {
    const report = json(['gaps', '--group-by', 'cluster', '--limit', '5']);
    expect(report.options).toMatchObject({ groupBy: 'cluster', limit: 5 });
    expect(report.network.participants).toBe(network.nodes.length);
    for (const key of ['brokers', 'brokerage', 'groupGaps', 'composition']) {
      expect(report[key].length, key).toBeGreaterThan(0);
      // --limit holds for every section, composition included (issue 15).
      expect(report[key].length, key).toBeLessThanOrEqual(5);
      for (const item of report[key]) {
        expect(typeof item.explanation).toBe('string');
        expect(item.participants.length).toBeGreaterThan(0);
      }
    }
    // The universities broker between the clusters (the demo's design).
    expect(report.brokers[0].id).toMatch(/^uni-/);
    // Every cluster of the demo lacks start-ups (they sit outside the clusters).
    expect(report.composition.some((c: { type: string }) => c.type === 'cluster-missing-kinds')).toBe(true);
  });

  it('groups by kind, region or community, and in chosen layers', () => {
    const byKind = json(['gaps', '--group-by', 'kind', '--layers', 'rnd']);
    expect(byKind.options.layers).toEqual(['rnd']);
    expect(
      byKind.groupGaps.every((g: { groups: string[] }) => g.groups.every((x) => !x.startsWith('community'))),
    ).toBe(true);
    expect(json(['gaps', '--group-by', 'community']).network.groups).toBeGreaterThan(1);
    const text = cli(['gaps', '--group-by', 'region']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Brokers spanning structural holes');
    expect(text.stdout).toContain('Groups that rarely meet');
    expect(cli(['gaps', '--group-by', 'colour']).code).not.toBe(0);
  });
});

describe('clusterlens analyze with the gap measures', () => {
  it('gives constraint and effective size as the pure functions do on the stored network', () => {
    const graph = flatten(network);
    expect(json(['analyze', 'constraint']).values).toEqual(asJson(constraint(graph)));
    expect(json(['analyze', 'effective-size', '--weighted']).values).toEqual(
      asJson(effectiveSize(graph, { weighted: true })),
    );
  });

  it('counts brokerage roles over a grouping, every role beside the total', () => {
    const result = json(['analyze', 'brokerage', '--group-by', 'kind', '--directed']);
    expect(result.options.groupBy).toBe('kind');
    const id = 'uni-lgtu';
    const roles = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison'];
    expect(roles.reduce((s, r) => s + result[r][id], 0)).toBe(result.values[id]);
    expect(result.values[id]).toBeGreaterThan(0);
  });
});

describe('clusterlens suggest on the demo', () => {
  // Each CLI run loads the network and fits and validates the model (two fits of two windows each): a few
  // seconds on a quiet machine; at a load average of 30 one run took over 90 s. These tests make two runs each.
  const FIT_TIMEOUT = 300_000;
  it(
    'suggests ten partners with score, parts, explanation and common partners, the same every time',
    () => {
      const first = json(['suggest', 'startup-001']);
      expect(first.participant).toBe('startup-001');
      expect(first.suggestions).toHaveLength(10);
      for (const s of first.suggestions) {
        expect(Object.keys(s).sort()).toEqual([
          'common',
          'explanation',
          'id',
          'kind',
          'name',
          'parts',
          'probability',
          'proximity',
          'score',
        ]);
        expect(s.explanation.length).toBeGreaterThan(5);
        // The learned model (the default) ranks them: a probability, and what weighed most.
        expect(s.probability).toBeGreaterThan(0);
        expect(s.probability).toBeLessThan(1);
        expect(s.explanation).toContain('weighed most: ');
      }
      expect(first.options.scorer).toBe('learned');
      expect(first.model).toMatchObject({ method: 'logistic-regression', horizon: 'a tie within 3 years' });
      const scores = first.suggestions.map((s: { score: number }) => s.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(json(['suggest', 'startup-001'])).toEqual(first);
      // Platform names come from the store: the demo's platforms are named in Russian.
      expect(
        first.suggestions.some((s: { explanation: string }) => /both on the [А-Яа-я]/.test(s.explanation)),
      ).toBe(true);
    },
    FIT_TIMEOUT,
  );

  it('filters candidates and excludes existing partners', () => {
    const result = json([
      'suggest',
      'startup-001',
      '--kinds',
      'enterprise',
      '--layers',
      'rnd',
      '--limit',
      '3',
    ]);
    expect(result.suggestions).toHaveLength(3);
    const kinds = new Map(network.nodes.map((n) => [n.id, n.kind]));
    for (const s of result.suggestions) expect(kinds.get(s.id)).toBe('enterprise');
    const partners = new Set(
      network.ties
        .filter((t) => t.layer === 'rnd' && (t.source === 'startup-001' || t.target === 'startup-001'))
        .map((t) => (t.source === 'startup-001' ? t.target : t.source)),
    );
    for (const s of result.suggestions) expect(partners.has(s.id)).toBe(false);
  });

  it(
    'describes its model: fitted on the ties to 2014 predicting 2015–2017, checked one horizon earlier',
    () => {
      const model = json(['suggest', '--model']);
      expect(model.method).toBe('logistic-regression');
      expect(model.split).toEqual({
        method: 'years',
        featuresUpTo: 2014,
        labelsFrom: 2015,
        labelsTo: 2017,
        horizonYears: 3,
      });
      expect(model.heldOut.split).toMatchObject({ featuresUpTo: 2011, labelsTo: 2014 });
      expect(model.heldOut.auc).toBeGreaterThan(model.heldOut.singleScores['adamic-adar']);
      expect(model.features.map((f: { name: string }) => f.name)).toContain('adamic-adar:rnd');
      const text = cli(['suggest', '--model']);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('held-out AUC');
    },
    FIT_TIMEOUT,
  );

  it('fails clearly on an unknown participant', () => {
    const run = cli(['suggest', 'no-such-participant']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no participant 'no-such-participant'");
  });
});

describe('clusterlens evaluate suggestions', () => {
  // Fits and validates the model on the kept ties (two fits of two windows each), like `suggest --model`.
  const FIT_TIMEOUT = 300_000;
  it(
    'on the demo, ties to 2014 predicting 2015–2017: the combined scorer beats Adamic–Adar',
    () => {
      const result = json(['evaluate', 'suggestions', '--holdout-year', '2014']);
      expect(result.holdout).toEqual({ method: 'year', year: 2014 });
      const by = Object.fromEntries(result.scorers.map((s: { scorer: string }) => [s.scorer, s]));
      expect(by.combined.auc).toBeGreaterThan(by['adamic-adar'].auc);
      expect(by.combined.precision['10']).toBeGreaterThan(by['adamic-adar'].precision['10']);
      // The learned scorer, fitted on the ties to 2014 alone (2011 → 2012–2014), beats every single score.
      expect(result.model.split).toMatchObject({ method: 'years', featuresUpTo: 2011 });
      for (const single of ['common-neighbours', 'jaccard', 'adamic-adar', 'resource-allocation']) {
        expect(by.learned.auc).toBeGreaterThan(by[single].auc);
        expect(by.learned.precision['10']).toBeGreaterThan(by[single].precision['10']);
        expect(by.learned.aucpr).toBeGreaterThan(by[single].aucpr);
      }
    },
    FIT_TIMEOUT,
  );

  it('reads an edge list directly, with a random hold-out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-eval-'));
    const file = path.join(dir, 'edges.txt');
    const edges = ['# a ring of 30 with chords'];
    for (let i = 0; i < 30; i++) edges.push(`${i}\t${(i + 1) % 30}`, `${i}\t${(i + 2) % 30}`);
    fs.writeFileSync(file, `${edges.join('\n')}\n`);
    const result = json(['evaluate', 'suggestions', '--random', '0.1', '--seed', '3', '--edge-list', file]);
    expect(result.hiddenPairs).toBe(6);
    expect(result.trainingPairs).toBe(54);
    expect(cli(['evaluate', 'suggestions', '--edge-list', file]).code).not.toBe(0);
  });
});
