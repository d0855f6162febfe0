/**
 * The exchange format: the JSON bundle and the CSV folder carry the same collections, described once here.
 * The field descriptors drive validation, the CSV columns and the conversion to Neo4j parameters.
 */

export const PARTICIPANT_KINDS = [
  'enterprise',
  'university',
  'research_institute',
  'startup',
  'government_body',
  'regional_agency',
  'cluster_development_center',
  'infrastructure',
  'development_institution',
  'investor',
  'other',
] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** Layer ids users may choose; also the pattern for indicator ids. */
export const LAYER_ID_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/** The demo's layers. Layers not listed in a bundle's `layers` default to undirected. */
export const DEFAULT_LAYERS: Record<string, { name: string; directed: boolean }> = {
  rnd: { name: 'Joint R&D', directed: false },
  supply: { name: 'Supply (supplier → customer)', directed: true },
  education: { name: 'Education and training', directed: false },
  investment: { name: 'Investment (investor → investee)', directed: true },
  governance: { name: 'Governance and state support', directed: false },
};

export const YEAR_RANGE = { min: 1800, max: 2100 } as const;

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface Participant {
  id: string;
  kind: ParticipantKind;
  name: string;
  region: string;
  municipality?: string;
  founded?: number;
  employees?: number;
  attributes?: Attributes;
}
export interface Cluster {
  id: string;
  name: string;
  region: string;
  specialization?: string;
  formed?: number;
  attributes?: Attributes;
}
export interface Platform {
  id: string;
  name: string;
  sphere: string;
  launched?: number;
  attributes?: Attributes;
}
export interface Project {
  id: string;
  name: string;
  description?: string;
  started?: number;
  attributes?: Attributes;
}
export interface Region {
  id: string;
  name?: string;
}
export interface Layer {
  id: string;
  name?: string;
  directed: boolean;
}
export interface Membership {
  participant: string;
  cluster?: string;
  platform?: string;
  project?: string;
  since?: number;
  role?: string;
}
export interface Tie {
  source: string;
  target: string;
  layer: string;
  weight?: number;
  since?: number;
}
export interface Observation {
  participant: string;
  indicator: string;
  year: number;
  value: number;
  unit?: string;
}
export interface BundleMeta {
  name?: string;
  description?: string;
  generator?: string;
  synthetic?: boolean;
}

export interface Bundle {
  meta?: BundleMeta;
  regions: Region[];
  layers: Layer[];
  participants: Participant[];
  clusters: Cluster[];
  platforms: Platform[];
  projects: Project[];
  memberships: Membership[];
  ties: Tie[];
  observations: Observation[];
}

export type FieldType =
  'id' | 'string' | 'year' | 'count' | 'number' | 'positive' | 'boolean' | 'kind' | 'layer';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
}

export interface CollectionSpec {
  /** Key in the JSON bundle; the CSV file is `<key>.csv`. */
  key: CollectionKey;
  fields: FieldSpec[];
  /** Whether rows may carry free attributes (`attributes` in JSON, `attr.<name>[:type]` columns in CSV). */
  attributes: boolean;
}

export const COLLECTION_KEYS = [
  'regions',
  'layers',
  'participants',
  'clusters',
  'platforms',
  'projects',
  'memberships',
  'ties',
  'observations',
] as const;
export type CollectionKey = (typeof COLLECTION_KEYS)[number];

const f = (name: string, type: FieldType, required = false): FieldSpec => ({ name, type, required });

export const COLLECTIONS: Record<CollectionKey, CollectionSpec> = {
  regions: { key: 'regions', attributes: false, fields: [f('id', 'id', true), f('name', 'string')] },
  layers: {
    key: 'layers',
    attributes: false,
    fields: [f('id', 'layer', true), f('name', 'string'), f('directed', 'boolean', true)],
  },
  participants: {
    key: 'participants',
    attributes: true,
    fields: [
      f('id', 'id', true),
      f('kind', 'kind', true),
      f('name', 'string', true),
      f('region', 'id', true),
      f('municipality', 'string'),
      f('founded', 'year'),
      f('employees', 'count'),
    ],
  },
  clusters: {
    key: 'clusters',
    attributes: true,
    fields: [
      f('id', 'id', true),
      f('name', 'string', true),
      f('region', 'id', true),
      f('specialization', 'string'),
      f('formed', 'year'),
    ],
  },
  platforms: {
    key: 'platforms',
    attributes: true,
    fields: [
      f('id', 'id', true),
      f('name', 'string', true),
      f('sphere', 'string', true),
      f('launched', 'year'),
    ],
  },
  projects: {
    key: 'projects',
    attributes: true,
    fields: [
      f('id', 'id', true),
      f('name', 'string', true),
      f('description', 'string'),
      f('started', 'year'),
    ],
  },
  memberships: {
    key: 'memberships',
    attributes: false,
    fields: [
      f('participant', 'id', true),
      f('cluster', 'id'),
      f('platform', 'id'),
      f('project', 'id'),
      f('since', 'year'),
      f('role', 'string'),
    ],
  },
  ties: {
    key: 'ties',
    attributes: false,
    fields: [
      f('source', 'id', true),
      f('target', 'id', true),
      f('layer', 'layer', true),
      f('weight', 'positive'),
      f('since', 'year'),
    ],
  },
  observations: {
    key: 'observations',
    attributes: false,
    fields: [
      f('participant', 'id', true),
      f('indicator', 'layer', true),
      f('year', 'year', true),
      f('value', 'number', true),
      f('unit', 'string'),
    ],
  },
};

/** The membership target collections, each with its Neo4j relationship type. */
export const MEMBERSHIP_TARGETS = [
  { field: 'cluster', collection: 'clusters', relationship: 'MEMBER_OF' },
  { field: 'platform', collection: 'platforms', relationship: 'JOINED' },
  { field: 'project', collection: 'projects', relationship: 'PART_OF' },
] as const;

export function emptyBundle(): Bundle {
  return {
    regions: [],
    layers: [],
    participants: [],
    clusters: [],
    platforms: [],
    projects: [],
    memberships: [],
    ties: [],
    observations: [],
  };
}
