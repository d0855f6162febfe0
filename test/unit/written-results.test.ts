/** Naming and shaping of results written back to Neo4j (src/analysis/written-results.ts). */
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/analysis/registry.ts';
import {
  isWrittenResult,
  resultFromWritten,
  resultProperty,
  resultSettings,
  writtenResult,
} from '../../src/analysis/written-results.ts';

const defaults = (id: string) =>
  Object.fromEntries(measure(id).parameters.map((p) => [p.name, p.default] as const));

describe('resultSettings and resultProperty', () => {
  it('names a default result on the whole network cl_<measure>', () => {
    const settings = resultSettings(measure('pagerank'), defaults('pagerank'), { directed: false });
    expect(settings).toEqual({});
    expect(resultProperty('pagerank', settings)).toBe('cl_pagerank');
    expect(resultProperty('weighted-degree', {})).toBe('cl_weighted_degree');
  });

  it('keeps only what differs from the defaults, lists as sets, keys sorted', () => {
    const settings = resultSettings(
      measure('pagerank'),
      { ...defaults('pagerank'), alpha: 0.9 },
      { layers: ['supply', 'rnd', 'supply'], clusters: [], directed: false, since: undefined },
    );
    expect(settings).toEqual({ alpha: 0.9, layers: ['rnd', 'supply'] });
    expect(Object.keys(settings)).toEqual(['alpha', 'layers']);
    // The suffix: the first 8 hex digits of `printf '%s' '{"alpha":0.9,"layers":["rnd","supply"]}' | sha256sum`.
    expect(resultProperty('pagerank', settings)).toBe('cl_pagerank_e5b68a72');
  });

  it('tells different settings apart (directed, a filter, an option)', () => {
    const base = defaults('degree');
    const names = new Set(
      [
        resultSettings(measure('degree'), base, {}),
        resultSettings(measure('degree'), base, { directed: true }),
        resultSettings(measure('degree'), base, { kinds: ['university'] }),
        resultSettings(measure('degree'), base, { since: 2015 }),
      ].map((s) => resultProperty('degree', s)),
    );
    expect(names.size).toBe(4);
    expect([...names].every(isWrittenResult)).toBe(true);
    expect(isWrittenResult('attr.cl_x')).toBe(false);
  });
});

describe('writtenResult and resultFromWritten', () => {
  it('splits a node result into outputs and rows, and puts it back together', () => {
    const result = {
      measure: 'hits',
      options: { layers: ['rnd'], directed: false, maxIterations: 100 },
      values: { a: 0.5, b: 0.25, c: Number.NaN },
      authorities: { a: 0.1, b: 0.2, c: 0.7 },
      engine: 'memory',
    };
    const written = writtenResult(measure('hits'), {}, result);
    expect(written.property).toBe('cl_hits');
    expect(written.outputs).toEqual([
      { field: 'values', property: 'cl_hits', integer: false },
      { field: 'authorities', property: 'cl_hits_authorities', integer: false },
    ]);
    expect(written.rows).toEqual([
      { id: 'a', values: [0.5, 0.1] },
      { id: 'b', values: [0.25, 0.2] },
      { id: 'c', values: [Number.NaN, 0.7] },
    ]);
    expect(written.summary).toEqual({ measure: 'hits', options: result.options, engine: 'memory' });
    expect(resultFromWritten(written.summary, written.outputs, written.rows)).toEqual(result);
  });

  it('writes community ids as integers and keeps the modularity in the summary', () => {
    const result = {
      algorithm: 'louvain',
      options: {},
      modularity: 0.41,
      communities: { a: 0, b: 1, c: 1 },
    };
    const written = writtenResult(measure('louvain'), { resolution: 1.2 }, result);
    expect(written.outputs).toEqual([{ field: 'communities', property: written.property, integer: true }]);
    expect(written.property).toMatch(/^cl_louvain_[0-9a-f]{8}$/);
    expect(written.summary).toEqual({ algorithm: 'louvain', options: {}, modularity: 0.41 });
    expect(resultFromWritten(written.summary, written.outputs, written.rows)).toEqual(result);
  });

  it('refuses multilayer results and results without their main map', () => {
    expect(() =>
      writtenResult(measure('layer-overlap'), {}, { measure: 'layer-overlap', options: {} }),
    ).toThrow(/no value per participant/);
    expect(() => writtenResult(measure('pagerank'), {}, { measure: 'pagerank', options: {} })).toThrow(
      /no 'values' map/,
    );
  });
});
