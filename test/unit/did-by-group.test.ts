/**
 * Per-group DiD as a pure function, on the demo bundle (seed/lipetsk.json) without Neo4j: the article's
 * five figures (Charykova & Markova 2019, from Table 1 in src/domain/indicators.ts) from the 87
 * enterprises of «Долина машиностроения», and the warnings for small groups. Hand-made groups check that
 * a group's CS estimate equals CS on the panel of its members and the never-treated controls.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { didByGroupFromData, type ByGroupInput, type GroupInput } from '../../src/did/by-group.ts';
import { csFromData } from '../../src/did/callaway-santanna.ts';

interface Bundle {
  clusters: { id: string; name: string }[];
  memberships: { participant: string; cluster?: string; since?: number }[];
  observations: ByGroupInput['observations'];
}
const bundle = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle;

function clusterInput(indicator: string, only?: string[]): ByGroupInput {
  const names = new Map(bundle.clusters.map((c) => [c.id, c.name]));
  const firstTreated = new Map<string, number | null>();
  const groups = new Map<string, GroupInput>();
  for (const m of bundle.memberships) {
    if (!m.cluster) continue;
    const since = m.since ?? null;
    const prev = firstTreated.get(m.participant);
    firstTreated.set(
      m.participant,
      prev === undefined ? since : Math.min(prev ?? Infinity, since ?? Infinity),
    );
    let g = groups.get(m.cluster);
    if (!g) groups.set(m.cluster, (g = { group: m.cluster, label: names.get(m.cluster)!, members: [] }));
    g.members.push({ id: m.participant, since });
  }
  return {
    indicator,
    groupBy: 'cluster',
    groups: [...groups.values()].filter((g) => !only || only.includes(g.group)),
    firstTreated,
    observations: bundle.observations,
  };
}

describe('didByGroupFromData on the demo bundle', () => {
  const figures: [string, number][] = [
    ['output_per_worker', 9.35],
    ['high_productivity_jobs', -4.61],
    ['market_share', 60.01],
    ['production_index', 4.49],
    ['investment_per_capita', 11.36],
  ];
  for (const [indicator, figure] of figures) {
    it(`${indicator}: the article's statistic ${figure} % beside a positive CS effect`, () => {
      const result = didByGroupFromData(clusterInput(indicator, ['dolina']), { log: true });
      const dolina = result.groups[0]!;
      expect(dolina.nTreated).toBe(87);
      expect(dolina.nControl).toBe(60);
      expect(Math.round(dolina.articleStatistic! * 100) / 100).toBeCloseTo(figure, 10);
      expect(dolina.att!).toBeGreaterThan(0);
      expect(dolina.percent!).toBeCloseTo(Math.expm1(dolina.att!), 12);
    });
  }

  it('equals Callaway–Sant’Anna on the panel of the members and the never-treated controls', () => {
    const input = clusterInput('market_share', ['dolina']);
    const result = didByGroupFromData(input, { log: false }).groups[0]!;
    const members = input.groups[0]!.members;
    const values = new Map<string, Map<number, number>>();
    for (const o of bundle.observations.filter((o) => o.indicator === 'market_share')) {
      if (!values.has(o.participant)) values.set(o.participant, new Map());
      values.get(o.participant)!.set(o.year, o.value);
    }
    const ids = [
      ...members.map((m) => m.id).filter((id) => values.has(id)),
      ...[...values.keys()].filter((id) => !input.firstTreated.has(id)),
    ];
    const years = [...new Set(bundle.observations.map((o) => o.year))].sort((a, b) => a - b);
    const y = new Float64Array(ids.length * years.length);
    ids.forEach((id, u) => years.forEach((t, i) => (y[i * ids.length + u] = values.get(id)!.get(t)!)));
    const cohort = Float64Array.from(ids, (id) => members.find((m) => m.id === id)?.since ?? 0);
    const cs = csFromData({ n: ids.length, times: years, y, cohort, unitIds: ids, warnings: [] });
    expect(result.att).toBeCloseTo(cs.aggregate.simple.att, 12);
    expect(result.se!).toBeCloseTo(cs.aggregate.simple.se!, 12);
    expect(result.eventStudy.length).toBe(cs.aggregate.dynamic.byEventTime.length);
  });

  it('flags groups too small to trust, and never calls them credible', () => {
    const result = didByGroupFromData(clusterInput('output_per_worker'), { log: true });
    const small = result.groups.filter((g) => g.nTreated > 0 && g.nTreated < 10);
    for (const g of small) {
      expect(g.flags.map((f) => f.code)).toContain('few-treated');
      expect(g.credible).toBe(false);
    }
  });

  it('a group without observations gets nulls and a warning, not an error', () => {
    const input = clusterInput('output_per_worker', ['dolina']);
    input.groups.push({ group: 'empty', label: 'Empty', members: [{ id: 'nobody', since: 2012 }] });
    input.firstTreated.set('nobody', 2012);
    const empty = didByGroupFromData(input).groups.find((g) => g.group === 'empty')!;
    expect(empty.att).toBeNull();
    expect(empty.warnings).toContain('no treated members with observations');
  });
});
