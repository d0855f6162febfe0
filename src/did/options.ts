/**
 * The options of difference-in-differences as schemas (TypeBox: JSON Schema with static types), written once
 * from the defaults of ./defaults.ts: the API validates requests with them and publishes them in its OpenAPI
 * document, and the CLI's help names the same defaults and choices. Bounds live here and nowhere else.
 */
import { Type } from 'typebox';
import { GROUP_BY } from './by-group.ts';
import {
  BASE_PERIODS,
  CONTROL_GROUPS,
  EFFECT_DEFAULTS,
  GROUP_ESTIMATORS,
  PANEL_DEFAULTS,
} from './defaults.ts';
import { ESTIMATORS } from './estimate.ts';

/** Bounds a request may ask for (the server's limits; the CLI takes any whole number ≥ 0). */
export const DID_BOUNDS = {
  anticipation: { minimum: 0, maximum: 10 },
  bootstrap: { minimum: 0, maximum: 10_000 },
  seed: { minimum: 0, maximum: 2 ** 31 - 1 },
  minCohortSize: { minimum: 1, maximum: 1_000_000 },
};

/** Per-group DiD on the stored network (GET /api/did): every option with its default from EFFECT_DEFAULTS. */
export const EFFECT_OPTIONS = {
  groupBy: Type.String({ enum: GROUP_BY, default: 'cluster' }),
  estimator: Type.String({ enum: GROUP_ESTIMATORS, default: EFFECT_DEFAULTS.estimator }),
  control: Type.String({
    enum: CONTROL_GROUPS,
    default: EFFECT_DEFAULTS.control,
    description: 'comparison units: never joined any cluster, or also not yet joined (cs)',
  }),
  base: Type.String({ enum: BASE_PERIODS, default: EFFECT_DEFAULTS.base, description: 'base period (cs)' }),
  log: Type.String({
    enum: ['true', 'false', 'auto'],
    default: String(EFFECT_DEFAULTS.log),
    description:
      'log outcome (effects in percent, exp(δ) − 1); auto: logs for a positive level indicator, not for the production index',
  }),
  anticipation: Type.Integer({ ...DID_BOUNDS.anticipation, default: EFFECT_DEFAULTS.anticipation }),
  bootstrap: Type.Integer({
    ...DID_BOUNDS.bootstrap,
    default: EFFECT_DEFAULTS.bootstrap,
    description: 'multiplier-bootstrap draws for uniform event-study bands (0: pointwise)',
  }),
  seed: Type.Integer({ ...DID_BOUNDS.seed, default: EFFECT_DEFAULTS.seed }),
};

const column = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/**
 * DiD on a user's panel (`clusterlens did --panel …`, POST /api/did): the columns and the options. No
 * defaults in the schema: an option not given takes PANEL_DEFAULTS (or follows from the columns), named
 * in the descriptions.
 */
export const PANEL_OPTIONS = {
  unit: Type.Optional(column('unit id column')),
  time: column('period column'),
  outcome: column('outcome column'),
  cohort: Type.Optional(column('staggered adoption: first treated period of the unit')),
  neverValue: Type.Optional(
    Type.Number({
      description: `cohort value of never-treated units (default ${PANEL_DEFAULTS.neverValue})`,
    }),
  ),
  treat: Type.Optional(column('2 × 2: treated-group indicator (0/1)')),
  post: Type.Optional(column('2 × 2: post-period indicator (0/1)')),
  estimator: Type.Optional(
    Type.String({
      enum: ESTIMATORS,
      description: 'default cs with a cohort column, 2x2 with treat and post',
    }),
  ),
  control: Type.Optional(
    Type.String({ enum: CONTROL_GROUPS, description: `default ${PANEL_DEFAULTS.control}` }),
  ),
  base: Type.Optional(Type.String({ enum: BASE_PERIODS, description: `default ${PANEL_DEFAULTS.base}` })),
  anticipation: Type.Optional(Type.Integer(DID_BOUNDS.anticipation)),
  cluster: Type.Optional(column('cluster column for the standard errors (twfe, 2x2)')),
  covariates: Type.Optional(
    Type.String({ maxLength: 2000, description: 'comma-separated covariate columns' }),
  ),
  log: Type.Optional(Type.Boolean()),
  bootstrap: Type.Optional(Type.Integer(DID_BOUNDS.bootstrap)),
  seed: Type.Optional(Type.Integer(DID_BOUNDS.seed)),
  minCohortSize: Type.Optional(Type.Integer(DID_BOUNDS.minCohortSize)),
};
