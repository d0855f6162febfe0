/**
 * The API's result cache (src/api/cache.ts): kept per graph version, least recently used out first,
 * concurrent requests sharing one computation, and — for the entity cache — results kept only for keys
 * asked for a second time (the doorkeeper).
 */
import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../src/api/cache.ts';

/** A computation that counts its calls per key. */
function counter() {
  const calls = new Map<string, number>();
  const compute = (key: string) => () => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return `${key}#${calls.get(key)}`;
  };
  return { calls, compute };
}

describe('VersionedCache', () => {
  it('keeps a result for its graph version and drops it when the version changes', async () => {
    const cache = new VersionedCache();
    const { calls, compute } = counter();
    expect(await cache.get(1, 'a', compute('a'))).toBe('a#1');
    expect(await cache.get(1, 'a', compute('a'))).toBe('a#1');
    expect(await cache.get(2, 'a', compute('a'))).toBe('a#2');
    expect(calls.get('a')).toBe(2);
  });

  it('evicts the least recently used beyond maxEntries', async () => {
    const cache = new VersionedCache({ maxEntries: 2 });
    const { calls, compute } = counter();
    await cache.get(1, 'a', compute('a'));
    await cache.get(1, 'b', compute('b'));
    await cache.get(1, 'a', compute('a')); // a is now the most recent
    await cache.get(1, 'c', compute('c')); // b goes
    await cache.get(1, 'a', compute('a'));
    await cache.get(1, 'b', compute('b'));
    expect(calls.get('a')).toBe(1);
    expect(calls.get('b')).toBe(2);
  });

  it('does not keep a failed computation', async () => {
    const cache = new VersionedCache();
    let fail = true;
    const compute = () => {
      if (fail) throw new Error('Neo4j away');
      return 'ok';
    };
    await expect(cache.get(1, 'a', compute)).rejects.toThrow('Neo4j away');
    fail = false;
    expect(await cache.get(1, 'a', compute)).toBe('ok');
  });

  describe('with admitOnRepeat (the doorkeeper)', () => {
    it('keeps a result only from the second request for its key on', async () => {
      const cache = new VersionedCache({ admitOnRepeat: 100 });
      const { calls, compute } = counter();
      expect(await cache.get(1, 'a', compute('a'))).toBe('a#1');
      expect(await cache.get(1, 'a', compute('a'))).toBe('a#2');
      expect(await cache.get(1, 'a', compute('a'))).toBe('a#2');
      expect(await cache.get(1, 'a', compute('a'))).toBe('a#2');
      expect(calls.get('a')).toBe(2);
    });

    it('lets concurrent requests for a key not kept share one computation', async () => {
      const cache = new VersionedCache({ admitOnRepeat: 100 });
      let calls = 0;
      let release!: (value: string) => void;
      const compute = () => {
        calls++;
        return new Promise<string>((resolve) => (release = resolve));
      };
      const first = cache.get(1, 'a', compute);
      const second = cache.get(1, 'a', compute);
      await Promise.resolve(); // let the computation start
      release('done');
      expect(await Promise.all([first, second])).toEqual(['done', 'done']);
      expect(calls).toBe(1);
      // Finished and not kept: the next request computes again (and is kept: the key was seen).
      const third = cache.get(1, 'a', compute);
      await Promise.resolve();
      release('again');
      expect(await third).toBe('again');
      expect(calls).toBe(2);
    });

    it('forgets the keys it has seen after admitOnRepeat distinct keys', async () => {
      const cache = new VersionedCache({ admitOnRepeat: 2 });
      const { calls, compute } = counter();
      for (const key of ['a', 'b', 'c']) await cache.get(1, key, compute(key)); // c clears the seen keys
      await cache.get(1, 'a', compute('a')); // a looks new again: computed, not kept
      await cache.get(1, 'a', compute('a')); // seen now: computed and kept
      await cache.get(1, 'a', compute('a'));
      expect(calls.get('a')).toBe(3);
    });

    it('does not answer for a new version with a computation still running for the old one', async () => {
      const cache = new VersionedCache({ admitOnRepeat: 100 });
      let release!: (value: string) => void;
      const old = cache.get(1, 'a', () => new Promise<string>((resolve) => (release = resolve)));
      const fresh = cache.get(2, 'a', () => 'version 2');
      await Promise.resolve();
      release('version 1');
      expect(await old).toBe('version 1');
      expect(await fresh).toBe('version 2');
    });

    it('forgets the keys it has seen when the version changes', async () => {
      const cache = new VersionedCache({ admitOnRepeat: 100 });
      const { calls, compute } = counter();
      await cache.get(1, 'a', compute('a'));
      await cache.get(2, 'a', compute('a')); // new version: first request again
      await cache.get(2, 'a', compute('a'));
      await cache.get(2, 'a', compute('a'));
      expect(calls.get('a')).toBe(3);
    });
  });
});
