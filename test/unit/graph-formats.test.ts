/**
 * GEXF and GraphML in: the readers, the mapping to a bundle, the validator's problems with their lines,
 * the recognition of formats by content; and out: the round trip of the lossless view, and the directed
 * and undirected views as networkx and igraph read them (test/reference/graph-formats.json).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { formatProblem, type Problem } from '../../src/errors.ts';
import { canonicalBundle } from '../../src/exchange/canonical.ts';
import { DEFAULT_LAYER, GRAPH_VIEW } from '../../src/exchange/graph-file.ts';
import { TIE_VIEWS } from '../../src/exchange/graph.ts';
import { GRAPH_FORMATS, graphDocument } from '../../src/exchange/graph-formats.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { DEFAULT_LAYERS, type Bundle } from '../../src/exchange/model.ts';
import { ACCEPTED_FORMATS, contentFormat, readBundleBytes } from '../../src/exchange/read.ts';
import { checkReferences, parseRows, type ParsedBundle } from '../../src/exchange/validate.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'reference', 'graph-formats.json'), 'utf8'),
);
const demo = parseRows(readJsonBundle(DEMO_BUNDLE_PATH)).bundle;

/** Reads a document as the import does (content → rows → both validation passes). */
function read(text: string, name: string): ParsedBundle & { all: Problem[] } {
  const parsed = parseRows(readBundleBytes(Buffer.from(text), name));
  return { ...parsed, all: [...parsed.problems, ...checkReferences(parsed)] };
}

const messages = (problems: Problem[]) => problems.map(formatProblem);

const isDirected = (bundle: Bundle, layer: string) =>
  bundle.layers.find((l) => l.id === layer)?.directed ?? DEFAULT_LAYERS[layer]?.directed ?? false;

describe('the lossless view (--ties mixed) reads back as the network', () => {
  for (const format of GRAPH_FORMATS) {
    it(`${format}: demo → file → bundle → file is the same file, the bundle the same network`, () => {
      const text = graphDocument(demo, format);
      const back = read(text, `demo.${format}`);
      expect(messages(back.all)).toEqual([]);
      const a = canonicalBundle(demo);
      const b = canonicalBundle(back.bundle);
      expect(b.participants).toEqual(a.participants);
      expect(b.clusters).toEqual(a.clusters);
      expect(b.platforms).toEqual(a.platforms);
      expect(b.layers).toEqual(a.layers);
      // Ties gain their default weight 1; memberships are those in clusters and platforms.
      expect(b.ties).toEqual(a.ties.map((t) => ({ ...t, weight: t.weight ?? 1 })));
      const memberships = (x: Bundle) =>
        x.memberships
          .filter((m) => m.cluster || m.platform)
          .map((m) => `${m.participant}>${m.cluster ?? ''}>${m.platform ?? ''}`)
          .sort();
      expect(memberships(back.bundle)).toEqual(memberships(demo));
      expect(graphDocument(back.bundle, format)).toBe(text);
    });
  }
});

describe('Les Misérables (GEXF 1.1, Gephi)', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'les-miserables.gexf'), 'utf8');
  const les = read(text, 'les-miserables.gexf');

  it('is recognised by content and imports with no problem', () => {
    expect(contentFormat(Buffer.from(text), 'no-extension')).toBe('gexf');
    expect(messages(les.all)).toEqual([]);
  });

  // Reference: networkx 3.6.1 nx.les_miserables_graph() (Knuth's Stanford GraphBase data): 77 nodes,
  // 254 edges, total weight 820, Valjean with 36 neighbours and weighted degree 158.
  it('has the characters, co-appearances and weights of networkx’s les_miserables_graph', () => {
    const { participants, ties, layers } = les.bundle;
    expect(participants).toHaveLength(77);
    expect(ties).toHaveLength(254);
    expect(ties.reduce((s, t) => s + (t.weight ?? 1), 0)).toBe(820);
    const valjean = participants.find((p) => p.name === 'Valjean')!;
    const touching = ties.filter((t) => t.source === valjean.id || t.target === valjean.id);
    expect(new Set(touching.map((t) => (t.source === valjean.id ? t.target : t.source))).size).toBe(36);
    expect(touching.reduce((s, t) => s + (t.weight ?? 1), 0)).toBe(158);
    // The file declares its edges directed; edges without a layer fall in the default layer.
    expect(layers).toEqual([{ id: DEFAULT_LAYER, directed: true }]);
  });

  it('maps labels to names and the other node data (declared attributes, viz) to attributes', () => {
    const myriel = les.bundle.participants.find((p) => p.id === '0.0')!;
    expect(myriel).toEqual({
      id: '0.0',
      kind: 'other',
      name: 'Myriel',
      region: 'unknown',
      attributes: {
        authority: 0.01880342,
        hub: 0.01880342,
        color: 'rgb(216,72,45)',
        size: 22.714287,
        x: 268.72385,
        y: 91.18155,
        z: 0,
      },
    });
  });
});

const graphml = (body: string, keys = '') => `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <key id="r" for="node" attr.name="region" attr.type="string"/>
  <key id="l" for="edge" attr.name="layer" attr.type="string"/>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>${keys}
  <graph edgedefault="undirected">
${body}
  </graph>
</graphml>
`;

describe('GraphML from other tools', () => {
  it('reads typed data, defaults, key ids as names, and edgedefault', () => {
    const text = graphml(
      `    <node id="a"><data key="k">university</data><data key="r">lipetsk</data><data key="e">12</data></node>
    <node id="b"><data key="f">yes</data></node>
    <edge source="a" target="b"><data key="w">2.5</data></edge>
    <edge source="b" target="a" directed="true"><data key="l">supply</data></edge>`,
      `
  <key id="e" for="node" attr.name="employees" attr.type="int"/>
  <key id="f" for="node" attr.type="string"><default>no</default></key>`,
    );
    const back = read(text, 'g.graphml');
    expect(messages(back.all)).toEqual([]);
    expect(back.bundle.participants).toEqual([
      { id: 'a', kind: 'university', name: 'a', region: 'lipetsk', employees: 12, attributes: { f: 'no' } },
      { id: 'b', kind: 'other', name: 'b', region: 'unknown', attributes: { f: 'yes' } },
    ]);
    expect(back.bundle.ties).toEqual([
      { source: 'a', target: 'b', layer: DEFAULT_LAYER, weight: 2.5 },
      { source: 'b', target: 'a', layer: 'supply' },
    ]);
    expect(canonicalBundle(back.bundle).layers).toEqual([
      { id: 'supply', directed: true },
      { id: DEFAULT_LAYER, directed: false },
    ]);
  });

  it('names file, line, element and field for every problem the reader finds', () => {
    const text = graphml(
      `    <node id="a"><data key="k">universty</data></node>
    <node id="a"/>
    <node id="b"><data key="e">many</data></node>
    <edge source="a" target="ghost"/>
    <edge source="a" target="b" directed="true"/>
    <edge source="b" target="a"><data key="x">7</data></edge>`,
      `
  <key id="e" for="node" attr.name="employees" attr.type="int"/>
  <key id="x" for="edge" attr.name="colour_code" attr.type="int"/>`,
    );
    const problems = read(text, 'bad.graphml').all;
    const at = (line: number) => problems.filter((p) => p.line === line);
    // Line numbers count from the document's first line (the XML declaration).
    expect(at(11).map((p) => p.field)).toContain('id'); // duplicate node id
    expect(at(11)[0]!.message).toMatch(/duplicate node id 'a' \(first at line 10\)/);
    expect(formatProblem(at(12)[0]!)).toMatch(
      /^bad\.graphml line 12 node\[@id="b"\], field employees: is declared int/,
    );
    // The readers' problems come first; the validator's (kind, missing participant, mixed layer) need a
    // file without them — checked below.
    expect(problems.every((p) => p.file === 'bad.graphml' && p.line !== undefined)).toBe(true);
  });

  it('passes element-level problems to the validator, located', () => {
    const text = graphml(
      `    <node id="a"><data key="k">universty</data></node>
    <node id="b"/>
    <edge source="a" target="ghost"/>
    <edge source="a" target="b" directed="true"/>
    <edge source="b" target="a"><data key="x">7</data></edge>`,
      `
  <key id="x" for="edge" attr.name="colour_code" attr.type="int"/>`,
    );
    const problems = read(text, 'v.graphml').all;
    const text1 = messages(problems).join('\n');
    expect(text1).toMatch(/v\.graphml line 9 node\[@id="a"\], field kind: unknown kind "universty"/);
    expect(text1).toMatch(/v\.graphml line 11 edge\[1\], field target: tie to a missing participant 'ghost'/);
    expect(text1).toMatch(/line 12 edge\[2\], field layer: layer tie has directed and undirected edges/);
    expect(text1).toMatch(
      /line 13 edge\[3\], field colour_code: a tie carries layer, weight and since only; attribute 'colour_code' cannot be imported/,
    );
  });

  it('refuses XML that is not well-formed, with its line', () => {
    const problems = read(graphml('    <node id="a"></nod>'), 'broken.graphml').all;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'broken.graphml', line: 8 });
    expect(problems[0]!.message).toMatch(/not well-formed XML/);
  });
});

describe('GEXF problems', () => {
  it('names the duplicate node and the edge of the wrong layer direction by line', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="undirected">
    <nodes>
      <node id="a" label="A"/>
      <node id="a" label="A again"/>
    </nodes>
  </graph>
</gexf>`;
    const problems = read(text, 'dup.gexf').all;
    expect(messages(problems)).toEqual([
      `dup.gexf line 6 node[@id="a"], field id: duplicate node id 'a' (first at line 5)`,
    ]);
  });

  it('refuses a view written for other readers, saying which export to use', () => {
    const directed = graphDocument(demo, 'gexf', 'directed');
    const problems = read(directed, 'view.gexf').all;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(GRAPH_VIEW);
    expect(problems[0]!.message).toMatch(/--ties mixed/);
  });
});

describe('formats are recognised by content', () => {
  it('tells GEXF, GraphML, JSON and .mpx apart whatever the file is called', () => {
    const bytes = (s: string) => Buffer.from(s);
    expect(contentFormat(bytes('\uFEFF<?xml version="1.0"?>\n<!-- x --><gexf/>'), 'a.txt')).toBe('gexf');
    expect(contentFormat(bytes('<g:graphml xmlns:g="x"/>'), 'a.json')).toBe('graphml');
    expect(contentFormat(bytes('  {"participants": []}'), 'a.gexf')).toBe('json');
    expect(contentFormat(bytes('#TYPE multiplex\n#LAYERS\n'), 'a')).toBe('mpx');
    expect(contentFormat(bytes('<svg/>'), 'a.xml')).toBeUndefined();
    expect(contentFormat(bytes('id,kind\n'), 'a.csv')).toBeUndefined();
  });

  it('refuses anything else with the list of accepted formats', () => {
    const svg = readBundleBytes(Buffer.from('<svg/>'), 'picture.svg');
    expect(svg.problems[0]!.message).toBe(
      `is not a format clusterlens imports (it is XML with root <svg>); accepted: ${ACCEPTED_FORMATS}`,
    );
    for (const name of ['GEXF', 'GraphML', 'JSON bundle', 'CSV']) expect(ACCEPTED_FORMATS).toContain(name);
  });
});

describe('the views for networkx and igraph', () => {
  const directedTies = demo.ties.filter((t) => isDirected(demo, t.layer));
  const undirectedTies = demo.ties.length - directedTies.length;
  const weight = (ties: Bundle['ties']) => ties.reduce((s, t) => s + (t.weight ?? 1), 0);

  it('are the very files the reference was computed on (byte-stable exports)', () => {
    for (const format of GRAPH_FORMATS)
      for (const ties of TIE_VIEWS) {
        const name = `demo-${ties}.${format}`;
        const sha = createHash('sha256')
          .update(graphDocument(demo, format, ties))
          .digest('hex');
        expect(sha, `${name} changed: run test/reference/graph_formats_reference.py`).toBe(
          reference.files[name].sha256,
        );
      }
  });

  it('open in networkx and igraph with every tie: undirected ties as two arcs, or no directions', () => {
    const expected = {
      directed: {
        nodes: demo.participants.length,
        edges: directedTies.length + 2 * undirectedTies,
        directed: true,
        weight: weight(demo.ties) + weight(demo.ties.filter((t) => !isDirected(demo, t.layer))),
      },
      undirected: {
        nodes: demo.participants.length,
        edges: demo.ties.length,
        directed: false,
        weight: weight(demo.ties),
      },
    };
    for (const format of GRAPH_FORMATS)
      for (const ties of ['directed', 'undirected'] as const) {
        const file = reference.files[`demo-${ties}.${format}`];
        const readers = format === 'graphml' ? [file.networkx, file.igraph] : [file.networkx];
        for (const seen of readers) {
          expect(seen).toMatchObject(expected[ties]);
          expect(seen.degreeSum).toBe(2 * expected[ties].edges);
          for (const layer of new Set(demo.ties.map((t) => t.layer))) {
            const n = demo.ties.filter((t) => t.layer === layer).length;
            expect(seen.layers[layer]).toBe(ties === 'directed' && !isDirected(demo, layer) ? 2 * n : n);
          }
        }
      }
  });

  it('while networkx refuses the mixed (lossless) export, as the issue reports', () => {
    expect(reference.files['demo-mixed.gexf'].networkx.error).toMatch(
      /Undirected edge found in directed graph/,
    );
    expect(reference.files['demo-mixed.graphml'].networkx.error).toMatch(
      /directed=true edge found in undirected graph/,
    );
  });
});
