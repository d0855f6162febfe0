/** Whether the Neo4j in use has Graph Data Science (`RETURN gds.version()`), asked once per store. */
import type { Store } from '../driver.ts';
import { gdsRows } from './call.ts';

const known = new WeakMap<Store, Promise<string | undefined>>();

/** GDS's version, or undefined when the server has no GDS. */
export function gdsVersion(store: Store): Promise<string | undefined> {
  let version = known.get(store);
  if (!version) {
    version = gdsRows(store, 'gds-version').then(
      (rows) => rows[0]?.version as string | undefined,
      (error: unknown) => {
        // An unknown function is the answer "no GDS"; anything else (the server down …) is not an answer.
        if (/Unknown function|not registered|gds\.version/i.test((error as Error).message ?? ''))
          return undefined;
        known.delete(store);
        throw error;
      },
    );
    known.set(store, version);
  }
  return version;
}

export const gdsAvailable = async (store: Store) => (await gdsVersion(store)) !== undefined;
