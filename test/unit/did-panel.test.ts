/**
 * Panel validation: a bad panel is refused with a ValidationError naming the problem, the column and the
 * first offending rows (CSV line numbers). Small panels written by hand.
 */
import { describe, expect, it } from 'vitest';
import { panelFromCsv, panelFromRows } from '../../src/did/panel.ts';
import { ValidationError } from '../../src/errors.ts';

const spec = { unit: 'id', time: 'year', outcome: 'y', cohort: 'g' };
const good = `id,year,y,g
a,2000,1,0
a,2001,2,0
b,2000,1,2001
b,2001,3,2001
c,2000,2,2001
c,2001,5,2001
`;

function refusal(text: string, s: Parameters<typeof panelFromCsv>[1] = spec): ValidationError {
  try {
    panelFromCsv(text, s, 'p.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the panel was accepted');
}

describe('panel validation', () => {
  it('accepts a good panel and indexes it', () => {
    const p = panelFromCsv(good, spec, 'p.csv');
    expect(p.rows).toBe(6);
    expect(p.unitIds).toEqual(['a', 'b', 'c']);
    expect(p.times).toEqual([2000, 2001]);
    expect(Array.from(p.cohortOfUnit!)).toEqual([0, 2001, 2001]);
    expect(p.balanced).toBe(true);
  });

  it('a missing column', () => {
    const e = refusal(good, { ...spec, outcome: 'lemp' });
    expect(e.message).toMatch(/missing column 'lemp'/);
    expect(e.problems[0]!.field).toBe('lemp');
  });

  it('a non-numeric value, with its line', () => {
    const e = refusal(good.replace('b,2001,3,2001', 'b,2001,three,2001'));
    expect(e.message).toMatch(/column 'y'.*not numeric/);
    expect(e.problems[0]).toMatchObject({ line: 5, field: 'y' });
    expect(e.problems[0]!.message).toMatch(/"three"/);
  });

  it('a missing outcome drops the row with a warning instead', () => {
    const p = panelFromCsv(good.replace('a,2001,2,0', 'a,2001,NA,0'), spec, 'p.csv');
    expect(p.rows).toBe(5);
    expect(p.balanced).toBe(false);
    expect(p.warnings[0]).toMatch(/1 row with a missing outcome.*line 3/);
  });

  it('duplicate unit-period rows, with both lines', () => {
    const e = refusal(`${good}b,2001,4,2001\n`);
    expect(e.message).toMatch(/1 duplicate unit-period row/);
    expect(e.problems[0]).toMatchObject({ line: 8 });
    expect(e.problems[0]!.message).toMatch(/unit 'b' in period 2001 again \(first at line 5\)/);
  });

  it('no untreated units', () => {
    const e = refusal(good.replace(/,0\n/g, ',2001\n'), { ...spec, requireNeverTreated: true });
    expect(e.message).toMatch(/no untreated units \(column 'g'/);
    const twoByTwo = refusal('id,t,y,treat,post\na,0,1,1,0\na,1,2,1,1\n', {
      unit: 'id',
      time: 't',
      outcome: 'y',
      treat: 'treat',
      post: 'post',
    });
    expect(twoByTwo.message).toMatch(/no untreated units \(column 'treat'/);
  });

  it('a cohort too small to estimate, with its rows', () => {
    const e = refusal(`${good}d,2000,1,2000\nd,2001,1,2000\n`);
    expect(e.message).toMatch(/column 'g'.*cohort 2000 too small/);
    expect(e.problems.map((p) => p.line)).toEqual([8, 9]);
  });

  it('a cohort that changes within a unit', () => {
    const e = refusal(good.replace('c,2001,5,2001', 'c,2001,5,0'));
    expect(e.message).toMatch(/the cohort changes within a unit/);
    expect(e.problems[0]).toMatchObject({ line: 7, field: 'g' });
  });

  it('a log of a non-positive value', () => {
    const e = refusal(good.replace('a,2000,1,0', 'a,2000,0,0'), { ...spec, log: true });
    expect(e.message).toMatch(/not positive/);
    expect(e.problems[0]).toMatchObject({ line: 2 });
  });

  it('rows without line numbers name the row index', () => {
    try {
      panelFromRows(
        [
          { id: 'a', year: 2000, y: 'x', g: 0 },
          { id: 'b', year: 2000, y: 1, g: 0 },
        ],
        spec,
      );
      throw new Error('accepted');
    } catch (error) {
      expect((error as ValidationError).problems[0]!.path).toBe('row 1');
    }
  });
});
