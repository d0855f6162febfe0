/**
 * Results cached per graph version: every import bumps the version, so a cached result is valid
 * exactly as long as the data it was computed from. Concurrent requests for the same key share one
 * computation. A small LRU bound keeps memory in check.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply } from 'fastify';

const gzip = promisify(zlib.gzip);

/**
 * A JSON result serialised once, as UTF-8 bytes (a string would be encoded again on every send), and
 * gzipped once, the first time a client accepts gzip: a 20,000-value centrality document is 720 KB of
 * JSON and about a third of that gzipped.
 */
export class SerializedJson {
  private gzipped: Promise<Buffer> | undefined;
  constructor(readonly bytes: Buffer) {}

  gzip(): Promise<Buffer> {
    // Off the event loop (zlib's thread pool), so a large first compression does not stall requests.
    return (this.gzipped ??= gzip(this.bytes));
  }
}

export interface CacheOptions {
  /** Most results kept (least recently used go first). */
  maxEntries?: number;
  /**
   * Keep a result only when its key was asked for before, within the last `admitOnRepeat` distinct keys
   * (a "doorkeeper", as in TinyLFU). Without it a stream of distinct requests (suggestions for one
   * participant after another) fills the cache with results nobody asks for again; each of them lives
   * long enough to reach V8's old generation and dies there, and the full collections that follow
   * pause every request in flight (measured: one every 1–1.5 s at 2,500 suggestions/s, each delaying
   * ~50 responses by 20–100 ms).
   */
  admitOnRepeat?: number;
}

export class VersionedCache {
  private version = -1;
  private readonly entries = new Map<string, Promise<unknown>>();
  /** Computations under way that will not be kept: concurrent requests for the key still share them. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Keys asked for once, not (yet) kept; cleared when it reaches `admitOnRepeat` keys. */
  private readonly seen = new Set<string>();
  private readonly maxEntries: number;
  private readonly admitOnRepeat: number;

  constructor(options: CacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 200;
    this.admitOnRepeat = options.admitOnRepeat ?? 0;
  }

  get<T>(version: number, key: string, compute: () => Promise<T> | T): Promise<T> {
    if (version !== this.version) {
      this.entries.clear();
      // A computation still running for the old version must not answer for the new one.
      this.inFlight.clear();
      this.seen.clear();
      this.version = version;
    }
    const hit = this.entries.get(key) ?? this.inFlight.get(key);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      if (this.entries.delete(key)) this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const pending = Promise.resolve().then(compute);
    if (this.admitOnRepeat > 0 && !this.seen.has(key)) {
      if (this.seen.size >= this.admitOnRepeat) this.seen.clear();
      this.seen.add(key);
      this.inFlight.set(key, pending);
      const done = () => this.inFlight.get(key) === pending && this.inFlight.delete(key);
      pending.then(done, done);
      return pending;
    }
    this.seen.delete(key);
    this.entries.set(key, pending);
    // A failed computation is not cached.
    pending.catch(() => this.entries.get(key) === pending && this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  /** The result serialised once: a cached read then costs neither computation nor serialisation. */
  json(version: number, key: string, compute: () => Promise<unknown> | unknown): Promise<SerializedJson> {
    return this.get(
      version,
      `json:${key}`,
      async () => new SerializedJson(Buffer.from(JSON.stringify(await compute()))),
    );
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Smaller bodies go as they are: gzip would save less than its header and the client's work. */
const COMPRESS_FROM_BYTES = 1024;

/** Does an Accept-Encoding header accept gzip (`gzip` or `*`, with a q-value above 0)? */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.split(';').map((x) => x.trim());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/**
 * Sends JSON serialised by `VersionedCache.json`, gzipped when the client accepts it and the body is
 * large enough. The bytes were produced from the value the route's response schema describes, so the
 * typed reply is told so with a cast.
 */
export async function sendSerialized(reply: FastifyReply, body: SerializedJson): Promise<FastifyReply> {
  reply.type(JSON_TYPE);
  if (body.bytes.length < COMPRESS_FROM_BYTES) return reply.send(body.bytes as never);
  // Append to Vary (CORS may have put Origin there already).
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  if (!acceptsGzip(reply.request.headers['accept-encoding'])) return reply.send(body.bytes as never);
  return reply.header('content-encoding', 'gzip').send((await body.gzip()) as never);
}

/** A stable key for a query object: sorted keys, undefined values left out. */
export function cacheKey(name: string, query: object): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${name}?${JSON.stringify(entries)}`;
}

/**
 * The graph version, asked of Neo4j at most once per `ttlMs`: cached reads then cost no database round
 * trip. Writes through this server call `invalidate()`, so its own imports are seen at once; writes by
 * other processes (the CLI) are seen within `ttlMs`.
 */
export class VersionClock {
  private pending: Promise<number> | undefined;
  private askedAt = 0;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly ttlMs = 1000,
  ) {}

  /** Counts the reads of Neo4j: what is cached per reading (the written-result index) keys on it. */
  epoch = 0;

  current(): Promise<number> {
    const now = performance.now();
    if (!this.pending || now - this.askedAt > this.ttlMs) {
      this.askedAt = now;
      this.epoch++;
      const pending = this.read();
      this.pending = pending;
      // A failed read (Neo4j away) is not remembered: the next request asks again.
      pending.catch(() => {
        if (this.pending === pending) this.pending = undefined;
      });
    }
    return this.pending;
  }

  invalidate(): void {
    this.pending = undefined;
  }
}
