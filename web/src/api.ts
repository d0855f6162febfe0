/**
 * A typed client for the clusterlens HTTP API (issue 6). Every call resolves with the parsed body or
 * rejects with an ApiError carrying the RFC 9457 problem document, so the view can tell "Neo4j is down"
 * (503) from "no such participant" (404) without reading message text.
 */
import type { SerializedGraph } from 'graphology-types';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;
  constructor(problem: Problem, retryAfter: number | null) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  /** The database behind the API cannot be reached (503 problem from the server). */
  get unavailable(): boolean {
    return this.status === 503;
  }
}

export interface Health {
  status: string;
  neo4j: { connected: boolean; uri: string };
  graphVersion: number;
  counts: {
    participants: number;
    ties: number;
    observations: number;
    participantsByKind: Record<string, number>;
    tiesByLayer: Record<string, number>;
    [key: string]: unknown;
  };
}

export interface Named {
  id: string;
  name: string;
}

export interface Facets {
  graphVersion: number;
  kinds: string[];
  layers: (Named & { directed: boolean })[];
  clusters: Named[];
  platforms: Named[];
  regions: Named[];
  years: { min: number; max: number } | null;
  indicators: (Named & { unit: string })[];
  measures: { id: string; title: string; kind: string; parameters?: unknown }[];
}

export interface NetworkNodeAttributes {
  label: string;
  kind: string;
  region: string;
  clusters: string[];
  platforms: string[];
  degree: number;
  /** Leiden community on the drawn network (`community <n>`), the partition gaps and DiD use; '' on big networks. */
  community: string;
  x: number;
  y: number;
}

export interface NetworkEdgeAttributes {
  layer: string;
  weight: number;
  since: number | null;
}

export interface NetworkResponse {
  graphVersion: number;
  truncated: boolean;
  limit: number;
  total: { nodes: number; edges: number };
  /** How the server made the positions (see src/analysis/structure-layout.ts). */
  layout?: { method: string; iterations: number; converged: boolean };
  graph: SerializedGraph<NetworkNodeAttributes, NetworkEdgeAttributes>;
}

/** GET /api/network/attributes: every participant's fields, free attributes and indicators. */
export interface AttributesResponse {
  graphVersion: number;
  year: number | null;
  participants: Record<
    string,
    {
      municipality: string | null;
      founded: number | null;
      employees: number | null;
      attributes: Record<string, string | number | boolean>;
      indicators: Record<string, { year: number; value: number }>;
    }
  >;
}

/** The server-side filter of the network; every list empty means "all". */
export interface NetworkFilter {
  layers: string[];
  kinds: string[];
  clusters: string[];
  platforms: string[];
  regions: string[];
  since: number | null;
  until: number | null;
}

export interface ParticipantSummary {
  id: string;
  name: string;
  kind: string;
  region: string;
}

export interface Membership extends Named {
  since?: number | null;
  role?: string | null;
}

export interface TieSummary extends Named {
  weight: number;
  since: number | null;
  direction: 'out' | 'in' | 'both';
}

export interface ParticipantDetail extends ParticipantSummary {
  municipality?: string | null;
  founded?: number | null;
  employees?: number | null;
  attributes: Record<string, unknown>;
  clusters: Membership[];
  platforms: Membership[];
  projects: Membership[];
  ties: Record<string, TieSummary[]>;
  indicators: { indicator: string; year: number; value: number; unit?: string }[];
}

export interface Suggestion {
  id: string;
  name: string;
  score: number;
  parts: Record<string, number>;
  explanation: string;
  common: string[];
}

export interface SuggestionsResponse {
  participant: string | { id: string; name?: string };
  suggestions: Suggestion[];
}

export interface Metacorporation {
  levels: {
    level: number;
    id: string;
    name: string;
    members: { id: string; name: string; kind?: string; region?: string }[];
  }[];
  /** The virtual platforms (the article's Fig. 3) and their members. */
  platforms?: { id: string; name: string; sphere?: string; members: string[] }[];
  links: {
    source: string;
    target: string;
    kind: 'governance' | 'coordination' | 'membership';
    since?: number;
    role?: string;
    weight?: number;
  }[];
}

export interface NodeMeasure {
  measure: string;
  options: Record<string, unknown>;
  values: Record<string, number>;
}

export interface CommunityMeasure {
  algorithm: string;
  options: Record<string, unknown>;
  modularity: number;
  communities: Record<string, string | number>;
}

export interface EventStudyPoint {
  /** Years since each member joined. */
  e: number;
  att: number;
  se: number;
  lo: number;
  hi: number;
  /** Members whose estimates enter this year since joining. */
  n?: number;
  /** att, lo, hi in the display unit (percent for a log outcome). */
  effect?: number;
  effectLo?: number | null;
  effectHi?: number | null;
}

export interface DidFlag {
  code: string;
  message: string;
  blocking: boolean;
}

export interface DidGroup {
  group: string;
  label: string;
  members: string[];
  nTreated: number;
  nControl: number;
  att: number | null;
  se: number | null;
  ci: [number, number] | null;
  p: number | null;
  percent: number | null;
  effect?: { value: number; lo: number | null; hi: number | null; unit: string } | null;
  eventStudy: EventStudyPoint[];
  band?: unknown;
  pretest: { W: number; df: number; p: number; pHolm?: number } | null;
  credible?: boolean;
  flags?: DidFlag[];
  sentence?: string;
  articleStatistic: number | null | Record<string, unknown>;
  warnings: string[];
}

export interface DidResponse {
  indicator: string;
  groupBy: string;
  estimator: string;
  control: string;
  log: boolean;
  question?: { text: string; indicatorName: string; unit: string; comparison: string };
  groups: DidGroup[];
}

/** GET /api/clusters/{id}: the cluster with its profile (yearly series and the effect of joining). */
export interface ClusterDetail {
  id: string;
  name: string;
  members: { id: string; name: string; kind: string; since: number | null }[];
  profile?: {
    article: boolean;
    explanation: string;
    indicators: {
      indicator: string;
      name: string;
      unit: string;
      aggregation: string;
      series: {
        year: number;
        value: number;
        members: number;
        articleYear: boolean;
        printed: number | null;
      }[];
      articleStatistic: number | null;
      did: { effect: DidGroup['effect']; credible: boolean; sentence: string } | null;
    }[];
  };
}

export type DidGrouping = 'cluster' | 'platform' | 'community' | 'kind';

/** The gaps report is still settling on the server: the view reads it defensively (see panels/gaps.ts). */
export type GapsResponse = Record<string, unknown>;

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

function list(values: string[]): string | undefined {
  return values.length ? values.join(',') : undefined;
}

/** A query string from defined, non-empty values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function networkQuery(filter: NetworkFilter, limit: number): string {
  return query({
    layers: list(filter.layers),
    kinds: list(filter.kinds),
    clusters: list(filter.clusters),
    platforms: list(filter.platforms),
    regions: list(filter.regions),
    since: filter.since,
    until: filter.until,
    limit,
  });
}

export class Api {
  private readonly base: string;
  private readonly fetcher: Fetcher;
  constructor(base = '', fetcher: Fetcher = (input, init) => fetch(input, init)) {
    this.base = base;
    this.fetcher = fetcher;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.base + path, { headers: { accept: 'application/json' }, signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        {
          type: 'about:blank#network',
          title: 'The server cannot be reached',
          status: 0,
          detail: String(error),
        },
        null,
      );
    }
    if (!response.ok) {
      let problem: Problem;
      try {
        problem = (await response.json()) as Problem;
      } catch {
        problem = {
          type: 'about:blank',
          title: response.statusText || 'Request failed',
          status: response.status,
        };
      }
      const retry = Number(response.headers.get('retry-after'));
      throw new ApiError(
        { ...problem, status: response.status },
        Number.isFinite(retry) && retry > 0 ? retry : null,
      );
    }
    return (await response.json()) as T;
  }

  health(): Promise<Health> {
    return this.get('/api/health');
  }
  facets(): Promise<Facets> {
    return this.get('/api/facets');
  }
  network(filter: NetworkFilter, limit: number, signal?: AbortSignal): Promise<NetworkResponse> {
    return this.get(`/api/network${networkQuery(filter, limit)}`, signal);
  }
  searchParticipants(
    q: string,
    limit = 12,
    signal?: AbortSignal,
  ): Promise<{ items: ParticipantSummary[]; nextCursor: string | null }> {
    return this.get(`/api/participants${query({ q, limit })}`, signal);
  }
  participant(id: string): Promise<ParticipantDetail> {
    return this.get(`/api/participants/${encodeURIComponent(id)}`);
  }
  suggestions(id: string, layers: string[], limit = 10): Promise<SuggestionsResponse> {
    return this.get(
      `/api/participants/${encodeURIComponent(id)}/suggestions${query({ layers: list(layers), limit })}`,
    );
  }
  networkAttributes(year: number | null = null): Promise<AttributesResponse> {
    return this.get(`/api/network/attributes${year === null ? '' : `?year=${year}`}`);
  }
  metacorporation(): Promise<Metacorporation> {
    return this.get('/api/metacorporation');
  }
  nodeMeasure(
    measure: string,
    layers: string[],
    options: Record<string, string | number | boolean> = {},
  ): Promise<NodeMeasure> {
    return this.get(
      `/api/analysis/${encodeURIComponent(measure)}${query({ layers: list(layers), ...options })}`,
    );
  }
  communities(algorithm: string, layers: string[]): Promise<CommunityMeasure> {
    return this.get(`/api/analysis/${encodeURIComponent(algorithm)}${query({ layers: list(layers) })}`);
  }
  gaps(groupBy: string, layers: string[]): Promise<GapsResponse> {
    return this.get(`/api/gaps${query({ groupBy, layers: list(layers) })}`);
  }
  /** Per-group DiD; options left out take the server's defaults (src/did/defaults.ts), as the CLI does. */
  did(
    indicator: string,
    groupBy: DidGrouping,
    options: { estimator?: string; control?: string; log?: boolean } = {},
  ): Promise<DidResponse> {
    return this.get(`/api/did${query({ indicator, groupBy, ...options })}`);
  }
  cluster(id: string): Promise<ClusterDetail> {
    return this.get(`/api/clusters/${encodeURIComponent(id)}`);
  }
  exportUrl(format: 'gexf' | 'graphml' | 'json' | 'csv'): string {
    return `${this.base}/api/export${query({ format })}`;
  }
}
