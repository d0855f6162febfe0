/**
 * The metacorporation as the article's Fig. 2 draws it: government bodies on top, then regional agencies,
 * cluster development centres, the industry clusters, and their participants at the bottom, with the
 * governance, coordination and membership links between levels. Each level is a row; participants sit in a
 * block under their (first) cluster so the membership links stay short. Under them, the virtual platforms
 * of Fig. 3, each tied to its members: where participants of different clusters meet by sphere of interest.
 * Participants outside every cluster that an upper level governs sit in a block of their own, under a
 * "not in a cluster" group on the clusters' row, so that every governance tie is drawn.
 */
import { NO_RING } from './node-ring.ts';
import { MultiGraph } from 'graphology';
import type { Metacorporation } from './api.ts';
import { NEUTRAL, withAlpha } from './colors.ts';
import type { Legend, SigmaGraph } from './graph-mapping.ts';

export const LEVEL_COLORS = ['#17becf', '#ff9da7', '#e15759', '#4e79a7', '#8a98a8', '#b07aa1'];
/** The group node that stands, on the clusters' row, for the participants outside every cluster. */
export const OUTSIDE_GROUP = 'group:outside_clusters';
const OUTSIDE_LEVEL = 'outside_clusters';
const LINK_COLORS: Record<string, string> = {
  governance: '#4f81bd',
  coordination: '#e15759',
  membership: '#b8bec6',
  platform: '#c9b458',
};
export const PLATFORM_COLOR = '#c9b458';
const LEVEL_SIZES = [14, 12, 12, 14, 3.5, 3.5];

const ROW = 120;
const SPACING = 60;
const CELL = 9;

export interface MetacorporationView {
  graph: SigmaGraph;
  legend: Legend;
  linkLegend: Legend;
  /** The authorities, agencies, centres and clusters: the frame a highlight of participants keeps. */
  framing: Set<string>;
  /** Governance ties left out: an end is on no level (none since the API lists those outside every cluster). */
  outsideClusters: number;
}

export function metacorporationGraph(data: Metacorporation): MetacorporationView {
  const graph: SigmaGraph = new MultiGraph({ type: 'mixed' });
  const allLevels = [...data.levels].sort((a, b) => a.level - b.level);
  // The rows of Fig. 2; the participants outside every cluster share the participants' row.
  const levels = allLevels.filter((l) => l.id !== OUTSIDE_LEVEL);
  const outsideLevel = allLevels.find((l) => l.id === OUTSIDE_LEVEL && l.members.length > 0);
  const outsideColor = LEVEL_COLORS[5]!;
  const participantLevel = levels.find((l) => l.id === 'participants');
  const clusterLevel = levels.find((l) => l.id === 'clusters');
  const clusterIds = new Set(clusterLevel?.members.map((m) => m.id) ?? []);

  // Participants grouped under their first cluster (by cluster order), the unattached last.
  const homeOf = new Map<string, string>();
  for (const link of data.links) {
    if (link.kind === 'membership' && clusterIds.has(link.source) && !homeOf.has(link.target))
      homeOf.set(link.target, link.source);
  }
  const blocks = new Map<string, string[]>();
  for (const c of clusterLevel?.members ?? []) blocks.set(c.id, []);
  blocks.set('', []);
  for (const p of participantLevel?.members ?? []) blocks.get(homeOf.get(p.id) ?? '')!.push(p.id);
  if (!blocks.get('')!.length) blocks.delete('');
  if (outsideLevel) {
    blocks.set(
      OUTSIDE_GROUP,
      outsideLevel.members.map((m) => m.id),
    );
    for (const m of outsideLevel.members) homeOf.set(m.id, OUTSIDE_GROUP);
  }
  const blockWidth = (n: number) => Math.max(SPACING * 1.5, Math.ceil(Math.sqrt(n * 2)) * CELL + SPACING / 2);
  const widths = [...blocks.values()].map((ids) => blockWidth(ids.length));
  const upper = levels.filter((l) => l.id !== 'participants');
  const total = Math.max(
    widths.reduce((s, w) => s + w, 0),
    ...upper.map((l) => l.members.length * SPACING),
  );
  // Rows far enough apart that the picture keeps a readable aspect ratio however wide the clusters are.
  const row = Math.max(ROW, total / 7);
  const blockCentre = new Map<string, number>();
  let left = -total / 2;
  [...blocks.keys()].forEach((key, i) => {
    blockCentre.set(key, left + widths[i]! / 2);
    left += widths[i]!;
  });

  const levelCount = levels.length;
  levels.forEach((level, li) => {
    const y = (levelCount - 1 - li) * row;
    const color = LEVEL_COLORS[li] ?? NEUTRAL;
    const size = LEVEL_SIZES[li] ?? 4;
    if (level.id === 'participants') {
      const byId = new Map(level.members.map((m) => [m.id, m]));
      for (const [key, ids] of blocks) {
        if (key === OUTSIDE_GROUP) continue; // drawn below, in its own colour
        const cols = Math.ceil(Math.sqrt(ids.length * 2));
        const centre = blockCentre.get(key)!;
        ids.forEach((id, j) => {
          const member = byId.get(id)!;
          addMember(
            graph,
            member,
            level,
            color,
            size,
            centre + ((j % cols) - (cols - 1) / 2) * CELL,
            y - Math.floor(j / cols) * CELL,
          );
        });
      }
      if (outsideLevel) {
        const ids = blocks.get(OUTSIDE_GROUP)!;
        const cols = Math.ceil(Math.sqrt(ids.length * 2));
        const centre = blockCentre.get(OUTSIDE_GROUP)!;
        outsideLevel.members.forEach((member, j) =>
          addMember(
            graph,
            member,
            outsideLevel,
            outsideColor,
            LEVEL_SIZES[5]!,
            centre + ((j % cols) - (cols - 1) / 2) * CELL,
            y - Math.floor(j / cols) * CELL,
          ),
        );
      }
      return;
    }
    if (level.id === 'clusters' && outsideLevel) {
      // The group of those outside every cluster, on the clusters' row above its block.
      addMember(
        graph,
        { id: OUTSIDE_GROUP, name: 'Not in a cluster', kind: 'group' },
        { id: 'outside_group' },
        outsideColor,
        10,
        blockCentre.get(OUTSIDE_GROUP)!,
        y,
      );
    }
    level.members.forEach((member, j) => {
      const x =
        level.id === 'clusters' && blockCentre.has(member.id)
          ? blockCentre.get(member.id)!
          : (j - (level.members.length - 1) / 2) *
            Math.max(SPACING, total / Math.max(1, level.members.length));
      // Every other member a little lower, so that long names on a crowded row do not run into each other.
      // Rows of five or more in three steps, so that neighbours' labels sit on different lines.
      const steps = level.members.length > 4 ? 3 : level.members.length > 2 ? 2 : 1;
      const stagger = (j % steps) * row * (steps === 3 ? 0.2 : 0.3);
      addMember(graph, member, level, color, size, x, y - stagger);
    });
  });

  // Fig. 3: the virtual platforms in a row under the participants, each linked to its members.
  const platforms = (data.platforms ?? []).filter((p) => p.members.some((m) => graph.hasNode(m)));
  if (platforms.length) {
    let bottom = Infinity;
    graph.forEachNode((_, a) => (bottom = Math.min(bottom, a.y)));
    const y = bottom - row * 0.9;
    const step = Math.max(SPACING * 2, total / platforms.length);
    platforms.forEach((p, j) => {
      const x = (j - (platforms.length - 1) / 2) * step;
      addMember(
        graph,
        { id: `platform:${p.id}`, name: p.sphere ? `${p.name} (${p.sphere})` : p.name, kind: 'platform' },
        { id: 'platforms' },
        PLATFORM_COLOR,
        11,
        x,
        y - (platforms.length > 3 ? (j % 3) * row * 0.2 : 0),
      );
      p.members.forEach((m, k) => {
        if (!graph.hasNode(m)) return;
        graph.addDirectedEdgeWithKey(`platform-${p.id}-${k}`, `platform:${p.id}`, m, {
          layer: 'platform',
          weight: 1,
          since: null,
          color: withAlpha(PLATFORM_COLOR, 0.3),
          size: 0.4,
          type: 'line',
        });
      });
    });
  }

  // Governance ties that skip levels are routed through them (government → agency → centre → cluster →
  // participant), segments shared by several ties drawn once, thicker: the 64 straight lines that crossed
  // the picture become trunks that follow the hierarchy.
  const levelOf = new Map<string, number>();
  levels.forEach((level, li) => level.members.forEach((m) => levelOf.set(m.id, li)));
  if (outsideLevel) {
    // The group on the clusters' row, its members on the participants' row. The group has no parent: no
    // centre coordinates it, so a tie to one of its members joins the governing body straight to the group.
    const clustersRow = levels.findIndex((l) => l.id === 'clusters');
    const participantsRow = levels.findIndex((l) => l.id === 'participants');
    levelOf.set(OUTSIDE_GROUP, clustersRow);
    for (const m of outsideLevel.members) levelOf.set(m.id, participantsRow);
  }
  const drawnLinks = data.links.filter(
    (l) => graph.hasNode(l.source) && graph.hasNode(l.target) && l.source !== l.target,
  );
  const governanceTies = drawnLinks.filter((l) => l.kind === 'governance').length;
  // Every end should be on a level (those outside every cluster have their own group); should one not be,
  // the legend says how many ties are left out rather than dropping them silently.
  const outsideClusters = data.links.filter(
    (l) =>
      l.kind === 'governance' &&
      l.source !== l.target &&
      !(graph.hasNode(l.source) && graph.hasNode(l.target)),
  ).length;
  const routed = routeGovernance(drawnLinks, levelOf, homeOf);
  for (const [key, segment] of routed) {
    graph.addDirectedEdgeWithKey(`governance:${key}`, segment.source, segment.target, {
      layer: 'governance',
      weight: segment.ties,
      carries: segment.carries.join(' '),
      since: null,
      color: withAlpha(LINK_COLORS.governance!, 0.7),
      size: 1 + Math.log2(segment.ties) * 0.8,
      type: 'arrow',
    });
  }

  data.links.forEach((link, i) => {
    if (!graph.hasNode(link.source) || !graph.hasNode(link.target) || link.source === link.target) return;
    if (link.kind === 'governance') return;
    graph.addDirectedEdgeWithKey(`meta-${i}`, link.source, link.target, {
      layer: link.kind,
      weight: link.weight ?? 1,
      since: link.since ?? null,
      color: withAlpha(LINK_COLORS[link.kind] ?? NEUTRAL, link.kind === 'membership' ? 0.35 : 0.7),
      size: link.kind === 'membership' ? 0.4 : 1.2,
      type: 'arrow',
    });
  });

  const legend: Legend = {
    title: 'Level (Fig. 2)',
    items: levels.map((l, i) => ({
      key: l.id,
      label: l.name,
      color: LEVEL_COLORS[i] ?? NEUTRAL,
      count: l.members.length,
    })),
  };
  if (outsideLevel)
    legend.items.push({
      key: outsideLevel.id,
      label: outsideLevel.name,
      color: outsideColor,
      count: outsideLevel.members.length,
    });
  if (platforms.length)
    legend.items.push({
      key: 'platforms',
      label: 'Virtual platforms (Fig. 3)',
      color: PLATFORM_COLOR,
      count: platforms.length,
    });
  // Links counted as ties (a routed governance segment carries several): the legend adds up to the data.
  const counts = new Map<string, number>();
  graph.forEachEdge((_, a) => {
    if (a.layer !== 'governance') counts.set(a.layer, (counts.get(a.layer) ?? 0) + 1);
  });
  if (governanceTies) counts.set('governance', governanceTies);
  const governanceLabel = `governance (routed through the levels${outsideLevel ? '; to those outside every cluster straight to their group' : ''}${outsideClusters ? `; ${outsideClusters} more without an end on the levels, not drawn` : ''})`;
  const linkLegend: Legend = {
    title: 'Link',
    items: [...counts].map(([key, count]) => ({
      key,
      label: key === 'governance' ? governanceLabel : key,
      color: LINK_COLORS[key] ?? NEUTRAL,
      count,
    })),
  };
  const framing = new Set([
    ...upper.flatMap((l) => l.members.map((m) => m.id)),
    ...(outsideLevel ? [OUTSIDE_GROUP] : []),
    ...platforms.map((p) => `platform:${p.id}`),
  ]);
  return { graph, legend, linkLegend, framing, outsideClusters };
}

/** A drawn piece of routed governance: the ties it carries (`source>target` of each). */
export interface GovernanceSegment {
  source: string;
  target: string;
  ties: number;
  carries: string[];
}

/**
 * Governance ties as segments between adjacent levels. Each node has a parent one level up: a participant
 * its (first) cluster, a cluster the centre that coordinates it, a centre or agency an upper body it has a
 * direct link with. A tie from level a down to level b > a + 1 is drawn along the target's parents up to
 * level a + 1 and then to its source; where the chain of parents breaks, the last parent found is joined to
 * the source directly. Ties within a level or between adjacent levels stay as they are. Returns the
 * segments keyed `source>target`, each with the number of ties it carries.
 */
export function routeGovernance(
  links: readonly { source: string; target: string; kind: string }[],
  levelOf: ReadonlyMap<string, number>,
  homeOf: ReadonlyMap<string, string>,
): Map<string, GovernanceSegment> {
  const parent = new Map<string, string>(homeOf);
  for (const link of links) {
    const [a, b] = [levelOf.get(link.source), levelOf.get(link.target)];
    if (a === undefined || b === undefined || link.kind === 'membership') continue;
    // One level apart, either direction: the upper end is the lower end's parent (the first link wins).
    if (b === a + 1 && !parent.has(link.target)) parent.set(link.target, link.source);
    else if (a === b + 1 && !parent.has(link.source)) parent.set(link.source, link.target);
  }
  const segments = new Map<string, GovernanceSegment>();
  const add = (source: string, target: string, tie: string) => {
    const key = `${source}>${target}`;
    const segment = segments.get(key) ?? { source, target, ties: 0, carries: [] };
    segment.ties++;
    segment.carries.push(tie);
    segments.set(key, segment);
  };
  for (const link of links) {
    if (link.kind !== 'governance') continue;
    const a = levelOf.get(link.source);
    const b = levelOf.get(link.target);
    // Upwards ties are routed as their downward twin would be, and drawn in their own direction.
    const down = a === undefined || b === undefined || a <= b;
    const [top, bottom] = down ? [link.source, link.target] : [link.target, link.source];
    const topLevel = levelOf.get(top);
    const chain = [bottom];
    for (;;) {
      const here = chain[chain.length - 1]!;
      const level = levelOf.get(here);
      if (topLevel === undefined || level === undefined || level <= topLevel + 1) break;
      const up = parent.get(here);
      if (up === undefined || chain.includes(up) || up === top) break;
      chain.push(up);
    }
    chain.push(top);
    // chain: bottom … top; segments from top down (or up, for an upward tie).
    for (let i = chain.length - 1; i > 0; i--) {
      const [hi, lo] = [chain[i]!, chain[i - 1]!];
      const tie = `${link.source}>${link.target}`;
      if (down) add(hi, lo, tie);
      else add(lo, hi, tie);
    }
  }
  return segments;
}

function addMember(
  graph: SigmaGraph,
  member: { id: string; name: string; kind?: string; region?: string },
  level: { id: string },
  color: string,
  size: number,
  x: number,
  y: number,
): void {
  if (graph.hasNode(member.id)) return;
  // Full names (cut to 24 characters on the drawing, whole on hover, in the exports and the panel); rows are
  // staggered so that the labels of neighbours do not run into each other.
  const label = member.name;
  graph.addNode(member.id, {
    label,
    kind: member.kind ?? (level.id === 'clusters' ? 'cluster' : level.id),
    region: member.region ?? '',
    clusters: [],
    platforms: [],
    degree: 0,
    community: '',
    ring: NO_RING,
    x,
    y,
    size,
    color,
    category: level.id,
  });
}
