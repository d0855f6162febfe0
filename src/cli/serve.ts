/** `clusterlens serve` (the API and web view) and `clusterlens start` (what `npm start` runs). */
import { Option, type Command } from 'commander';
import { serve } from '../api/server.ts';
import { loadConfig } from '../config.ts';
import { stopLocal } from '../neo4j-local/server.ts';
import { networkCounts } from '../store/status.ts';
import { ensureWebBuild } from '../web-build.ts';
import { info, openReadyStore } from './context.ts';
import { importDemo } from './seed.ts';

function serverOptions(command: Command): Command {
  const defaults = loadConfig().server;
  return command
    .addOption(new Option('--port <port>', 'HTTP port').default(defaults.port).argParser(Number))
    .addOption(new Option('--host <host>', 'HTTP host').default(defaults.host));
}

async function run(options: { port: number; host: string }, seedWhenEmpty: boolean): Promise<void> {
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
    (options: { port: number; host: string }) => run(options, false),
  );
}

export function registerStart(program: Command): void {
  serverOptions(
    program
      .command('start')
      .description('Start Neo4j if needed, import the demo into an empty database, and serve'),
  ).action((options: { port: number; host: string }) => run(options, true));
}
