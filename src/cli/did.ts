/**
 * `clusterlens did`: difference-in-differences on any panel (--panel file.csv) or per node group of the
 * stored network (--indicator NAME --group-by cluster|platform|community|kind).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ARTICLE_STATISTIC_NOTE } from '../did/article-statistic.ts';
import { GROUP_BY, type ByGroupResult, type GroupBy } from '../did/by-group.ts';
import {
  BASE_PERIODS,
  CONTROL_GROUPS,
  EFFECT_DEFAULTS,
  PANEL_DEFAULTS,
  type LogChoice,
} from '../did/defaults.ts';
import type { CsResult } from '../did/callaway-santanna.ts';
import { ESTIMATORS, estimatePanel, type Estimator } from '../did/estimate.ts';
import { InvalidArgumentError } from '../errors.ts';
import { formatP } from '../did/credibility.ts';
import { didByGroup } from '../services/did.ts';
import { info, withStore } from './context.ts';

/** A p-value as people read it: "< 0.001", never "= 0.0000". */
const pText = (p: number | null | undefined) =>
  p === null || p === undefined || Number.isNaN(p) ? '= NA' : formatP(p);

interface DidFlags {
  panel?: string;
  unit?: string;
  time?: string;
  outcome?: string;
  cohort?: string;
  neverValue?: number;
  treat?: string;
  post?: string;
  estimator?: Estimator;
  control?: 'never' | 'notyet';
  base?: 'varying' | 'universal';
  anticipation?: number;
  cluster?: string;
  covariates?: string[];
  log?: boolean;
  bootstrap?: number;
  seed?: number;
  minCohortSize?: number;
  indicator?: string;
  groupBy?: GroupBy;
  groups?: string[];
  json?: boolean;
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const whole = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`--${name} takes a whole number ≥ 0, got '${value}'`);
  return n;
};
const number = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`--${name} takes a number, got '${value}'`);
  return n;
};

export function registerDid(program: Command): void {
  program
    .command('did')
    .description(
      'Difference-in-differences: on a panel file (--panel) or per group of the stored network (--indicator, --group-by)',
    )
    .option('--panel <file.csv>', 'a panel: one row per unit and period')
    .option('--unit <column>', 'unit id column')
    .option('--time <column>', 'period column')
    .option('--outcome <column>', 'outcome column')
    .option('--cohort <column>', 'staggered adoption: first treated period of the unit')
    // No defaults here: undefined means "the default" of src/did/defaults.ts (named in the help).
    .addOption(
      new Option(
        '--never-value <value>',
        `cohort value of never-treated units (default ${PANEL_DEFAULTS.neverValue})`,
      ).argParser(number('never-value')),
    )
    .option('--treat <column>', '2 × 2: treated-group indicator (0/1)')
    .option('--post <column>', '2 × 2: post-period indicator (0/1)')
    .addOption(
      new Option(
        '--estimator <name>',
        'estimator (default cs with --cohort, 2x2 with --treat/--post)',
      ).choices(ESTIMATORS),
    )
    .addOption(
      new Option(
        '--control <group>',
        `comparison units: never joined, or also not yet joined (default ${EFFECT_DEFAULTS.control})`,
      ).choices(CONTROL_GROUPS),
    )
    .addOption(
      new Option('--base <period>', `base period (cs; default ${EFFECT_DEFAULTS.base})`).choices(
        BASE_PERIODS,
      ),
    )
    .addOption(
      new Option(
        '--anticipation <k>',
        `periods of anticipation (cs, twfe; default ${EFFECT_DEFAULTS.anticipation})`,
      ).argParser(whole('anticipation')),
    )
    .option('--cluster <column>', 'cluster column for the standard errors (default: the unit)')
    .option('--covariates <list>', 'comma-separated covariate columns (cs: doubly robust ATT(g,t))', list)
    .option(
      '--log',
      'take logs of the outcome; effects in percent, exp(δ) − 1 (per group the default for positive level indicators)',
    )
    .option('--no-log', 'keep the outcome in its unit (per group the default for the production index)')
    .addOption(
      new Option(
        '--bootstrap <n>',
        `multiplier-bootstrap draws for uniform bands (cs; default ${EFFECT_DEFAULTS.bootstrap})`,
      ).argParser(whole('bootstrap')),
    )
    .addOption(
      new Option('--seed <s>', `seed of the bootstrap (default ${EFFECT_DEFAULTS.seed})`).argParser(
        whole('seed'),
      ),
    )
    .addOption(
      new Option(
        '--min-cohort-size <n>',
        `refuse cohorts with fewer units (--panel; default ${PANEL_DEFAULTS.minCohortSize})`,
      ).argParser(whole('min-cohort-size')),
    )
    .option('--indicator <name>', 'per group of the stored network: the indicator')
    .addOption(new Option('--group-by <kind>', 'per group: the grouping').choices(GROUP_BY))
    .option('--groups <list>', 'per group: only these group ids', list)
    .option('--json', 'print one JSON object')
    .action(async (flags: DidFlags) => {
      if (flags.indicator !== undefined || flags.groupBy !== undefined) return byGroup(flags);
      return onPanel(flags);
    });
}

async function byGroup(flags: DidFlags): Promise<void> {
  if (flags.panel !== undefined)
    throw new InvalidArgumentError('give either --panel or --indicator with --group-by, not both');
  if (!flags.indicator || !flags.groupBy)
    throw new InvalidArgumentError('per-group estimation needs --indicator and --group-by');
  const estimator = flags.estimator;
  if (estimator !== undefined && estimator !== 'cs' && estimator !== 'twfe')
    throw new InvalidArgumentError('per group, --estimator is cs or twfe');
  const result = await withStore((store) =>
    didByGroup(store, {
      indicator: flags.indicator!,
      groupBy: flags.groupBy!,
      groups: flags.groups,
      estimator,
      control: flags.control,
      base: flags.base,
      log: flags.log as LogChoice | undefined,
      anticipation: flags.anticipation,
      bootstrap: flags.bootstrap,
      seed: flags.seed,
    }),
  );
  if (flags.json) {
    console.log(JSON.stringify(result));
    return;
  }
  printByGroup(result);
}

async function onPanel(flags: DidFlags): Promise<void> {
  if (!flags.panel) throw new InvalidArgumentError('give --panel <file.csv>, or --indicator and --group-by');
  for (const name of ['time', 'outcome'] as const)
    if (!flags[name]) throw new InvalidArgumentError(`--panel needs --${name}`);
  let text: string;
  try {
    text = fs.readFileSync(flags.panel, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${flags.panel}: ${(error as Error).message}`);
  }
  // the same entry point as POST /api/did
  const result = estimatePanel(
    { csv: text, name: path.basename(flags.panel) },
    {
      unit: flags.unit,
      time: flags.time!,
      outcome: flags.outcome!,
      cohort: flags.cohort,
      neverValue: flags.neverValue,
      treat: flags.treat,
      post: flags.post,
      estimator: flags.estimator,
      control: flags.control,
      base: flags.base,
      anticipation: flags.anticipation,
      cluster: flags.cluster,
      covariates: flags.covariates,
      log: flags.log,
      bootstrap: flags.bootstrap,
      seed: flags.seed,
      minCohortSize: flags.minCohortSize,
    },
  );
  const warnings = result.warnings;
  if (flags.json) {
    console.log(JSON.stringify(result));
    return;
  }
  for (const w of warnings) info(`warning: ${w}`);
  const pct = (x: number | null) => (x === null ? '' : `  (${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)} %)`);
  const f = (x: number | null | undefined, d = 6) => (x === null || x === undefined ? 'NA' : x.toFixed(d));
  if (result.estimator === 'cs') return printCs(result, pct, f);
  if (result.estimator === 'twfe') {
    console.log(
      `TWFE: δ = ${f(result.coef)}${pct(result.percent)}, SE ${f(result.se)} (clustered, ${result.clusters} clusters, fixest small-sample conventions)`,
    );
    console.log(
      `t = ${f(result.t, 3)}, p ${pText(result.p)}, 95 % CI [${f(result.ci[0])}, ${f(result.ci[1])}], n = ${result.n}`,
    );
    return;
  }
  if (result.estimator === '2x2') {
    console.log('cell means (treat, post): mean  sd  n');
    for (const c of result.cells)
      console.log(`  ${c.treat} ${c.post}  ${f(c.mean, 4)}  ${f(c.sd, 4)}  ${c.n}`);
    console.log(
      `DiD = ${f(result.did)}${pct(result.percent)}, SE ${f(result.se)} (${result.seType}); t = ${f(result.t, 3)}, p ${pText(result.p)}`,
    );
    console.log(
      `OLS SEs: iid ${f(result.ols.se.iid)}, HC1 ${f(result.ols.se.hc1)}, CR1 ${f(result.ols.se.cr1)}`,
    );
    if (result.balanced)
      console.log(
        `balanced sample (${result.balanced.units} units): DiD ${f(result.balanced.did)}, SE ${f(result.balanced.se)}`,
      );
    return;
  }
  console.log(`Goodman-Bacon decomposition of the TWFE estimate ${f(result.twfe)}`);
  for (const s of result.summary)
    console.log(`  ${s.type.padEnd(26)} weight ${f(s.weight, 4)}  average ${f(s.estimate)}`);
  console.log('  treated  control  estimate  weight');
  for (const c of result.comparisons)
    console.log(
      `  ${String(c.treated).padEnd(8)} ${String(c.control).padEnd(8)} ${f(c.estimate).padStart(10)}  ${f(c.weight, 4)}  ${c.type}`,
    );
}

function printCs(
  r: CsResult,
  pct: (x: number | null) => string,
  f: (x: number | null | undefined, d?: number) => string,
): void {
  console.log(
    `Callaway & Sant'Anna: ${r.units} units (${r.neverTreated} never treated), control ${r.control === 'never' ? 'never treated' : 'not yet treated'}, ${r.base} base period, anticipation ${r.anticipation}`,
  );
  console.log(`group  time      ATT(g,t)        SE   [${r.band} band]`);
  for (const c of r.attgt)
    console.log(
      `${String(c.group).padEnd(6)} ${String(c.time).padEnd(6)} ${f(c.att).padStart(11)} ${f(c.se).padStart(9)}   [${f(c.lo)}, ${f(c.hi)}]`,
    );
  const a = r.aggregate;
  console.log(`simple ATT ${f(a.simple.att)} (${f(a.simple.se)})${pct(r.percent)}`);
  console.log(`dynamic ${f(a.dynamic.att)} (${f(a.dynamic.se)}); by event time:`);
  for (const e of a.dynamic.byEventTime)
    console.log(`  e = ${String(e.e).padStart(3)}  ${f(e.att).padStart(11)}  ${f(e.se)}`);
  console.log(
    `group ${f(a.group.att)} (${f(a.group.se)}); calendar ${f(a.calendar.att)} (${f(a.calendar.se)})`,
  );
  if (r.pretest)
    console.log(
      `pre-test of parallel trends: W = ${f(r.pretest.W, 3)}, df = ${r.pretest.df}, p ${pText(r.pretest.p)}`,
    );
}

function printByGroup(r: ByGroupResult): void {
  console.log(r.question.text);
  console.log(
    `Credible: no blocking flag — pre-trend test not rejected at ${100 * r.credibility.pretrendLevel} % (Holm across the groups below), at least ${r.credibility.minTreated} members and ${r.credibility.minControl} comparison enterprises.`,
  );
  const f = (x: number | null, d = 4) => (x === null ? 'NA' : x.toFixed(d));
  const signed = (x: number | null, d: number) => (x === null ? 'NA' : `${x >= 0 ? '+' : ''}${x.toFixed(d)}`);
  for (const g of r.groups) {
    console.log(
      `\n${g.credible ? '' : '[not credible] '}${g.label} (${g.group}): ${g.nTreated} members, ${g.nControl} comparison enterprises`,
    );
    console.log(`  ${g.sentence}`);
    if (g.effect) {
      const d = g.effect.unit === '%' ? 2 : 4;
      console.log(
        `  effect ${signed(g.effect.value, d)} ${g.effect.unit}  [${signed(g.effect.lo, d)}, ${signed(g.effect.hi, d)}]  (ATT ${f(g.att)} ${r.log ? 'log points' : ''}, SE ${f(g.se)}, p ${f(g.p)})`,
      );
    }
    if (g.pretest)
      console.log(
        `  pre-trend test: W = ${f(g.pretest.W, 2)}, df ${g.pretest.df}, p ${pText(g.pretest.p)}, Holm-adjusted p ${pText(g.pretest.pHolm)}`,
      );
    for (const flag of g.flags)
      console.log(`  ${flag.blocking ? 'not credible' : 'caution'}: ${flag.message}`);
    if (g.eventStudy.length > 0)
      console.log(
        `  by years since joining (${r.log ? '%' : 'unit'}, N): ${g.eventStudy.map((e) => `${e.e}: ${signed(e.effect, r.log ? 1 : 3)} (${e.n})`).join('  ')}`,
      );
    if (g.articleStatistic !== null)
      console.log(`  article's statistic (not a DiD): ${g.articleStatistic.toFixed(2)} %`);
    for (const w of g.warnings) console.log(`  note: ${w}`);
  }
  console.log(`\nNote: ${ARTICLE_STATISTIC_NOTE}`);
}
