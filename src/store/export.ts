/** Reads the stored network back as a canonical bundle (the inverse of import). */
import { canonicalBundle } from '../exchange/canonical.ts';
import {
  COLLECTIONS,
  MEMBERSHIP_TARGETS,
  emptyBundle,
  type Bundle,
  type CollectionKey,
} from '../exchange/model.ts';
import { readConsistently } from './consistent-read.ts';
import { cypher } from './cypher.ts';
import { graphVersion } from './status.ts';
import { session, type Store } from './driver.ts';
import { plain } from './values.ts';

/** Neo4j properties → a bundle row: `attr.<name>` properties become `attributes`. */
function fromProperties(key: CollectionKey, props: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  const fields = new Set(COLLECTIONS[key].fields.map((f) => f.name));
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (name.startsWith('attr.')) attributes[name.slice(5)] = value;
    else if (fields.has(name)) row[name] = value;
  }
  if (Object.keys(attributes).length > 0) row.attributes = attributes;
  return row;
}

const RELATIONSHIP_FIELD = Object.fromEntries(MEMBERSHIP_TARGETS.map((t) => [t.relationship, t.field]));

/**
 * The stored network as a bundle, as one state of the database. Its collections are read by several
 * statements, and Neo4j's transactions are read-committed: an import that commits between two of them
 * would give a bundle that is neither the graph before nor after it (the fault suite saw one, a CLI
 * import killed with its commit already sent). The graph version, which every import bumps in its own
 * transaction, is therefore the same before and after the read, or the read is made again.
 */
export function exportBundle(store: Store): Promise<Bundle> {
  return readConsistently(
    () => graphVersion(store),
    () => exportOnce(store),
  );
}

async function exportOnce(store: Store): Promise<Bundle> {
  const bundle = emptyBundle();
  const s = session(store, 'READ');
  try {
    await s.executeRead(async (tx) => {
      for (const key of ['regions', 'layers', 'participants', 'clusters', 'platforms', 'projects'] as const) {
        const result = await tx.run(cypher(`export-${key}`));
        (bundle[key] as unknown[]) = result.records.map((r) =>
          fromProperties(key, plain(r.get('props')) as Record<string, unknown>),
        );
      }
      const memberships = await tx.run(cypher('export-memberships'));
      bundle.memberships = memberships.records.map((r) => {
        const o = plain(r.toObject()) as Record<string, unknown>;
        return fromProperties('memberships', {
          participant: o.participant,
          [RELATIONSHIP_FIELD[o.type as string]!]: o.target,
          since: o.since,
          role: o.role,
        }) as never;
      });
      const ties = await tx.run(cypher('export-ties'));
      bundle.ties = ties.records.map(
        (r) => fromProperties('ties', plain(r.toObject()) as Record<string, unknown>) as never,
      );
      const observations = await tx.run(cypher('export-observations'));
      bundle.observations = observations.records.map(
        (r) => fromProperties('observations', plain(r.toObject()) as Record<string, unknown>) as never,
      );
    });
  } finally {
    await s.close();
  }
  return canonicalBundle(bundle);
}
