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
import { bestCandidates, bestLearned, combine } from './best-candidates.ts';
import { pairFeatures, preparedFor } from './features.ts';
import {
  ProximityScores,
  commonPartners,
  countCommon,
  degreeOf,
  jaccardFrom,
  neighbourRows,
  proximityFrom,
  type NeighbourIndex,
  type Scorer,
} from './link-prediction.ts';
import {
  fitSuggestionModel,
  probabilityOf,
  type LearnedScorer,
  type ModelOptions,
  type SuggestionModel,
} from './model.ts';

export interface PlatformInfo {
  id: string;
  name: string;
  sphere?: string;
}

/**
 * The weights of the parts. Chosen on a validation split of the demo that never sees the test years
 * (ties to 2011 predicting those of 2012–2014; the README's evaluation hides 2015–2017): a grid over
 * platforms, kinds, cluster and geography; the best few settings lie within 0.003 AUC of one another.
 */
export const DEFAULT_WEIGHTS = {
  network: 1,
  platforms: 0.5,
  spheres: 0.25,
  kinds: 1,
  cluster: 0.5,
  geography: 0.25,
};
export type Weights = typeof DEFAULT_WEIGHTS;
export type Part = keyof Weights;
const PARTS = Object.keys(DEFAULT_WEIGHTS) as Part[];

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

export interface Suggestion {
  id: string;
  name: string;
  kind: string;
  score: number;
  /**
   * The parts of the score (they add up to it): for `combined` the weighted parts; for `learned` the
   * contribution of each group of features (coefficient × feature, summed), so that score = logit − intercept.
   */
  parts: Record<string, number>;
  /** The learned model's probability of a tie within its horizon; null without a fitted model. */
  probability: number | null;
  /** The neighbourhood scores over the chosen layers, and common partners per layer. */
  proximity: {
    commonNeighbours: number;
    jaccard: number;
    adamicAdar: number;
    resourceAllocation: number;
    byLayer: Record<string, number>;
  };
  explanation: string;
  /** Common partners over the chosen layers (ids). */
  common: string[];
}

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
  };
  suggestions: Suggestion[];
}

/** Per-network index: attributes as integer codes, per-layer neighbour rows, platform members. */
export interface BaseIndex {
  ids: string[];
  index: Map<string, number>;
  names: string[];
  kindNames: string[];
  kind: Int32Array;
  region: Int32Array;
  regionNames: string[];
  clusterNames: string[];
  clusterOffsets: Int32Array;
  clusterTargets: Int32Array;
  platformNames: string[];
  platformOffsets: Int32Array;
  platformTargets: Int32Array;
  memberOffsets: Int32Array;
  memberTargets: Int32Array;
  /** Members of each cluster (cluster code → participant indices, ascending). */
  clusterMemberOffsets: Int32Array;
  clusterMemberTargets: Int32Array;
  /** Participants of each kind and region (row kind × regions + region → indices, ascending). */
  classOffsets: Int32Array;
  classTargets: Int32Array;
  /** The same per cluster (row (cluster × kinds + kind) × regions + region → indices, ascending). */
  clusterClassOffsets: Int32Array;
  clusterClassTargets: Int32Array;
  layers: Map<string, NeighbourIndex>;
  /** Sphere codes per platform list (the list object is cached per graph version by its callers). */
  spheres: WeakMap<object, Int32Array>;
  combined: Map<string, LayerSetIndex>;
  buffers?: ScoreBuffers;
  /** Learned models per layer set, with the platform list they were fitted with. */
  models: Map<string, { platforms: PlatformInfo[] | undefined; scorer: LearnedScorer }>;
}

/** What depends on the chosen layers: their union, and the tie lift between kinds in it. */
export interface LayerSetIndex {
  layers: string[];
  rows: NeighbourIndex;
  kindPart: Float64Array;
  kindLift: Float64Array;
}

const cache = new WeakMap<Network, BaseIndex>();

function csr(lists: number[][]): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length));
  const targets = new Int32Array(offsets[lists.length]!);
  lists.forEach((l, i) => targets.set(l, offsets[i]!));
  return { offsets, targets };
}

function codes(values: string[]): { names: string[]; code: Map<string, number> } {
  const names = [...new Set(values)].sort();
  return { names, code: new Map(names.map((x, i) => [x, i])) };
}

/** The index of a network, built on first use and cached per Network object. */
export function suggestionIndex(network: Network): BaseIndex {
  const cached = cache.get(network);
  if (cached) return cached;
  const nodes = [...network.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const kinds = codes(nodes.map((n) => n.kind));
  const regions = codes(nodes.map((n) => n.region));
  const clusters = codes(nodes.flatMap((n) => n.clusters));
  const platforms = codes(nodes.flatMap((n) => n.platforms));
  const clusterRows = csr(
    nodes.map((n) => [...new Set(n.clusters.map((c) => clusters.code.get(c)!))].sort((a, b) => a - b)),
  );
  const platformLists = nodes.map((n) =>
    [...new Set(n.platforms.map((p) => platforms.code.get(p)!))].sort((a, b) => a - b),
  );
  const platformRows = csr(platformLists);
  const clusterMembers: number[][] = clusters.names.map(() => []);
  nodes.forEach((n, i) => {
    for (const c of new Set(n.clusters)) clusterMembers[clusters.code.get(c)!]!.push(i);
  });
  const clusterMemberRows = csr(clusterMembers);
  const regionCount = regions.names.length;
  const classes: number[][] = Array.from({ length: kinds.names.length * regionCount }, () => []);
  nodes.forEach((n, i) =>
    classes[kinds.code.get(n.kind)! * regionCount + regions.code.get(n.region)!]!.push(i),
  );
  const classRows = csr(classes);
  const kindCount = kinds.names.length;
  const clusterClasses: number[][] = Array.from(
    { length: clusters.names.length * kindCount * regionCount },
    () => [],
  );
  nodes.forEach((n, i) => {
    const row = kinds.code.get(n.kind)! * regionCount + regions.code.get(n.region)!;
    for (const c of new Set(n.clusters))
      clusterClasses[clusters.code.get(c)! * kindCount * regionCount + row]!.push(i);
  });
  const clusterClassRows = csr(clusterClasses);
  const members: number[][] = platforms.names.map(() => []);
  platformLists.forEach((list, i) => list.forEach((p) => members[p]!.push(i)));
  const memberRows = csr(members);
  const pairsByLayer = new Map<string, [number, number][]>(network.layers.map((l) => [l.id, []]));
  for (const t of network.ties) {
    const a = index.get(t.source);
    const b = index.get(t.target);
    const list = pairsByLayer.get(t.layer);
    if (a === undefined || b === undefined || list === undefined) continue;
    list.push([a, b]);
  }
  const layers = new Map([...pairsByLayer].map(([layer, pairs]) => [layer, neighbourRows(ids, pairs)]));
  const built: BaseIndex = {
    ids,
    index,
    names: nodes.map((n) => n.name),
    kindNames: kinds.names,
    kind: Int32Array.from(nodes, (n) => kinds.code.get(n.kind)!),
    region: Int32Array.from(nodes, (n) => regions.code.get(n.region)!),
    regionNames: regions.names,
    clusterNames: clusters.names,
    clusterOffsets: clusterRows.offsets,
    clusterTargets: clusterRows.targets,
    platformNames: platforms.names,
    platformOffsets: platformRows.offsets,
    platformTargets: platformRows.targets,
    memberOffsets: memberRows.offsets,
    memberTargets: memberRows.targets,
    clusterMemberOffsets: clusterMemberRows.offsets,
    clusterMemberTargets: clusterMemberRows.targets,
    classOffsets: classRows.offsets,
    classTargets: classRows.targets,
    clusterClassOffsets: clusterClassRows.offsets,
    clusterClassTargets: clusterClassRows.targets,
    layers,
    combined: new Map(),
    spheres: new WeakMap(),
    models: new Map(),
  };
  cache.set(network, built);
  return built;
}

function layerSet(base: BaseIndex, layers: string[]): LayerSetIndex {
  const key = [...layers].sort().join('\u0000');
  const cached = base.combined.get(key);
  if (cached) return cached;
  const pairs: [number, number][] = [];
  for (const layer of layers) {
    const rows = base.layers.get(layer)!;
    for (let i = 0; i < base.ids.length; i++)
      for (let k = rows.offsets[i]!; k < rows.offsets[i + 1]!; k++)
        if (rows.targets[k]! > i) pairs.push([i, rows.targets[k]!]);
  }
  const rows = neighbourRows(base.ids, pairs);
  // Tie lift between kinds: density of ties between kinds a and b over the density of all ties.
  const K = base.kindNames.length;
  const count = new Float64Array(K);
  for (let i = 0; i < base.ids.length; i++) count[base.kind[i]!]!++;
  const ties = new Float64Array(K * K);
  let total = 0;
  for (let i = 0; i < base.ids.length; i++) {
    for (let k = rows.offsets[i]!; k < rows.offsets[i + 1]!; k++) {
      const j = rows.targets[k]!;
      if (j <= i) continue;
      const a = base.kind[i]!;
      const b = base.kind[j]!;
      ties[a * K + b]!++;
      if (a !== b) ties[b * K + a]!++;
      total++;
    }
  }
  const n = base.ids.length;
  const density = n > 1 ? total / ((n * (n - 1)) / 2) : 0;
  const kindLift = new Float64Array(K * K);
  const kindPart = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      const possible = a === b ? (count[a]! * (count[a]! - 1)) / 2 : count[a]! * count[b]!;
      const lift = possible > 0 && density > 0 ? ties[a * K + b]! / possible / density : 0;
      kindLift[a * K + b] = lift;
      kindPart[a * K + b] = lift / (1 + lift);
    }
  }
  const built = { layers: [...layers], rows, kindPart, kindLift };
  base.combined.set(key, built);
  return built;
}

/** Reusable buffers for scoring one participant against every other. */
export class ScoreBuffers {
  readonly proximity: ProximityScores;
  readonly sharedPlatforms: Int32Array;
  readonly sharedSphere: Uint8Array;
  readonly excluded: Uint8Array;
  readonly clusterMark: Uint8Array;
  readonly sphereMark: Uint8Array;
  /** u's platforms, set by `bestCandidates` (for the explanations). */
  readonly platformMark: Uint8Array;
  /** Candidates already scored one by one in `bestCandidates`. */
  readonly scored: Uint8Array;
  /** Entries `bestCandidates` set in the arrays above, so that the next call clears only those. */
  readonly dirty: Int32Array;
  dirtyCount = 0;
  /** Set by `scoreAll`, which writes everywhere: `bestCandidates` then clears everything once. */
  filledByScoreAll = false;
  constructor(base: BaseIndex) {
    const n = base.ids.length;
    this.scored = new Uint8Array(n);
    this.dirty = new Int32Array(n);
    this.proximity = new ProximityScores(n);
    this.sharedPlatforms = new Int32Array(n);
    this.sharedSphere = new Uint8Array(n);
    this.excluded = new Uint8Array(n);
    this.clusterMark = new Uint8Array(base.clusterNames.length);
    this.sphereMark = new Uint8Array(base.platformNames.length);
    this.platformMark = new Uint8Array(base.platformNames.length);
  }
}

const NO_PLATFORM_INFO: PlatformInfo[] = [];

/** Sphere code of each platform (platforms without a known sphere are their own sphere). */
function sphereCodes(base: BaseIndex, platforms: PlatformInfo[] = NO_PLATFORM_INFO): Int32Array {
  const cached = base.spheres.get(platforms);
  if (cached) return cached;
  const built = computeSphereCodes(base, platforms);
  base.spheres.set(platforms, built);
  return built;
}

function computeSphereCodes(base: BaseIndex, platforms: PlatformInfo[]): Int32Array {
  const sphereOf = new Map(platforms.map((p) => [p.id, p.sphere ?? `\u0000${p.id}`]));
  const spheres = codes(base.platformNames.map((p) => sphereOf.get(p) ?? `\u0000${p}`));
  return Int32Array.from(base.platformNames, (p) => spheres.code.get(sphereOf.get(p) ?? `\u0000${p}`)!);
}

export interface ScoringContext {
  base: BaseIndex;
  set: LayerSetIndex;
  weights: Weights;
  sphereOf: Int32Array;
}

export function scoringContext(
  network: Network,
  layers: string[] | undefined,
  weights: Partial<Weights> = {},
  platforms?: PlatformInfo[],
): ScoringContext {
  const base = suggestionIndex(network);
  const chosen = layers ?? network.layers.map((l) => l.id);
  for (const layer of chosen) {
    if (!base.layers.has(layer))
      throw new InvalidArgumentError(
        `unknown layer '${layer}' (the network has ${[...base.layers.keys()].join(', ') || 'no layers'})`,
      );
  }
  for (const key of Object.keys(weights)) {
    if (!(PARTS as string[]).includes(key))
      throw new InvalidArgumentError(`suggest: unknown weight '${key}'; parts: ${PARTS.join(', ')}`);
  }
  return {
    base,
    set: layerSet(base, chosen),
    weights: { ...DEFAULT_WEIGHTS, ...weights },
    sphereOf: sphereCodes(base, platforms),
  };
}

/**
 * Scores of participant u against every other, into `out` (one Float64Array per requested scorer);
 * existing partners and u itself get −Infinity. Network proximity lands in `buffers.proximity`.
 */
export function scoreAll(
  ctx: ScoringContext,
  u: number,
  buffers: ScoreBuffers,
  out: Partial<Record<Scorer | 'combined', Float64Array>>,
): void {
  const { base, set, weights } = ctx;
  const rows = set.rows;
  const n = base.ids.length;
  const p = buffers.proximity;
  proximityFrom(rows, u, p);
  buffers.filledByScoreAll = true;
  // Shared platforms and spheres: walk the members of u's platforms.
  const shared = buffers.sharedPlatforms;
  const sphere = buffers.sharedSphere;
  shared.fill(0);
  sphere.fill(0);
  const sphereMark = buffers.sphereMark;
  sphereMark.fill(0);
  for (let k = base.platformOffsets[u]!; k < base.platformOffsets[u + 1]!; k++)
    sphereMark[ctx.sphereOf[base.platformTargets[k]!]!] = 1;
  const uPlatforms = new Set<number>();
  for (let k = base.platformOffsets[u]!; k < base.platformOffsets[u + 1]!; k++) {
    const f = base.platformTargets[k]!;
    uPlatforms.add(f);
    for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++)
      shared[base.memberTargets[m]!]!++;
  }
  if (weights.spheres !== 0) {
    for (let f = 0; f < base.platformNames.length; f++) {
      if (uPlatforms.has(f) || sphereMark[ctx.sphereOf[f]!] === 0) continue;
      for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++)
        sphere[base.memberTargets[m]!] = 1;
    }
  }
  const clusterMark = buffers.clusterMark;
  clusterMark.fill(0);
  for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++)
    clusterMark[base.clusterTargets[k]!] = 1;
  const excluded = buffers.excluded;
  excluded.fill(0);
  excluded[u] = 1;
  for (let k = rows.offsets[u]!; k < rows.offsets[u + 1]!; k++) excluded[rows.targets[k]!] = 1;
  const K = base.kindNames.length;
  const ku = base.kind[u]! * K;
  const ru = base.region[u]!;
  const degU = degreeOf(rows, u);
  const { combined, jaccard } = out;
  const cn = out['common-neighbours'];
  const aa = out['adamic-adar'];
  const ra = out['resource-allocation'];
  for (let v = 0; v < n; v++) {
    if (excluded[v] === 1) {
      if (combined) combined[v] = -Infinity;
      if (cn) cn[v] = -Infinity;
      if (jaccard) jaccard[v] = -Infinity;
      if (aa) aa[v] = -Infinity;
      if (ra) ra[v] = -Infinity;
      continue;
    }
    const common = p.common[v]!;
    if (cn) cn[v] = common;
    if (jaccard) {
      const union = degU + (rows.offsets[v + 1]! - rows.offsets[v]!) - common;
      jaccard[v] = union === 0 ? 0 : common / union;
    }
    if (aa) aa[v] = p.adamicAdar[v]!;
    if (ra) ra[v] = p.resourceAllocation[v]!;
    if (combined) {
      let inCluster = 0;
      for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
        if (clusterMark[base.clusterTargets[k]!] === 1) {
          inCluster = 1;
          break;
        }
      combined[v] = combine(
        weights,
        p.adamicAdar[v]!,
        shared[v]!,
        sphere[v]!,
        set.kindPart[ku + base.kind[v]!]!,
        inCluster,
        base.region[v] === ru ? 1 : 0,
      );
    }
  }
}

const KIND_LABEL: Record<string, string> = {
  research_institute: 'research institute',
  startup: 'start-up',
  government_body: 'government body',
  regional_agency: 'regional agency',
  cluster_development_center: 'cluster development centre',
  development_institution: 'development institution',
};
const kindLabel = (k: string) => KIND_LABEL[k] ?? k;
const commonPartnersPhrase = (c: number) => `${c} common partner${c === 1 ? '' : 's'}`;

/** Platform names by id, built once per platform list (the API passes the same list until the graph changes). */
const platformNames = new WeakMap<PlatformInfo[], Map<string, string>>();
function platformNameMap(platforms: PlatformInfo[]): Map<string, string> {
  let names = platformNames.get(platforms);
  if (!names) platformNames.set(platforms, (names = new Map(platforms.map((p) => [p.id, p.name]))));
  return names;
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
  const best = fitted
    ? bestLearned(ctx, fitted, u, buffers, o.limit, filter)
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
    describe(ctx, u, v, best.scores[i]!, best.combined[i]!, buffers, platformName, fitted),
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

function cachedModel(
  network: Network,
  layers: string[] | undefined,
  platforms: PlatformInfo[] | undefined,
  withHeldOut: boolean,
): LearnedScorer | undefined {
  const cached = suggestionIndex(network).models.get(modelKey(network, layers));
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
  suggestionIndex(network).models.set(modelKey(network, layers), { platforms, scorer });
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

function describe(
  ctx: ScoringContext,
  u: number,
  v: number,
  score: number,
  combinedScore: number,
  buffers: ScoreBuffers,
  platformName: Map<string, string>,
  learned?: LearnedScorer,
): Suggestion {
  const { base, set, weights } = ctx;
  const p = buffers.proximity;
  const K = base.kindNames.length;
  const common = commonPartners(set.rows, u, v);
  const byLayer: Record<string, number> = {};
  for (const layer of set.layers) {
    const c = countCommon(base.layers.get(layer)!, u, v);
    if (c > 0) byLayer[layer] = c;
  }
  // u's platforms and clusters are marked in the buffers by bestCandidates.
  const sharedPlatforms: string[] = [];
  for (let k = base.platformOffsets[v]!; k < base.platformOffsets[v + 1]!; k++)
    if (buffers.platformMark[base.platformTargets[k]!] === 1)
      sharedPlatforms.push(base.platformNames[base.platformTargets[k]!]!);
  const sharedClusters: string[] = [];
  for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
    if (buffers.clusterMark[base.clusterTargets[k]!] === 1)
      sharedClusters.push(base.clusterNames[base.clusterTargets[k]!]!);
  const kindPair = base.kind[u]! * K + base.kind[v]!;
  const sameRegion = base.region[u] === base.region[v];
  let probability: number | null = null;
  let weighed: string | undefined;
  let parts: Record<string, number> = {
    network: weights.network * (1 - Math.exp(-p.adamicAdar[v]!)),
    platforms: weights.platforms * (1 - Math.pow(2, -sharedPlatforms.length)),
    spheres: weights.spheres * buffers.sharedSphere[v]!,
    kinds: weights.kinds * set.kindPart[kindPair]!,
    cluster: weights.cluster * (sharedClusters.length > 0 ? 1 : 0),
    geography: weights.geography * (sameRegion ? 1 : 0),
  };
  if (learned) {
    // The buffers hold u's features (bestLearned prepared them).
    const x = new Float64Array(learned.spec.names.length);
    pairFeatures(ctx, preparedFor(ctx, learned.spec, u, buffers), buffers, v, x);
    parts = {};
    const contributions: [string, number][] = [];
    for (let j = 0; j < x.length; j++) {
      const c = learned.coefficients[j]! * x[j]!;
      const group = learned.spec.groups[j]!;
      parts[group] = (parts[group] ?? 0) + c;
      if (c > 0.005) contributions.push([learned.spec.labels[j]!, c]);
    }
    probability = probabilityOf(learned, score);
    contributions.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (contributions.length > 0)
      weighed =
        'weighed most: ' +
        contributions
          .slice(0, 3)
          .map(([label, c]) => `${label} (+${c.toFixed(2)})`)
          .join(', ');
  }
  const phrases: string[] = [];
  const layerCounts = Object.entries(byLayer).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (layerCounts.length > 0) {
    const [first, ...rest] = layerCounts;
    const overall = common.length > first![1] ? ` (${common.length} over all layers)` : '';
    phrases.push(
      `${commonPartnersPhrase(first![1])} in ${first![0]}` +
        rest.map(([layer, c]) => `, ${c} in ${layer}`).join('') +
        overall,
    );
  } else if (common.length > 0) {
    phrases.push(`${commonPartnersPhrase(common.length)} through ties in different layers`);
  }
  const named = sharedPlatforms.map((id) => platformName.get(id) ?? id);
  if (named.length === 1) phrases.push(`both on the ${named[0]} platform`);
  else if (named.length > 1)
    phrases.push(`both on the ${named.slice(0, -1).join(', ')} and ${named.at(-1)} platforms`);
  else if (buffers.sharedSphere[v] === 1) phrases.push('platforms of the same sphere of interest');
  const lift = set.kindLift[kindPair]!;
  const ku = base.kindNames[base.kind[u]!]!;
  const kv = base.kindNames[base.kind[v]!]!;
  if (lift > 1)
    phrases.push(
      `${kindLabel(ku)} ↔ ${kindLabel(kv)} (tied ${lift.toFixed(1)}× as often as pairs in general)`,
    );
  if (sharedClusters.length > 0) phrases.push(`both in cluster ${sharedClusters.join(', ')}`);
  if (sameRegion && base.regionNames[base.region[u]!])
    phrases.push(`same region (${base.regionNames[base.region[u]!]})`);
  if (weighed) phrases.push(weighed);
  const adamicAdar = p.adamicAdar[v]!;
  return {
    id: base.ids[v]!,
    name: base.names[v]!,
    kind: kv,
    score: score,
    parts,
    probability,
    proximity: {
      commonNeighbours: common.length,
      jaccard: jaccardFrom(set.rows, u, v, common.length),
      adamicAdar,
      resourceAllocation: p.resourceAllocation[v]!,
      byLayer,
    },
    explanation: phrases.length > 0 ? phrases.join('; ') : `score ${combinedScore.toFixed(3)}`,
    common: common.map((w) => base.ids[w]!),
  };
}
