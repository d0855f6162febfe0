/** The metacorporation's levels and the links between them (cypher/metacorporation.cypher). */
import { cypher } from './cypher.ts';
import { session, type Store } from './driver.ts';
import { plain } from './values.ts';

export interface MetacorporationMember {
  id: string;
  name: string;
  kind?: string;
  region?: string;
}

export interface MetacorporationLevel {
  level: number;
  id:
    | 'authorities'
    | 'regional_agencies'
    | 'cluster_development_centers'
    | 'clusters'
    | 'participants'
    | 'outside_clusters';
  name: string;
  members: MetacorporationMember[];
}

export interface MetacorporationLink {
  source: string;
  target: string;
  kind: 'governance' | 'coordination' | 'membership';
  since?: number;
  role?: string;
  weight?: number;
}

export interface Metacorporation {
  levels: MetacorporationLevel[];
  links: MetacorporationLink[];
}

const LEVEL_NAMES: [MetacorporationLevel['id'], string][] = [
  ['authorities', 'Government bodies (ГУ)'],
  ['regional_agencies', 'Regional agencies (РВ)'],
  ['cluster_development_centers', 'Cluster development centres (ЦКР)'],
  ['clusters', 'Industry clusters'],
  ['participants', 'Cluster participants'],
  // Not a level of Fig. 2: the participants outside every cluster that an upper level governs, so that
  // every governance tie has both ends in the picture (the levels above hold cluster members only).
  ['outside_clusters', 'Not in a cluster (governed directly)'],
];

type Row = Record<string, unknown>;
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export async function loadMetacorporation(store: Store): Promise<Metacorporation> {
  const s = session(store, 'READ');
  let record: Record<string, Row[]>;
  try {
    const result = await s.executeRead((tx) => tx.run(cypher('metacorporation')));
    record = plain(result.records[0]!.toObject()) as Record<string, Row[]>;
  } finally {
    await s.close();
  }
  const levels: MetacorporationLevel[] = LEVEL_NAMES.map(([id, name], i) => ({
    level: i + 1,
    id,
    name,
    members: [],
  }));
  for (const p of record.upper!) {
    levels[(p.level as number) - 1]!.members.push({
      id: p.id as string,
      name: p.name as string,
      kind: p.kind as string,
      region: p.region as string,
    });
  }
  levels[3]!.members = record.clusters!.map((c) => ({
    id: c.id as string,
    name: c.name as string,
    region: c.region as string,
  }));
  const upperIds = new Set(record.upper!.map((p) => p.id as string));
  const participants = new Map<string, MetacorporationMember>();
  for (const m of record.members!) {
    if (!upperIds.has(m.id as string)) {
      participants.set(m.id as string, {
        id: m.id as string,
        name: m.name as string,
        kind: m.kind as string,
        region: m.region as string,
      });
    }
  }
  levels[4]!.members = [...participants.values()];
  levels[5]!.members = record.outside!.map((p) => ({
    id: p.id as string,
    name: p.name as string,
    kind: p.kind as string,
    region: p.region as string,
  }));
  for (const level of levels) level.members.sort(byId);
  const links: MetacorporationLink[] = [
    ...record.governance!.map((g) => ({
      source: g.source as string,
      target: g.target as string,
      kind: 'governance' as const,
      weight: g.weight as number,
      since: g.since as number,
    })),
    ...record.coordination!.map((c) => ({
      source: c.source as string,
      target: c.target as string,
      kind: 'coordination' as const,
    })),
    ...record.members!.map((m) => ({
      source: m.cluster as string,
      target: m.id as string,
      kind: 'membership' as const,
      since: m.since as number,
      role: m.role as string,
    })),
  ];
  links.sort((a, b) => (a.kind + a.source + a.target < b.kind + b.source + b.target ? -1 : 1));
  return { levels, links };
}
