/**
 * The best `limit` candidates for one participant, without scoring all n participants.
 *
 * Most candidates share no partner, no platform and no sphere with u. Their combined score is then
 * the attribute part alone — kind complementarity, a shared cluster, the same region — which takes one
 * value per class of candidates. So a request
 *
 * 1. scores one by one every candidate reached through u's partners' partners (network proximity),
 *    through u's platforms and through platforms of u's spheres (the candidates "touched");
 * 2. takes the other members of u's clusters by (cluster, kind, region) class, and
 * 3. everyone else by (kind, region) class: all members of a class score alike and ties go by id, so
 *    only a class's first `limit` eligible members by id can reach the top, and a class is walked only
 *    until it has given them or can no longer beat the current top. (With a cluster filter, only members
 *    of the chosen clusters can be suggested: they are scored one by one instead.)
 *
 * The work is proportional to u's two-step neighbourhood, its platforms' members and the number of
 * classes, not to n. The ranking equals that of scoring everyone (`scoreAll`) exactly — the
 * scores come from the same `combine` — which test/unit/best-candidates.test.ts checks on random networks.
 */
import { proximityFrom, type Scorer } from './link-prediction.ts';
import type { ScoreBuffers, ScoringContext, Weights } from './suggest.ts';

/**
 * The combined score from its inputs. One function for every path, so that a candidate's score is the
 * same float however it was reached (ties between candidates are then broken by id alone).
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
  // Most candidates share no partner and no platform: skip exp and pow for them (0 either way).
  return (
    (adamicAdar === 0 ? 0 : w.network * (1 - Math.exp(-adamicAdar))) +
    (sharedPlatforms === 0 ? 0 : w.platforms * (1 - Math.pow(2, -sharedPlatforms))) +
    w.spheres * sameSphere +
    w.kinds * kindPart +
    w.cluster * inCluster +
    w.geography * sameRegion
  );
}

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
  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.indices.length === this.limit;
  }

  /** Could a candidate with this score enter the list? (With the lowest index possible.) */
  admits(score: number): boolean {
    return score > 0 && (!this.full || score >= this.scores[this.limit - 1]!);
  }

  /** Adds v if it ranks among the best `limit`; false when it does not. */
  offer(v: number, score: number): boolean {
    if (!(score > 0)) return false;
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
  const { base, set, weights } = ctx;
  const rows = set.rows;
  const p = buffers.proximity;
  const { sharedPlatforms, sharedSphere, excluded, scored, dirty } = buffers;
  clear(buffers);
  const touch = (v: number) => {
    if (sharedPlatforms[v] === 0 && sharedSphere[v] === 0 && excluded[v] === 0 && scored[v] === 0)
      dirty[buffers.dirtyCount++] = v;
  };

  proximityFrom(rows, u, p);
  touch(u);
  excluded[u] = 1;
  for (let k = rows.offsets[u]!; k < rows.offsets[u + 1]!; k++) {
    touch(rows.targets[k]!);
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
      touch(v);
      sharedPlatforms[v]!++;
    }
  }
  if (weights.spheres !== 0 && base.platformOffsets[u + 1]! > base.platformOffsets[u]!) {
    for (let f = 0; f < base.platformNames.length; f++) {
      if (platformMark[f] === 1 || sphereMark[ctx.sphereOf[f]!] === 0) continue;
      for (let m = base.memberOffsets[f]!; m < base.memberOffsets[f + 1]!; m++) {
        const v = base.memberTargets[m]!;
        touch(v);
        sharedSphere[v] = 1;
      }
    }
  }
  const clusterMark = buffers.clusterMark;
  clusterMark.fill(0);
  for (let k = base.clusterOffsets[u]!; k < base.clusterOffsets[u + 1]!; k++)
    clusterMark[base.clusterTargets[k]!] = 1;

  const K = base.kindNames.length;
  const R = base.regionNames.length;
  const ku = base.kind[u]! * K;
  const ru = base.region[u]!;
  const inCluster = (v: number) => {
    for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
      if (clusterMark[base.clusterTargets[k]!] === 1) return 1;
    return 0;
  };
  const allowed = (v: number) => {
    if (filter.kinds && filter.kinds[base.kind[v]!] !== 1) return false;
    if (filter.regions && filter.regions[base.region[v]!] !== 1) return false;
    if (filter.clusters) {
      for (let k = base.clusterOffsets[v]!; k < base.clusterOffsets[v + 1]!; k++)
        if (filter.clusters[base.clusterTargets[k]!] === 1) return true;
      return false;
    }
    return true;
  };
  const combinedOf = (v: number) =>
    combine(
      weights,
      p.adamicAdar[v]!,
      sharedPlatforms[v]!,
      sharedSphere[v]!,
      set.kindPart[ku + base.kind[v]!]!,
      inCluster(v),
      base.region[v] === ru ? 1 : 0,
    );
  const scoreOf = (v: number): number => {
    switch (scorer) {
      case 'combined':
        return combinedOf(v);
      case 'common-neighbours':
        return p.common[v]!;
      case 'adamic-adar':
        return p.adamicAdar[v]!;
      case 'resource-allocation':
        return p.resourceAllocation[v]!;
      case 'jaccard': {
        const union = rows.offsets[u + 1]! - rows.offsets[u]! + rows.offsets[v + 1]! - rows.offsets[v]!;
        return p.common[v]! / (union - p.common[v]!);
      }
    }
  };
  const top = new TopList(limit);
  /** Scores v one by one, once. */
  const consider = (v: number) => {
    if (excluded[v] === 1 || scored[v] === 1) return;
    touch(v);
    scored[v] = 1;
    if (allowed(v)) top.offer(v, scoreOf(v));
  };

  // 1. Candidates with common partners; with a single proximity scorer nobody else scores above 0.
  for (let k = 0; k < p.count; k++) consider(p.touched[k]!);
  if (scorer === 'combined') {
    // Candidates on u's platforms or on platforms of u's spheres (the dirty list holds them, and more).
    for (let k = 0, end = buffers.dirtyCount; k < end; k++) {
      const v = dirty[k]!;
      if (sharedPlatforms[v]! > 0 || sharedSphere[v] === 1) consider(v);
    }
    if (filter.clusters) {
      // Only members of the chosen clusters may be suggested: score them all.
      for (let c = 0; c < filter.clusters.length; c++) {
        if (filter.clusters[c] !== 1) continue;
        for (let m = base.clusterMemberOffsets[c]!; m < base.clusterMemberOffsets[c + 1]!; m++)
          consider(base.clusterMemberTargets[m]!);
      }
    } else {
      /**
       * Offers the first `limit` members of one class list not scored yet, all with `score`. Members come
       * by id with equal scores: once one is refused, so are the rest. `skip` leaves out members that
       * belong to another class.
       */
      const walk = (
        targets: Int32Array,
        from: number,
        to: number,
        score: number,
        skip?: (v: number) => boolean,
      ) => {
        if (!top.admits(score)) return;
        let taken = 0;
        for (let m = from; m < to && taken < limit; m++) {
          const v = targets[m]!;
          if (excluded[v] === 1 || scored[v] === 1 || (skip !== undefined && skip(v))) continue;
          touch(v);
          scored[v] = 1;
          if (!top.offer(v, score)) break;
          taken++;
        }
      };
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
            walk(
              base.clusterClassTargets,
              base.clusterClassOffsets[row]!,
              base.clusterClassOffsets[row + 1]!,
              inside,
            );
          }
          // 3. Everyone else of this kind and region: the kind part, and geography in u's region.
          const row = kv * R + r;
          const outside = combine(weights, 0, 0, 0, kindPart, 0, sameRegion);
          walk(
            base.classTargets,
            base.classOffsets[row]!,
            base.classOffsets[row + 1]!,
            outside,
            (v) => inCluster(v) === 1,
          );
        }
      }
    }
  }
  const combined = top.indices.map((v, i) => (scorer === 'combined' ? top.scores[i]! : combinedOf(v)));
  return { indices: top.indices, scores: top.scores, combined };
}
