/** `clusterlens suggest <participant id>`: partner suggestions for one participant. */
import { Option, type Command } from 'commander';
import { SCORERS, type Scorer } from '../analysis/suggestions/link-prediction.ts';
import { suggestPartners, type PlatformInfo } from '../analysis/suggestions/suggest.ts';
import type { Network } from '../analysis/network.ts';
import type { Store } from '../store/driver.ts';
import { platformInfo as platformsOf } from '../store/entities.ts';
import { loadNetwork } from '../store/network.ts';
import { assertKnownFilters } from '../store/known-values.ts';
import { withStore } from './context.ts';
import { list, positiveInteger } from './gaps.ts';

interface SuggestFlags {
  layers?: string[];
  kinds?: string[];
  clusters?: string[];
  regions?: string[];
  limit: number;
  scorer: Scorer | 'combined';
  json?: boolean;
}

/** Platform names and spheres (the loaded Network has platform ids only); none needed without platforms. */
export async function platformInfo(store: Store, network: Network): Promise<PlatformInfo[]> {
  if (!network.nodes.some((n) => n.platforms.length > 0)) return [];
  return platformsOf(store);
}

export function registerSuggest(program: Command): void {
  program
    .command('suggest')
    .description(
      'Suggest partners for a participant: network proximity, shared platforms, kinds, cluster, region',
    )
    .argument('<participant>', 'participant id')
    .option('--layers <list>', 'layers whose ties count and are excluded (default: all)', list)
    .option('--kinds <list>', 'only candidates of these kinds', list)
    .option('--clusters <list>', 'only candidates in these clusters', list)
    .option('--regions <list>', 'only candidates in these regions', list)
    .addOption(new Option('--limit <n>', 'number of suggestions').default(10).argParser(positiveInteger))
    .addOption(
      new Option('--scorer <scorer>', 'rank by the combined score or one proximity score')
        .choices(['combined', ...SCORERS])
        .default('combined'),
    )
    .option('--json', 'print one JSON object')
    .action(async (participant: string, flags: SuggestFlags) => {
      await withStore(async (store) => {
        await assertKnownFilters(store, flags);
        const network = await loadNetwork(store, { layers: flags.layers });
        const result = suggestPartners(network, participant, {
          layers: flags.layers,
          kinds: flags.kinds,
          clusters: flags.clusters,
          regions: flags.regions,
          limit: flags.limit,
          scorer: flags.scorer,
          platforms: await platformInfo(store, network),
        });
        if (flags.json) {
          console.log(JSON.stringify(result));
          return;
        }
        const name = network.nodes.find((n) => n.id === participant)?.name ?? participant;
        console.log(
          `Partners for ${name} (${participant}), ${flags.scorer} score, layers ${result.options.layers.join(', ')}`,
        );
        if (result.suggestions.length === 0) console.log('  (no candidate scores above 0)');
        result.suggestions.forEach((s, i) => {
          console.log(`  ${String(i + 1).padStart(2)}. ${s.score.toFixed(3)}  ${s.id}  ${s.name}`);
          console.log(`      ${s.explanation}`);
        });
      });
    });
}
