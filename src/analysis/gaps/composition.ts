/**
 * Composition gaps: what the network's make-up lacks, in the terms of the metacorporation model
 * (Charykova & Markova 2019: platforms meant to bring together research centres, universities, start-ups
 * and industrial enterprises): platforms and clusters without a kind of partner, start-ups with no
 * industrial partner, isolated and peripheral participants, and layers in which a cluster has no ties.
 */
import type { Network } from '../network.ts';
import { withDefaults } from '../options.ts';

export const COMPOSITION_DEFAULTS = {
  /** The layers whose ties count (default: all). */
  layers: undefined as string[] | undefined,
  /** The kinds every platform and cluster should have. */
  expectedKinds: ['enterprise', 'university', 'research_institute', 'startup'],
  /** Participants with at most this many partners (and at least one) are peripheral. */
  peripheralDegree: 1,
};

export type CompositionType =
  | 'cluster-missing-kinds'
  | 'platform-missing-kinds'
  | 'cluster-absent-from-layer'
  | 'startups-without-industry'
  | 'isolated'
  | 'peripheral';

export interface CompositionGap {
  type: CompositionType;
  /** The platform, cluster or (for layer absence) cluster the gap is about; absent for network-wide gaps. */
  subject?: string;
  layer?: string;
  missingKinds?: string[];
  /** How many participants the subject has (members of a platform or cluster; all start-ups …). */
  of: number;
  participants: string[];
}

const ORDER: CompositionType[] = [
  'cluster-missing-kinds',
  'platform-missing-kinds',
  'cluster-absent-from-layer',
  'startups-without-industry',
  'isolated',
  'peripheral',
];

export function compositionGaps(
  network: Network,
  options: Partial<typeof COMPOSITION_DEFAULTS> = {},
): CompositionGap[] {
  const o = withDefaults('composition gaps', COMPOSITION_DEFAULTS, options);
  const layers = o.layers ?? network.layers.map((l) => l.id);
  const chosen = new Set(layers);
  const kindOf = new Map(network.nodes.map((n) => [n.id, n.kind]));
  const partners = new Map(network.nodes.map((n) => [n.id, new Set<string>()]));
  const layersOf = new Map(network.nodes.map((n) => [n.id, new Set<string>()]));
  for (const t of network.ties) {
    if (!chosen.has(t.layer) || t.source === t.target) continue;
    if (!partners.has(t.source) || !partners.has(t.target)) continue;
    partners.get(t.source)!.add(t.target);
    partners.get(t.target)!.add(t.source);
    layersOf.get(t.source)!.add(t.layer);
    layersOf.get(t.target)!.add(t.layer);
  }
  const gaps: CompositionGap[] = [];
  const groupsBy = (field: 'clusters' | 'platforms') => {
    const out = new Map<string, string[]>();
    for (const n of network.nodes) {
      for (const g of n[field]) {
        const members = out.get(g);
        if (members) members.push(n.id);
        else out.set(g, [n.id]);
      }
    }
    return [...out].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  };
  for (const [field, type] of [
    ['clusters', 'cluster-missing-kinds'],
    ['platforms', 'platform-missing-kinds'],
  ] as const) {
    for (const [subject, members] of groupsBy(field)) {
      const kinds = new Set(members.map((m) => kindOf.get(m)));
      const missingKinds = o.expectedKinds.filter((k) => !kinds.has(k));
      if (missingKinds.length > 0)
        gaps.push({ type, subject, missingKinds, of: members.length, participants: [...members].sort() });
    }
  }
  for (const [cluster, members] of groupsBy('clusters')) {
    for (const layer of [...layers].sort()) {
      if (!members.some((m) => layersOf.get(m)!.has(layer))) {
        gaps.push({
          type: 'cluster-absent-from-layer',
          subject: cluster,
          layer,
          of: members.length,
          participants: [...members].sort(),
        });
      }
    }
  }
  const ids = network.nodes.map((n) => n.id).sort();
  const startups = ids.filter((id) => kindOf.get(id) === 'startup');
  const alone = startups.filter((id) => ![...partners.get(id)!].some((p) => kindOf.get(p) === 'enterprise'));
  if (alone.length > 0)
    gaps.push({ type: 'startups-without-industry', of: startups.length, participants: alone });
  const isolated = ids.filter((id) => partners.get(id)!.size === 0);
  if (isolated.length > 0) gaps.push({ type: 'isolated', of: ids.length, participants: isolated });
  const peripheral = ids.filter((id) => {
    const d = partners.get(id)!.size;
    return d > 0 && d <= o.peripheralDegree;
  });
  if (peripheral.length > 0) gaps.push({ type: 'peripheral', of: ids.length, participants: peripheral });
  // Stable ranking: by type, then larger subjects first (the order in which they were added).
  return gaps
    .map((g, i) => ({ g, i }))
    .sort((a, b) => ORDER.indexOf(a.g.type) - ORDER.indexOf(b.g.type) || a.i - b.i)
    .map(({ g }) => g);
}
