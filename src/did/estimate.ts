/**
 * One entry point for estimating on a user's panel (the CLI's `did --panel` and `POST /api/did`): checks
 * that the options fit together, reads and validates the panel, runs the chosen estimator.
 */
import { InvalidArgumentError } from '../errors.ts';
import { bacon, type BaconResult } from './bacon.ts';
import { callawaySantAnna, type CsResult } from './callaway-santanna.ts';
import { PANEL_DEFAULTS, resolveDefaults } from './defaults.ts';
import { panelFromCsv, panelFromRows, type Panel, type PanelSpec } from './panel.ts';
import { twfe, type TwfeResult } from './twfe.ts';
import { twoByTwo, type TwoByTwoResult } from './two-by-two.ts';

export type Estimator = 'cs' | 'twfe' | '2x2' | 'bacon';
export const ESTIMATORS: Estimator[] = ['cs', 'twfe', '2x2', 'bacon'];

/** The panel's columns (as PanelSpec; whether never-treated units are required follows from the options) and the estimator's options. */
export interface PanelEstimateOptions extends Omit<PanelSpec, 'requireNeverTreated'> {
  /** Default: cs with a cohort column, 2x2 with treat and post. */
  estimator?: Estimator;
  control?: 'never' | 'notyet';
  base?: 'varying' | 'universal';
  anticipation?: number;
  bootstrap?: number;
  seed?: number;
}

export type PanelEstimate = (CsResult | TwfeResult | TwoByTwoResult | BaconResult) & { warnings: string[] };

/** The panel, as CSV text or as rows (objects keyed by column name), and where it came from. */
export type PanelSource = { csv: string; name?: string } | { rows: Record<string, unknown>[]; name?: string };

/** Checks the combination of options; returns the estimator to use. */
export function chooseEstimator(o: PanelEstimateOptions): Estimator {
  const staggered = o.cohort !== undefined;
  if (staggered === (o.treat !== undefined || o.post !== undefined))
    throw new InvalidArgumentError('give either a cohort column, or treat and post columns');
  const estimator = o.estimator ?? (staggered ? 'cs' : '2x2');
  if (!ESTIMATORS.includes(estimator))
    throw new InvalidArgumentError(`unknown estimator '${String(estimator)}'`);
  if (!staggered && (estimator === 'cs' || estimator === 'bacon'))
    throw new InvalidArgumentError(`the ${estimator} estimator needs a cohort column (staggered adoption)`);
  if (estimator === '2x2' && staggered)
    throw new InvalidArgumentError('the 2x2 estimator needs treat and post columns');
  if (!o.unit && estimator !== '2x2')
    throw new InvalidArgumentError(`the ${estimator} estimator needs a unit column`);
  return estimator;
}

/** The panel options with PANEL_DEFAULTS (src/did/defaults.ts) filled in where not given. */
function withPanelDefaults(o: PanelEstimateOptions) {
  const d = resolveDefaults('did --panel', PANEL_DEFAULTS, {
    control: o.control,
    base: o.base,
    anticipation: o.anticipation,
    bootstrap: o.bootstrap,
    seed: o.seed,
    log: o.log,
    neverValue: o.neverValue,
    minCohortSize: o.minCohortSize,
  });
  return { ...o, ...d };
}

export function readPanel(source: PanelSource, options: PanelEstimateOptions, estimator: Estimator): Panel {
  const o = withPanelDefaults(options);
  const spec: PanelSpec = {
    unit: o.unit,
    time: o.time,
    outcome: o.outcome,
    cohort: o.cohort,
    neverValue: o.neverValue,
    treat: o.treat,
    post: o.post,
    cluster: o.cluster,
    covariates: o.covariates ?? [],
    log: o.log,
    minCohortSize: o.minCohortSize,
    requireNeverTreated: estimator === 'cs' && o.control === 'never',
  };
  return 'csv' in source
    ? panelFromCsv(source.csv, spec, source.name ?? 'panel.csv')
    : panelFromRows(source.rows, spec, { source: source.name ?? 'panel' });
}

export function estimatePanel(source: PanelSource, options: PanelEstimateOptions): PanelEstimate {
  const estimator = chooseEstimator(options);
  const o = withPanelDefaults(options);
  const panel = readPanel(source, o, estimator);
  if (estimator === 'cs') {
    return callawaySantAnna(panel, {
      control: o.control,
      base: o.base,
      anticipation: o.anticipation,
      bootstrap: o.bootstrap,
      seed: o.seed,
    });
  }
  const result =
    estimator === 'twfe'
      ? twfe(panel, { anticipation: o.anticipation })
      : estimator === '2x2'
        ? twoByTwo(panel)
        : bacon(panel);
  return { ...result, warnings: panel.warnings };
}
