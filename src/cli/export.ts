/** `clusterlens export <path> --format json|csv|gexf|graphml`. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { writeCsvFolder } from '../exchange/csv.ts';
import { bundleToGraph } from '../exchange/graph.ts';
import { toGexf, toGraphml } from '../exchange/graph-formats.ts';
import { writeJsonBundle } from '../exchange/json.ts';
import { exportBundle } from '../store/export.ts';
import { info, withStore } from './context.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Write the stored network: a JSON bundle, a CSV folder, GEXF or GraphML')
    .argument('<path>', 'output file (json, gexf, graphml) or folder (csv)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['json', 'csv', 'gexf', 'graphml'])
        .default('json'),
    )
    .action(async (target: string, options: { format: 'json' | 'csv' | 'gexf' | 'graphml' }) => {
      await withStore(async (store) => {
        const bundle = await exportBundle(store);
        if (options.format === 'json') writeJsonBundle(bundle, target);
        else if (options.format === 'csv') writeCsvFolder(bundle, target);
        else {
          const graph = bundleToGraph(bundle);
          fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
          fs.writeFileSync(target, options.format === 'gexf' ? toGexf(graph) : toGraphml(graph));
        }
        info(
          `Exported ${bundle.participants.length} participants and ${bundle.ties.length} ties to ${target} (${options.format}).`,
        );
      });
    });
}
