/**
 * A suggestion in words and figures: the parts of its score (combinedParts of scoring.ts, or the learned
 * model's contributions), its neighbourhood scores, common partners per layer, and one sentence that says
 * why — common partners, shared platforms or spheres, kind complementarity, cluster, region.
 */
import { pairFeatures, preparedFor } from './features.ts';
import { commonPartners, countCommon, jaccardFrom } from './link-prediction.ts';
import { probabilityOf, type LearnedScorer } from './model.ts';
import { combinedParts, type ScoringContext } from './scoring.ts';
import type { PlatformInfo, ScoreBuffers } from './suggestion-index.ts';

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
export function platformNameMap(platforms: PlatformInfo[]): Map<string, string> {
  let names = platformNames.get(platforms);
  if (!names) platformNames.set(platforms, (names = new Map(platforms.map((p) => [p.id, p.name]))));
  return names;
}

export function describeSuggestion(
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
  let parts: Record<string, number> = combinedParts(
    weights,
    p.adamicAdar[v]!,
    sharedPlatforms.length,
    buffers.sharedSphere[v]!,
    set.kindPart[kindPair]!,
    sharedClusters.length > 0 ? 1 : 0,
    sameRegion ? 1 : 0,
  );
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
