/**
 * The header CSVs of the offline load (src/exchange/admin-import-csv.ts): the property types the
 * transactional import stores (integers as long, other numbers as double), quoting, and one file per row
 * shape so that no property is set that the import would leave absent. The end-to-end check (same export
 * as an import) is test/integration/offline-load.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { adminImportFiles, hasMultilineValues } from '../../src/exchange/admin-import-csv.ts';
import { emptyBundle, type Bundle } from '../../src/exchange/model.ts';

function small(): Bundle {
  const bundle = emptyBundle();
  bundle.participants.push(
    { id: 'a', kind: 'enterprise', name: 'A "quoted", firm', region: 'r1', founded: 1990 },
    { id: 'b', kind: 'startup', name: 'B', region: 'r2', attributes: { rating: 2, listed: true } },
    { id: 'c', kind: 'startup', name: 'C', region: 'r2', attributes: { rating: 'high' } },
  );
  bundle.regions.push({ id: 'r1', name: 'Region 1' });
  bundle.ties.push(
    { source: 'a', target: 'b', layer: 'supply', weight: 2, since: 2015 },
    { source: 'b', target: 'c', layer: 'rnd' },
  );
  return bundle;
}

const directed = new Map([
  ['supply', true],
  ['rnd', false],
]);
const lines = (file: { lines: () => Iterable<string> }) => [...file.lines()];

describe('adminImportFiles', () => {
  it('types integer fields as long and other numbers as double, and quotes strings', () => {
    const files = adminImportFiles(small(), directed);
    const participants = files.filter((f) => f.name === 'Participant');
    const a = participants.find((f) => f.header.includes('founded'))!;
    expect(a.header).toBe('id:ID(Participant),kind:string,name:string,region:string,founded:long');
    expect(lines(a)).toEqual(['"a","enterprise","A ""quoted"", firm","r1",1990']);
    const ties = files.filter((f) => f.name === 'TIE');
    expect(ties.map((f) => f.header)).toEqual([
      ':START_ID(Participant),:END_ID(Participant),layer:string,weight:double,since:long',
      ':START_ID(Participant),:END_ID(Participant),layer:string',
    ]);
    expect(ties.flatMap(lines)).toEqual(['"a","b","supply",2,2015', '"b","c","rnd"']);
  });

  it('gives each row shape its own file: an attribute keeps its type per row', () => {
    const participants = adminImportFiles(small(), directed).filter((f) => f.name === 'Participant');
    expect(participants.map((f) => f.rows)).toEqual([1, 1, 1]);
    expect(participants.map((f) => f.header.split(',').slice(4).join(','))).toEqual([
      'founded:long',
      'attr.rating:double,attr.listed:boolean',
      'attr.rating:string',
    ]);
  });

  it('creates the regions and layers that rows name without defining, as the import does', () => {
    const files = adminImportFiles(small(), directed);
    const regions = files.filter((f) => f.name === 'Region').flatMap(lines);
    expect(regions.sort()).toEqual(['"r1","Region 1"', '"r2"']);
    const layers = files.filter((f) => f.name === 'Layer').flatMap(lines);
    expect(layers.sort()).toEqual(['"rnd",false', '"supply",true']);
    const located = files.filter((f) => f.name === 'LOCATED_IN').flatMap(lines);
    expect(located).toEqual(['"a","r1"', '"b","r2"', '"c","r2"']);
  });

  it('notices strings that span lines (neo4j-admin then parses with --multiline-fields)', () => {
    const bundle = small();
    expect(hasMultilineValues(bundle)).toBe(false);
    bundle.participants[2]!.attributes = { note: 'two\nlines' };
    expect(hasMultilineValues(bundle)).toBe(true);
  });
});
