/** The JSON bundle: reading (with JSON paths for every row) and writing. */
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonBytes } from './bytes.ts';
import { canonicalBundle } from './canonical.ts';
import { reservedProblem } from './limits.ts';
import { COLLECTION_KEYS, type Bundle, type CollectionKey } from './model.ts';
import type { RawBundle, RawRow } from './validate.ts';

const TOP_LEVEL = new Set<string>(['meta', ...COLLECTION_KEYS]);

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
        message: reservedProblem(key) ?? `unknown entry; expected ${[...TOP_LEVEL].join(', ')}`,
      });
      continue;
    }
    if (key === 'meta') {
      // Checked with the rows (validate.ts), the same for a bundle's meta and a CSV folder's meta.json.
      raw.meta = { value, at: { file, path: '$.meta' } };
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

/** Reads a bundle from the bytes of a JSON document (a file, a request body). */
export function readJsonBytes(bytes: Uint8Array, file: string): RawBundle {
  const { value, problems } = parseJsonBytes(bytes, file);
  if (problems.length > 0) return { collections: {}, problems };
  return rawBundleFromJson(value, file);
}

export function readJsonBundle(file: string): RawBundle {
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
  return readJsonBytes(bytes, name);
}

export function bundleToJson(bundle: Bundle): string {
  return `${JSON.stringify(canonicalBundle(bundle), null, 2)}\n`;
}

export function writeJsonBundle(bundle: Bundle, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, bundleToJson(bundle));
}
