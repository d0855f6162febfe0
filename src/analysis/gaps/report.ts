/**
 * The collaboration-gaps report: brokers and the structural holes they span (Burt 1992), brokerage
 * roles across groups (Gould & Fernandez 1989), group-to-group gaps against a degree-preserving
 * expectation, and composition gaps — each item ranked, explained in words and numbers, and carrying the
 * ids of the participants to highlight.
 */
import { InvalidArgumentError } from '../../errors.ts';
import { flatten, type Network } from '../network.ts';
import { withDefaults } from '../options.ts';
import { ROLES, networkBrokerageRoles, type RoleCounts } from './brokerage.ts';
import { compositionGaps, type CompositionGap } from './composition.ts';
import { groupGapsWithModel, type GapModel, type GroupGap } from './group-gaps.ts';
import { NO_CLUSTER, checkGrouping, groupsOf, type Grouping } from './groups.ts';
import { holesSpanned, structuralHoles } from './structural-holes.ts';

export const GAPS_DEFAULTS = {
  groupBy: 'cluster' as Grouping,
  /** Layers whose ties count (default: all). */
  layers: undefined as string[] | undefined,
  /** Tie weights as strengths for constraint, effective size and the group expectation. */
  weighted: false,
  /** Items per section. */
  limit: 10,
  /** Seed of the community grouping. */
  seed: 42,
  /** Display names of groups (cluster id → cluster name …); groups without one show their id. */
  groupNames: {} as Record<string, string>,
  /** What the group-gap expectation controls for (see group-gaps.ts); 'none' when grouping by region. */
  controlFor: undefined as 'region' | 'none' | undefined,
};
export type GapsOptions = Partial<typeof GAPS_DEFAULTS>;

interface Item {
  rank: number;
  explanation: string;
  /** Participant ids to highlight in the view. */
  participants: string[];
}

export interface BrokerItem extends Item {
  type: 'broker';
  id: string;
  name: string;
  constraint: number;
  effectiveSize: number;
  efficiency: number;
  partners: number;
  /** Pairs of partners with no tie between them (the holes spanned), of all pairs. */
  openPairs: number;
  pairs: number;
  /** Groups of partners with no tie between groups (the ego network without the broker). */
  separateGroups: number;
  /** Groups (of the grouping) the partners belong to. */
  groupsReached: string[];
}

export interface BrokerageItem extends Item {
  type: 'brokerage';
  id: string;
  name: string;
  group: string;
  roles: RoleCounts;
  /** Open two-paths between different groups (all roles but coordinator). */
  acrossGroups: number;
  total: number;
}

export interface GroupGapItem extends Item, Omit<GroupGap, 'bridges'> {
  type: 'group-gap';
  /** The two groups' display names. */
  groupNames: [string, string];
  /** The members of each group (the view highlights them with the bridges). */
  members: [string[], string[]];
  bridges: (GroupGap['bridges'][number] & { name: string })[];
}

export type CompositionItem = Item & CompositionGap;

export interface GapsReport {
  options: { groupBy: Grouping; layers: string[]; weighted: boolean; limit: number };
  network: { participants: number; ties: number; groups: number };
  /** What the group-gap expectation controls for, and its fitted same-/cross-region factors. */
  groupGapModel: GapModel;
  brokers: BrokerItem[];
  brokerage: BrokerageItem[];
  groupGaps: GroupGapItem[];
  composition: CompositionItem[];
}

const KIND_LABEL: Record<string, string> = {
  enterprise: 'enterprise',
  university: 'university',
  research_institute: 'research institute',
  startup: 'start-up',
  government_body: 'government body',
  regional_agency: 'regional agency',
  cluster_development_center: 'cluster development centre',
  infrastructure: 'infrastructure',
  development_institution: 'development institution',
  investor: 'investor',
  other: 'other',
};
export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? kind;

const GROUP_NOUN: Record<Grouping, [string, string]> = {
  cluster: ['cluster', 'clusters'],
  kind: ['kind', 'kinds'],
  region: ['region', 'regions'],
  community: ['community', 'communities'],
};
const fmt = (x: number, digits = 2) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ranked collaboration-gaps report of a network (pure: no I/O). */
export function gapsReport(network: Network, options: GapsOptions = {}): GapsReport {
  const o = withDefaults('gaps', GAPS_DEFAULTS, options);
  checkGrouping(o.groupBy);
  if (!Number.isInteger(o.limit) || o.limit < 1)
    throw new InvalidArgumentError(`gaps: limit must be a positive whole number, got ${o.limit}`);
  const layers = o.layers ?? network.layers.map((l) => l.id);
  if (layers.includes('platform'))
    throw new InvalidArgumentError(
      "gaps: 'platform' is not a layer of ties (platform composition is part of the report anyway)",
    );
  const graph = flatten(network, { layers });
  const names = new Map(network.nodes.map((n) => [n.id, n.name]));
  const nodeById = new Map(network.nodes.map((n) => [n.id, n]));
  const name = (id: string) => names.get(id) ?? id;
  const groups = groupsOf(graph, o.groupBy, o.seed);
  const group = (id: string) => groups.get(id) ?? '(none)';
  const groupName = (g: string) =>
    o.groupNames[g] ?? (g === NO_CLUSTER ? 'no cluster' : g === '(unknown)' ? 'unknown' : g);
  // A participant's groups as a reader knows them: by cluster, all its clusters (the partition the
  // model needs counts it in the first only).
  const groupsText = (id: string) => {
    const clusters = o.groupBy === 'cluster' ? (nodeById.get(id)?.clusters ?? []) : [];
    return clusters.length > 1 ? clusters.map(groupName).join(', ') : groupName(group(id));
  };
  // Cluster sizes as members (a member of several clusters counts in each), beside the partition's.
  const memberCount = new Map<string, number>();
  if (o.groupBy === 'cluster')
    for (const node of network.nodes)
      for (const c of node.clusters) memberCount.set(c, (memberCount.get(c) ?? 0) + 1);
  const sizeText = (g: string, size: number) => {
    const members = memberCount.get(g);
    return members !== undefined && members !== size
      ? `${members} members, ${members - size} of them counted with another cluster here`
      : String(size);
  };

  // Brokers: the least constrained participants with at least two partners.
  const holes = structuralHoles(graph, { weighted: o.weighted });
  const candidates = graph
    .nodes()
    .filter((id) => graph.degree(id) >= 2)
    .sort(
      (a, b) =>
        holes.constraint[a]! - holes.constraint[b]! ||
        holes.effectiveSize[b]! - holes.effectiveSize[a]! ||
        cmp(a, b),
    )
    .slice(0, o.limit);
  const brokers: BrokerItem[] = candidates.map((id, i) => {
    const h = holesSpanned(graph, id);
    const reached = [...new Set(h.partners.map(group))].sort();
    const node = nodeById.get(id)!;
    return {
      rank: i + 1,
      type: 'broker',
      id,
      name: name(id),
      constraint: holes.constraint[id]!,
      effectiveSize: holes.effectiveSize[id]!,
      efficiency: holes.efficiency[id]!,
      partners: h.partners.length,
      openPairs: h.openPairs,
      pairs: h.pairs,
      separateGroups: h.components.length,
      groupsReached: reached,
      explanation:
        `${name(id)} (${kindLabel(node.kind)}) has ${plural(h.partners.length, 'partner')} in ` +
        `${plural(reached.filter((g) => g !== NO_CLUSTER).length, GROUP_NOUN[o.groupBy][0], GROUP_NOUN[o.groupBy][1])}` +
        `${reached.includes(NO_CLUSTER) ? ' and outside any cluster' : ''}, falling into ` +
        `${plural(h.components.length, 'set')} with no tie between them; ` +
        `${h.openPairs} of ${h.pairs} pairs of its partners are not tied to each other. ` +
        `Constraint ${fmt(holes.constraint[id]!, 3)}, effective size ${fmt(holes.effectiveSize[id]!)} ` +
        `(efficiency ${fmt(holes.efficiency[id]!)}).`,
      participants: [id, ...h.partners],
    };
  });

  // Brokerage roles on the directed view, ranked by brokerage across groups.
  const roles = networkBrokerageRoles(network, groups, layers);
  const brokerage: BrokerageItem[] = Object.entries(roles)
    .map(([id, r]) => {
      const total = ROLES.reduce((s, role) => s + r[role], 0);
      return { id, roles: r, total, acrossGroups: total - r.coordinator };
    })
    .filter((x) => x.total > 0)
    .sort((a, b) => b.acrossGroups - a.acrossGroups || b.total - a.total || cmp(a.id, b.id))
    .slice(0, o.limit)
    .map((x, i) => {
      const described = ROLES.filter((role) => x.roles[role] > 0)
        .map((role) => `${role} ${x.roles[role]}`)
        .join(', ');
      return {
        rank: i + 1,
        type: 'brokerage' as const,
        id: x.id,
        name: name(x.id),
        group: group(x.id),
        roles: x.roles,
        acrossGroups: x.acrossGroups,
        total: x.total,
        explanation:
          `${name(x.id)} (${groupsText(x.id)}) mediates ${x.total} open two-paths, ${x.acrossGroups} of them ` +
          `between different groups: ${described}.`,
        participants: [x.id, ...new Set(graph.neighbors(x.id))].sort((a, b) =>
          a === x.id ? -1 : b === x.id ? 1 : cmp(a, b),
        ),
      };
    });

  const membersOf = new Map<string, string[]>();
  for (const [id, g] of groups) (membersOf.get(g) ?? membersOf.set(g, []).get(g)!).push(id);
  // Grouped by region, the geography control would explain every gap away by construction.
  const controlFor = o.controlFor ?? (o.groupBy === 'region' ? 'none' : 'region');
  const { gaps: rawGaps, model: groupGapModel } = groupGapsWithModel(graph, groups, {
    weighted: o.weighted,
    limit: o.limit,
    controlFor,
    // Participants without a cluster are a catch-all, not a group that could meet another.
    ignoreGroups: o.groupBy === 'cluster' ? [NO_CLUSTER] : [],
  });
  // With one region (or none known) the geography control changes nothing and is not mentioned.
  const geography =
    controlFor === 'region' &&
    (Math.abs(groupGapModel.sameRegionFactor - 1) > 1e-9 ||
      Math.abs(groupGapModel.crossRegionFactor - 1) > 1e-9);
  const predicts = (gap: GroupGap) =>
    geography
      ? `their activity and geography predict ${fmt(gap.expected, 1)} (degrees alone: ${fmt(gap.expectedDegreesOnly, 1)})`
      : `their activity predicts ${fmt(gap.expected, 1)}`;
  const groupGapItems: GroupGapItem[] = rawGaps.map((gap, i) => {
    const [g0, g1] = gap.groups.map(groupName) as [string, string];
    const bridges = gap.bridges.map((b) => ({ ...b, name: name(b.id) }));
    const spanning = bridges.filter((b) => b.ties[0] > 0 && b.ties[1] > 0);
    const bridgeText =
      bridges.length === 0
        ? ''
        : spanning.length > 0
          ? `; best placed to bridge them: ${spanning
              .map((b) => `${b.name} (${plural(b.ties[0], 'tie')} to ${g0}, ${b.ties[1]} to ${g1})`)
              .join(', ')}`
          : `; nobody is tied to both — their best-connected members: ${bridges.map((b) => `${b.name} (${groupName(b.group)})`).join(', ')}`;
    return {
      rank: i + 1,
      type: 'group-gap',
      ...gap,
      groupNames: [g0, g1],
      members: [membersOf.get(gap.groups[0]) ?? [], membersOf.get(gap.groups[1]) ?? []],
      bridges,
      explanation:
        `${g0} (${sizeText(gap.groups[0], gap.sizes[0])}) and ${g1} (${sizeText(gap.groups[1], gap.sizes[1])}) have ` +
        `${plural(gap.observed, 'tie')} between them where ${predicts(gap)}` +
        ` (ratio ${fmt(gap.ratio)}, z ${fmt(gap.z)})${bridgeText}.`,
      participants: bridges.map((b) => b.id),
    };
  });

  const layerText = layers.join(', ');
  // Like every other section, composition keeps its first `limit` items (compositionGaps ranks them).
  const composition: CompositionItem[] = compositionGaps(network, { layers })
    .slice(0, o.limit)
    .map((gap, i) => {
      const list = (ids: string[]) =>
        ids.slice(0, 5).map(name).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
      let explanation: string;
      switch (gap.type) {
        case 'cluster-missing-kinds':
        case 'platform-missing-kinds':
          explanation = `${gap.type === 'cluster-missing-kinds' ? 'Cluster' : 'Platform'} ${gap.subject} has ${plural(gap.of, 'member')} but no ${gap.missingKinds!.map(kindLabel).join(', no ')}.`;
          break;
        case 'cluster-absent-from-layer':
          explanation = `None of the ${gap.of} members of cluster ${gap.subject} has a tie in layer ${gap.layer}.`;
          break;
        case 'startups-without-industry':
          explanation = `${gap.participants.length} of ${plural(gap.of, 'start-up')} have no tie to an industrial enterprise (${layerText}): ${list(gap.participants)}.`;
          break;
        case 'isolated':
          explanation = `${gap.participants.length} of ${gap.of} participants have no tie in ${layerText}: ${list(gap.participants)}.`;
          break;
        case 'peripheral':
          explanation = `${gap.participants.length} of ${gap.of} participants have a single partner in ${layerText}: ${list(gap.participants)}.`;
          break;
      }
      return { rank: i + 1, ...gap, explanation };
    });

  return {
    options: { groupBy: o.groupBy, layers, weighted: o.weighted, limit: o.limit },
    network: {
      participants: graph.order,
      ties: graph.size,
      groups: new Set(groups.values()).size,
    },
    groupGapModel,
    brokers,
    brokerage,
    groupGaps: groupGapItems,
    composition,
  };
}
