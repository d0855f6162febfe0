/**
 * The loader's consistency rule (src/store/consistent-read.ts) on in-memory version counters, and the
 * API's answer when it gives up.
 */
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../src/api/errors.ts';
import { GraphChangedError, readConsistently } from '../../src/store/consistent-read.ts';

/** A version that an "import" bumps during the first `overlapping` reads. */
function database(overlapping: number) {
  let version = 7;
  let reads = 0;
  return {
    version: async () => version,
    read: async () => {
      reads++;
      const seen = version;
      if (reads <= overlapping) version++; // an import commits while this read runs
      return { reads, seen };
    },
    get reads() {
      return reads;
    },
  };
}

describe('readConsistently', () => {
  it('returns the first read when nothing changed during it', async () => {
    const db = database(0);
    expect(await readConsistently(db.version, db.read)).toEqual({ reads: 1, seen: 7 });
  });

  it('reads again after an import committed during the read, and returns the clean read', async () => {
    const db = database(2);
    expect(await readConsistently(db.version, db.read)).toEqual({ reads: 3, seen: 9 });
    expect(db.reads).toBe(3);
  });

  it('gives up with a clear error when every read overlaps an import', async () => {
    const db = database(Infinity);
    const failure = await readConsistently(db.version, db.read, 4).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GraphChangedError);
    expect(db.reads).toBe(4);
    // The API answers it as a passing condition: 503 (with Retry-After), its own problem type.
    expect(toProblem(failure)).toMatchObject({ status: 503, type: expect.stringMatching(/graph-changing$/) });
  });
});
