/**
 * The Lipetsk demo against the article (O. G. Charykova, E. S. Markova, «Regional clustering in the digital
 * economy», Economy of Region 15(2), 2019; its Table 1 is src/domain/indicators.ts's TABLE1):
 * «Долина машиностроения» has 114 organisations — 87 production enterprises, 3 universities, 1 research
 * institute — and its enterprises add up to Table 1.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH, generateDemo } from '../../seed/generate.ts';
import { INDICATORS, TABLE1, TABLE1_YEARS, aggregate } from '../../src/domain/indicators.ts';
import { bundleToJson, rawBundleFromJson } from '../../src/exchange/json.ts';
import { checkReferences, parseRows } from '../../src/exchange/validate.ts';

const demo = generateDemo();
const dolinaMembers = new Set(
  demo.memberships.filter((m) => m.cluster === 'dolina').map((m) => m.participant),
);
const dolina = demo.participants.filter((p) => dolinaMembers.has(p.id));

describe('the Lipetsk demo bundle', () => {
  it('is deterministic, and seed/lipetsk.json is the generator output', () => {
    expect(bundleToJson(generateDemo())).toBe(bundleToJson(demo));
    expect(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')).toBe(bundleToJson(demo));
  });

  it('is a valid exchange bundle', () => {
    const parsed = parseRows(rawBundleFromJson(JSON.parse(bundleToJson(demo)), 'lipetsk.json'));
    expect(parsed.problems).toEqual([]);
    expect(checkReferences(parsed)).toEqual([]);
  });

  it('gives «Долина машиностроения» 114 participants: 87 enterprises, 3 universities, 1 research institute', () => {
    const count = (kind: string) => dolina.filter((p) => p.kind === kind).length;
    expect(dolina).toHaveLength(114);
    expect(count('enterprise')).toBe(87);
    expect(count('university')).toBe(3);
    expect(count('research_institute')).toBe(1);
    expect(count('infrastructure') + count('development_institution')).toBe(23);
  });

  it('places the cluster in Lipetsk, Yelets and the four districts named by the article', () => {
    const places = new Set(dolina.filter((p) => p.kind === 'enterprise').map((p) => p.municipality));
    expect([...places].sort()).toEqual(
      ['Грязинский район', 'Елец', 'Елецкий район', 'Лебедянский район', 'Липецк', 'Усманский район'].sort(),
    );
  });

  it('has staggered cohorts and a control group that never joined a cluster', () => {
    const since = demo.memberships
      .filter(
        (m) => m.cluster === 'dolina' && dolina.find((p) => p.id === m.participant)?.kind === 'enterprise',
      )
      .map((m) => m.since);
    expect(new Set(since)).toEqual(new Set([2012, 2014, 2016]));
    const inAnyCluster = new Set(demo.memberships.filter((m) => m.cluster).map((m) => m.participant));
    const observed = new Set(demo.observations.map((o) => o.participant));
    const controls = demo.participants.filter(
      (p) => p.kind === 'enterprise' && !inAnyCluster.has(p.id) && observed.has(p.id),
    );
    expect(controls.length).toBeGreaterThanOrEqual(50);
  });

  it('has ties in all five layers, the four projects and the metacorporation kinds', () => {
    expect(new Set(demo.ties.map((t) => t.layer))).toEqual(
      new Set(['rnd', 'supply', 'education', 'investment', 'governance']),
    );
    expect(demo.projects.map((p) => p.name).sort()).toEqual(
      ['Генборг', 'Интермаш', 'Станина', 'Флюидмаш'].sort(),
    );
    const kinds = new Set(demo.participants.map((p) => p.kind));
    for (const kind of [
      'government_body',
      'regional_agency',
      'cluster_development_center',
      'startup',
      'investor',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(
      new Set(demo.participants.filter((p) => p.kind === 'cluster_development_center').map((p) => p.region))
        .size,
    ).toBeGreaterThanOrEqual(2);
  });

  it('adds up to Table 1 of the article in 2005, 2012, 2016 and 2017', () => {
    const enterprises = dolina.filter((p) => p.kind === 'enterprise').map((p) => p.id);
    const value = new Map(
      demo.observations.map((o) => [`${o.participant}|${o.indicator}|${o.year}`, o.value]),
    );
    for (const definition of INDICATORS) {
      for (const year of TABLE1_YEARS) {
        const units = enterprises.map((id) => ({
          value: value.get(`${id}|${definition.id}|${year}`)!,
          employees: value.get(`${id}|employees|${year}`),
          outputPerWorker: value.get(`${id}|output_per_worker|${year}`),
        }));
        const total = aggregate(definition, units);
        const printed = TABLE1[definition.id]![year];
        // Exact to the printed precision, and within a millionth of a printed unit.
        expect(Number(total.toFixed(definition.decimals)), `${definition.id} ${year}`).toBe(printed);
        expect(Math.abs(total - printed)).toBeLessThan(
          1e-6 * Math.pow(10, -definition.decimals) * Math.max(1, printed),
        );
      }
    }
  });
});
