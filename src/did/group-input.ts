/**
 * The groups of a per-group difference-in-differences, built from the participants' panel (what
 * src/store/did-panel.ts reads): who is treated from which year, and the members of each cluster, platform,
 * community or kind. Pure; src/services/did.ts reads the panel, runs the community detection and calls it.
 */
import type { ByGroupInput, GroupBy, GroupInput } from './by-group.ts';
import { NotFoundError } from '../errors.ts';

export interface DidPanelParticipant {
  id: string;
  name: string;
  kind: string;
  clusters: { id: string; name: string; since: number | null }[];
  platforms: { id: string; name: string; since: number | null }[];
  observations: { indicator: string; year: number; value: number }[];
}

export interface GroupInputOptions {
  indicator: string;
  groupBy: GroupBy;
  /** Only these groups (ids; community labels as strings). */
  groups?: string[];
}

/**
 * The treated groups and the controls for `options.indicator`; `communities` (participant id → community)
 * is needed for groupBy = community only.
 */
export function groupInput(
  participants: DidPanelParticipant[],
  options: GroupInputOptions,
  communities?: Record<string, number>,
): ByGroupInput {
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
    if (!communities) throw new Error('groupInput: groupBy = community needs the communities');
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
