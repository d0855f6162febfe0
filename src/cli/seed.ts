/** `clusterlens seed`: the Lipetsk demo network (seed/lipetsk.json, written by seed/generate.ts). */
import fs from 'node:fs';
import type { Command } from 'commander';
import { DEMO_BUNDLE_PATH, generateDemo } from '../../seed/generate.ts';
import { readJsonBundle, writeJsonBundle } from '../exchange/json.ts';
import type { Store } from '../store/driver.ts';
import { importBundle, type ImportReport } from '../store/import.ts';
import { cliAuditClient, info, progressReporter, withStore } from './context.ts';

/** Writes the demo bundle from the generator (deterministic: same seed, same file). */
export function writeDemoBundle(target = DEMO_BUNDLE_PATH): string {
  writeJsonBundle(generateDemo(), target);
  return target;
}

export async function importDemo(store: Store, replace = false): Promise<ImportReport> {
  if (!fs.existsSync(DEMO_BUNDLE_PATH)) writeDemoBundle();
  const progress = progressReporter('Seeding');
  try {
    return await importBundle(store, readJsonBundle(DEMO_BUNDLE_PATH), {
      replace,
      onProgress: progress.update,
      auditClient: cliAuditClient(),
    });
  } finally {
    progress.stop();
  }
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('Import the Lipetsk demo network (Долина машиностроения and its metacorporation)')
    .option('--replace', 'clear the stored network first')
    .option('--generate-only [file]', 'only (re)write the demo bundle, by default seed/lipetsk.json')
    .action(async (options: { replace?: boolean; generateOnly?: string | boolean }) => {
      if (options.generateOnly) {
        const target = writeDemoBundle(
          typeof options.generateOnly === 'string' ? options.generateOnly : undefined,
        );
        info(`Wrote ${target}.`);
        return;
      }
      await withStore(async (store) => {
        const report = await importDemo(store, options.replace);
        const participants = report.collections.participants;
        info(
          `Demo imported: ${participants?.rows ?? 0} participants; ${report.changed ? `graph version ${report.graphVersion}` : 'nothing changed'}.`,
        );
      });
    });
}
