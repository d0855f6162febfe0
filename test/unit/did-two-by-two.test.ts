/**
 * The canonical 2 × 2. Reference values: Card & Krueger (1994, American Economic Review 84(4), Table 3:
 * the DiD of the FTE cell means, 2.7536058, printed as 2.76) with OLS iid, HC1 and CR1 (Stata/fixest
 * small-sample factor) SEs; Wooldridge's KIELMC (Introductory Econometrics, Example 13.3: δ = −11863.90,
 * SE 7456.65), and pyfixest 0.60 (a port of R fixest) for the KIELMC HC1
 * SEs, in test/reference/did.json written by test/reference/did_reference.py.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelFromCsv } from '../../src/did/panel.ts';
import { twoByTwo } from '../../src/did/two-by-two.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'did');
const read = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8');
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'did.json'), 'utf8'),
);

describe('Card & Krueger (1994), FTE employment', () => {
  const panel = panelFromCsv(
    read('card-krueger.csv'),
    { unit: 'id', time: 'd', outcome: 'fte', treat: 'nj', post: 'd' },
    'card-krueger.csv',
  );
  const result = twoByTwo(panel);

  it('drops the rows without fte and keeps 794', () => {
    expect(panel.rows).toBe(794);
    expect(panel.warnings[0]).toMatch(/26 rows with a missing outcome/);
  });

  it('gives the DiD of the four cell means (data README: 2.7536058)', () => {
    expect(result.means.did).toBeCloseTo(2.7536058, 7);
    const cell = (t: number, p: number) => result.cells.find((c) => c.treat === t && c.post === p)!;
    expect(cell(1, 1).mean - cell(1, 0).mean - (cell(0, 1).mean - cell(0, 0).mean)).toBeCloseTo(2.7536058, 7);
  });

  it('gives the balanced-sample DiD 2.7500 with SE 1.3423 (data README)', () => {
    expect(result.balanced!.did).toBeCloseTo(2.75, 4);
    expect(result.balanced!.se).toBeCloseTo(1.3423, 4);
  });

  it('OLS fte ~ nj + d + nj:d: coefficient and iid, HC1 and CR1 SEs (data README; pyfixest to 1e-6)', () => {
    expect(result.did).toBeCloseTo(2.75360578, 8);
    expect(result.ols.se.iid).toBeCloseTo(1.6884, 4);
    expect(result.ols.se.hc1).toBeCloseTo(1.7955, 4);
    expect(result.ols.se.cr1!).toBeCloseTo(1.3066, 4);
    expect(Math.abs(result.ols.se.iid - reference.card_krueger.iid)).toBeLessThan(1e-6);
    expect(Math.abs(result.ols.se.hc1 - reference.card_krueger.hc1)).toBeLessThan(1e-6);
    expect(Math.abs(result.ols.se.cr1! - reference.card_krueger.cr1)).toBeLessThan(1e-6);
    expect(result.seType).toBe('cr1');
    expect(result.ols.clusters).toBe(410);
  });
});

describe('KIELMC (Wooldridge), house prices near the incinerator', () => {
  const kiel = read('kielmc.csv');
  const spec = { time: 'year', outcome: 'rprice', treat: 'nearinc', post: 'y81' };

  it('rprice ~ y81 + nearinc + y81nrinc: δ = −11863.903252, iid SE 7456.646173, R² 0.1739', () => {
    const r = twoByTwo(panelFromCsv(kiel, spec, 'kielmc.csv'), { se: 'iid' });
    expect(r.did).toBeCloseTo(-11863.903252, 5);
    expect(r.se).toBeCloseTo(7456.646173, 5);
    expect(r.ols.r2).toBeCloseTo(0.1739, 4);
    expect(Math.abs(r.ols.se.hc1 - reference.kielmc.rprice.hc1)).toBeLessThan(
      1e-5 * reference.kielmc.rprice.hc1,
    );
    // no unit ids: repeated cross-sections, no balanced sample, no CR1
    expect(r.balanced).toBeNull();
    expect(r.ols.se.cr1).toBeNull();
  });

  it('with age and agesq: δ = −21920.27 (6359.75)', () => {
    const r = twoByTwo(panelFromCsv(kiel, { ...spec, covariates: ['age', 'agesq'] }, 'kielmc.csv'), {
      se: 'iid',
    });
    expect(r.did).toBeCloseTo(-21920.27, 2);
    expect(r.se).toBeCloseTo(6359.75, 2);
    expect(Math.abs(r.did - reference.kielmc.rprice_age.coef)).toBeLessThan(1e-6);
    expect(Math.abs(r.ols.se.hc1 - reference.kielmc.rprice_age.hc1)).toBeLessThan(
      1e-6 * reference.kielmc.rprice_age.hc1,
    );
  });

  it('lprice: δ = −0.062649 (0.083441); percent effect exp(δ) − 1 with --log on price', () => {
    const r = twoByTwo(panelFromCsv(kiel, { ...spec, outcome: 'lprice' }, 'kielmc.csv'), { se: 'iid' });
    expect(r.did).toBeCloseTo(-0.062649, 6);
    expect(r.se).toBeCloseTo(0.083441, 6);
    // log of price gives the same as the lprice column (which is ln(price) to the file's precision)
    const logged = twoByTwo(panelFromCsv(kiel, { ...spec, outcome: 'price', log: true }, 'kielmc.csv'), {
      se: 'iid',
    });
    expect(logged.did).toBeCloseTo(-0.062649, 5);
    expect(logged.percent).toBeCloseTo(Math.expm1(logged.did), 12);
    expect(r.percent).toBeNull();
  });
});
