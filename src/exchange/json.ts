/** The JSON bundle: reading (with JSON paths for every row) and writing. */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalBundle } from './canonical.ts';
import { COLLECTION_KEYS, type Bundle, type BundleMeta, type CollectionKey } from './model.ts';
import type { RawBundle, RawRow } from './validate.ts';

const TOP_LEVEL = new Set<string>(['meta', ...COLLECTION_KEYS]);

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Reads a bundle from parsed JSON (a file's content or a request body) into located raw rows. */
export function rawBundleFromJson(data: unknown, file: string): RawBundle {
  const raw: RawBundle = { collections: {}, problems: [] };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    raw.problems.push({ file, path: '$', message: 'a bundle is a JSON object with participants, ties, …' });
    return raw;
  }
  for (const [key, value] of Object.entries(data)) {
    if (!TOP_LEVEL.has(key)) {
      raw.problems.push({
        file,
        path: `$.${key}`,
        message: `unknown entry; expected ${[...TOP_LEVEL].join(', ')}`,
      });
      continue;
    }
    if (key === 'meta') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        raw.problems.push({ file, path: '$.meta', message: 'meta must be an object' });
      } else raw.meta = value as BundleMeta;
      continue;
    }
    if (!Array.isArray(value)) {
      raw.problems.push({ file, path: `$.${key}`, message: `${key} must be an array` });
      continue;
    }
    const rows: RawRow[] = [];
    value.forEach((item, i) => {
      const at = { file, path: `$.${key}[${i}]` };
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        raw.problems.push({ ...at, message: 'must be an object' });
        return;
      }
      const { attributes, ...values } = item as Record<string, unknown>;
      rows.push({
        values,
        attributes: attributes as Record<string, unknown> | undefined,
        at,
        textual: false,
      });
    });
    raw.collections[key as CollectionKey] = rows;
  }
  return raw;
}

export function readJsonBundle(file: string): RawBundle {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return {
      collections: {},
      problems: [{ file: name, message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  try {
    return rawBundleFromJson(JSON.parse(text.replace(/^\uFEFF/, '')), name);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : '';
    return { collections: {}, problems: [{ file: name, message: `is not valid JSON${where}: ${message}` }] };
  }
}

export function bundleToJson(bundle: Bundle): string {
  return `${JSON.stringify(canonicalBundle(bundle), null, 2)}\n`;
}

export function writeJsonBundle(bundle: Bundle, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, bundleToJson(bundle));
}
