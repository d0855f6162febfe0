/** Reads an exchange bundle from a JSON file or a folder of CSV files. */
import fs from 'node:fs';
import { readCsvFolder } from './csv.ts';
import { readJsonBundle } from './json.ts';
import type { RawBundle } from './validate.ts';

export function readBundleSource(source: string): RawBundle {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    return { collections: {}, problems: [{ file: source, message: 'does not exist' }] };
  }
  return stat.isDirectory() ? readCsvFolder(source) : readJsonBundle(source);
}
