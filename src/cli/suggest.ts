/** `clusterlens suggest <participant id>`: partner suggestions for one participant. */
import { Option, type Command } from 'commander';
import {
  SUGGEST_SCORERS,
  suggestionModel,
  type PlatformInfo,
  type SuggestScorer,
} from '../analysis/suggestions/suggest.ts';
import { suggestFiltered } from '../analysis/suggestions/candidate-filter.ts';
import type { Network } from '../analysis/network.ts';
import type { Store } from '../store/driver.ts';
import { platformInfo as platformsOf } from '../store/entities.ts';
import { loadNetwork } from '../store/network.ts';
import type { SuggestionModel } from '../analysis/suggestions/model.ts';
import { InvalidArgumentError } from '../errors.ts';
import { assertKnownFilters } from '../store/known-values.ts';
import { withStore } from './context.ts';
import { list, positiveInteger } from './gaps.ts';

interface SuggestFlags {
  layers?: string[];
  kinds?: string[];
  clusters?: string[];
  regions?: string[];
  platforms?: string[];
  exclude?: string[];
  minScore?: number;
  limit: number;
  scorer: SuggestScorer;
  json?: boolean;
  model?: boolean;
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
      'Suggest partners for a participant: a model fitted on the network’s past ties (network proximity, ' +
        'shared platforms, kinds, cluster, region), with the probability of a tie',
    )
    .argument('[participant]', 'participant id (not needed with --model)')
    .option('--layers <list>', 'layers whose ties count and are excluded (default: all)', list)
    .option('--kinds <list>', 'only candidates of these kinds', list)
    .option('--clusters <list>', 'only candidates in these clusters', list)
    .option('--regions <list>', 'only candidates in these regions', list)
    .option('--platforms <list>', 'only candidates on at least one of these platforms', list)
    .option('--exclude <ids>', 'never these participants (ids, comma-separated)', list)
    .option('--min-score <x>', 'only candidates scoring at least this', score)
    .addOption(new Option('--limit <n>', 'number of suggestions').default(10).argParser(positiveInteger))
    .addOption(
      new Option(
        '--scorer <scorer>',
        'rank by the learned model, the fixed-weight combined score or one proximity score',
      )
        .choices([...SUGGEST_SCORERS])
        .default('learned'),
    )
    .option('--model', 'describe the learned model instead: features, weights, split, held-out AUC')
    .option('--json', 'print one JSON object')
    .action(async (participant: string | undefined, flags: SuggestFlags) => {
      await withStore(async (store) => {
        await assertKnownFilters(store, flags);
        const network = await loadNetwork(store, { layers: flags.layers });
        if (flags.model) {
          const model = suggestionModel(network, flags.layers, await platformInfo(store, network));
          if (flags.json) console.log(JSON.stringify(model));
          else printModel(model);
          return;
        }
        if (participant === undefined) throw new InvalidArgumentError('give a participant id (or --model)');
        const result = suggestFiltered(
          network,
          participant,
          {
            layers: flags.layers,
            kinds: flags.kinds,
            clusters: flags.clusters,
            regions: flags.regions,
            limit: flags.limit,
            scorer: flags.scorer,
            platforms: await platformInfo(store, network),
          },
          { platforms: flags.platforms, exclude: flags.exclude, minScore: flags.minScore },
        );
        if (flags.json) {
          console.log(JSON.stringify(result));
          return;
        }
        const name = network.nodes.find((n) => n.id === participant)?.name ?? participant;
        console.log(
          `Partners for ${name} (${participant}), ${flags.scorer} score, layers ${result.options.layers.join(', ')}`,
        );
        if (result.model?.fallback) console.log(`  (no model fitted: ${result.model.fallback})`);
        else if (result.model)
          console.log(
            `  (probability of ${result.model.horizon}${result.model.l2 === undefined ? '' : `; model fitted with L2 penalty λ = ${result.model.l2}`})`,
          );
        if (result.suggestions.length === 0) console.log('  (no candidate scores above 0)');
        result.suggestions.forEach((s, i) => {
          const p = s.probability === null ? '' : `  p ${(100 * s.probability).toFixed(1)} %`;
          console.log(`  ${String(i + 1).padStart(2)}. ${s.score.toFixed(3)}${p}  ${s.id}  ${s.name}`);
          console.log(`      ${s.explanation}`);
        });
      });
    });
}

function score(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x))
    throw new InvalidArgumentError(`--min-score: not a number: '${value}'`);
  return x;
}

/** The fit's L2 penalty, and the validation's figures per penalty of the grid where it chose. */
export function penaltyLine(penalty: NonNullable<SuggestionModel['penalty']>): string {
  if (penalty.chosenBy === 'default') return `L2 penalty λ = ${penalty.l2} (the default: no validation)`;
  const each = penalty.candidates
    .map(
      (c) =>
        `λ = ${c.l2}: AUCPR ${c.aucpr.toFixed(4)}, P@10 ${c.precisionAt10.toFixed(4)}, AUC ${c.auc.toFixed(4)}`,
    )
    .join('; ');
  return `L2 penalty λ = ${penalty.l2}, the best average precision on the validation (${each})`;
}

function printModel(model: SuggestionModel): void {
  const split =
    model.split.method === 'years'
      ? `ties to ${model.split.featuresUpTo} predicting those of ${model.split.labelsFrom}–${model.split.labelsTo}`
      : `${model.split.share * 100} % of tied pairs hidden at random (seed ${model.split.seed})`;
  console.log(`Suggestion model (${model.method}), layers ${model.layers.join(', ')}: fitted on ${split}`);
  console.log(
    `  ${model.fittedOn.positivePairs} new tied pairs, ${model.fittedOn.sampledNegatives} sampled untied pairs ` +
      `of ${model.fittedOn.sampledParticipants} participants; probability of ${model.horizon}`,
  );
  if (model.fallback)
    console.log(
      `  ${model.validation ? 'the model does not rank' : 'no model fitted'}: ${model.fallback.reason}`,
    );
  const v = model.validation;
  if (v)
    console.log(
      `  validation (${v.participants} participants' new partners of the fitted split): precision@10 ` +
        `${v.learned.precisionAt10.toFixed(4)}, AUC ${v.learned.auc.toFixed(4)}; best single score ` +
        `${v.bestSingle.scorer} ${v.bestSingle.precisionAt10.toFixed(4)}, ${v.bestSingle.auc.toFixed(4)}; ` +
        `ranked by ${v.chosen}`,
    );
  if (model.penalty) console.log(`  ${penaltyLine(model.penalty)}`);
  if (model.heldOut) {
    const best = Object.entries(model.heldOut.singleScores).sort((a, b) => b[1] - a[1])[0]!;
    console.log(
      `  held-out AUC ${model.heldOut.auc.toFixed(4)} (best single score: ${best[0]} ${best[1].toFixed(4)})`,
    );
  }
  if (model.method === 'fallback') return;
  console.log(`  ${'feature'.padEnd(34)}${'per sd'.padStart(9)}${'coefficient'.padStart(13)}`);
  for (const f of [...model.features].sort((a, b) => Math.abs(b.standardized) - Math.abs(a.standardized)))
    console.log(
      `  ${f.name.padEnd(34)}${f.standardized.toFixed(3).padStart(9)}${f.coefficient.toFixed(3).padStart(13)}`,
    );
}
