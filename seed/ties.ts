/**
 * Ties of the demo in five layers, formed year by year from 2005 to 2017 by mechanisms that a partner
 * suggester can observe in the data: triadic closure (common partners), shared virtual platforms and
 * projects, cluster co-membership, complementary kinds (start-up ↔ enterprise ↔ research ↔ university),
 * and geography. Ties inside a cluster are dense, ties across clusters are rare and mostly run through
 * a few brokers (shared universities, cross-members, the cluster development centre).
 *
 * No scorer's formula is used: each tie is drawn from a mixture of these features, so that a
 * hold-out of the 2015–2017 ties is a fair test of a suggester.
 */
import type { Membership, ParticipantKind, Tie } from '../src/exchange/model.ts';
import type { DemoParticipant } from './entities.ts';
import type { Random } from '../src/random.ts';

export const FIRST_YEAR = 2005;
export const LAST_YEAR = 2017;

type Layer = 'rnd' | 'supply' | 'education' | 'investment' | 'governance';

const PUBLIC: ParticipantKind[] = [
  'government_body',
  'regional_agency',
  'cluster_development_center',
  'development_institution',
];

/** New ties per layer in a year, before and after the clusters were formed. */
const YEARLY: Record<Layer, [number, number]> = {
  supply: [22, 46],
  rnd: [6, 26],
  education: [4, 12],
  investment: [1, 8],
  governance: [4, 12],
};

/** Complementary kinds: pairs that the virtual platforms are meant to bring together. */
function complementary(a: ParticipantKind, b: ParticipantKind): boolean {
  const pair = (x: ParticipantKind, y: ParticipantKind) => (a === x && b === y) || (a === y && b === x);
  return (
    pair('startup', 'enterprise') ||
    pair('research_institute', 'enterprise') ||
    pair('university', 'enterprise') ||
    pair('startup', 'research_institute') ||
    pair('startup', 'university') ||
    pair('investor', 'startup')
  );
}

/** Whether a pair may be tied in a layer, and in which direction (source first). */
function orient(
  layer: Layer,
  a: DemoParticipant,
  b: DemoParticipant,
): [DemoParticipant, DemoParticipant] | undefined {
  const k = (p: DemoParticipant) => p.kind;
  switch (layer) {
    case 'supply': {
      const ok = (p: DemoParticipant) => p.kind === 'enterprise' || p.kind === 'startup';
      if (!ok(a) || !ok(b)) return undefined;
      // Supplier → customer: the smaller firm supplies the larger.
      return (a.employees ?? 10) <= (b.employees ?? 10) ? [a, b] : [b, a];
    }
    case 'rnd': {
      const ok = (p: DemoParticipant) =>
        ['enterprise', 'startup', 'university', 'research_institute', 'infrastructure'].includes(k(p));
      if (!ok(a) || !ok(b)) return undefined;
      return [a, b];
    }
    case 'education': {
      const teaches = (p: DemoParticipant) =>
        k(p) === 'university' || p.id.startsWith('infra-incubator') || p.id === 'dev-skills-centre';
      const learns = (p: DemoParticipant) => ['enterprise', 'startup', 'research_institute'].includes(k(p));
      if (teaches(a) && learns(b)) return [a, b];
      if (teaches(b) && learns(a)) return [b, a];
      return undefined;
    }
    case 'investment': {
      const invests = (p: DemoParticipant) =>
        k(p) === 'investor' || p.id === 'dev-industry-fund' || p.id === 'dev-innovation-fund';
      const receives = (p: DemoParticipant) => k(p) === 'startup' || k(p) === 'enterprise';
      if (invests(a) && receives(b)) return [a, b];
      if (invests(b) && receives(a)) return [b, a];
      return undefined;
    }
    case 'governance': {
      const pub = (p: DemoParticipant) => PUBLIC.includes(k(p));
      if (!pub(a) && !pub(b)) return undefined;
      return pub(a) ? [a, b] : [b, a];
    }
  }
}

interface State {
  year: number;
  adjacency: Map<string, Set<string>>;
  existing: Set<string>;
  clustersAt: (p: DemoParticipant, year: number) => Set<string>;
  platformsAt: (p: DemoParticipant, year: number) => Set<string>;
  projectsAt: (p: DemoParticipant, year: number) => Set<string>;
}

function tieKey(layer: Layer, a: string, b: string, directed: boolean): string {
  return directed || a < b ? `${layer}|${a}|${b}` : `${layer}|${b}|${a}`;
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** The propensity of a new tie between i and j: a mixture of observable mechanisms. */
function propensity(layer: Layer, i: DemoParticipant, j: DemoParticipant, s: State): number {
  const ni = s.adjacency.get(i.id)!;
  const nj = s.adjacency.get(j.id)!;
  let common = 0;
  for (const x of ni) if (nj.has(x)) common++;
  const ci = s.clustersAt(i, s.year);
  const cj = s.clustersAt(j, s.year);
  const sameCluster = intersects(ci, cj);
  const sharedPlatform = intersects(s.platformsAt(i, s.year), s.platformsAt(j, s.year));
  const sharedProject = intersects(s.projectsAt(i, s.year), s.projectsAt(j, s.year));
  let score =
    0.9 * Math.min(common, 4) +
    1.6 * (sharedPlatform ? 1 : 0) +
    1.2 * (sameCluster ? 1 : 0) +
    1.0 * (sharedProject ? 1 : 0) +
    (complementary(i.kind, j.kind) ? 1.0 : 0) +
    (i.municipality === j.municipality ? 0.7 : 0) +
    (i.region === j.region ? 0.5 : 0) +
    (i.specialization !== undefined && i.specialization === j.specialization ? 0.5 : 0);
  if (layer === 'rnd' && i.kind === 'enterprise' && j.kind === 'enterprise' && !sharedProject) score -= 1;
  let weight = Math.exp(score);
  // Different clusters, or a cluster member and an outsider: rare unless a broker is involved.
  const apart = (ci.size > 0 || cj.size > 0) && !sameCluster;
  if (apart && !i.broker && !j.broker) weight *= i.control || j.control ? 0.08 : 0.12;
  if (i.control && j.control) weight *= 0.6;
  return weight;
}

function weightFor(layer: Layer, rng: Random): number {
  switch (layer) {
    case 'supply':
      return rng.int(1, 10);
    case 'rnd':
    case 'investment':
      return rng.int(1, 5);
    default:
      return rng.int(1, 3);
  }
}

/** Generates the ties of all five layers. */
export function buildTies(
  rng: Random,
  participants: DemoParticipant[],
  platformMemberships: Membership[],
  projectMemberships: Membership[],
): Tie[] {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const membershipsBy = (list: Membership[], field: 'platform' | 'project') => {
    const out = new Map<string, { id: string; since: number }[]>();
    for (const m of list) {
      const entries = out.get(m.participant) ?? [];
      entries.push({ id: m[field]!, since: m.since ?? FIRST_YEAR });
      out.set(m.participant, entries);
    }
    return out;
  };
  const platforms = membershipsBy(platformMemberships, 'platform');
  const projects = membershipsBy(projectMemberships, 'project');
  const activeSet = (entries: { id: string; since: number }[] | undefined, year: number) =>
    new Set((entries ?? []).filter((e) => e.since <= year).map((e) => e.id));
  // Before a cluster is formed its future members already cluster together (the reason it is formed).
  const clustersAt = (p: DemoParticipant, year: number) =>
    new Set(p.memberships.filter((m) => m.since <= Math.max(year, 2011) + 1).map((m) => m.cluster));
  const state: State = {
    year: FIRST_YEAR,
    adjacency: new Map(participants.map((p) => [p.id, new Set<string>()])),
    existing: new Set(),
    clustersAt,
    platformsAt: (p, year) => activeSet(platforms.get(p.id), year),
    projectsAt: (p, year) => activeSet(projects.get(p.id), year),
  };
  const ties: Tie[] = [];
  const directedLayers = new Set<Layer>(['supply', 'investment']);

  const addTie = (layer: Layer, a: DemoParticipant, b: DemoParticipant, year: number): boolean => {
    const oriented = orient(layer, a, b);
    if (!oriented || a.id === b.id) return false;
    const [source, target] = oriented;
    const key = tieKey(layer, source.id, target.id, directedLayers.has(layer));
    if (state.existing.has(key)) return false;
    state.existing.add(key);
    state.adjacency.get(source.id)!.add(target.id);
    state.adjacency.get(target.id)!.add(source.id);
    ties.push({ source: source.id, target: target.id, layer, weight: weightFor(layer, rng), since: year });
    return true;
  };

  // The metacorporation's governance backbone: authorities → agencies → development centres.
  const id = (x: string) => byId.get(x)!;
  const backbone: [string, string, number][] = [
    ['gov-minpromtorg', 'gov-lipetsk', 2005],
    ['gov-minek', 'gov-lipetsk', 2005],
    ['gov-minobrnauki', 'agency-education', 2005],
    ['gov-minpromtorg', 'gov-voronezh', 2005],
    ['gov-minek', 'gov-voronezh', 2005],
    ['gov-lipetsk', 'agency-industry', 2008],
    ['gov-lipetsk', 'agency-investment', 2010],
    ['gov-lipetsk', 'agency-education', 2005],
    ['gov-voronezh', 'agency-voronezh-industry', 2009],
    ['agency-industry', 'cdc-lipetsk', 2013],
    ['agency-investment', 'cdc-lipetsk', 2013],
    ['agency-voronezh-industry', 'cdc-voronezh', 2013],
    ['gov-minek', 'cdc-lipetsk', 2013],
    ['cdc-lipetsk', 'cdc-voronezh', 2014],
    ['agency-investment', 'infra-sez-lipetsk', 2010],
    ['agency-industry', 'dev-corporation', 2008],
    ['agency-industry', 'dev-industry-fund', 2015],
  ];
  for (const [a, b, year] of backbone) addTie('governance', id(a), id(b), year);

  const activeAt = (year: number) => participants.filter((p) => (p.founded ?? FIRST_YEAR) <= year);
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    state.year = year;
    const active = activeAt(year);
    const formed = year >= 2012;
    for (const layer of Object.keys(YEARLY) as Layer[]) {
      // The network as it stood before 2005 enters as ties dated 2005.
      const count = year === FIRST_YEAR ? YEARLY[layer][0] * 8 : YEARLY[layer][formed ? 1 : 0];
      const eligible = active.filter((p) => active.some((q) => q !== p && orient(layer, p, q)));
      let made = 0;
      for (let attempt = 0; eligible.length > 0 && made < count && attempt < count * 20; attempt++) {
        // Focal participants are picked by size and activity: big firms and hubs make more ties.
        const focal =
          eligible[
            rng.weighted(
              eligible.map((p) => Math.sqrt(1 + state.adjacency.get(p.id)!.size) * (p.anchor ? 3 : 1)),
            )
          ]!;
        const candidates = active.filter((q) => q !== focal && orient(layer, focal, q) !== undefined);
        if (candidates.length === 0) continue;
        const j = candidates[rng.weighted(candidates.map((q) => propensity(layer, focal, q, state)))]!;
        if (addTie(layer, focal, j, year)) made++;
      }
    }
  }
  return ties;
}
