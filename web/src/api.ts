/**
 * A typed client for the clusterlens HTTP API (issue 6). Every call resolves with the parsed body or
 * rejects with an ApiError carrying the RFC 9457 problem document, so the view can tell "Neo4j is down"
 * (503) from "no such participant" (404) without reading message text.
 */
import type { SerializedGraph } from 'graphology-types';
import type { ApiQueries, ApiResponses, ProblemDocument } from './api-types.gen.ts';

/*
 * The wire types are the server's: generated from its OpenAPI document into api-types.gen.ts
 * (`npm run gen:web-types`; a test fails when that file is not current). Below they only get names.
 */

export type Problem = ProblemDocument;

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

export type Health = ApiResponses['/api/health'];

type WireFacets = ApiResponses['/api/facets'];
/** A layer, cluster, platform or region with a label to show: the id where the data gives no name. */
type Labelled<T extends { id: string; name: string | null }> = Omit<T, 'name'> & { name: string };
/** The facets as the view reads them: every name filled in (see `withNames`). */
export type Facets = Omit<WireFacets, 'layers' | 'clusters' | 'platforms' | 'regions'> & {
  layers: Labelled<WireFacets['layers'][number]>[];
  clusters: Labelled<WireFacets['clusters'][number]>[];
  platforms: Labelled<WireFacets['platforms'][number]>[];
  regions: Labelled<WireFacets['regions'][number]>[];
};

/** Names are optional in the exchange format (the wire says `name: string | null`): show the id instead. */
export function withNames(facets: WireFacets): Facets {
  const label = <T extends { id: string; name: string | null }>(items: T[]) =>
    items.map((item) => ({ ...item, name: item.name ?? item.id }));
  return {
    ...facets,
    layers: label(facets.layers),
    clusters: label(facets.clusters),
    platforms: label(facets.platforms),
    regions: label(facets.regions),
  };
}

type WireNetwork = ApiResponses['/api/network'];
export type NetworkNodeAttributes = WireNetwork['graph']['nodes'][number]['attributes'];
export type NetworkEdgeAttributes = WireNetwork['graph']['edges'][number]['attributes'];
/** The drawn network; its graph in graphology's serialisation format, with the server's attributes. */
export type NetworkResponse = Omit<WireNetwork, 'graph'> & {
  graph: SerializedGraph<NetworkNodeAttributes, NetworkEdgeAttributes>;
};

/** GET /api/network/attributes: every participant's fields, free attributes and indicators. */
export type AttributesResponse = ApiResponses['/api/network/attributes'];

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

export type ParticipantPage = ApiResponses['/api/participants'];
export type ParticipantSummary = ParticipantPage['items'][number];
export type ParticipantDetail = ApiResponses['/api/participants/{id}'];

export type SuggestionsResponse = ApiResponses['/api/participants/{id}/suggestions'];
export type Suggestion = SuggestionsResponse['suggestions'][number];

export type Metacorporation = ApiResponses['/api/metacorporation'];

/** Every node measure answers in this shape (GET /api/analysis/{measure} of kind node). */
export type NodeMeasure = ApiResponses['/api/analysis/pagerank'];
/** Every community measure answers in this shape (kind community). */
export type CommunityMeasure = ApiResponses['/api/analysis/louvain'];

export type DidResponse = ApiResponses['/api/did'];
export type DidGroup = DidResponse['groups'][number];
export type EventStudyPoint = DidGroup['eventStudy'][number];
export type DidGrouping = NonNullable<ApiQueries['/api/did']['groupBy']>;
/** The options of per-group DiD the view may set; left out, they take the server's defaults. */
export type DidOptions = Partial<Pick<ApiQueries['/api/did'], 'estimator' | 'control' | 'log'>>;

/** GET /api/clusters/{id}: the cluster with its profile (yearly series and the effect of joining). */
export type ClusterDetail = ApiResponses['/api/clusters/{id}'];

export type GapsResponse = ApiResponses['/api/gaps'];

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
  async facets(): Promise<Facets> {
    return withNames(await this.get<WireFacets>('/api/facets'));
  }
  network(filter: NetworkFilter, limit: number, signal?: AbortSignal): Promise<NetworkResponse> {
    return this.get(`/api/network${networkQuery(filter, limit)}`, signal);
  }
  searchParticipants(q: string, limit = 12, signal?: AbortSignal): Promise<ParticipantPage> {
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
  did(indicator: string, groupBy: DidGrouping, options: DidOptions = {}): Promise<DidResponse> {
    return this.get(`/api/did${query({ indicator, groupBy, ...options })}`);
  }
  cluster(id: string): Promise<ClusterDetail> {
    return this.get(`/api/clusters/${encodeURIComponent(id)}`);
  }
  exportUrl(format: 'gexf' | 'graphml' | 'json' | 'csv'): string {
    return `${this.base}/api/export${query({ format })}`;
  }
}
