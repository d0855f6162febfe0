/**
 * A read made of several transactions, made consistent: every import bumps the graph version in the
 * transaction that writes its data, so the same version before and after the read means that no import
 * committed in between, and the parts describe one state of the database.
 */
import { ClusterlensError } from '../errors.ts';

/** The CLI prints it as a one-line error (a ClusterlensError); the API answers 503 graph-changing. */
export class GraphChangedError extends ClusterlensError {}

/** Runs `read` until the version is the same before and after it; gives up after `maxReads` tries. */
export async function readConsistently<T>(
  version: () => Promise<number>,
  read: () => Promise<T>,
  maxReads = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await version();
    const result = await read();
    if ((await version()) === before) return result;
    if (attempt >= maxReads)
      throw new GraphChangedError(
        `the network changed during each of ${maxReads} reads; try again when imports pause`,
      );
  }
}
