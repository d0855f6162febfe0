/**
 * Two-way fixed effects with clustered SEs. Reference: pyfixest 0.60 (a port of R fixest, tested against
 * it), `feols(y ~ D | unit + time, vcov = {"CRV1": unit})` with fixest's default small-sample correction,
 * in test/reference/did.json (test/reference/did_reference.py). Tolerance 1e-5 on the SE, as the issue asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelFromCsv, panelFromRows } from '../../src/did/panel.ts';
import { twfe, twfeEventStudy } from '../../src/did/twfe.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'did');
const mpdtaText = fs.readFileSync(path.join(fixtures, 'mpdta.csv'), 'utf8');
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'did.json'), 'utf8'),
);
const spec = { unit: 'countyreal', time: 'year', outcome: 'lemp', cohort: 'first.treat' };

describe('TWFE on mpdta', () => {
  it('matches fixest (via pyfixest): coefficient, CR1 SE by county, t and p', () => {
    const r = twfe(panelFromCsv(mpdtaText, spec, 'mpdta.csv'));
    const ref = reference.twfe_mpdta;
    expect(Math.abs(r.coef - ref.coef)).toBeLessThan(1e-10);
    expect(Math.abs(r.se - ref.se)).toBeLessThan(1e-5);
    expect(Math.abs(r.se - ref.se) / ref.se).toBeLessThan(1e-9);
    expect(r.t).toBeCloseTo(ref.t, 8);
    expect(r.p).toBeCloseTo(ref.p, 8);
    expect(r.n).toBe(2500);
    expect(r.clusters).toBe(500);
    // unit effects nested in the clusters are not counted: K = 1 slope + 5 periods
    expect(r.dfK).toBe(6);
  });

  it('clustered by state (counties nested in states): fixest SE and p with G − 1 = 28 df', () => {
    const rows = parseCsvRows(mpdtaText).map((row) => ({
      ...row,
      state: String(Math.floor(Number(row.countyreal) / 1000)),
    }));
    const r = twfe(panelFromRows(rows, { ...spec, cluster: 'state' }));
    const ref = reference.twfe_mpdta_state;
    expect(r.clusters).toBe(ref.clusters);
    expect(Math.abs(r.se - ref.se)).toBeLessThan(1e-5);
    expect(r.p).toBeCloseTo(ref.p, 8);
  });

  it('clustered by year (periods nested in the clusters): fixest SE with G − 1 = 4 df', () => {
    const r = twfe(panelFromCsv(mpdtaText, { ...spec, cluster: 'year' }, 'mpdta.csv'));
    const ref = reference.twfe_mpdta_year;
    expect(r.clusters).toBe(5);
    expect(Math.abs(r.se - ref.se)).toBeLessThan(1e-5);
    expect(Math.abs(r.se - ref.se) / ref.se).toBeLessThan(1e-9);
    expect(r.p).toBeCloseTo(ref.p, 8);
  });

  it('event study: the dynamic TWFE regression matches fixest (via pyfixest) coefficient by coefficient', () => {
    const points = twfeEventStudy(panelFromCsv(mpdtaText, spec, 'mpdta.csv'));
    const ref = reference.twfe_event_study_mpdta as { term: string; coef: number; se: number }[];
    const byE = new Map(ref.map((r) => [Number(r.term.slice(4).replace('m', '-')), r]));
    expect(points.map((p) => p.e)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    for (const p of points) {
      if (p.e === -1) {
        expect(p).toEqual({ e: -1, att: 0, se: null, lo: null, hi: null });
        continue;
      }
      const r = byE.get(p.e)!;
      expect(Math.abs(p.att - r.coef)).toBeLessThan(1e-9);
      expect(Math.abs(p.se! - r.se)).toBeLessThan(1e-5);
    }
  });

  it('unbalanced panel with a covariate: alternating projections converge to fixest', () => {
    const rows = parseCsvRows(mpdtaText).filter((_, i) => i % 7 !== 3);
    const r = twfe(panelFromRows(rows, { ...spec, covariates: ['lpop'] }));
    const ref = reference.twfe_mpdta_unbalanced;
    expect(r.n).toBe(ref.n);
    expect(r.iterations).toBeGreaterThan(1);
    expect(Math.abs(r.coef - ref.coef)).toBeLessThan(1e-8);
    expect(Math.abs(r.se - ref.se)).toBeLessThan(1e-5);
  });
});

function parseCsvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',').map((s) => s.replace(/"/g, ''));
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}
