/**
 * Reads an exchange bundle from a file or a request body, recognising the format by content: a JSON
 * bundle, GEXF, GraphML, a multinet .mpx file — or from a folder of CSV files. Anything else is refused
 * with the list of what is accepted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, utf8Problems } from './bytes.ts';
import { readCsvFolder } from './csv.ts';
import { readGexfText } from './gexf.ts';
import { graphFileToRaw } from './graph-file.ts';
import { readGraphmlText } from './graphml.ts';
import { readJsonBytes } from './json.ts';
import { readMpxBytes } from './mpx.ts';
import type { RawBundle } from './validate.ts';
import { rootElementName } from './xml.ts';

export type ContentFormat = 'json' | 'gexf' | 'graphml' | 'mpx';

export const ACCEPTED_FORMATS =
  'a JSON bundle, a folder of CSV files (CSV files as multipart/form-data through the API), ' +
  'GEXF (1.1–1.3), GraphML, or a multinet .mpx file';

/** What the bytes hold, by their first characters (the extension only decides between JSON and nothing). */
export function contentFormat(bytes: Uint8Array, name: string): ContentFormat | undefined {
  const head = decodeText(bytes.subarray(0, 8192)).replace(/^\uFEFF/, '');
  const first = head.trimStart()[0];
  if (first === '<') {
    const root = rootElementName(head);
    return root === 'gexf' ? 'gexf' : root === 'graphml' ? 'graphml' : undefined;
  }
  if (first === '{' || first === '[') return 'json';
  if (/^\s*#\s*(TYPE|LAYERS|ACTOR ATTRIBUTES|ACTORS|EDGES)\b/i.test(head)) return 'mpx';
  // A .json file that starts otherwise gets the JSON reader's account of what is wrong, with its position.
  if (name.toLowerCase().endsWith('.json')) return 'json';
  return undefined;
}

function describeContent(bytes: Uint8Array): string {
  const head = decodeText(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (head.trim() === '') return 'it is empty';
  if (head.trimStart().startsWith('<')) return `it is XML with root <${rootElementName(head) ?? '?'}>`;
  return `it starts with ${JSON.stringify(head.trimStart().slice(0, 20))}`;
}

/**
 * Reads a bundle from the bytes of a file or a request body, whatever its supported format; `assume` is
 * the format to read unrecognised content as (a body sent as application/json gets the JSON reader's
 * account of what is wrong with it).
 */
export function readBundleBytes(
  bytes: Uint8Array,
  name: string,
  options: { assume?: ContentFormat } = {},
): RawBundle {
  const format = contentFormat(bytes, name) ?? options.assume;
  switch (format) {
    case 'json':
      return readJsonBytes(bytes, name);
    case 'mpx':
      return readMpxBytes(bytes, name);
    case 'gexf':
    case 'graphml': {
      const problems = utf8Problems(bytes, name, false);
      if (problems.length > 0) return { collections: {}, problems };
      const text = decodeText(bytes);
      return graphFileToRaw(format === 'gexf' ? readGexfText(text, name) : readGraphmlText(text, name));
    }
    case undefined:
      return {
        collections: {},
        problems: [
          {
            file: name,
            message: `is not a format clusterlens imports (${describeContent(bytes)}); accepted: ${ACCEPTED_FORMATS}`,
          },
        ],
      };
  }
}

export function readBundleSource(source: string): RawBundle {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    return { collections: {}, problems: [{ file: source, message: 'does not exist' }] };
  }
  if (stat.isDirectory()) return readCsvFolder(source);
  const name = path.basename(source);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(source);
  } catch (error) {
    return {
      collections: {},
      problems: [{ file: name, message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  return readBundleBytes(bytes, name);
}
