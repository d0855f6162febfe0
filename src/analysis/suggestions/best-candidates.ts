/**
 * The best `limit` candidates for one participant, without scoring all n participants.
 *
 * Most candidates share no partner, no platform and no sphere with u. Their combined score is then
 * the attribute part alone — kind complementarity, a shared cluster, the same region — which takes one
 * value per class of candidates. So a request
 *
 * 1. scores one by one every candidate reached through u's partners' partners (network proximity),
 *    through u's platforms and through platforms of u's spheres (the candidates "touched"; for the
 *    learned scorer also those three steps away, whose resource allocation over three steps differs);
 * 2. takes the other members of u's clusters by (cluster, kind, region) class, and
 * 3. everyone else by (kind, region) class: all members of a class score alike and ties go by id, so
 *    only a class's first `limit` eligible members by id can reach the top, and a class is walked only
 *    until it has given them or can no longer beat the current top. (With a cluster filter, only members
 *    of the chosen clusters can be suggested: they are scored one by one instead.)
 *
 * The work is proportional to u's two-step neighbourhood (three-step for the learned scorer), its
 * platforms' members and the number of classes, not to n. The ranking equals that of scoring everyone (`scoreAll`) exactly — the
 * scores come from the same `combine` — which test/unit/best-candidates.test.ts checks on random networks.
 */
import { degreeClasses, type DegreeSegments } from './degree-classes.ts';
import {
  classScore,
  hasDetails,
  pairFeatures,
  prepareFeatures,
  threeStepsOf,
  untouchedScore,
  type PreparedU,
} from './features.ts';
import { proximityFrom, type Scorer } from './link-prediction.ts';
import { learnedScore, type LearnedScorer } from './model.ts';
import { combine, type ScoringContext } from './scoring.ts';
import type { ScoreBuffers } from './suggestion-index.ts';

/** Which candidates may be suggested: allowed kind, region and cluster codes (undefined: any). */
export interface CandidateFilter {
  kinds?: Uint8Array;
  regions?: Uint8Array;
  clusters?: Uint8Array;
}

export interface BestCandidates {
  /** Candidate indices, best first (score descending, then index = id order). */
  indices: number[];
  /** The ranking score of each (the chosen scorer). */
  scores: number[];
  /** The combined score of each. */
  combined: number[];
}

/** A short list kept sorted by score (descending) and index (ascending). */
class TopList {
  readonly indices: number[] = [];
  readonly scores: number[] = [];
  /** `positiveOnly`: scores of 0 or less never enter (the fixed-weight and single scores). */
  constructor(
    readonly limit: number,
    readonly positiveOnly = true,
  ) {}

  get full(): boolean {
    return this.indices.length === this.limit;
  }

  /** Could a candidate with this score enter the list? (With the lowest index possible.) */
  admits(score: number): boolean {
    return (score > 0 || !this.positiveOnly) && (!this.full || score >= this.scores[this.limit - 1]!);
  }

  /** Adds v if it ranks among the best `limit`; false when it does not. */
  offer(v: number, score: number): boolean {
    if (this.positiveOnly ? !(score > 0) : !(score > -Infinity)) return false;
    const n = this.indices.length;
    if (n === this.limit) {
      const last = this.scores[n - 1]!;
      if (score < last || (score === last && v > this.indices[n - 1]!)) return false;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.scores[mid]!;
      if (s > score || (s === score && this.indices[mid]! < v)) lo = mid + 1;
      else hi = mid;
    }
    this.indices.splice(lo, 0, v);
    this.scores.splice(lo, 0, score);
    if (this.indices.length > this.limit) {
      this.indices.pop();
      this.scores.pop();
    }
    return true;
  }
}

function clear(buffers: ScoreBuffers): void {
  if (buffers.filledByScoreAll) {
    buffers.sharedPlatforms.fill(0);
    buffers.sharedSphere.fill(0);
    buffers.excluded.fill(0);
    buffers.scored.fill(0);
    buffers.filledByScoreAll = false;
  } else {
    for (let k = 0; k < buffers.dirtyCount; k++) {
      const v = buffers.dirty[k]!;
      buffers.sharedPlatforms[v] = 0;
      buffers.sharedSphere[v] = 0;
      buffers.excluded[v] = 0;
      buffers.scored[v] = 0;
    }
  }
  buffers.dirtyCount = 0;
}

/**
 * The best `limit` candidates for participant u by `scorer` among those the filter allows. Leaves u's
 * proximity scores, shared platforms and spheres in `buffers` for the explanations.
 */
export function bestCandidates(
  ctx: ScoringContext,
  u: number,
  buffers: ScoreBuffers,
  limit: number,
  scorer: Scorer | 'combined',
  filter: CandidateFilter,
): BestCandidates {
  return new CandidateSearch(ctx, u, buffers, limit, scorer, filter).run();
}

/**
 * One search, as an object with methods rather than closures: the API runs thousands a second, and
 * closures made per call cost their allocation (and, under tsx, a name-setting call each).
 */
class CandidateSearch {
  private readonly top: TopList;
  private readonly p: ScoreBuffers['proximity'];
  private readonly rows: ScoringContext['set']['rows'];
  /** Row of u's kind in the kind-pair tables. */
  private readonly ku: number;
  private readonly ru: number;

  constructor(
    private readonly ctx: ScoringContext,
    private readonly u: number,
    private readonly buffers: ScoreBuffers,
    private readonly limit: number,
    private readonly scorer: Scorer | 'combined',
    private readonly filter: CandidateFilter,
  ) {
    this.top = new TopList(limit);
    this.p = buffers.proximity;
    this.rows = ctx.set.rows;
    this.ku = ctx.base.kind[u]! * ctx.base.kindNames.length;
    this.ru = ctx.base.region[u]!;
  }

  run(): BestCandidates {
    const { ctx, u, buffers, rows, p, filter, scorer, top } = this;
    const { base, weights } = ctx;
    const { sharedPlatforms, sharedSphere, excluded, dirty } = buffers;
    clear(buffers);
    proximityFrom(rows, u, p);
    this.touch(u);
    excluded[u] = 1;
    for (let k = rows.offsets[u]!; k < rows.offsets[u + 1]!; k++) {
      this.touch(rows.targets[k]!);
      excluded[rows.targets[k]!] = 1;
    }
    const { sphereMark, platformMark } = buffers;
    sphereMark.fill(0);
    platformMark.fill(0);
    for (let k = base.platformOffsets[u]!; k < base.platformOffsets[u + 1]!; k++) {
      const f = base.platformTargets[k]!;
      platformMark[f] = 1;
      sphereMark[ctx.sphereOf[f]!] = 1;
      for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++) {
        const v = base.memberTargets[m]!;
        this.touch(v);
        sharedPlatforms[v]!++;
      }
    }
    if (weights.spheres !== 0 && base.platformOffsets[u + 1]! > base.platformOffsets[u]!) {
      for (let f = 0; f < base.platformNames.length; f++) {
        if (platformMark[f] === 1 || sphereMark[ctx.sphereOf[f]!] === 0) continue;
        for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++) {
          const v = base.memberTargets[m]!;
          this.touch(v);
          sharedSphere[v] = 1;
        }
      }
    }
    const clusterMark = buffers.clusterMark;
    clusterMark.fill(0);
    for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++)
      clusterMark[base.clusterTargets[k]!] = 1;

    // 1. Candidates with common partners; with a single proximity scorer nobody else scores above 0.
    for (let k = 0; k < p.count; k++) this.consider(p.touched[k]!);
    if (scorer === 'combined') {
      // Candidates on u's platforms or on platforms of u's spheres (the dirty list holds them, and more).
      for (let k = 0, end = buffers.dirtyCount; k < end; k++) {
        const v = dirty[k]!;
        if (sharedPlatforms[v]! > 0 || sharedSphere[v] === 1) this.consider(v);
      }
      if (filter.clusters) {
        // Only members of the chosen clusters may be suggested: score them all.
        for (let c = 0; c < filter.clusters.length; c++) {
          if (filter.clusters[c] !== 1) continue;
          for (let m = base.clusterMemberOffsets[c]!; m < base.clusterMemberOffsets[c + 1]!; m++)
            this.consider(base.clusterMemberTargets[m]!);
        }
      } else {
        this.walkClasses();
      }
    }
    const combined = top.indices.map((v, i) => (scorer === 'combined' ? top.scores[i]! : this.combinedOf(v)));
    return { indices: top.indices, scores: top.scores, combined };
  }

  /** Steps 2 and 3: u's cluster mates by (cluster, kind, region) class, everyone else by (kind, region). */
  private walkClasses(): void {
    const { ctx, u, filter, ku, ru } = this;
    const { base, set, weights } = ctx;
    const K = base.kindNames.length;
    const R = base.regionNames.length;
    const KR = K * R;
    for (let kv = 0; kv < K; kv++) {
      if (filter.kinds && filter.kinds[kv] !== 1) continue;
      const kindPart = set.kindPart[ku + kv]!;
      for (let r = 0; r < R; r++) {
        if (filter.regions && filter.regions[r] !== 1) continue;
        const sameRegion = r === ru ? 1 : 0;
        // 2. u's cluster mates of this kind and region (a mate in two of u's clusters is offered once).
        const inside = combine(weights, 0, 0, 0, kindPart, 1, sameRegion);
        for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++) {
          const row = base.clusterTargets[k]! * KR + kv * R + r;
          this.walk(
            base.clusterClassTargets,
            base.clusterClassOffsets[row]!,
            base.clusterClassOffsets[row + 1]!,
            inside,
            false,
          );
        }
        // 3. Everyone else of this kind and region: the kind part, and geography in u's region.
        const row = kv * R + r;
        const outside = combine(weights, 0, 0, 0, kindPart, 0, sameRegion);
        this.walk(base.classTargets, base.classOffsets[row]!, base.classOffsets[row + 1]!, outside, true);
      }
    }
  }

  /**
   * Offers the first `limit` members of one class list not scored yet, all with `score`. Members come
   * by id with equal scores: once one is refused, so are the rest. `skipClusterMates` leaves out u's
   * cluster mates, who belong to a (cluster, kind, region) class instead.
   */
  private walk(
    targets: Int32Array,
    from: number,
    to: number,
    score: number,
    skipClusterMates: boolean,
  ): void {
    const { top, limit } = this;
    const { excluded, scored } = this.buffers;
    if (!top.admits(score)) return;
    let taken = 0;
    for (let m = from; m < to && taken < limit; m++) {
      const v = targets[m]!;
      if (
        excluded[v] === 1 ||
        scored[v] === 1 ||
        (skipClusterMates && sharesCluster(this.ctx.base, this.buffers.clusterMark, v))
      )
        continue;
      this.touch(v);
      scored[v] = 1;
      if (!top.offer(v, score)) break;
      taken++;
    }
  }

  /** Records that v's entries in the buffers are about to be set, so that the next search clears them. */
  private touch(v: number): void {
    const b = this.buffers;
    if (b.sharedPlatforms[v] === 0 && b.sharedSphere[v] === 0 && b.excluded[v] === 0 && b.scored[v] === 0)
      b.dirty[b.dirtyCount++] = v;
  }

  /** Scores v one by one, once. */
  private consider(v: number): void {
    const { excluded, scored } = this.buffers;
    if (excluded[v] === 1 || scored[v] === 1) return;
    this.touch(v);
    scored[v] = 1;
    if (this.allowed(v)) this.top.offer(v, this.scoreOf(v));
  }

  private allowed(v: number): boolean {
    const { filter } = this;
    const { base } = this.ctx;
    if (filter.kinds && filter.kinds[base.kind[v]!] !== 1) return false;
    if (filter.regions && filter.regions[base.region[v]!] !== 1) return false;
    if (filter.clusters) {
      for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
        if (filter.clusters[base.clusterTargets[k]!] === 1) return true;
      return false;
    }
    return true;
  }

  private combinedOf(v: number): number {
    return fixedWeightsScore(this.ctx, this.buffers, this.u, v, this.p.adamicAdar[v]!);
  }

  private scoreOf(v: number): number {
    const p = this.p;
    switch (this.scorer) {
      case 'combined':
        return this.combinedOf(v);
      case 'common-neighbours':
        return p.common[v]!;
      case 'adamic-adar':
        return p.adamicAdar[v]!;
      case 'resource-allocation':
        return p.resourceAllocation[v]!;
      case 'jaccard': {
        const { rows, u } = this;
        const union = rows.offsets[u + 1]! - rows.offsets[u]! + rows.offsets[v + 1]! - rows.offsets[v]!;
        return p.common[v]! / (union - p.common[v]!);
      }
    }
  }
}

function allowedBy(ctx: ScoringContext, filter: CandidateFilter, v: number): boolean {
  const { base } = ctx;
  if (filter.kinds && filter.kinds[base.kind[v]!] !== 1) return false;
  if (filter.regions && filter.regions[base.region[v]!] !== 1) return false;
  if (filter.clusters) {
    for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
      if (filter.clusters[base.clusterTargets[k]!] === 1) return true;
    return false;
  }
  return true;
}

/**
 * The best `limit` candidates for u by a learned scorer, best first, ties by index, exactly as scoring
 * every candidate the filter allows would rank them. Those sharing a partner, platform or sphere with u
 * are scored on all their features; the others (most of them) can differ only in degree, kind, cluster
 * and region — so they are taken by degree class (degree-classes.ts), one score per class and only the
 * first `limit` members of a class by index, as `bestCandidates` takes the fixed weights' classes. Where
 * participants have municipalities or free attributes, or with a cluster filter, the others are scored
 * one by one (`untouchedScore`: the same floats). Leaves u's features prepared in `buffers` for the
 * explanations. `scores` are the learned scores (logit − intercept); `combined` holds the same.
 */
export function bestLearned(
  ctx: ScoringContext,
  scorer: LearnedScorer,
  u: number,
  buffers: ScoreBuffers,
  limit: number,
  filter: CandidateFilter,
): BestCandidates {
  const prepared = prepareFeatures(ctx, scorer.spec, u, buffers);
  const search = new LearnedSearch(ctx, scorer, prepared, buffers, limit, filter);
  if (filter.clusters || hasDetails(scorer.spec.details)) search.scoreEveryone();
  else search.byClasses();
  const { top } = search;
  return { indices: top.indices, scores: top.scores, combined: top.scores };
}

/** One learned search (an object rather than closures: the API runs thousands a second). */
class LearnedSearch {
  readonly top: TopList;
  private readonly x: Float64Array;

  constructor(
    private readonly ctx: ScoringContext,
    private readonly scorer: LearnedScorer,
    private readonly prepared: PreparedU,
    private readonly buffers: ScoreBuffers,
    private readonly limit: number,
    private readonly filter: CandidateFilter,
  ) {
    this.top = new TopList(limit, false);
    this.x = new Float64Array(scorer.spec.names.length);
  }

  /** Every allowed candidate, one by one. */
  scoreEveryone(): void {
    const { ctx, buffers, filter, top } = this;
    const { excluded, clusterMark, sharedPlatforms, sharedSphere } = buffers;
    const common = buffers.proximity.common;
    const { ra3 } = this.prepared;
    const { spec, coefficients } = this.scorer;
    for (let v = 0; v < ctx.base.ids.length; v++) {
      if (excluded[v] === 1 || !allowedBy(ctx, filter, v)) continue;
      if (common[v] === 0 && ra3[v] === 0 && sharedPlatforms[v] === 0 && sharedSphere[v] === 0)
        top.offer(v, untouchedScore(ctx, spec, coefficients, this.prepared, clusterMark, v));
      else this.offerTouched(v);
    }
  }

  /** The candidates sharing something with u one by one, the others by degree class. */
  byClasses(): void {
    const { ctx, buffers, prepared } = this;
    const { base } = ctx;
    const { scored, platformMark, sphereMark } = buffers;
    // `prepareFeatures` does not clear `scored`; it marks here who was offered already.
    scored.fill(0);
    const p = buffers.proximity;
    for (let k = 0; k < p.count; k++) this.consider(p.touched[k]!);
    // Three steps away: their resource allocation over three steps tells them apart.
    const three = threeStepsOf(buffers);
    for (let k = 0; k < three.count; k++) this.consider(three.reached[k]!);
    for (let f = 0; f < base.platformNames.length; f++) {
      if (platformMark[f] === 0 && sphereMark[ctx.sphereOf[f]!] === 0) continue;
      // u's platforms (shared platforms) and the other platforms of u's spheres (a shared sphere).
      for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++)
        this.consider(base.memberTargets[m]!);
    }
    const { classes, clusterClasses } = degreeClasses(base, ctx.set);
    const K = base.kindNames.length;
    const R = base.regionNames.length;
    const u = prepared.u;
    for (let kv = 0; kv < K; kv++) {
      if (this.filter.kinds && this.filter.kinds[kv] !== 1) continue;
      for (let r = 0; r < R; r++) {
        if (this.filter.regions && this.filter.regions[r] !== 1) continue;
        const sameRegion = r === prepared.region ? 1 : 0;
        // u's cluster mates of this kind and region (a mate in two of u's clusters is offered once) …
        for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++)
          this.walkRow(clusterClasses, (base.clusterTargets[k]! * K + kv) * R + r, kv, 1, sameRegion);
        // … then everyone else of this kind and region.
        this.walkRow(classes, kv * R + r, kv, 0, sameRegion);
      }
    }
  }

  /** The segments of one class row: each scored once, its first eligible members offered by index. */
  private walkRow(
    classes: DegreeSegments,
    row: number,
    kind: number,
    inCluster: number,
    sameRegion: number,
  ): void {
    const { ctx, top, limit } = this;
    const { excluded, scored, clusterMark } = this.buffers;
    const { spec, coefficients } = this.scorer;
    const { base } = ctx;
    for (let s = classes.rowSegments[row]!; s < classes.rowSegments[row + 1]!; s++) {
      const score = classScore(
        ctx,
        spec,
        coefficients,
        this.prepared,
        classes.segmentDegree[s]!,
        kind,
        inCluster,
        sameRegion,
      );
      if (!top.admits(score)) continue;
      let taken = 0;
      for (let m = classes.segmentStart[s]!; m < classes.segmentStart[s + 1]! && taken < limit; m++) {
        const v = classes.members[m]!;
        if (excluded[v] === 1 || scored[v] === 1) continue;
        // In the list of everyone of a kind and region, u's cluster mates come by their cluster's list.
        if (inCluster === 0 && sharesCluster(base, clusterMark, v)) continue;
        scored[v] = 1;
        if (!top.offer(v, score)) break;
        taken++;
      }
    }
  }

  /** A candidate sharing a partner, platform or sphere with u, or three steps away: scored on all features, once. */
  private consider(v: number): void {
    const { excluded, scored } = this.buffers;
    if (excluded[v] === 1 || scored[v] === 1) return;
    scored[v] = 1;
    if (allowedBy(this.ctx, this.filter, v)) this.offerTouched(v);
  }

  private offerTouched(v: number): void {
    pairFeatures(this.ctx, this.prepared, this.buffers, v, this.x);
    this.top.offer(v, learnedScore(this.scorer, this.x));
  }
}

/** The fixed weights' score (`combined`) of the pair (u, v), with their Adamic–Adar given. */
function fixedWeightsScore(
  ctx: ScoringContext,
  buffers: ScoreBuffers,
  u: number,
  v: number,
  adamicAdar: number,
): number {
  const { base, set, weights } = ctx;
  return combine(
    weights,
    adamicAdar,
    buffers.sharedPlatforms[v]!,
    buffers.sharedSphere[v]!,
    set.kindPart[base.kind[u]! * base.kindNames.length + base.kind[v]!]!,
    sharesCluster(base, buffers.clusterMark, v) ? 1 : 0,
    base.region[v] === base.region[u] ? 1 : 0,
  );
}

function sharesCluster(base: ScoringContext['base'], clusterMark: Uint8Array, v: number): boolean {
  for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
    if (clusterMark[base.clusterTargets[k]!] === 1) return true;
  return false;
}

/**
 * The best `limit` candidates for u by a single score with its ties broken by a learned scorer (the
 * model's fallback with `tieBreak`; tie-break.ts), best first, exactly as ranking every candidate the
 * filter allows by (score, then learned score, then index) would: every candidate the score rates
 * above 0 (u's partners' partners) is taken and ordered by both; the rest all score 0 and follow in the
 * learned scorer's order (`bestLearned`, asked for enough to skip those already taken). `scores` are
 * the single score's, `combined` the fixed weights'. Leaves u's features prepared in `buffers` for
 * the explanations.
 */
export function bestTieBroken(
  ctx: ScoringContext,
  learned: LearnedScorer,
  u: number,
  buffers: ScoreBuffers,
  limit: number,
  scorer: Scorer,
  filter: CandidateFilter,
): BestCandidates {
  const n = ctx.base.ids.length;
  const positive = bestCandidates(ctx, u, buffers, n, scorer, filter);
  const combinedOf = new Map(positive.indices.map((v, i) => [v, positive.combined[i]!]));
  const prepared = prepareFeatures(ctx, learned.spec, u, buffers);
  const x = new Float64Array(learned.spec.names.length);
  const ranked = positive.indices.map((v, i) => {
    pairFeatures(ctx, prepared, buffers, v, x);
    return { v, score: positive.scores[i]!, model: learnedScore(learned, x) };
  });
  ranked.sort((a, b) => b.score - a.score || b.model - a.model || a.v - b.v);
  const out: BestCandidates = { indices: [], scores: [], combined: [] };
  for (const r of ranked.slice(0, limit)) {
    out.indices.push(r.v);
    out.scores.push(r.score);
    out.combined.push(combinedOf.get(r.v)!);
  }
  if (out.indices.length < limit) {
    const taken = new Set(positive.indices);
    const rest = bestLearned(ctx, learned, u, buffers, limit + taken.size, filter);
    for (const v of rest.indices) {
      if (out.indices.length === limit) break;
      if (taken.has(v)) continue;
      out.indices.push(v);
      out.scores.push(0);
      // A candidate without a common partner: Adamic–Adar 0.
      out.combined.push(fixedWeightsScore(ctx, buffers, u, v, 0));
    }
  }
  return out;
}
