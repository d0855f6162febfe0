/**
 * The features of a candidate pair (u, v) for the learned scorer (model.ts), in the spirit of Neo4j GDS
 * link-prediction pipelines and Lichtenwalter et al. 2010 ("New perspectives and methods in link
 * prediction"): the four neighbourhood scores of Liben-Nowell & Kleinberg 2007 over the chosen layers and
 * in each layer, the degrees, shared platforms and spheres, the kind pair (its tie lift in the network
 * the features are computed on), a shared cluster and the same region.
 *
 * The proximity scores enter as logarithms where they are positive (0 otherwise), beside an indicator
 * of a common partner (over all layers and per layer): a tie's odds then follow a power of the score,
 * as closure does (the chance of meeting through partners grows with their number, not exponentially).
 * Degrees enter as log(1 + d) of the less and the better connected of the two and their product
 * (symmetric in u and v). The attribute features also enter multiplied by the common-partner indicator:
 * ties form by closure or by attributes, a mixture an additive logit cannot express otherwise. One
 * function (`pairFeatures`) computes them for the fit, the evaluation and the suggestions, so a pair has
 * the same floats on every path.
 */
import { ProximityScores, proximityFrom, type NeighbourIndex } from './link-prediction.ts';
import type { ScoringContext } from './scoring.ts';
import {
  sameMunicipality,
  sameValue,
  valueDistance,
  type ParticipantDetails,
} from './participant-attributes.ts';
import type { ScoreBuffers } from './suggestion-index.ts';

/** Which part of the score (`parts`) a feature adds to. */
export type FeatureGroup =
  'network' | 'degrees' | 'platforms' | 'spheres' | 'kinds' | 'cluster' | 'geography' | 'attributes';

export interface FeatureSpec {
  /** Machine names: `adamic-adar`, `adamic-adar:rnd`, `degree-min` … */
  names: string[];
  /** Words for the explanations. */
  labels: string[];
  groups: FeatureGroup[];
  /** Layers with their own proximity features (none when only one layer is chosen). */
  perLayer: string[];
  /** Positions of the features a pair sharing nothing with u can have non-zero (`untouchedScore`). */
  at: {
    degreeMin: number;
    degreeMax: number;
    degreeProduct: number;
    kinds: number;
    cluster: number;
    region: number;
    /** −1 when the participants have no municipality. */
    municipality: number;
    /** The first of the categorical then numeric free-attribute features (details.categorical, .numeric). */
    attributes: number;
  };
  /** The municipalities and free attributes the features compare (those of the network's index). */
  details: ParticipantDetails;
}

const PROXIMITY = [
  ['common-neighbours', 'common partners'],
  ['jaccard', 'Jaccard overlap of partners'],
  ['adamic-adar', 'Adamic–Adar'],
  ['resource-allocation', 'resource allocation'],
] as const;

const NO_DETAILS: ParticipantDetails = { municipality: null, categorical: [], numeric: [] };

export function featureSpec(layers: string[], details: ParticipantDetails = NO_DETAILS): FeatureSpec {
  const names: string[] = [];
  const labels: string[] = [];
  const groups: FeatureGroup[] = [];
  const add = (name: string, label: string, group: FeatureGroup) => {
    names.push(name);
    labels.push(label);
    groups.push(group);
  };
  for (const [name, label] of PROXIMITY) add(name, `${label} over all layers`, 'network');
  add('resource-allocation-3', 'resource allocation over three steps, without a common partner', 'network');
  const perLayer = layers.length > 1 ? [...layers].sort() : [];
  for (const layer of perLayer) {
    add(`near:${layer}`, `a common partner in ${layer}`, 'network');
    for (const [name, label] of PROXIMITY) add(`${name}:${layer}`, `${label} in ${layer}`, 'network');
  }
  add('degree-min', 'partners of the less connected one', 'degrees');
  add('degree-max', 'partners of the better connected one', 'degrees');
  add('degree-product', 'partners of one times partners of the other', 'degrees');
  add('platforms', 'shared platforms', 'platforms');
  add('sphere', 'platforms of the same sphere', 'spheres');
  add('kinds', 'kind pair', 'kinds');
  add('cluster', 'shared cluster', 'cluster');
  add('region', 'same region', 'geography');
  if (details.municipality) add('municipality', 'same municipality', 'geography');
  const attributesAt = names.length;
  for (const { name } of details.categorical) add(`same:${name}`, `the same ${name}`, 'attributes');
  for (const { name } of details.numeric) add(`distance:${name}`, `the difference in ${name}`, 'attributes');
  // The same with a common partner: ties may form by closure or by attributes (a mixture, which an
  // additive logit cannot express); these let a shared partner change what the attributes weigh.
  add('near', 'a common partner', 'network');
  add('near*degree-min', 'partners of the less connected one, with a common partner', 'degrees');
  add('near*degree-max', 'partners of the better connected one, with a common partner', 'degrees');
  add('near*platforms', 'shared platforms, with a common partner', 'platforms');
  add('near*kinds', 'kind pair, with a common partner', 'kinds');
  add('near*cluster', 'shared cluster, with a common partner', 'cluster');
  add('near*region', 'same region, with a common partner', 'geography');
  const at = {
    degreeMin: names.indexOf('degree-min'),
    degreeMax: names.indexOf('degree-max'),
    degreeProduct: names.indexOf('degree-product'),
    kinds: names.indexOf('kinds'),
    cluster: names.indexOf('cluster'),
    region: names.indexOf('region'),
    municipality: names.indexOf('municipality'),
    attributes: attributesAt,
  };
  return { names, labels, groups, perLayer, at, details };
}

/** Per-layer proximity buffers, kept beside the ScoreBuffers of an index. */
const layerBuffers = new WeakMap<ScoreBuffers, Map<string, ProximityScores>>();

function layerProximity(buffers: ScoreBuffers, layer: string): ProximityScores {
  let map = layerBuffers.get(buffers);
  if (!map) layerBuffers.set(buffers, (map = new Map()));
  let p = map.get(layer);
  if (!p) map.set(layer, (p = new ProximityScores(buffers.proximity.size)));
  return p;
}

/**
 * Resource allocation over three steps from u (the paths u–w–x–v weighted 1 / (deg w · deg x), the same
 * from either end): where a pair has no common partner, how easily two new ties could close it — what
 * orders the many such pairs on networks that grow by closure (on the development networks of triadic
 * closure it raised the model's AUC from about 0.86 to 0.89–0.90, docs/suggestions.md). `reached` lists
 * the participants with a positive value (they are scored one by one, best-candidates.ts).
 */
export interface ThreeSteps {
  twoSteps: Float64Array;
  ra3: Float64Array;
  reached: Int32Array;
  count: number;
}

const threeStepBuffers = new WeakMap<ScoreBuffers, ThreeSteps>();

/** The three-step buffers of `buffers`, as the last `prepareFeatures` filled them. */
export function threeStepsOf(buffers: ScoreBuffers): ThreeSteps {
  let t = threeStepBuffers.get(buffers);
  if (!t) {
    const n = buffers.excluded.length;
    t = { twoSteps: new Float64Array(n), ra3: new Float64Array(n), reached: new Int32Array(n), count: 0 };
    threeStepBuffers.set(buffers, t);
  }
  return t;
}

function threeStepsFrom(rows: NeighbourIndex, u: number, t: ThreeSteps): void {
  const { twoSteps, ra3, reached } = t;
  twoSteps.fill(0);
  ra3.fill(0);
  t.count = 0;
  const { offsets, targets } = rows;
  for (let a = offsets[u]!; a < offsets[u + 1]!; a++) {
    const w = targets[a]!;
    const share = 1 / (offsets[w + 1]! - offsets[w]!);
    for (let k = offsets[w]!; k < offsets[w + 1]!; k++) twoSteps[targets[k]!]! += share;
  }
  for (let x = 0; x < twoSteps.length; x++) {
    const through = twoSteps[x]!;
    if (through === 0) continue;
    const share = through / (offsets[x + 1]! - offsets[x]!);
    for (let k = offsets[x]!; k < offsets[x + 1]!; k++) {
      const v = targets[k]!;
      if (ra3[v] === 0) reached[t.count++] = v;
      ra3[v]! += share;
    }
  }
}

/** What `pairFeatures` reads for one u, filled by `prepareFeatures`. */
export interface PreparedU {
  u: number;
  /** Resource allocation over three steps from u (`ThreeSteps`). */
  ra3: Float64Array;
  layerRows: NeighbourIndex[];
  layerScores: ProximityScores[];
  logDegU: number;
  kindRow: number;
  region: number;
  details: ParticipantDetails;
}

/**
 * Fills the buffers for participant u: proximity over the chosen layers and in each layer, shared
 * platforms and spheres, u's platforms and clusters, and the excluded candidates (u and its partners).
 * Writes everywhere (like `scoreAll`), so the next `bestCandidates` clears everything.
 */
export function prepareFeatures(
  ctx: ScoringContext,
  spec: FeatureSpec,
  u: number,
  buffers: ScoreBuffers,
): PreparedU {
  const { base, set } = ctx;
  const rows = set.rows;
  buffers.filledByScoreAll = true;
  proximityFrom(rows, u, buffers.proximity);
  threeStepsFrom(rows, u, threeStepsOf(buffers));
  for (const l of spec.perLayer) proximityFrom(base.layers.get(l)!, u, layerProximity(buffers, l));
  const { sharedPlatforms, sharedSphere, platformMark, sphereMark, clusterMark, excluded } = buffers;
  sharedPlatforms.fill(0);
  sharedSphere.fill(0);
  platformMark.fill(0);
  sphereMark.fill(0);
  for (let k = base.platformOffsets[u]!; k < base.platformOffsets[u + 1]!; k++) {
    const f = base.platformTargets[k]!;
    platformMark[f] = 1;
    sphereMark[ctx.sphereOf[f]!] = 1;
    for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++)
      sharedPlatforms[base.memberTargets[m]!]!++;
  }
  if (base.platformOffsets[u + 1]! > base.platformOffsets[u]!) {
    for (let f = 0; f < base.platformNames.length; f++) {
      if (platformMark[f] === 1 || sphereMark[ctx.sphereOf[f]!] === 0) continue;
      for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++)
        sharedSphere[base.memberTargets[m]!] = 1;
    }
  }
  clusterMark.fill(0);
  for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++)
    clusterMark[base.clusterTargets[k]!] = 1;
  excluded.fill(0);
  excluded[u] = 1;
  for (let k = rows.offsets[u]!; k < rows.offsets[u + 1]!; k++) excluded[rows.targets[k]!] = 1;
  return preparedFor(ctx, spec, u, buffers);
}

/** The PreparedU of buffers that `prepareFeatures` already filled for u (nothing is recomputed). */
export function preparedFor(
  ctx: ScoringContext,
  spec: FeatureSpec,
  u: number,
  buffers: ScoreBuffers,
): PreparedU {
  const { base, set } = ctx;
  const rows = set.rows;
  return {
    u,
    ra3: threeStepsOf(buffers).ra3,
    layerRows: spec.perLayer.map((l) => base.layers.get(l)!),
    layerScores: spec.perLayer.map((l) => layerProximity(buffers, l)),
    logDegU: Math.log1p(rows.offsets[u + 1]! - rows.offsets[u]!),
    kindRow: base.kind[u]! * base.kindNames.length,
    region: base.region[u]!,
    details: spec.details,
  };
}

/** The features of (u, v) into `out` (length spec.names.length), from buffers prepared for u. */
export function pairFeatures(
  ctx: ScoringContext,
  prepared: PreparedU,
  buffers: ScoreBuffers,
  v: number,
  out: Float64Array,
): void {
  const { base, set } = ctx;
  const rows = set.rows;
  const p = buffers.proximity;
  const u = prepared.u;
  let j = 0;
  const degV = rows.offsets[v + 1]! - rows.offsets[v]!;
  const degU = rows.offsets[u + 1]! - rows.offsets[u]!;
  j = proximityInto(out, j, p, v, degU, degV);
  const ra3 = prepared.ra3[v]!;
  out[j++] = p.common[v]! === 0 && ra3 > 0 ? Math.log(ra3) : 0;
  for (let l = 0; l < prepared.layerRows.length; l++) {
    const r = prepared.layerRows[l]!;
    out[j++] = prepared.layerScores[l]!.common[v]! > 0 ? 1 : 0;
    j = proximityInto(
      out,
      j,
      prepared.layerScores[l]!,
      v,
      r.offsets[u + 1]! - r.offsets[u]!,
      r.offsets[v + 1]! - r.offsets[v]!,
    );
  }
  const logDegV = Math.log1p(degV);
  const logMin = Math.min(prepared.logDegU, logDegV);
  const logMax = Math.max(prepared.logDegU, logDegV);
  out[j++] = logMin;
  out[j++] = logMax;
  out[j++] = prepared.logDegU * logDegV;
  out[j++] = Math.log1p(buffers.sharedPlatforms[v]!);
  out[j++] = buffers.sharedSphere[v]!;
  out[j++] = set.kindPart[prepared.kindRow + base.kind[v]!]!;
  let inCluster = 0;
  for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
    if (buffers.clusterMark[base.clusterTargets[k]!] === 1) {
      inCluster = 1;
      break;
    }
  out[j++] = inCluster;
  const sameRegion = base.region[v] === prepared.region ? 1 : 0;
  out[j++] = sameRegion;
  j = detailsInto(prepared.details, u, v, out, j);
  const near = p.common[v]! > 0 ? 1 : 0;
  out[j++] = near;
  out[j++] = near * logMin;
  out[j++] = near * logMax;
  out[j++] = near * Math.log1p(buffers.sharedPlatforms[v]!);
  out[j++] = near * set.kindPart[prepared.kindRow + base.kind[v]!]!;
  out[j++] = near * inCluster;
  out[j++] = near * sameRegion;
}

/** The municipality and free-attribute features of (u, v) from position j; the next position. */
function detailsInto(d: ParticipantDetails, u: number, v: number, out: Float64Array, j: number): number {
  if (d.municipality) out[j++] = sameMunicipality(d, u, v);
  for (let k = 0; k < d.categorical.length; k++) out[j++] = sameValue(d, k, u, v);
  for (let k = 0; k < d.numeric.length; k++) out[j++] = valueDistance(d, k, u, v);
  return j;
}

function proximityInto(
  out: Float64Array,
  j: number,
  p: ProximityScores,
  v: number,
  degU: number,
  degV: number,
): number {
  const common = p.common[v]!;
  if (common === 0) {
    out[j] = 0;
    out[j + 1] = 0;
    out[j + 2] = 0;
    out[j + 3] = 0;
    return j + 4;
  }
  out[j] = Math.log(common);
  out[j + 1] = Math.log(common / (degU + degV - common));
  out[j + 2] = Math.log(p.adamicAdar[v]!);
  out[j + 3] = Math.log(p.resourceAllocation[v]!);
  return j + 4;
}

/**
 * Σ coefficient · feature for a pair sharing nothing with u (`untouched`: no common partner, platform
 * or sphere, and no path of three steps): only the degrees, the kind
 * pair, a shared cluster and the region can be non-zero. The same products added in the same order as
 * `pairFeatures` then a dot product over all features (a zero term leaves a sum unchanged), so the
 * float is the same; test/unit/best-candidates.test.ts checks it against scoring everyone in full.
 */
export function untouchedScore(
  ctx: ScoringContext,
  spec: FeatureSpec,
  coefficients: Float64Array,
  prepared: PreparedU,
  clusterMark: Uint8Array,
  v: number,
): number {
  const { base, set } = ctx;
  let inCluster = 0;
  for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
    if (clusterMark[base.clusterTargets[k]!] === 1) {
      inCluster = 1;
      break;
    }
  let s = classScore(
    ctx,
    spec,
    coefficients,
    prepared,
    set.rows.offsets[v + 1]! - set.rows.offsets[v]!,
    base.kind[v]!,
    inCluster,
    base.region[v] === prepared.region ? 1 : 0,
  );
  const d = spec.details;
  const u = prepared.u;
  let j = spec.at.attributes;
  if (d.municipality) s += coefficients[spec.at.municipality]! * sameMunicipality(d, u, v);
  for (let k = 0; k < d.categorical.length; k++) s += coefficients[j++]! * sameValue(d, k, u, v);
  for (let k = 0; k < d.numeric.length; k++) s += coefficients[j++]! * valueDistance(d, k, u, v);
  return s;
}

/**
 * The part of `untouchedScore` that a class of candidates shares: degree, kind, a shared cluster and the
 * region. Without municipalities and free attributes it is the whole of it (the same float), so that
 * every member of a degree class scores alike (degree-classes.ts).
 */
export function classScore(
  ctx: ScoringContext,
  spec: FeatureSpec,
  coefficients: Float64Array,
  prepared: PreparedU,
  degreeV: number,
  kindV: number,
  inCluster: number,
  sameRegion: number,
): number {
  const at = spec.at;
  const logDegV = Math.log1p(degreeV);
  let s = 0;
  s += coefficients[at.degreeMin]! * Math.min(prepared.logDegU, logDegV);
  s += coefficients[at.degreeMax]! * Math.max(prepared.logDegU, logDegV);
  s += coefficients[at.degreeProduct]! * (prepared.logDegU * logDegV);
  s += coefficients[at.kinds]! * ctx.set.kindPart[prepared.kindRow + kindV]!;
  s += coefficients[at.cluster]! * inCluster;
  s += coefficients[at.region]! * sameRegion;
  return s;
}

/** Whether participants have municipalities or free attributes (features that vary within a class). */
export const hasDetails = (d: ParticipantDetails): boolean =>
  d.municipality !== null || d.categorical.length > 0 || d.numeric.length > 0;
