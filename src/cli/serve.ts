/** `clusterlens serve` (the API and web view) and `clusterlens start` (what `npm start` runs). */
import cluster from 'node:cluster';
import { Option, type Command } from 'commander';
import { serve } from '../api/server.ts';
import { loadConfig } from '../config.ts';
import { InvalidArgumentError } from '../errors.ts';
import { stopLocal } from '../neo4j-local/server.ts';
import { networkCounts } from '../store/status.ts';
import { ensureWebBuild } from '../web-build.ts';
import { info, openReadyStore } from './context.ts';
import { importDemo } from './seed.ts';

interface ServerFlags {
  port: number;
  host: string;
  workers: number;
}

function serverOptions(command: Command): Command {
  const defaults = loadConfig().server;
  return command
    .addOption(new Option('--port <port>', 'HTTP port').default(defaults.port).argParser(Number))
    .addOption(new Option('--host <host>', 'HTTP host').default(defaults.host))
    .addOption(
      new Option('--workers <n>', 'server processes sharing the port (one per core uses them all)')
        .default(1)
        .argParser(Number),
    );
}

/**
 * Several server processes on one port (node:cluster): the computations of a request (suggestions,
 * analyses) run on one core each, so more processes serve more requests at once. The primary makes the
 * database ready (starting the local Neo4j, importing the demo) and builds the page; every worker then
 * connects to that Neo4j as to an existing one and keeps its own caches.
 */
async function runPrimary(options: ServerFlags, seedWhenEmpty: boolean): Promise<void> {
  if (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 64)
    throw new InvalidArgumentError(`--workers takes a whole number from 1 to 64, got ${options.workers}`);
  const config = loadConfig();
  const store = await openReadyStore(config);
  if (seedWhenEmpty && (await networkCounts(store)).participants === 0) {
    info('The database is empty: importing the Lipetsk demo network …');
    await importDemo(store);
  }
  await ensureWebBuild({ log: info });
  const { uri, startedLocal } = store;
  await store.close();
  const env = { NEO4J_URI: uri, ...(config.external ? {} : { NEO4J_USER: '', NEO4J_PASSWORD: '' }) };
  const workers = Array.from({ length: options.workers }, () => cluster.fork(env));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) =>
            w.isDead() ? resolve() : (w.once('exit', () => resolve()), w.kill('SIGTERM')),
          ),
      ),
    );
    if (startedLocal) await stopLocal(config.local);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  info(
    `clusterlens is serving http://${options.host}:${options.port} with ${options.workers} processes (Neo4j at ${uri}). Ctrl-C stops it.`,
  );
}

async function run(options: ServerFlags, seedWhenEmpty: boolean): Promise<void> {
  if (cluster.isPrimary && options.workers !== 1) return runPrimary(options, seedWhenEmpty);
  const config = loadConfig();
  // A short retry budget: while Neo4j is away, clients get a quick 503 with Retry-After.
  const store = await openReadyStore(config, { maxTransactionRetryTime: 2000 });
  if (seedWhenEmpty && (await networkCounts(store)).participants === 0) {
    info('The database is empty: importing the Lipetsk demo network …');
    await importDemo(store);
  }
  // `npm start` leaves the machine as it found it: a Neo4j it started is stopped again on exit.
  const onClose = store.startedLocal ? () => stopLocal(config.local).then(() => undefined) : undefined;
  await ensureWebBuild({ log: info });
  await serve(store, { host: options.host, port: options.port, onClose });
  info(
    `clusterlens is serving http://${options.host}:${options.port} (Neo4j at ${store.uri}). Ctrl-C stops it.`,
  );
}

export function registerServe(program: Command): void {
  serverOptions(program.command('serve').description('Serve the API and the web view')).action(
    (options: ServerFlags) => run(options, false),
  );
}

export function registerStart(program: Command): void {
  serverOptions(
    program
      .command('start')
      .description('Start Neo4j if needed, import the demo into an empty database, and serve'),
  ).action((options: ServerFlags) => run(options, true));
}
