/**
 * Class lists of the suggestion index (participants by kind and region, and by cluster, kind and region)
 * split further by degree in a layer set: the segments of a class whose members all have the same
 * number of partners. A candidate that shares no partner, platform or sphere with u has a learned score
 * that depends only on its degree, kind, cluster and region (when participants have no municipality or
 * free attributes): every member of a segment scores alike, so a request scores a segment once and offers
 * its first members by id, instead of scoring all n candidates (best-candidates.ts, `bestLearned`).
 * Built once per layer set of a graph version and cached.
 */
import type { BaseIndex, LayerSetIndex } from './suggestion-index.ts';

/** One class list split into segments of equal degree; members of a segment ascending by index. */
export interface DegreeSegments {
  /** Row (class) → its first segment; length rows + 1. */
  rowSegments: Int32Array;
  /** Segment → where its members start in `members`; length segments + 1 (the last: the end). */
  segmentStart: Int32Array;
  /** The degree of every member of the segment. */
  segmentDegree: Int32Array;
  /** The class lists' members, each row sorted by degree, then index. */
  members: Int32Array;
}

export interface DegreeClasses {
  /** Rows as `BaseIndex.classOffsets`: kind × regions + region. */
  classes: DegreeSegments;
  /** Rows as `BaseIndex.clusterClassOffsets`: (cluster × kinds + kind) × regions + region. */
  clusterClasses: DegreeSegments;
}

const cache = new WeakMap<LayerSetIndex, DegreeClasses>();

/** The degree classes of a layer set (its degrees), built on first use. */
export function degreeClasses(base: BaseIndex, set: LayerSetIndex): DegreeClasses {
  const cached = cache.get(set);
  if (cached) return cached;
  const { offsets } = set.rows;
  const degree = (i: number) => offsets[i + 1]! - offsets[i]!;
  const built = {
    classes: segmentByDegree(base.classOffsets, base.classTargets, degree),
    clusterClasses: segmentByDegree(base.clusterClassOffsets, base.clusterClassTargets, degree),
  };
  cache.set(set, built);
  return built;
}

function segmentByDegree(
  offsets: Int32Array,
  targets: Int32Array,
  degree: (i: number) => number,
): DegreeSegments {
  const rows = offsets.length - 1;
  const members = new Int32Array(targets.length);
  const rowSegments = new Int32Array(rows + 1);
  const starts: number[] = [];
  const degrees: number[] = [];
  for (let r = 0; r < rows; r++) {
    rowSegments[r] = starts.length;
    const from = offsets[r]!;
    const row = Array.from(targets.subarray(from, offsets[r + 1]!)).sort(
      (a, b) => degree(a) - degree(b) || a - b,
    );
    row.forEach((v, k) => {
      members[from + k] = v;
      if (k === 0 || degree(v) !== degree(row[k - 1]!)) {
        starts.push(from + k);
        degrees.push(degree(v));
      }
    });
  }
  rowSegments[rows] = starts.length;
  starts.push(targets.length);
  return {
    rowSegments,
    segmentStart: Int32Array.from(starts),
    segmentDegree: Int32Array.from(degrees),
    members,
  };
}
