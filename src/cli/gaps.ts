/** `clusterlens gaps`: the ranked collaboration-gaps report of the stored network. */
import { Option, type Command } from 'commander';
import { gapsReport, type GapsReport } from '../analysis/gaps/report.ts';
import { GROUPINGS, type Grouping } from '../analysis/gaps/groups.ts';
import { InvalidArgumentError } from '../errors.ts';
import { loadNetwork } from '../store/network.ts';
import { assertKnownFilters } from '../store/known-values.ts';
import { withStore } from './context.ts';

export const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got '${value}'`);
  return n;
};

interface GapsFlags {
  groupBy: Grouping;
  layers?: string[];
  clusters?: string[];
  kinds?: string[];
  regions?: string[];
  weighted?: boolean;
  limit: number;
  json?: boolean;
}

export function registerGaps(program: Command): void {
  program
    .command('gaps')
    .description(
      'Collaboration gaps: brokers and structural holes, brokerage roles, groups that never meet, missing kinds of partner',
    )
    .addOption(
      new Option('--group-by <grouping>', 'what groups the participants')
        .choices([...GROUPINGS])
        .default('cluster'),
    )
    .option('--layers <list>', 'comma-separated layers (default: all)', list)
    .option('--clusters <list>', 'only members of these clusters', list)
    .option('--kinds <list>', 'only these kinds of participant', list)
    .option('--regions <list>', 'only these regions', list)
    .option('--weighted', 'tie weights as strengths for constraint, effective size and group expectations')
    .addOption(new Option('--limit <n>', 'items per section').default(10).argParser(positiveInteger))
    .option('--json', 'print one JSON object')
    .action(async (flags: GapsFlags) => {
      await withStore(async (store) => {
        await assertKnownFilters(store, flags);
        const network = await loadNetwork(store, {
          layers: flags.layers,
          clusters: flags.clusters,
          kinds: flags.kinds,
          regions: flags.regions,
        });
        const report = gapsReport(network, {
          groupBy: flags.groupBy,
          layers: flags.layers,
          weighted: flags.weighted === true,
          limit: flags.limit,
        });
        if (flags.json) console.log(JSON.stringify(report));
        else printReport(report);
      });
    });
}

function printReport(report: GapsReport): void {
  const { options, network } = report;
  console.log(
    `Collaboration gaps: ${network.participants} participants, ${network.ties} tied pairs in ${options.layers.join(', ')}; ` +
      `${network.groups} groups by ${options.groupBy}`,
  );
  const section = (title: string, items: { rank: number; explanation: string }[]) => {
    console.log(`\n${title}`);
    if (items.length === 0) console.log('  (none)');
    for (const item of items) console.log(`  ${String(item.rank).padStart(2)}. ${item.explanation}`);
  };
  section('Brokers spanning structural holes (lowest constraint)', report.brokers);
  section('Brokerage across groups (Gould & Fernandez roles)', report.brokerage);
  section('Groups that rarely meet (observed vs expected ties)', report.groupGaps);
  section('Composition gaps', report.composition);
}
