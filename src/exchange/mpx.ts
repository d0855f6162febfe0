/**
 * The multiplex text format of the R package multinet (.mpx): sections #TYPE, #LAYERS
 * (`name,UNDIRECTED|DIRECTED`), #ACTOR ATTRIBUTES, #ACTORS (`name,attr…`) and #EDGES
 * (`actor,actor,layer[,attr…]`). Read as a bundle: actors become participants of kind `other`
 * (region `unknown`), edges become ties; layer names are lower-cased to fit the layer-name rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, utf8Problems } from './bytes.ts';
import type { RawBundle, RawRow } from './validate.ts';

export function readMpx(file: string): RawBundle {
  const name = path.basename(file);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return {
      collections: {},
      problems: [{ file: name, message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  return readMpxBytes(bytes, name);
}

/** Reads a multinet file's bytes (a file's content, a request body). */
export function readMpxBytes(bytes: Uint8Array, name: string): RawBundle {
  const raw: RawBundle = { collections: { participants: [], ties: [], layers: [] }, problems: [] };
  raw.problems.push(...utf8Problems(bytes, name, false));
  if (raw.problems.length > 0) return raw;
  const text = decodeText(bytes);
  const actors = new Set<string>();
  const layers = new Map<string, boolean>();
  let section = '';
  const row = (values: Record<string, unknown>, line: number): RawRow => ({
    values,
    at: { file: name, line },
    textual: false,
  });
  const addActor = (actor: string, line: number) => {
    if (actors.has(actor)) return;
    actors.add(actor);
    raw.collections.participants!.push(
      row({ id: actor, kind: 'other', name: actor, region: 'unknown' }, line),
    );
  };
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    const lineNo = i + 1;
    if (line === '') return;
    if (line.startsWith('#')) {
      section = line.slice(1).trim().toUpperCase();
      return;
    }
    const cells = line.split(',').map((c) => c.trim());
    if (section === 'LAYERS') {
      layers.set(cells[0]!.toLowerCase(), (cells[1] ?? '').toUpperCase() === 'DIRECTED');
      raw.collections.layers!.push(
        row(
          {
            id: cells[0]!.toLowerCase(),
            name: cells[0],
            directed: (cells[1] ?? '').toUpperCase() === 'DIRECTED',
          },
          lineNo,
        ),
      );
    } else if (section === 'ACTORS') {
      addActor(cells[0]!, lineNo);
    } else if (section === 'EDGES') {
      if (cells.length < 3) {
        raw.problems.push({ file: name, line: lineNo, message: 'an edge is actor,actor,layer' });
        return;
      }
      addActor(cells[0]!, lineNo);
      addActor(cells[1]!, lineNo);
      raw.collections.ties!.push(
        row({ source: cells[0], target: cells[1], layer: cells[2]!.toLowerCase() }, lineNo),
      );
    }
  });
  return raw;
}
