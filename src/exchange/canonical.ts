/**
 * A bundle in canonical form: collections sorted, object keys in the order of the field descriptors,
 * absent fields omitted. Exports are canonical, so that an export can be compared with another.
 */
import { COLLECTIONS, COLLECTION_KEYS, type Bundle, type CollectionKey } from './model.ts';

const SORT_KEYS: Record<CollectionKey, string[]> = {
  regions: ['id'],
  layers: ['id'],
  participants: ['id'],
  clusters: ['id'],
  platforms: ['id'],
  projects: ['id'],
  memberships: ['participant', 'cluster', 'platform', 'project'],
  ties: ['layer', 'source', 'target'],
  observations: ['participant', 'indicator', 'year'],
};

function compareBy(keys: string[]) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  };
}

function orderRow(key: CollectionKey, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of COLLECTIONS[key].fields)
    if (row[field.name] !== undefined) out[field.name] = row[field.name];
  const attributes = row.attributes as Record<string, unknown> | undefined;
  if (attributes && Object.keys(attributes).length > 0) {
    out.attributes = Object.fromEntries(
      Object.keys(attributes)
        .sort()
        .map((k) => [k, attributes[k]]),
    );
  }
  return out;
}

export function canonicalBundle(bundle: Bundle): Bundle {
  const out: Record<string, unknown> = {};
  if (bundle.meta && Object.keys(bundle.meta).length > 0) out.meta = bundle.meta;
  for (const key of COLLECTION_KEYS) {
    const rows = (bundle[key] as unknown as Record<string, unknown>[]).map((r) => orderRow(key, r));
    out[key] = rows.sort(compareBy(SORT_KEYS[key]));
  }
  return out as unknown as Bundle;
}
