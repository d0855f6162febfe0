/**
 * Reads the panel for per-group difference-in-differences from Neo4j (cypher/did-panel.cypher) as plain
 * objects, and runs the estimation per cluster, platform, community or kind (src/did/by-group.ts).
 * `didByGroup(store, options)` is what the CLI and the API call.
 */
import { measure, parseParameters } from '../analysis/registry.ts';
import { flatten } from '../analysis/network.ts';
import {
  didByGroupFromData,
  GROUP_BY,
  type ByGroupInput,
  type ByGroupOptions,
  type ByGroupResult,
  type GroupBy,
  type GroupInput,
  type GroupResult,
} from '../did/by-group.ts';
import { clusterProfile, type ClusterProfile } from '../did/cluster-profile.ts';
import { EMPLOYEES_INDICATOR, INDICATORS, indicatorDefinition } from '../domain/indicators.ts';
import { InvalidArgumentError, NotFoundError } from '../errors.ts';
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { loadNetwork } from './network.ts';
import { toNumber } from './values.ts';

export interface DidPanelParticipant {
  id: string;
  name: string;
  kind: string;
  clusters: { id: string; name: string; since: number | null }[];
  platforms: { id: string; name: string; since: number | null }[];
  observations: { indicator: string; year: number; value: number }[];
}

/** Participants with observations of the indicators, with their memberships; numbers are plain numbers. */
export async function readDidPanel(store: Store, indicators: string[]): Promise<DidPanelParticipant[]> {
  const s = session(store, 'READ');
  try {
    return await s.executeRead(async (tx) => {
      const out: DidPanelParticipant[] = [];
      for await (const r of tx.run(cypher('did-panel'), { indicators })) {
        const memberships = (list: unknown) =>
          (list as { id: string; name: string; since: unknown }[]).map((m) => ({
            id: m.id,
            name: m.name,
            since: m.since === null || m.since === undefined ? null : toNumber(m.since),
          }));
        out.push({
          id: r.get('id') as string,
          name: r.get('name') as string,
          kind: r.get('kind') as string,
          clusters: memberships(r.get('clusters')),
          platforms: memberships(r.get('platforms')),
          observations: (r.get('observations') as { indicator: string; year: unknown; value: unknown }[]).map(
            (o) => ({
              indicator: o.indicator,
              year: toNumber(o.year),
              value: toNumber(o.value),
            }),
          ),
        });
      }
      return out;
    });
  } finally {
    await s.close();
  }
}

export interface DidByGroupOptions extends Partial<ByGroupOptions> {
  indicator: string;
  groupBy: GroupBy;
  /** Only these groups (ids; community labels as strings). */
  groups?: string[];
  /** Community algorithm for groupBy = community (default leiden, its registry defaults). */
  community?: 'louvain' | 'leiden';
}

/** The per-group DiD of an indicator on the stored network, in the JSON shape the web view and API use. */
export async function didByGroup(store: Store, options: DidByGroupOptions): Promise<ByGroupResult> {
  const { indicator, groupBy } = options;
  if (!GROUP_BY.includes(groupBy))
    throw new InvalidArgumentError(
      `group-by must be one of ${GROUP_BY.join(', ')}, got '${String(groupBy)}'`,
    );
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(indicator))
    throw new InvalidArgumentError(`not an indicator name: '${indicator}'`);
  const needs = [indicator];
  const definition = indicatorDefinition(indicator);
  if (definition?.aggregation.kind === 'weighted-mean') needs.push('employees', 'output_per_worker');
  const participants = await readDidPanel(store, [...new Set(needs)]);
  if (!participants.some((p) => p.observations.some((o) => o.indicator === indicator)))
    throw new NotFoundError(`no observations of indicator '${indicator}'`);
  const input = await groupInput(store, participants, options);
  return didByGroupFromData(input, {
    estimator: options.estimator,
    control: options.control,
    base: options.base,
    log: options.log,
    anticipation: options.anticipation,
    bootstrap: options.bootstrap,
    seed: options.seed,
    level: options.level,
  });
}

async function groupInput(
  store: Store,
  participants: DidPanelParticipant[],
  options: DidByGroupOptions,
): Promise<ByGroupInput> {
  const { indicator, groupBy } = options;
  const observations = participants.flatMap((p) => p.observations.map((o) => ({ participant: p.id, ...o })));
  const viaPlatforms = groupBy === 'platform';
  const memberships = (p: DidPanelParticipant) => (viaPlatforms ? p.platforms : p.clusters);
  // treatment: the first year a participant joined any cluster (any platform for groupBy = platform)
  const firstTreated = new Map<string, number | null>();
  for (const p of participants) {
    const list = memberships(p);
    if (list.length === 0) continue;
    const years = list.map((m) => m.since).filter((y): y is number => y !== null);
    firstTreated.set(p.id, years.length > 0 ? Math.min(...years) : null);
  }
  let groups: GroupInput[];
  if (groupBy === 'cluster' || groupBy === 'platform') {
    const byId = new Map<string, GroupInput>();
    for (const p of participants)
      for (const m of memberships(p)) {
        let g = byId.get(m.id);
        if (!g) byId.set(m.id, (g = { group: m.id, label: m.name, members: [] }));
        g.members.push({ id: p.id, since: m.since });
      }
    groups = [...byId.values()];
  } else if (groupBy === 'kind') {
    const byKind = new Map<string, GroupInput>();
    for (const p of participants) {
      let g = byKind.get(p.kind);
      if (!g) byKind.set(p.kind, (g = { group: p.kind, label: p.kind, members: [] }));
      g.members.push({ id: p.id, since: firstTreated.get(p.id) ?? null });
    }
    groups = [...byKind.values()];
  } else {
    const network = await loadNetwork(store);
    const algorithm = measure(options.community ?? 'leiden');
    if (algorithm.kind !== 'community')
      throw new InvalidArgumentError(`${algorithm.id} is not a community algorithm`);
    const { communities } = algorithm.run(flatten(network), parseParameters(algorithm, {}));
    const byCommunity = new Map<string, GroupInput>();
    for (const p of participants) {
      const c = communities[p.id];
      if (c === undefined) continue;
      const key = String(c);
      let g = byCommunity.get(key);
      if (!g) byCommunity.set(key, (g = { group: key, label: `community ${key}`, members: [] }));
      g.members.push({ id: p.id, since: firstTreated.get(p.id) ?? null });
    }
    const sizes = new Map<number, number>();
    for (const c of Object.values(communities)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    for (const g of byCommunity.values())
      g.label = `community ${g.group} (${sizes.get(Number(g.group))} participants)`;
    groups = [...byCommunity.values()];
  }
  // members never treated are controls, not members of the treated group
  groups = groups
    .map((g) => ({ ...g, members: g.members.filter((m) => firstTreated.has(m.id)) }))
    .filter((g) => g.members.length > 0)
    .filter((g) => !options.groups || options.groups.includes(g.group))
    .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  if (options.groups) {
    const missing = options.groups.filter((id) => !groups.some((g) => g.group === id));
    if (missing.length > 0)
      throw new NotFoundError(`no ${groupBy} with treated members and observations: ${missing.join(', ')}`);
  }
  return { indicator, groupBy, groups, firstTreated, observations };
}

/**
 * The cluster profile of GET /api/clusters/{id}: its members' yearly series (Table 1's rules) and, per
 * indicator, the DiD of the default question — estimated over all clusters, so that its credibility (Holm
 * across the clusters) is the one the DiD panel shows.
 */
export async function clusterProfileOf(store: Store, clusterId: string): Promise<ClusterProfile> {
  const participants = await readDidPanel(store, [...INDICATORS.map((i) => i.id), EMPLOYEES_INDICATOR.id]);
  const members = participants.filter((p) => p.clusters.some((c) => c.id === clusterId)).map((p) => p.id);
  const observations = participants.flatMap((p) => p.observations.map((o) => ({ participant: p.id, ...o })));
  const did = new Map<string, GroupResult | null>();
  for (const definition of INDICATORS) {
    if (!observations.some((o) => o.indicator === definition.id)) continue;
    const input = await groupInput(store, participants, { indicator: definition.id, groupBy: 'cluster' });
    const result = didByGroupFromData({
      ...input,
      observations: input.observations.filter(
        (o) =>
          o.indicator === definition.id || o.indicator === 'employees' || o.indicator === 'output_per_worker',
      ),
    });
    did.set(definition.id, result.groups.find((g) => g.group === clusterId) ?? null);
  }
  return clusterProfile(clusterId, members, observations, did);
}
