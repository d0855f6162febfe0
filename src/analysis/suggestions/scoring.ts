/**
 * The scores of suggestions, in one module: the parts of the combined score and their weights
 * (`combinedParts`, summed by `combine`), the scoring context of a request, and `scoreAll`, which scores
 * every candidate (the evaluation's path; best-candidates.ts reaches the same scores for the top alone,
 * and explain.ts reports the same parts).
 */
import { InvalidArgumentError } from '../../errors.ts';
import type { Network } from '../network.ts';
import { degreeOf, proximityFrom, type Scorer } from './link-prediction.ts';
import {
  layerSet,
  sphereCodes,
  suggestionIndex,
  type BaseIndex,
  type LayerSetIndex,
  type PlatformInfo,
  type ScoreBuffers,
} from './suggestion-index.ts';

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

/**
 * The weighted parts of the combined score: network proximity 1 − e^(−Adamic–Adar), shared platforms
 * 1 − 2^(−shared), a platform of the same sphere, kind complementarity, a shared cluster, the same region.
 */
export function combinedParts(
  w: Weights,
  adamicAdar: number,
  sharedPlatforms: number,
  sameSphere: number,
  kindPart: number,
  inCluster: number,
  sameRegion: number,
): Record<Part, number> {
  return {
    network: networkPart(w, adamicAdar),
    platforms: platformsPart(w, sharedPlatforms),
    spheres: w.spheres * sameSphere,
    kinds: w.kinds * kindPart,
    cluster: w.cluster * inCluster,
    geography: w.geography * sameRegion,
  };
}

// Most candidates share no partner and no platform: skip exp and pow for them (0 either way).
const networkPart = (w: Weights, adamicAdar: number) =>
  adamicAdar === 0 ? 0 : w.network * (1 - Math.exp(-adamicAdar));
const platformsPart = (w: Weights, sharedPlatforms: number) =>
  sharedPlatforms === 0 ? 0 : w.platforms * (1 - Math.pow(2, -sharedPlatforms));

/**
 * The combined score: the sum of `combinedParts`, without building the object. One function for every
 * path, so that a candidate's score is the same float however it was reached (ties between candidates are
 * then broken by id alone).
 */
export function combine(
  w: Weights,
  adamicAdar: number,
  sharedPlatforms: number,
  sameSphere: number,
  kindPart: number,
  inCluster: number,
  sameRegion: number,
): number {
  return (
    networkPart(w, adamicAdar) +
    platformsPart(w, sharedPlatforms) +
    w.spheres * sameSphere +
    w.kinds * kindPart +
    w.cluster * inCluster +
    w.geography * sameRegion
  );
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
