/**
 * Credibility per group on a panel of our own (test/fixtures/did/groups-panel.csv, written by
 * test/reference/did_groups_reference.py): 60 never-treated enterprises; a clean group of 30 (joined 2011
 * or 2013, parallel before joining, +8 % after); a group of 30 that grew 3 % a year faster already before
 * joining; a group of 3. The clean group's ATT and pre-test are csdid 0.4.3's (port of R did 2.5.0) on its
 * sub-panel with never-treated controls (test/reference/did-groups.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  didByGroupFromData,
  pretestSmallSample,
  type ByGroupInput,
  type GroupInput,
} from '../../src/did/by-group.ts';
import { holm } from '../../src/did/credibility.ts';

const here = import.meta.dirname;
const reference = JSON.parse(fs.readFileSync(path.join(here, '..', 'reference', 'did-groups.json'), 'utf8'));
const lines = fs
  .readFileSync(path.join(here, '..', 'fixtures', 'did', 'groups-panel.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));

function input(): ByGroupInput {
  const groups = new Map<string, GroupInput>();
  const firstTreated = new Map<string, number | null>();
  const observations: ByGroupInput['observations'] = [];
  for (const [unit, group, year, cohort, value] of lines) {
    observations.push({
      participant: unit!,
      indicator: 'output_per_worker',
      year: Number(year),
      value: Number(value),
    });
    if (group === 'never' || firstTreated.has(unit!)) continue;
    firstTreated.set(unit!, Number(cohort));
    let g = groups.get(group!);
    if (!g) groups.set(group!, (g = { group: group!, label: group!, members: [] }));
    g.members.push({ id: unit!, since: Number(cohort) });
  }
  return {
    indicator: 'output_per_worker',
    groupBy: 'cluster',
    groups: [...groups.values()],
    firstTreated,
    observations,
  };
}

describe('credibility per group', () => {
  const result = didByGroupFromData(input());
  const group = (id: string) => result.groups.find((g) => g.group === id)!;

  it('answers the default question: never-treated controls, logs for a positive level indicator', () => {
    expect(result).toMatchObject({ estimator: 'cs', control: 'never', base: 'varying', log: true });
    expect(result.question.text).toMatch(/members vs enterprises that never joined any cluster/);
    expect(result.question.text).toMatch(/shown as percent/);
  });

  it('the clean group is credible, with ATT and pre-test equal to R did (csdid) on its sub-panel', () => {
    const clean = group('clean');
    expect(clean.nTreated).toBe(30);
    expect(clean.nControl).toBe(60);
    expect(Math.abs(clean.att! - reference.clean.att)).toBeLessThan(1e-6);
    expect(Math.abs(clean.se! - reference.clean.se)).toBeLessThan(1e-6);
    expect(clean.pretest!.W).toBeCloseTo(reference.clean.pretest.W, 6);
    // csdid rounds the pre-test p-value to five decimals
    expect(clean.pretest!.p).toBeCloseTo(reference.clean.pretest.p, 4);
    expect(clean.credible).toBe(true);
    expect(clean.flags.filter((f) => f.blocking)).toEqual([]);
    expect(clean.effect!.value).toBeCloseTo(100 * Math.expm1(reference.clean.att), 4);
    expect(clean.sentence).toMatch(
      /^Enterprises that joined clean raised output per worker by \d+\.\d % \(95 % CI \+\d+\.\d to \+\d+\.\d %\) more than enterprises that never joined any cluster, averaged over the years after joining; before joining they moved alike \(pre-trend test p = 0\.\d+, Holm-adjusted\)\.$/,
    );
  });

  it('the group that trended apart before joining is not credible, with a pre-trend flag', () => {
    const trending = group('trending');
    expect(Math.abs(trending.att! - reference.trending.att)).toBeLessThan(1e-6);
    expect(reference.trending.pretest.p).toBeLessThan(0.001);
    expect(trending.credible).toBe(false);
    expect(trending.flags.map((f) => f.code)).toContain('pretrend');
    expect(trending.sentence).toMatch(
      /^We cannot tell whether joining trending changed output per worker: before joining/,
    );
  });

  it('the 3-member group is not credible, with a size flag', () => {
    const tiny = group('tiny');
    expect(tiny.nTreated).toBe(3);
    expect(tiny.credible).toBe(false);
    expect(tiny.flags.find((f) => f.code === 'few-treated')).toMatchObject({ blocking: true });
    expect(tiny.flags.map((f) => f.code)).toContain('small-cohort');
    expect(tiny.sentence).toMatch(/only 3 members/);
  });

  it('the pre-trend p-values are Holm-adjusted across the groups of the answer', () => {
    const raw = result.groups.map((g) => g.pretest?.pF ?? null);
    const adjusted = holm(raw);
    result.groups.forEach((g, i) => expect(g.pretest?.pHolm ?? null).toBe(adjusted[i]));
    // Holm by hand: p = (0.01, 0.04, 0.03) → (0.03, 0.06, 0.06)
    expect(holm([0.01, 0.04, 0.03, null])).toEqual([0.03, 0.06, 0.06, null].map((x) => x));
  });

  it('event study: N per year since joining, effects in percent for the log outcome', () => {
    const clean = group('clean');
    const at = (e: number) => clean.eventStudy.find((p) => p.e === e)!;
    expect(at(0).n).toBe(30); // both cohorts are observed in their year of joining
    expect(at(4).n).toBe(15); // only the 2011 cohort is observed five years on (2015)
    expect(at(0).effect).toBeCloseTo(100 * Math.expm1(at(0).att), 10);
  });

  it("the small-sample pre-test p-value is Hotelling's F with the members as the sample", () => {
    const clean = group('clean');
    const { W, df } = clean.pretest!;
    // F = W (n − k) / (k (n − 1)) with n = 30 members; F(k, n − k) survival by its definition for k = 2
    // would be checkable by hand, here it must at least exceed did's chi-square p-value (more conservative)
    expect(clean.pretest!.pF).toBeGreaterThan(clean.pretest!.p);
    expect(pretestSmallSample({ W, df }, 30)).toBe(clean.pretest!.pF);
    expect(pretestSmallSample({ W, df }, df)).toBeNull();
    // F(2, 8) at f = 4.459 is the 95 % quantile (tables): survival 0.05
    expect(pretestSmallSample({ W: (4.459 * 2 * 9) / 8, df: 2 }, 10)).toBeCloseTo(0.05, 3);
  });

  it('a singular pre-test covariance is said, never printed as an astronomic W', () => {
    // 2 members and 3 controls: the influence functions span at most (2 − 1) + (3 − 1) = 3 dimensions, the
    // 4 pre-treatment ATT(g,t) of the 2011 cohort (2007–2010) need 4, so their covariance is singular.
    const base = input();
    const keep = new Set(['e001', 'e002', 'e003', 'e061', 'e062']);
    const small: ByGroupInput = {
      ...base,
      groups: [
        {
          group: 'pair',
          label: 'pair',
          members: [
            { id: 'e061', since: 2011 },
            { id: 'e062', since: 2011 },
          ],
        },
      ],
      firstTreated: new Map([
        ['e061', 2011],
        ['e062', 2011],
      ]),
      observations: base.observations.filter((o) => keep.has(o.participant)),
    };
    const g = didByGroupFromData(small).groups[0]!;
    expect(g.nTreated).toBe(2);
    expect(g.nControl).toBe(3);
    expect(g.att).not.toBeNull();
    expect(g.pretest).toBeNull();
    expect(g.flags.find((f) => f.code === 'pretest-unavailable')!.message).toMatch(/could not be computed/);
    expect(g.credible).toBe(false);
  });
});
