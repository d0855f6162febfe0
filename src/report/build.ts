/**
 * Gathers the report's data from the store: the metacorporation, the default question's answer per
 * indicator grouped by cluster, each cluster's profile (from the same answers, so the report and the view
 * agree), and the top collaboration gaps between clusters.
 */
import { gapsReport } from '../analysis/gaps/report.ts';
import type { ByGroupResult, GroupResult } from '../did/by-group.ts';
import { clusterProfile } from '../did/cluster-profile.ts';
import { EMPLOYEES_INDICATOR, INDICATORS } from '../domain/indicators.ts';
import { didByGroup } from '../services/did.ts';
import { readDidPanel } from '../store/did-panel.ts';
import type { Store } from '../store/driver.ts';
import { loadMetacorporation } from '../store/metacorporation.ts';
import { loadNetwork } from '../store/network.ts';
import type { ReportData } from './html.ts';

export async function buildReportData(store: Store, now = new Date()): Promise<ReportData> {
  const metacorporation = await loadMetacorporation(store);
  const participants = await readDidPanel(store, [...INDICATORS.map((i) => i.id), EMPLOYEES_INDICATOR.id]);
  const present = new Set(participants.flatMap((p) => p.observations.map((o) => o.indicator)));
  const effects: ByGroupResult[] = [];
  for (const definition of INDICATORS)
    if (present.has(definition.id))
      effects.push(await didByGroup(store, { indicator: definition.id, groupBy: 'cluster' }));
  const clusters = new Map<string, string>();
  for (const p of participants) for (const c of p.clusters) clusters.set(c.id, c.name);
  const observations = participants.flatMap((p) => p.observations.map((o) => ({ participant: p.id, ...o })));
  const profiles = [...clusters]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([id, name]) => {
      const members = participants.filter((p) => p.clusters.some((c) => c.id === id)).map((p) => p.id);
      const did = new Map<string, GroupResult | null>(
        effects.map((r) => [r.indicator, r.groups.find((g) => g.group === id) ?? null]),
      );
      return { ...clusterProfile(id, members, observations, did), name };
    })
    // the cluster the article describes first
    .sort((a, b) => Number(b.article) - Number(a.article));
  const gaps = gapsReport(await loadNetwork(store), { groupBy: 'cluster', limit: 4 });
  return {
    title: 'Regional clusters: the effect of joining, and where collaboration is missing',
    generated: now.toISOString().slice(0, 10),
    participants: metacorporation.levels.find((l) => l.id === 'participants')?.members.length ?? 0,
    metacorporation,
    clusters: [...clusters].map(([id, name]) => ({ id, name })),
    effects,
    profiles,
    gaps: [
      {
        heading: 'Clusters that should work together and do not',
        items: gaps.groupGaps.map((g) => g.explanation),
      },
      { heading: 'Brokers who hold the network together', items: gaps.brokers.map((g) => g.explanation) },
      { heading: 'Missing kinds of partner', items: gaps.composition.map((g) => g.explanation) },
    ].filter((g) => g.items.length > 0),
  };
}
