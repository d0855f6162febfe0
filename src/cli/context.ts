/** What the commands share: configuration, the store, progress output. */
import os from 'node:os';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../config.ts';
import { openStore, type Store } from '../store/driver.ts';
import { applySchema } from '../store/schema.ts';

/** Messages for people go to stderr; stdout carries results (JSON, URIs) for scripts. */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Who writes from the command line, for the audit trail: `cli:<login name>` (the CLI has no API key; it
 * runs with the database's own credentials). `cli` alone when the system knows no name for the user.
 */
export function cliAuditClient(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Opens the configured Neo4j (starting the local one if needed) with the schema applied. */
export async function openReadyStore(
  config: Config = loadConfig(),
  options: { maxTransactionRetryTime?: number; connectionTimeout?: number } = {},
): Promise<Store> {
  const store = await openStore(config, { log: info, ...options });
  await applySchema(store);
  return store;
}

export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openReadyStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A progress bar on a terminal; nothing when stderr is not a TTY (CI, pipes) unless `force` (--progress). */
export function progressReporter(
  label: string,
  force = false,
): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY && !force) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows`,
      stream: process.stderr,
      // cli-progress draws nothing on a stream that is not a terminal unless told to (--progress).
      noTTYOutput: force,
      notTTYSchedule: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    // Idempotent: a caller may stop the bar when a next phase starts and again at the end.
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
