/**
 * Writes the demo's GEXF and GraphML exports in every view of the ties (mixed, directed, undirected) into
 * the folder given as argument, for test/reference/graph_formats_reference.py. The exports are a pure
 * function of seed/lipetsk.json (graphDocument), byte for byte what `clusterlens export` writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_BUNDLE_PATH } from '../../seed/generate.ts';
import { TIE_VIEWS } from '../../src/exchange/graph.ts';
import { GRAPH_FORMATS, graphDocument } from '../../src/exchange/graph-formats.ts';
import { readJsonBundle } from '../../src/exchange/json.ts';
import { parseRows } from '../../src/exchange/validate.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: tsx test/reference/export-formats.ts <folder>');
fs.mkdirSync(out, { recursive: true });
const bundle = parseRows(readJsonBundle(DEMO_BUNDLE_PATH)).bundle;
for (const format of GRAPH_FORMATS)
  for (const ties of TIE_VIEWS)
    fs.writeFileSync(path.join(out, `demo-${ties}.${format}`), graphDocument(bundle, format, ties));
