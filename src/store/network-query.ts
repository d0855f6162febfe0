/**
 * The dynamic parts of loading a network: optional filters on participants and ties, built with
 * cypher-query-builder (its query builder only; statements run through neo4j-driver 6). Every value
 * is a parameter; the statements and parameters are snapshot-tested.
 */
import { Query, between, greaterEqualTo, inArray, lessEqualTo, node, relation } from 'cypher-query-builder';

export interface NetworkFilter {
  layers?: string[];
  clusters?: string[];
  platforms?: string[];
  kinds?: string[];
  regions?: string[];
  /** Ties formed in or after this year (ties without a year are left out when a range is given). */
  since?: number;
  /** Ties formed in or before this year. */
  until?: number;
}

export interface BuiltQuery {
  query: string;
  params: Record<string, unknown>;
}

const nonEmpty = (list: string[] | undefined): list is string[] => list !== undefined && list.length > 0;

/** Participants that pass the filters, with their clusters and platforms. */
export function participantsQuery(filter: NetworkFilter): BuiltQuery {
  let q = new Query().match([node('p', 'Participant')]);
  const where: Record<string, unknown> = {};
  if (nonEmpty(filter.kinds)) where.kind = inArray(filter.kinds);
  if (nonEmpty(filter.regions)) where.region = inArray(filter.regions);
  if (Object.keys(where).length > 0) q = q.where({ p: where });
  if (nonEmpty(filter.clusters)) {
    q = q
      .match([node('p'), relation('out', '', 'MEMBER_OF'), node('c', 'Cluster')])
      .where({ c: { id: inArray(filter.clusters) } })
      .with('DISTINCT p');
  }
  if (nonEmpty(filter.platforms)) {
    q = q
      .match([node('p'), relation('out', '', 'JOINED'), node('f', 'Platform')])
      .where({ f: { id: inArray(filter.platforms) } })
      .with('DISTINCT p');
  }
  q = q.return([
    'p.id AS id',
    // The internal node number, to which the ties refer (cheaper to send and decode than the id string).
    'toFloat(id(p)) AS node',
    'p.kind AS kind',
    'p.name AS name',
    'p.region AS region',
    'p.municipality AS municipality',
    // Free attributes are stored as `attr.<name>` properties (entities.ts); other properties give null
    // (a CASE, not a WHERE, so that the query's only WHERE clauses are the filters).
    "[k IN keys(p) | CASE WHEN k STARTS WITH 'attr.' THEN [substring(k, 5), p[k]] END] AS attributes",
    'COLLECT { MATCH (p)-[:MEMBER_OF]->(mc:Cluster) RETURN mc.id } AS clusters',
    'COLLECT { MATCH (p)-[:JOINED]->(mp:Platform) RETURN mp.id } AS platforms',
  ]);
  return q.buildQueryObject() as BuiltQuery;
}

/** One of `parts` slices of the ties, by source participant (`part` in 0 … parts − 1). */
export interface TiePartition {
  part: number;
  parts: number;
}

/**
 * Ties in the chosen layers and years, each once, in its stored direction, grouped by source: one record
 * per source participant with parallel lists. Decoding records, not values, dominates the time of a
 * large read, and grouping makes 200,000 ties about twice as fast to load. Participants are internal node
 * numbers sent as floats (`toFloat(id(…))`, read consistently with the participants query by the loader),
 * which cost less than id strings to send, decode and look up; weights and years are floats too, layers
 * are their numbers in `layerIds` (a map parameter; a layer missing there comes as its name), which took
 * a quarter off the decoding of a million ties, and unknown years come as −1 (`collect` would drop nulls
 * and misalign the lists). `partition` reads only the sources whose node number falls in one slice, so
 * that several reads can run at once.
 *
 * Each source's ties are collected in a subquery rather than by one aggregation over all ties: an
 * aggregation is eager — no record left the server before every tie of the slice was grouped, so the
 * loader decoded nothing during the first half of a million-tie read — while the subquery hands each
 * source's record on as soon as it is made, and the server's grouping and the loader's decoding overlap.
 * The target's label is not checked (every TIE joins two participants; the loader keeps only ties
 * between participants it read), which saves a node read per tie.
 */
export function tiesQuery(
  filter: NetworkFilter,
  partition: TiePartition = { part: 0, parts: 1 },
  layerIds: string[] = [],
): BuiltQuery {
  const layerCodes = Object.fromEntries(layerIds.map((id, code) => [id, code]));
  let inner = new Query().match([node('a'), relation('out', 't', 'TIE'), node('b')]);
  const where: Record<string, unknown> = {};
  if (nonEmpty(filter.layers)) where.layer = inArray(filter.layers);
  if (filter.since !== undefined && filter.until !== undefined)
    where.since = between(filter.since, filter.until);
  else if (filter.since !== undefined) where.since = greaterEqualTo(filter.since);
  else if (filter.until !== undefined) where.since = lessEqualTo(filter.until);
  if (Object.keys(where).length > 0) inner = inner.where({ t: where });
  inner = inner.return([
    'collect(toFloat(id(b))) AS targets',
    'collect(coalesce($layerCodes[t.layer], t.layer)) AS layers',
    'collect(toFloat(coalesce(t.weight, 1.0))) AS weights',
    'collect(coalesce(toFloat(t.since), -1.0)) AS since',
  ]);
  const collected = inner.buildQueryObject() as BuiltQuery;
  const query = [
    'MATCH (a:Participant)',
    'WHERE id(a) % $parts = $part',
    'CALL (a) {',
    collected.query.replace(/;\s*$/, ''),
    '}',
    'RETURN toFloat(id(a)) AS source, targets, layers, weights, since;',
  ].join('\n');
  return {
    query,
    params: { parts: partition.parts, part: partition.part, ...collected.params, layerCodes },
  };
}
