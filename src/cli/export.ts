/** `clusterlens export <path> --format json|csv|gexf|graphml [--ties mixed|directed|undirected]`. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { writeCsvFolder } from '../exchange/csv.ts';
import { TIE_VIEWS, type TieView } from '../exchange/graph.ts';
import { graphDocument } from '../exchange/graph-formats.ts';
import { writeJsonBundle } from '../exchange/json.ts';
import { exportBundle } from '../store/export.ts';
import { info, withStore } from './context.ts';

interface ExportFlags {
  format: 'json' | 'csv' | 'gexf' | 'graphml';
  ties: TieView;
}

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
    .addOption(
      new Option(
        '--ties <view>',
        'gexf, graphml: mixed keeps each tie as it is (lossless, read back by import); directed writes ' +
          'undirected ties as two arcs, undirected drops directions (for networkx, igraph)',
      )
        .choices([...TIE_VIEWS])
        .default('mixed'),
    )
    .action(async (target: string, options: ExportFlags) => {
      await withStore(async (store) => {
        const bundle = await exportBundle(store);
        if (options.format === 'json') writeJsonBundle(bundle, target);
        else if (options.format === 'csv') writeCsvFolder(bundle, target);
        else {
          fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
          fs.writeFileSync(target, graphDocument(bundle, options.format, options.ties));
        }
        const view =
          options.format === 'gexf' || options.format === 'graphml' ? `, ${options.ties} ties` : '';
        info(
          `Exported ${bundle.participants.length} participants and ${bundle.ties.length} ties to ${target} (${options.format}${view}).`,
        );
      });
    });
}
