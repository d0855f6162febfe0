/** `clusterlens import <file.json|folder> [--replace]`. */
import type { Command } from 'commander';
import { readBundleSource } from '../exchange/read.ts';
import { importBundle } from '../store/import.ts';
import { info, progressReporter, withStore } from './context.ts';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Validate and import a JSON bundle or a folder of CSV files (all-or-nothing)')
    .argument('<source>', 'a bundle .json file or a folder with participants.csv, ties.csv, …')
    .option('--replace', 'clear the stored network first (in the same transaction)')
    .option('--json', 'print the import report as JSON')
    .action(async (source: string, options: { replace?: boolean; json?: boolean }) => {
      const raw = readBundleSource(source);
      await withStore(async (store) => {
        const progress = progressReporter('Importing');
        const started = Date.now();
        const report = await importBundle(store, raw, {
          replace: options.replace,
          onProgress: progress.update,
        }).finally(progress.stop);
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
      });
    });
}
