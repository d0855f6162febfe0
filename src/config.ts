/**
 * Environment → typed configuration, read and validated once.
 *
 * NEO4J_URI selects an existing Neo4j; without it clusterlens runs its own local Neo4j
 * (src/neo4j-local) with data under CLUSTERLENS_HOME (default: .clusterlens in the project).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from './errors.ts';

/**
 * The project root: the folder holding package.json, cypher/, neo4j/ and seed/ — the nearest one above
 * this module, which lies in src/ (the sources) or in dist/src/ (the compiled CLI, scripts/build.mjs).
 */
export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export interface Neo4jConnection {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
}

export interface LocalNeo4jSettings {
  /** Folder holding conf/, data/, logs/ and run/ of the local server. */
  home: string;
  boltPort: number;
  heap: string;
  pageCache: string;
}

/** How the HTTP API guards itself. */
export interface ApiSettings {
  /** Keys accepted as `Authorization: Bearer <key>` (CLUSTERLENS_API_KEYS, comma-separated). */
  keys: string[];
  /** Whether reads need no key (CLUSTERLENS_API_OPEN_READS, default true). Writes always need one. */
  openReads: boolean;
  /** Requests per minute per API key or client address; 0 switches limiting off (CLUSTERLENS_RATE_LIMIT). */
  rateLimit: number;
  /** Largest request body in bytes (CLUSTERLENS_BODY_LIMIT, default 50 MiB). */
  bodyLimit: number;
  /** Origins allowed by CORS (CLUSTERLENS_CORS_ORIGINS, comma-separated, or *); none by default. */
  corsOrigins: string[];
  /** Time for a whole request (headers and body) to arrive, in ms (CLUSTERLENS_REQUEST_TIMEOUT). */
  requestTimeoutMs: number;
  /** Time for the headers to arrive, in ms (CLUSTERLENS_HEADERS_TIMEOUT; at most the request timeout). */
  headersTimeoutMs: number;
  /** A connection silent this long is closed, in ms (CLUSTERLENS_CONNECTION_TIMEOUT). */
  connectionTimeoutMs: number;
  /** A computation (a measure) running longer is stopped, in ms (CLUSTERLENS_COMPUTE_DEADLINE). */
  computeDeadlineMs: number;
  /** Threads for computations; 0 = one fewer than the cores, at least one (CLUSTERLENS_COMPUTE_THREADS). */
  computeThreads: number;
  /**
   * Threads one sharded kernel (betweenness, closeness, harmonic) of a computation uses; 0 = one fewer
   * than the cores, at most 4 (CLUSTERLENS_SHARD_THREADS).
   */
  shardThreads: number;
  /** Computations one client (key or address) may have under way at once (CLUSTERLENS_CLIENT_COMPUTATIONS). */
  computationsPerClient: number;
}

export interface Config {
  /** Set when NEO4J_URI is given; otherwise the local Neo4j is used. */
  external?: Neo4jConnection;
  local: LocalNeo4jSettings;
  server: { host: string; port: number };
  api: ApiSettings;
}

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InvalidArgumentError(`${name} must be a port number (1–65535), got '${raw}'`);
  }
  return n;
}

function memory(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^\d+[kmg]$/i.test(raw))
    throw new InvalidArgumentError(`${name} must look like 512m or 1g, got '${raw}'`);
  return raw;
}

function count(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got '${raw}'`);
  return n;
}

function positive(env: Env, name: string, fallback: number): number {
  const n = count(env, name, fallback);
  if (n === 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got '${env[name]}'`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new InvalidArgumentError(`${name} must be true or false, got '${raw}'`);
}

const commaList = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function apiSettings(env: Env = process.env): ApiSettings {
  return {
    keys: commaList(env.CLUSTERLENS_API_KEYS),
    openReads: flag(env, 'CLUSTERLENS_API_OPEN_READS', true),
    rateLimit: count(env, 'CLUSTERLENS_RATE_LIMIT', 1200),
    bodyLimit: count(env, 'CLUSTERLENS_BODY_LIMIT', 50 * 1024 * 1024),
    corsOrigins: commaList(env.CLUSTERLENS_CORS_ORIGINS),
    requestTimeoutMs: positive(env, 'CLUSTERLENS_REQUEST_TIMEOUT', 60_000),
    headersTimeoutMs: positive(env, 'CLUSTERLENS_HEADERS_TIMEOUT', 10_000),
    connectionTimeoutMs: positive(env, 'CLUSTERLENS_CONNECTION_TIMEOUT', 120_000),
    computeDeadlineMs: positive(env, 'CLUSTERLENS_COMPUTE_DEADLINE', 30_000),
    computeThreads: count(env, 'CLUSTERLENS_COMPUTE_THREADS', 0),
    shardThreads: count(env, 'CLUSTERLENS_SHARD_THREADS', 0),
    // The view's participant panel alone asks for several measures and the suggestions at once.
    computationsPerClient: positive(env, 'CLUSTERLENS_CLIENT_COMPUTATIONS', 8),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const home = path.resolve(env.CLUSTERLENS_HOME || path.join(PROJECT_ROOT, '.clusterlens'), 'neo4j');
  const config: Config = {
    local: {
      home,
      boltPort: port(env, 'CLUSTERLENS_NEO4J_PORT', 7687),
      heap: memory(env, 'CLUSTERLENS_NEO4J_HEAP', '1g'),
      pageCache: memory(env, 'CLUSTERLENS_NEO4J_PAGECACHE', '256m'),
    },
    server: { host: env.HOST || '127.0.0.1', port: port(env, 'PORT', 3000) },
    api: apiSettings(env),
  };
  if (env.NEO4J_URI) {
    config.external = {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER || undefined,
      password: env.NEO4J_PASSWORD || undefined,
      database: env.NEO4J_DATABASE || undefined,
    };
  }
  return config;
}

/** How the Graph Data Science engine is bounded and when `auto` chooses it (docs/engines.md). */
export interface GdsSettings {
  /** Heap a GDS projection or run may take, in bytes (CLUSTERLENS_GDS_MEMORY_LIMIT, e.g. 512m); default: what GDS reports available. */
  memoryLimit?: number;
  /** Stored ties from which `auto` runs GDS (CLUSTERLENS_GDS_AUTO_TIES); default AUTO_GDS_MIN_TIES. */
  autoMinTies?: number;
}

export function gdsSettings(env: Env = process.env): GdsSettings {
  const raw = env.CLUSTERLENS_GDS_MEMORY_LIMIT;
  const settings: GdsSettings = {};
  if (raw !== undefined && raw !== '') {
    const size = memory(env, 'CLUSTERLENS_GDS_MEMORY_LIMIT', raw);
    const unit = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[size.slice(-1).toLowerCase() as 'k' | 'm' | 'g'];
    settings.memoryLimit = Number(size.slice(0, -1)) * unit;
  }
  const ties = env.CLUSTERLENS_GDS_AUTO_TIES;
  if (ties !== undefined && ties !== '') settings.autoMinTies = count(env, 'CLUSTERLENS_GDS_AUTO_TIES', 0);
  return settings;
}
