/**
 * The one place that opens connections to Neo4j: an existing server (NEO4J_URI) or the local one,
 * started on demand.
 */
import neo4j, { type BookmarkManager, type Driver, type SessionMode } from 'neo4j-driver';
import type { Config } from '../config.ts';
import { DatabaseUnavailableError } from '../errors.ts';
import { startLocal } from '../neo4j-local/server.ts';

export interface Store {
  driver: Driver;
  /** Database name, or undefined for the server's default. */
  database?: string;
  uri: string;
  /** Set when opening the store started the local Neo4j. */
  startedLocal: boolean;
  /**
   * Shared by every session of this store, so that a read follows the writes this process committed
   * before it (causal consistency): in a cluster a READ session may go to a follower, which then waits
   * until it has those writes. Unset, each session stands alone (tests build such stores).
   */
  bookmarks?: BookmarkManager;
  close(): Promise<void>;
}

export interface OpenOptions {
  log?: (line: string) => void;
  /**
   * How long the driver keeps retrying a transaction that failed for a transient reason (default 15 s).
   * The HTTP server uses a short budget: a client is better served by a quick 503 than a long wait.
   */
  maxTransactionRetryTime?: number;
  /**
   * How long to wait for a connection: to open one (TCP and handshake) and to take one from the pool
   * (default 30 s). The CLI's import uses a short one, so that a lost Neo4j is said in seconds.
   */
  connectionTimeout?: number;
}

/** Connects to Neo4j, starting the local server when NEO4J_URI is not set, and checks that it answers. */
export async function openStore(config: Config, options: OpenOptions = {}): Promise<Store> {
  let uri: string;
  let auth = neo4j.auth.basic('neo4j', 'neo4j');
  let database: string | undefined;
  let startedLocal = false;
  if (config.external) {
    uri = config.external.uri;
    database = config.external.database;
    if (config.external.user) auth = neo4j.auth.basic(config.external.user, config.external.password ?? '');
  } else {
    const status = await startLocal(config.local, { log: options.log });
    uri = status.uri!;
    startedLocal = status.startedNow === true;
  }
  const driver = neo4j.driver(uri, auth, {
    userAgent: 'clusterlens',
    connectionAcquisitionTimeout: options.connectionTimeout ?? 30_000,
    ...(options.connectionTimeout ? { connectionTimeout: options.connectionTimeout } : {}),
    maxTransactionRetryTime: options.maxTransactionRetryTime ?? 15_000,
  });
  try {
    await driver.getServerInfo({ database });
  } catch (error) {
    await driver.close();
    throw new DatabaseUnavailableError(`Neo4j at ${uri} cannot be reached: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const bookmarks = neo4j.bookmarkManager();
  return { driver, database, uri, startedLocal, bookmarks, close: () => driver.close() };
}

/**
 * A session in the given access mode: with a routing URI (neo4j://, neo4j+s://) the driver sends READ
 * sessions to followers or read replicas and WRITE sessions to the leader, so every read says READ.
 * `fetchSize`: records per batch the server sends before waiting for the client (driver default 1000).
 */
export function session(store: Store, mode: SessionMode = 'WRITE', fetchSize?: number) {
  return store.driver.session({
    database: store.database,
    defaultAccessMode: mode,
    ...(store.bookmarks ? { bookmarkManager: store.bookmarks } : {}),
    ...(fetchSize ? { fetchSize } : {}),
  });
}
