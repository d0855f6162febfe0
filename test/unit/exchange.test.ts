import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseGexf } from 'graphology-gexf';
import { MultiGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { canonicalBundle } from '../../src/exchange/canonical.ts';
import { readCsvFolder, writeCsvFolder } from '../../src/exchange/csv.ts';
import { bundleToGraph } from '../../src/exchange/graph.ts';
import { toGexf, toGraphml } from '../../src/exchange/graph-formats.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { checkReferences, parseRows } from '../../src/exchange/validate.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');

function problemsOf(source: ReturnType<typeof readJsonBundle>) {
  const parsed = parseRows(source);
  return [...parsed.problems, ...checkReferences(parsed)];
}

describe('validation of a JSON bundle', () => {
  const problems = problemsOf(readJsonBundle(path.join(fixtures, 'bad.json')));
  const find = (pathPrefix: string, field: string) =>
    problems.find((p) => p.path?.startsWith(pathPrefix) && p.field === field);

  it('names the file, the JSON path and the field of each problem', () => {
    expect(find('$.participants[0]', 'kind')).toMatchObject({
      file: 'bad.json',
      path: '$.participants[0].kind',
    });
    expect(find('$.participants[0]', 'kind')!.message).toContain('unknown kind "entreprise"');
  });

  it('finds a year out of range, an unknown field, a non-numeric weight and a bad layer name', () => {
    expect(find('$.participants[1]', 'founded')!.message).toMatch(/out of range/);
    expect(find('$.participants[3]', 'colour')!.message).toMatch(/unknown field/);
    expect(find('$.ties[1]', 'weight')!.message).toMatch(/must be a number/);
    expect(find('$.ties[2]', 'layer')).toBeDefined();
  });

  it('finds a duplicate id and a tie to a missing participant', () => {
    expect(find('$.participants[2]', 'id')!.message).toMatch(/duplicate id 'a'.*\$\.participants\[0\]/);
    expect(find('$.ties[0]', 'target')!.message).toMatch(/missing participant 'ghost'/);
  });

  it('reports every problem, not only the first', () => {
    expect(problems.length).toBe(7);
  });

  it('reports invalid JSON with its line and column', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cl-')), 'broken.json');
    fs.writeFileSync(file, '{\n  "participants": [\n    { "id": "a", }\n  ]\n}\n');
    const raw = readJsonBundle(file);
    expect(raw.problems).toHaveLength(1);
    expect(raw.problems[0]!.message).toMatch(/not valid JSON at line 3/);
  });

  it('accepts a valid bundle', () => {
    expect(problemsOf(readJsonBundle(path.join(fixtures, 'small.json')))).toEqual([]);
  });
});

describe('validation of a CSV folder', () => {
  const raw = readCsvFolder(path.join(fixtures, 'bad-csv'));
  const parsed = parseRows(raw);
  const problems = [...parsed.problems, ...checkReferences(parsed)];

  it('names the file, the line and the field', () => {
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'participants.csv', line: 1, field: 'colour' }),
    );
    // The second record starts on line 3 even though a quoted cell spans lines 3–4.
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'participants.csv', line: 3, field: 'kind' }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ file: 'ties.csv', line: 2, field: 'weight' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'ties.csv', line: 3, field: 'since' }));
  });

  it('types free attributes by their column header', () => {
    const small = parseRows(readCsvFolder(path.join(fixtures, 'small-csv')));
    expect(small.problems).toEqual([]);
    expect(small.bundle.participants[0]!.attributes).toEqual({
      innovative: true,
      rating: 4.5,
      note: 'quoted, with comma',
    });
    expect(small.bundle.participants[1]!.attributes).toEqual({ innovative: false });
    expect(small.bundle.ties[0]).toEqual({
      source: 'p1',
      target: 'p2',
      layer: 'rnd',
      weight: 2,
      since: 2014,
    });
  });
});

describe('the exchange formats', () => {
  const bundle = parseRows(readJsonBundle(path.join(fixtures, 'small.json'))).bundle;

  it('writes a CSV folder that reads back as the same bundle', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-csv-'));
    writeCsvFolder(bundle, folder);
    const back = parseRows(readCsvFolder(folder));
    expect(back.problems).toEqual([]);
    expect(canonicalBundle(back.bundle)).toEqual(canonicalBundle(bundle));
  });

  it('writes GEXF that graphology-gexf reads back with every participant and tie', () => {
    const gexf = toGexf(bundleToGraph(bundle));
    const graph = parseGexf(MultiGraph, gexf);
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(4);
    expect(graph.getNodeAttribute('stanina-anchor', 'clusters')).toBe('dolina');
  });

  it('writes GraphML with directed supply ties and undirected rnd ties', () => {
    const graphml = toGraphml(bundleToGraph(bundle));
    expect(graphml.match(/<node /g)).toHaveLength(4);
    expect(graphml.match(/<edge /g)).toHaveLength(4);
    expect(graphml).toMatch(/source="castings-sme" target="stanina-anchor" directed="true"/);
    expect(graphml).toMatch(/<key id="e_weight" for="edge" attr.name="weight" attr.type="double"\/>/);
  });
});
