/** Reads an exchange bundle from a JSON file, a folder of CSV files, or a multinet .mpx file. */
import fs from 'node:fs';
import { readCsvFolder } from './csv.ts';
import { readJsonBundle } from './json.ts';
import { readMpx } from './mpx.ts';
import type { RawBundle } from './validate.ts';

export function readBundleSource(source: string): RawBundle {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    return { collections: {}, problems: [{ file: source, message: 'does not exist' }] };
  }
  if (stat.isDirectory()) return readCsvFolder(source);
  return source.toLowerCase().endsWith('.mpx') ? readMpx(source) : readJsonBundle(source);
}
