/** `clusterlens import <file|folder> [--replace]`: a JSON bundle, a CSV folder, GEXF, GraphML or .mpx. */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { ClusterlensError, DatabaseUnavailableError } from '../errors.ts';
import { readBundleSource } from '../exchange/read.ts';
import { importBundle, importLanded, type ImportReport } from '../store/import.ts';
import type { Store } from '../store/driver.ts';
import { cliAuditClient, info, openReadyStore, progressReporter } from './context.ts';

/** An import stopped by a signal; the process exits 128 + the signal's number. */
export class InterruptedError extends ClusterlensError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
/** Milliseconds the driver keeps retrying a failed transaction, and waits for a connection, in an import. */
const RETRY_MS = 1000;
const CONNECT_MS = 5000;

/**
 * Runs the import; on INT or TERM, closes the connections (Neo4j rolls back a transaction that was not
 * committed), then asks a fresh connection whether the import's id is stamped in the graph, and says which.
 */
async function interruptibleImport(
  store: Store,
  run: (importId: string) => Promise<ImportReport>,
): Promise<ImportReport> {
  const importId = randomUUID();
  let signal: NodeJS.Signals | undefined;
  let signalled = () => {};
  const interrupted = new Promise<void>((resolve) => (signalled = resolve));
  const onSignal = (received: NodeJS.Signals) => {
    if (signal) return;
    signal = received;
    info(`${received}: stopping the import …`);
    signalled();
    void store.driver.close().catch(() => {});
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: ImportReport | undefined;
  let failure: unknown;
  const outcome = run(importId).then(
    (r) => void (report = r),
    (error) => void (failure = error),
  );
  try {
    await Promise.race([outcome, interrupted]);
    // A statement in flight when the driver closes may never settle: wait for it a little, no more.
    if (signal) await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, 2000))]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!signal) {
    if (failure !== undefined) throw failure;
    return report!;
  }
  const exitCode = SIGNAL_EXIT[signal] ?? 1;
  let check: Store | undefined;
  try {
    check = await openReadyStore(loadConfig(), { connectionTimeout: CONNECT_MS });
    const { landed, version } = await importLanded(check, importId);
    if (landed || report?.changed) {
      throw new InterruptedError(
        `interrupted (${signal}) after the commit: the import is in the database (graph version ${version})`,
        exitCode,
      );
    }
    throw new InterruptedError(
      report
        ? `interrupted (${signal}) after the import, which changed nothing`
        : `interrupted (${signal}): the import was rolled back; nothing was written`,
      exitCode,
    );
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    throw new InterruptedError(
      `interrupted (${signal}); Neo4j cannot be asked whether import ${importId} landed: ` +
        `${(error as Error).message} (importing the same data again is safe)`,
      exitCode,
    );
  } finally {
    await check?.close();
  }
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Validate and import a JSON bundle, a folder of CSV files, GEXF, GraphML or multinet .mpx (all-or-nothing); the format is recognised by content',
    )
    .argument(
      '<source>',
      'a file (JSON bundle, .gexf, .graphml, .mpx) or a folder with participants.csv, ties.csv, …',
    )
    .option('--replace', 'clear the stored network first (in the same transaction)')
    .option('--json', 'print the import report as JSON')
    .option('--progress', 'a progress bar on stderr even when it is not a terminal')
    .action(async (source: string, options: { replace?: boolean; json?: boolean; progress?: boolean }) => {
      const raw = readBundleSource(source);
      let store: Store;
      try {
        store = await openReadyStore(loadConfig(), {
          maxTransactionRetryTime: RETRY_MS,
          connectionTimeout: CONNECT_MS,
        });
      } catch (error) {
        if (error instanceof ClusterlensError) throw error;
        throw new DatabaseUnavailableError(`Neo4j cannot be reached: ${(error as Error).message}`);
      }
      try {
        const progress = progressReporter('Importing', options.progress);
        const started = Date.now();
        const report = await interruptibleImport(store, (importId) =>
          importBundle(store, raw, {
            replace: options.replace,
            onProgress: progress.update,
            importId,
            auditClient: cliAuditClient(),
          }).finally(progress.stop),
        );
        if (options.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        const parts = Object.entries(report.collections).map(
          ([k, c]) => `${c.rows} ${k} (${c.written} new or changed)`,
        );
        info(
          `Imported ${source} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${parts.join(', ') || 'nothing'}.`,
        );
        if (report.deleted) info(`Replaced: ${report.deleted} stored nodes were removed first.`);
        info(report.changed ? `Graph version is now ${report.graphVersion}.` : 'Nothing changed.');
      } finally {
        await store.close().catch(() => {});
      }
    });
}
