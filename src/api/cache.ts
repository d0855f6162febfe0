/**
 * Results cached per graph version: every import bumps the version, so a cached result is valid
 * exactly as long as the data it was computed from. Concurrent requests for the same key share one
 * computation. A small LRU bound keeps memory in check.
 */
export class VersionedCache {
  private version = -1;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 200) {}

  get<T>(version: number, key: string, compute: () => Promise<T> | T): Promise<T> {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const pending = Promise.resolve().then(compute);
    this.entries.set(key, pending);
    // A failed computation is not cached.
    pending.catch(() => this.entries.get(key) === pending && this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}

/** A stable key for a query object: sorted keys, undefined values left out. */
export function cacheKey(name: string, query: object): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${name}?${JSON.stringify(entries)}`;
}
