/** TypeBox schemas shared by several routes: problems, pages, and the network filters. */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { CURSOR_PATTERN } from '../store/entities.ts';
import type { NetworkFilter } from '../store/network.ts';

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of error' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem document (application/problem+json)' },
);

/**
 * The error responses every route under /api may give: 400 (a malformed request), 401 (a key that is not
 * valid, or none where one is needed), 408 (the request did not arrive in time), 413 (a body over the
 * limit), 429 (the rate limit), 431 (headers or URL over Node's 16 KiB), 503 (Neo4j unreachable, or busy).
 * All are problem documents (the OpenAPI plugin documents them as application/problem+json).
 */
export const ERRORS = {
  400: Problem,
  401: Problem,
  408: Problem,
  413: Problem,
  429: Problem,
  431: Problem,
  503: Problem,
} as const;

const list = (description: string) =>
  Type.Optional(Type.String({ description: `${description} (comma-separated)`, maxLength: 4000 }));
const year = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 1800, maximum: 2100, description }));

/** The loader's filters as query parameters (comma-separated lists). */
export const NetworkFilterQuery = Type.Object({
  layers: list('layers; `platform` adds platform co-membership; default all'),
  clusters: list('only members of these clusters'),
  platforms: list('only participants on these platforms'),
  kinds: list('only these kinds of participant'),
  regions: list('only these regions'),
  since: year('only ties formed in or after this year'),
  until: year('only ties formed in or before this year'),
});
export type NetworkFilterQuery = Static<typeof NetworkFilterQuery>;

export const splitList = (value: string | undefined): string[] | undefined => {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

/** Query parameters → the loader's filter (the derived platform layer is not a stored layer). */
export function networkFilter(query: NetworkFilterQuery): { filter: NetworkFilter; layers?: string[] } {
  const layers = splitList(query.layers);
  const filter: NetworkFilter = {};
  const stored = layers?.filter((l) => l !== 'platform');
  // Only the derived layer chosen: ask the loader for a layer that no tie has, so it loads no ties.
  if (layers) filter.layers = stored && stored.length > 0 ? stored : ['platform'];
  const set = <K extends keyof NetworkFilter>(key: K, value: NetworkFilter[K] | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  set('clusters', splitList(query.clusters));
  set('platforms', splitList(query.platforms));
  set('kinds', splitList(query.kinds));
  set('regions', splitList(query.regions));
  set('since', query.since);
  set('until', query.until);
  return { filter, layers };
}

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    cursor: Type.Optional(
      Type.String({
        maxLength: 800,
        pattern: CURSOR_PATTERN,
        description: 'nextCursor of the previous page',
      }),
    ),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'text in the name or id (case-insensitive)' }),
    ),
  },
  { additionalProperties: false },
);

export const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer({ description: 'items of all pages together (the filters applied)' }),
  });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
