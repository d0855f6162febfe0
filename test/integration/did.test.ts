/**
 * Per-group difference-in-differences on the stored demo network (a real Neo4j), through didByGroup and
 * through `clusterlens did`. The article's five figures (Charykova & Markova 2019: +9.35, −4.61, +60.02
 * (60.01 from Table 1), +4.49, +11.36 %) come out of the article's statistic on the stored observations of
 * «Долина машиностроения», whose 87 enterprises add up to Table 1.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { NotFoundError } from '../../src/errors.ts';
import type { Store } from '../../src/store/driver.ts';
import { didByGroup } from '../../src/services/did.ts';
import { readDidPanel } from '../../src/store/did-panel.ts';
import { importBundle } from '../../src/store/import.ts';
import { emptyDatabase, openTestStore, testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');
let store: Store;

beforeAll(async () => {
  store = await openTestStore();
  await emptyDatabase(store);
  await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH));
});
afterAll(async () => {
  await store.close();
});

const GROUP_KEYS = [
  'group',
  'label',
  'members',
  'nTreated',
  'nControl',
  'att',
  'se',
  'ci',
  'p',
  'percent',
  'eventStudy',
  'band',
  'pretest',
  'effect',
  'credible',
  'flags',
  'sentence',
  'articleStatistic',
  'warnings',
].sort();

describe('didByGroup on the demo', () => {
  it('reads the panel as plain numbers', async () => {
    const panel = await readDidPanel(store, ['market_share']);
    const anchor = panel.find((p) => p.clusters.some((c) => c.id === 'dolina'))!;
    expect(typeof anchor.observations[0]!.year).toBe('number');
    expect(typeof anchor.clusters[0]!.since).toBe('number');
    expect(JSON.stringify(panel)).not.toMatch(/"low":/);
  });

  it("reproduces the article's five figures for «Долина машиностроения» and gives positive effects", async () => {
    const printed: Record<string, number> = {
      output_per_worker: 9.35,
      high_productivity_jobs: -4.61,
      market_share: 60.01,
      production_index: 4.49,
      investment_per_capita: 11.36,
    };
    for (const [indicator, figure] of Object.entries(printed)) {
      const result = await didByGroup(store, {
        indicator,
        groupBy: 'cluster',
        groups: ['dolina'],
        log: true,
      });
      expect(Object.keys(result).sort()).toEqual([
        'anticipation',
        'base',
        'control',
        'credibility',
        'estimator',
        'groupBy',
        'groups',
        'indicator',
        'level',
        'log',
        'question',
      ]);
      const dolina = result.groups[0]!;
      expect(Object.keys(dolina).sort()).toEqual(GROUP_KEYS);
      expect(dolina.label).toBe('Долина машиностроения');
      expect(dolina.nTreated).toBe(87);
      expect(dolina.members).toHaveLength(87);
      expect(dolina.nControl).toBe(60);
      expect(Math.round(dolina.articleStatistic! * 100) / 100).toBeCloseTo(figure, 10);
      // the cluster raised every Table-1 indicator against the controls (log points, significant)
      expect(dolina.att!).toBeGreaterThan(0);
      expect(dolina.p!).toBeLessThan(0.05);
      expect(dolina.percent!).toBeCloseTo(Math.expm1(dolina.att!), 12);
      expect(dolina.ci![0]).toBeLessThan(dolina.att!);
      expect(dolina.band).toBe('pointwise');
      expect(dolina.eventStudy.map((e) => e.e)).toContain(0);
      expect(dolina.pretest!.df).toBeGreaterThan(0);
    }
  });

  it('every grouping runs: cluster, platform, community (Leiden), kind; TWFE too', async () => {
    for (const groupBy of ['cluster', 'platform', 'community', 'kind'] as const) {
      const result = await didByGroup(store, { indicator: 'output_per_worker', groupBy, log: true });
      expect(result.groups.length, groupBy).toBeGreaterThan(0);
      const estimated = result.groups.filter((g) => g.att !== null);
      expect(estimated.length, groupBy).toBeGreaterThan(0);
      for (const g of result.groups) {
        expect(Object.keys(g).sort()).toEqual(GROUP_KEYS);
        if (g.nTreated < 10) {
          expect(g.flags.map((f) => f.code)).toContain('few-treated');
          expect(g.credible).toBe(false);
        }
      }
    }
    const twfe = await didByGroup(store, {
      indicator: 'output_per_worker',
      groupBy: 'cluster',
      estimator: 'twfe',
      log: true,
    });
    const dolina = twfe.groups.find((g) => g.group === 'dolina')!;
    expect(dolina.att!).toBeGreaterThan(0);
    // the dynamic TWFE regression, with the period before joining as reference
    expect(dolina.eventStudy.find((e) => e.e === -1)).toMatchObject({ att: 0, se: null });
    expect(dolina.eventStudy.find((e) => e.e === 2)!.att).toBeGreaterThan(0);
    const notYet = await didByGroup(store, {
      indicator: 'output_per_worker',
      groupBy: 'cluster',
      control: 'notyet',
      groups: ['dolina'],
    });
    expect(notYet.groups[0]!.nControl).toBeGreaterThan(60);
  });

  it('refuses an unknown indicator', async () => {
    await expect(didByGroup(store, { indicator: 'happiness', groupBy: 'cluster' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('clusterlens did', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'clusterlens.js'), 'did', ...args], {
      env: testEnv(),
      encoding: 'utf8',
    });

  it('--indicator --group-by --json prints the per-group shape', () => {
    const run = cli('--indicator', 'market_share', '--group-by', 'cluster', '--log', '--json');
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      indicator: 'market_share',
      groupBy: 'cluster',
      estimator: 'cs',
      control: 'never',
      log: true,
    });
    const dolina = result.groups.find((g: { group: string }) => g.group === 'dolina');
    expect(dolina.articleStatistic).toBeCloseTo(60.0071, 3);
  });

  /** `did --panel` on mpdta (R did's example panel) with the given outcome column. */
  const mpdta = (outcome: string) => [
    '--panel',
    path.join(root, 'test', 'fixtures', 'did', 'mpdta.csv'),
    '--unit',
    'countyreal',
    '--time',
    'year',
    '--outcome',
    outcome,
    '--cohort',
    'first.treat',
  ];

  it('a bad panel file exits with 2 and names the column', () => {
    const run = cli(...mpdta('employment'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/missing column 'employment'/);
  });

  it('prints p-values as people read them (R did’s pre-test p = 0.16812 on mpdta as 0.17)', () => {
    const run = cli(...mpdta('lemp'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/pre-test of parallel trends: W = [\d.]+, df = \d+, p = 0\.17\b/);
    expect(run.stdout).not.toMatch(/p = 0\.0000/);
  });

  it('--panel with --json gives the issue’s field names', () => {
    const fixture = path.join(root, 'test', 'fixtures', 'did', 'mpdta.csv');
    const base = [
      '--panel',
      fixture,
      '--unit',
      'countyreal',
      '--time',
      'year',
      '--outcome',
      'lemp',
      '--cohort',
      'first.treat',
      '--json',
    ];
    const cs = JSON.parse(cli(...base).stdout);
    expect(Object.keys(cs.attgt[0])).toEqual(expect.arrayContaining(['group', 'time', 'att', 'se']));
    expect(Object.keys(cs.aggregate).sort()).toEqual(['calendar', 'dynamic', 'group', 'simple']);
    expect(Object.keys(cs.aggregate.dynamic.byEventTime[0])).toEqual(
      expect.arrayContaining(['e', 'att', 'se']),
    );
    expect(Object.keys(cs.aggregate.group.byGroup[0])).toEqual(
      expect.arrayContaining(['group', 'att', 'se']),
    );
    expect(Object.keys(cs.pretest).sort()).toEqual(['W', 'df', 'p']);
    const twfe = JSON.parse(cli(...base, '--estimator', 'twfe').stdout);
    expect(Object.keys(twfe)).toEqual(expect.arrayContaining(['coef', 'se', 't', 'p', 'n', 'clusters']));
    const bacon = JSON.parse(cli(...base, '--estimator', 'bacon').stdout);
    expect(Object.keys(bacon.comparisons[0]).sort()).toEqual([
      'control',
      'estimate',
      'treated',
      'type',
      'weight',
    ]);
    expect(bacon.estimate).toBeCloseTo(twfe.coef, 10);
  });
});
