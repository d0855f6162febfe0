/**
 * The suggestion index of a network: participants' attributes as integer codes, neighbour rows per layer,
 * platform and cluster memberships, classes by kind and region, and per layer set the union of the
 * layers and the tie lift between kinds. Built once per Network object (and layer set) and cached, so
 * that a request costs what its participant's neighbourhood costs. The buffers of one scoring run live
 * here too (ScoreBuffers).
 */
import { rowsFromLists } from '../csr.ts';
import type { Network } from '../network.ts';
import { ProximityScores, neighbourRows, type NeighbourIndex } from './link-prediction.ts';
import { participantDetails, type ParticipantDetails } from './participant-attributes.ts';

export interface PlatformInfo {
  id: string;
  name: string;
  sphere?: string;
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
  /** Municipalities and free attributes, where participants have them (participant-attributes.ts). */
  details: ParticipantDetails;
  /** Sphere codes per platform list (the list object is cached per graph version by its callers). */
  spheres: WeakMap<object, Int32Array>;
  combined: Map<string, LayerSetIndex>;
  buffers?: ScoreBuffers;
}

/** What depends on the chosen layers: their union, and the tie lift between kinds in it. */
export interface LayerSetIndex {
  layers: string[];
  rows: NeighbourIndex;
  kindPart: Float64Array;
  kindLift: Float64Array;
}

const cache = new WeakMap<Network, BaseIndex>();

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
  const clusterRows = rowsFromLists(
    nodes.map((n) => [...new Set(n.clusters.map((c) => clusters.code.get(c)!))].sort((a, b) => a - b)),
  );
  const platformLists = nodes.map((n) =>
    [...new Set(n.platforms.map((p) => platforms.code.get(p)!))].sort((a, b) => a - b),
  );
  const platformRows = rowsFromLists(platformLists);
  const clusterMembers: number[][] = clusters.names.map(() => []);
  nodes.forEach((n, i) => {
    for (const c of new Set(n.clusters)) clusterMembers[clusters.code.get(c)!]!.push(i);
  });
  const clusterMemberRows = rowsFromLists(clusterMembers);
  const regionCount = regions.names.length;
  const classes: number[][] = Array.from({ length: kinds.names.length * regionCount }, () => []);
  nodes.forEach((n, i) =>
    classes[kinds.code.get(n.kind)! * regionCount + regions.code.get(n.region)!]!.push(i),
  );
  const classRows = rowsFromLists(classes);
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
  const clusterClassRows = rowsFromLists(clusterClasses);
  const members: number[][] = platforms.names.map(() => []);
  platformLists.forEach((list, i) => list.forEach((p) => members[p]!.push(i)));
  const memberRows = rowsFromLists(members);
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
    details: participantDetails(nodes),
    combined: new Map(),
    spheres: new WeakMap(),
  };
  cache.set(network, built);
  return built;
}

export function layerSet(base: BaseIndex, layers: string[]): LayerSetIndex {
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

export const NO_PLATFORM_INFO: PlatformInfo[] = [];

/** Sphere code of each platform (platforms without a known sphere are their own sphere). */
export function sphereCodes(base: BaseIndex, platforms: PlatformInfo[] = NO_PLATFORM_INFO): Int32Array {
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
