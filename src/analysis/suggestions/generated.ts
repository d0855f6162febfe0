/**
 * Networks grown year by year by one known mechanism, to test and benchmark the suggestions where the
 * answer is planted (bench/suggest.ts, test/unit/suggestion-model.test.ts). Every participant has a
 * kind, a region, 0–2 of 12 platforms (4 spheres) and 0–1 of 6 clusters, drawn at random; ties of 2005
 * form a random start, and each later year adds ties by the mechanism:
 *
 * - `triadic`: u at random, then a partner of a partner (90 %) or anyone (10 %): triadic closure only;
 *   the attributes carry no signal;
 * - `homophily`: u at random, v accepted with a probability set by the kind pair (complementary kinds:
 *   start-up ↔ enterprise, university ↔ enterprise, research institute ↔ university …) and ×6 in the same
 *   region; 15 % of ties by triadic closure;
 * - `platform`: 80 % of ties between members of a platform of u, the rest at random;
 * - `cluster`: every tie after the start inside a cluster (one feature decides).
 *
 * Each tie goes to layer `rnd` or `supply` at random. Deterministic (seeded).
 */
import { Random } from '../../random.ts';
import type { Network, NetworkTie } from '../network.ts';
import type { PlatformInfo } from './suggestion-index.ts';

export type Mechanism = 'triadic' | 'homophily' | 'platform' | 'cluster';

export interface GeneratedOptions {
  participants?: number;
  /** Ties of the random start (2005). */
  startTies?: number;
  /** New ties each year 2006–2017. */
  tiesPerYear?: number;
  seed?: number;
}

const KINDS = ['enterprise', 'startup', 'university', 'research_institute', 'government_body'];
/** Affinity of kind pairs for `homophily` (symmetric; unlisted pairs 0.05). */
const AFFINITY: Record<string, number> = {
  'enterprise|startup': 1,
  'enterprise|university': 0.8,
  'research_institute|university': 0.9,
  'enterprise|research_institute': 0.5,
  'government_body|startup': 0.6,
};
export const affinity = (a: string, b: string) => AFFINITY[a < b ? `${a}|${b}` : `${b}|${a}`] ?? 0.05;
/** Share of a year's attempts that close a triangle, by mechanism (the rest: anyone, or by attributes). */
export const CLOSURE_SHARE = { triadic: 0.9, homophily: 0.15 } as const;
/** `homophily`: how much likelier a partner in the same region is accepted. */
export const SAME_REGION_FACTOR = 6;

export function generatedNetwork(
  mechanism: Mechanism,
  options: GeneratedOptions = {},
): { network: Network; platforms: PlatformInfo[] } {
  const n = options.participants ?? 800;
  const startTies = options.startTies ?? Math.round(1.5 * n);
  const perYear = options.tiesPerYear ?? Math.round(0.2 * n);
  const rng = new Random(options.seed ?? 1);
  const platforms: PlatformInfo[] = Array.from({ length: 12 }, (_, i) => ({
    id: `f${String(i).padStart(2, '0')}`,
    name: `Platform ${i}`,
    sphere: `sphere ${i % 4}`,
  }));
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `p${String(i).padStart(4, '0')}`,
    name: `Participant ${i}`,
    kind: rng.pick(KINDS),
    region: `r${rng.int(0, 3)}`,
    clusters: rng.chance(0.7) ? [`k${rng.int(0, 5)}`] : [],
    platforms: [...new Set(Array.from({ length: rng.int(0, 2) }, () => rng.pick(platforms).id))],
  }));
  const members = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const f of node.platforms) members.set(f, [...(members.get(f) ?? []), i]);
  });
  const clusterMembers = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const c of node.clusters) clusterMembers.set(c, [...(clusterMembers.get(c) ?? []), i]);
  });
  const neighbours: number[][] = nodes.map(() => []);
  const tied = new Set<string>();
  const ties: NetworkTie[] = [];
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const tie = (a: number, b: number, year: number): boolean => {
    if (a === b || tied.has(String(key(a, b)))) return false;
    tied.add(String(key(a, b)));
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
    ties.push({
      source: nodes[a]!.id,
      target: nodes[b]!.id,
      layer: rng.chance(0.5) ? 'rnd' : 'supply',
      weight: 1,
      since: year,
    });
    return true;
  };
  const closure = (u: number): number | undefined => {
    const first = neighbours[u]!;
    if (first.length === 0) return undefined;
    const w = rng.pick(first);
    return rng.pick(neighbours[w]!);
  };
  while (ties.length < startTies) tie(rng.int(0, n - 1), rng.int(0, n - 1), 2005);
  for (let year = 2006; year <= 2017; year++) {
    let added = 0;
    for (let attempts = 0; added < perYear && attempts < perYear * 1000; attempts++) {
      const u = rng.int(0, n - 1);
      let v: number | undefined;
      switch (mechanism) {
        case 'triadic':
          v = rng.chance(CLOSURE_SHARE.triadic) ? closure(u) : rng.int(0, n - 1);
          break;
        case 'homophily':
          if (rng.chance(CLOSURE_SHARE.homophily)) v = closure(u);
          else {
            const c = rng.int(0, n - 1);
            const geo = nodes[c]!.region === nodes[u]!.region ? 1 : 1 / SAME_REGION_FACTOR;
            if (rng.chance(affinity(nodes[u]!.kind, nodes[c]!.kind) * geo)) v = c;
          }
          break;
        case 'platform': {
          const mine = nodes[u]!.platforms;
          if (mine.length > 0 && rng.chance(0.8)) v = rng.pick(members.get(rng.pick(mine))!);
          else if (mine.length > 0) v = rng.int(0, n - 1);
          break;
        }
        case 'cluster': {
          const mine = nodes[u]!.clusters;
          if (mine.length > 0) v = rng.pick(clusterMembers.get(mine[0]!)!);
          break;
        }
      }
      if (v !== undefined && tie(u, v, year)) added++;
    }
  }
  return {
    network: {
      nodes,
      ties,
      layers: [
        { id: 'rnd', directed: false },
        { id: 'supply', directed: false },
      ],
    },
    platforms,
  };
}
