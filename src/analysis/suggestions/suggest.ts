/**
 * Partner suggestions ("automatic search for potential users of innovative products", Charykova &
 * Markova 2019): candidates for one participant scored by
 *
 * - network proximity: Adamic–Adar over the chosen layers (Adamic & Adar 2003; Liben-Nowell & Kleinberg
 *   2007), as 1 − e^(−AA) so that it lies in [0, 1); common neighbours, Jaccard and resource allocation
 *   are reported beside it, and common partners per layer explain it;
 * - shared virtual platforms (1 − 2^(−shared)) and spheres of interest (a platform of the same sphere);
 * - kind complementarity: how much more often the two kinds are tied in this network than pairs in
 *   general (the lift of their tie density, L / (1 + L)), so start-up ↔ enterprise ↔ research institute
 *   ↔ university pairs score by what the network shows rather than by a fixed table;
 * - a shared cluster, and geography (the same region).
 *
 * The score is the weighted sum of these parts (`weights`). Existing ties in the chosen layers are
 * excluded; ties are broken by id, so the same data gives the same ranking. Indexes (neighbour rows per
 * layer, platform and cluster memberships, kind densities) are built once per Network object and layer
 * set, and cached in a WeakMap. A request scores only the candidates that can reach the top
 * (best-candidates.ts: partners' partners, platform and cluster mates, and classes of the rest), so its
 * cost follows the participant's neighbourhood rather than the network's size; `scoreAll` scores
 * everyone, for the evaluation.
 */
import { InvalidArgumentError, NotFoundError } from '../../errors.ts';
import type { Network } from '../network.ts';
import { withDefaults } from '../options.ts';
import { bestCandidates, bestLearned, bestTieBroken } from './best-candidates.ts';
import { describeSuggestion, platformNameMap, type Suggestion } from './explain.ts';
import type { Scorer } from './link-prediction.ts';
import { fitSuggestionModel, type LearnedScorer, type ModelOptions, type SuggestionModel } from './model.ts';
import { DEFAULT_WEIGHTS, scoringContext, type Weights } from './scoring.ts';
import { NO_PLATFORM_INFO, ScoreBuffers, type PlatformInfo } from './suggestion-index.ts';

// The entry points of suggestions, for the CLI, the API and the tests (the modules stay small).
export { DEFAULT_WEIGHTS, scoreAll, scoringContext, type Weights } from './scoring.ts';
export { ScoreBuffers, suggestionIndex, type PlatformInfo } from './suggestion-index.ts';
export type { Suggestion } from './explain.ts';

export const SUGGEST_DEFAULTS = {
  /** Layers whose ties count for proximity and are excluded as existing (default: all). */
  layers: undefined as string[] | undefined,
  /** Only candidates of these kinds / in these clusters / regions (default: any). */
  kinds: undefined as string[] | undefined,
  clusters: undefined as string[] | undefined,
  regions: undefined as string[] | undefined,
  limit: 10,
  /**
   * `learned` (a model fitted on this network's past, model.ts), `combined` (the fixed weights below), or
   * one proximity score alone.
   */
  scorer: 'learned' as SuggestScorer,
  /** The weights of `combined`. */
  weights: DEFAULT_WEIGHTS as Partial<Weights>,
  /** Options of the learned model's fit (defaults: model.ts); a fit with options of its own is not cached. */
  model: undefined as ModelOptions | undefined,
  /** Platform names and spheres, for the spheres part and the explanations (the Network has ids only). */
  platforms: undefined as PlatformInfo[] | undefined,
};
export type SuggestOptions = Partial<typeof SUGGEST_DEFAULTS>;
export type SuggestScorer = Scorer | 'combined' | 'learned';
export const SUGGEST_SCORERS = [
  'learned',
  'combined',
  'common-neighbours',
  'jaccard',
  'adamic-adar',
  'resource-allocation',
] as const;

export interface SuggestResult {
  participant: string;
  options: {
    layers: string[];
    kinds?: string[];
    clusters?: string[];
    regions?: string[];
    limit: number;
    scorer: string;
  };
  /** With the learned scorer: what ranked the suggestions (the full description: suggestionModel). */
  model?: {
    method: SuggestionModel['method'];
    horizon: string;
    fallback?: string;
    /** λ of the L2 penalty of the fit (chosen on the validation); absent when no model was fitted. */
    l2?: number;
  };
  suggestions: Suggestion[];
}

/** 1 for each code whose name is in `names`; undefined when there is no such filter. */
function allowedCodes(codeNames: string[], names: string[] | undefined): Uint8Array | undefined {
  if (!names || names.length === 0) return undefined;
  const wanted = new Set(names);
  return Uint8Array.from(codeNames, (name) => (wanted.has(name) ? 1 : 0));
}

/** Suggested partners for one participant, best first. */
export function suggestPartners(
  network: Network,
  participantId: string,
  options: SuggestOptions = {},
): SuggestResult {
  const o = withDefaults('suggest', SUGGEST_DEFAULTS, options);
  if (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 10_000)
    throw new InvalidArgumentError(`suggest: limit must be a whole number in [1, 10000], got ${o.limit}`);
  if (!(SUGGEST_SCORERS as readonly string[]).includes(o.scorer))
    throw new InvalidArgumentError(`suggest: unknown scorer '${o.scorer}'`);
  const ctx = scoringContext(network, o.layers, o.weights, o.platforms);
  const { base, set } = ctx;
  const u = base.index.get(participantId);
  if (u === undefined) throw new NotFoundError(`no participant '${participantId}' in the network`);
  // Buffers are reused between requests (a request runs to the end synchronously): less garbage.
  base.buffers ??= new ScoreBuffers(base);
  const buffers = base.buffers;
  const filter = {
    kinds: allowedCodes(base.kindNames, o.kinds),
    regions: allowedCodes(base.regionNames, o.regions),
    clusters: allowedCodes(base.clusterNames, o.clusters),
  };
  const learned =
    o.scorer === 'learned' ? learnedModel(network, set.layers, o.platforms, o.model) : undefined;
  const fitted = learned && !learned.model.fallback ? learned : undefined;
  const tieBroken = learned?.model.fallback?.tieBreak ? learned : undefined;
  const best = fitted
    ? bestLearned(ctx, fitted, u, buffers, o.limit, filter)
    : tieBroken
      ? bestTieBroken(ctx, tieBroken, u, buffers, o.limit, tieBroken.model.fallback!.scorer, filter)
      : bestCandidates(
          ctx,
          u,
          buffers,
          o.limit,
          learned ? learned.model.fallback!.scorer : (o.scorer as Scorer | 'combined'),
          filter,
        );
  const platformName = platformNameMap(o.platforms ?? NO_PLATFORM_INFO);
  const suggestions = best.indices.map((v, i) =>
    describeSuggestion(ctx, u, v, best.scores[i]!, best.combined[i]!, buffers, platformName, fitted),
  );
  return {
    participant: participantId,
    options: {
      layers: set.layers,
      ...(o.kinds ? { kinds: o.kinds } : {}),
      ...(o.clusters ? { clusters: o.clusters } : {}),
      ...(o.regions ? { regions: o.regions } : {}),
      limit: o.limit,
      scorer: o.scorer,
    },
    ...(learned
      ? {
          model: {
            method: learned.model.method,
            horizon: learned.model.horizon,
            ...(learned.model.fallback ? { fallback: learned.model.fallback.reason } : {}),
            ...(learned.model.penalty ? { l2: learned.model.penalty.l2 } : {}),
          },
        }
      : {}),
    suggestions,
  };
}

/**
 * The learned model of a network and layer set: fitted on first use, then cached with the network's
 * index (a new graph version is a new Network object, so it is refitted). The suggestions need the fit
 * alone; `withHeldOut` (the model's description) adds the nested held-out check, a second fit, once.
 * Options of its own: not cached.
 */
export function learnedModel(
  network: Network,
  layers: string[] | undefined,
  platforms?: PlatformInfo[],
  options?: ModelOptions,
  withHeldOut = false,
): LearnedScorer {
  const chosen = layers ?? network.layers.map((l) => l.id);
  if (options) return fitSuggestionModel(network, chosen, platforms, { ...options, heldOut: withHeldOut });
  const cached = cachedModel(network, layers, platforms, withHeldOut);
  if (cached) return cached;
  const scorer = fitSuggestionModel(network, chosen, platforms, { heldOut: withHeldOut });
  rememberLearnedModel(network, layers, platforms, scorer);
  return scorer;
}

/** The key of a network's model: its layer set, in any order. */
const modelKey = (network: Network, layers: string[] | undefined) =>
  [...(layers ?? network.layers.map((l) => l.id))].sort().join('\u0000');

/** Learned models per network and layer set, with the platform list they were fitted with. */
const models = new WeakMap<
  Network,
  Map<string, { platforms: PlatformInfo[] | undefined; scorer: LearnedScorer }>
>();

function cachedModel(
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[] | undefined,
  withHeldOut: boolean,
): LearnedScorer | undefined {
  const cached = models.get(network)?.get(modelKey(network, layers));
  if (!cached || cached.platforms !== platforms) return undefined;
  return !withHeldOut || cached.scorer.model.heldOut !== null ? cached.scorer : undefined;
}

/**
 * Whether the learned model of a network and layer set is at hand (with its held-out check when
 * `withHeldOut`), so that `learnedModel` will not fit it. A server fits it elsewhere (a thread) first
 * and hands it over with `rememberLearnedModel`.
 */
export function hasLearnedModel(
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[] | undefined,
  withHeldOut = false,
): boolean {
  return cachedModel(network, layers, platforms, withHeldOut) !== undefined;
}

/** Keeps a model fitted elsewhere (by `learnedModel` on the same network, in a thread) for this network. */
export function rememberLearnedModel(
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[] | undefined,
  scorer: LearnedScorer,
): void {
  let byLayers = models.get(network);
  if (!byLayers) models.set(network, (byLayers = new Map()));
  byLayers.set(modelKey(network, layers), { platforms, scorer });
}

/** The description of the learned model (GET /api/suggestions/model). */
export function suggestionModel(
  network: Network,
  layers: string[] | undefined,
  platforms?: PlatformInfo[],
): SuggestionModel {
  scoringContext(network, layers, {}, platforms); // checks the layers
  return learnedModel(network, layers, platforms, undefined, true).model;
}
