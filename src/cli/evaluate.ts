/**
 * `clusterlens evaluate suggestions`: hide ties (formed after a year, or a random share) and measure how
 * well each scorer finds them again — on the stored network, or on an edge list read directly.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { evaluateSuggestions, type Evaluation } from '../analysis/suggestions/evaluate.ts';
import { penaltyLine } from './suggest.ts';
import { InvalidArgumentError } from '../errors.ts';
import { networkFromEdgeList } from '../exchange/edge-list.ts';
import { loadNetwork } from '../store/network.ts';
import { withStore } from './context.ts';
import { list } from './gaps.ts';
import { platformInfo } from './suggest.ts';

interface EvaluateFlags {
  holdoutYear?: number;
  random?: number;
  seed: number;
  layers?: string[];
  edgeList?: string;
  json?: boolean;
}

const number = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number, got '${value}'`);
  return n;
};

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Measure the quality of partner suggestions on hidden ties (AUC, AUCPR, precision@10, precision@100): ' +
        'the learned scorer (fitted on the kept ties only), today’s fixed weights and every single score',
    )
    .argument('<what>', 'what to evaluate: suggestions')
    .option('--holdout-year <year>', 'hide the ties formed after this year', number('the hold-out year'))
    .option('--random <share>', 'hide this share of the tied pairs, drawn at random', number('the share'))
    .addOption(
      new Option('--seed <n>', 'seed of the random hold-out').default(42).argParser(number('the seed')),
    )
    .option('--layers <list>', 'layers whose ties count (default: all)', list)
    .option(
      '--edge-list <file>',
      'evaluate on an edge list read directly (e.g. SNAP CA-GrQc) instead of the stored network',
    )
    .option('--json', 'print one JSON object')
    .action(async (what: string, flags: EvaluateFlags) => {
      if (what !== 'suggestions') throw new InvalidArgumentError(`can evaluate 'suggestions', not '${what}'`);
      if ((flags.holdoutYear === undefined) === (flags.random === undefined))
        throw new InvalidArgumentError('give either --holdout-year Y or --random SHARE');
      const options = {
        holdoutYear: flags.holdoutYear,
        random: flags.random,
        seed: flags.seed,
        layers: flags.layers,
      };
      let result: Evaluation;
      let source: string;
      if (flags.edgeList) {
        source = flags.edgeList;
        result = evaluateSuggestions(
          networkFromEdgeList(fs.readFileSync(flags.edgeList, 'utf8'), flags.edgeList),
          options,
        );
      } else {
        source = 'stored network';
        result = await withStore(async (store) => {
          const network = await loadNetwork(store, { layers: flags.layers });
          return evaluateSuggestions(network, { ...options, platforms: await platformInfo(store, network) });
        });
      }
      if (flags.json) {
        console.log(JSON.stringify({ source, ...result }));
        return;
      }
      const h = result.holdout;
      console.log(
        `${source}: ${h.method === 'year' ? `ties formed after ${h.year} hidden` : `${h.share * 100} % of tied pairs hidden (seed ${h.seed})`}; ` +
          `${result.trainingPairs} tied pairs kept, ${result.hiddenPairs} hidden; ${result.evaluated} of ${result.participants} participants ranked`,
      );
      const m = result.model;
      console.log(
        `  learned: ${m.method}, fitted on the kept ties alone (${m.split.method === 'years' ? `ties to ${m.split.featuresUpTo} predicting ${m.split.labelsFrom}–${m.split.labelsTo}` : `${m.split.share * 100} % of them hidden at random`}; ` +
          `${m.fittedOn.positivePairs} new tied pairs)${m.fallback ? `; ${m.fallback.reason}` : ''}`,
      );
      if (m.penalty) console.log(`  ${penaltyLine(m.penalty)}`);
      const ks = Object.keys(result.scorers[0]?.precision ?? {});
      console.log(
        `  ${'scorer'.padEnd(22)}${'AUC'.padStart(8)}${'AUCPR'.padStart(8)}${ks.map((k) => `P@${k}`.padStart(9)).join('')}`,
      );
      for (const s of result.scorers) {
        console.log(
          `  ${s.scorer.padEnd(22)}${s.auc.toFixed(4).padStart(8)}${s.aucpr.toFixed(4).padStart(8)}${ks.map((k) => s.precision[k]!.toFixed(4).padStart(9)).join('')}`,
        );
      }
    });
}
