/**
 * A graph file (GEXF, GraphML) as a bundle: the mapping of nodes to participants and memberships, of
 * edges to ties and layers, and of the graph's clusterlens_* attributes to layers, clusters and
 * platforms. The readers (gexf.ts, graphml.ts) give the elements with their typed attributes and where
 * they stand; the rows produced here go through the one validator (validate.ts) like JSON and CSV rows.
 * The mapping is documented in docs/exchange-format.md.
 */
import type { Problem } from '../errors.ts';
import { COLLECTIONS } from './model.ts';
import type { Location, RawBundle, RawRow } from './validate.ts';

export interface GraphElement {
  at: Location;
  /** The element's attributes, typed as the file declares them. */
  attributes: Record<string, unknown>;
}
export interface GraphNode extends GraphElement {
  id: string;
}
export interface GraphEdge extends GraphElement {
  source: string;
  target: string;
  directed: boolean;
}
export interface GraphFile {
  file: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Graph-level attributes (GraphML `<data>` of the graph, GEXF `<meta>` children). */
  graph: Record<string, unknown>;
  /** Where the graph-level attributes stand. */
  graphAt: Location;
  problems: Problem[];
}

/** The layer of an edge without a `layer` attribute (nor a GEXF edge `kind`). */
export const DEFAULT_LAYER = 'tie';
/** Values of participants without `kind` and `region` (files from other tools have neither). */
export const DEFAULT_KIND = 'other';
export const DEFAULT_REGION = 'unknown';

/** Graph-level attributes that carry the definitions a graph file's nodes and edges refer to. */
export const GRAPH_DEFINITIONS = {
  layers: 'clusterlens_layers',
  clusters: 'clusterlens_clusters',
  platforms: 'clusterlens_platforms',
} as const;
/** Graph-level attribute naming the view an export wrote (`mixed`, `directed`, `undirected`). */
export const GRAPH_VIEW = 'clusterlens_ties';

/** Prefix of free participant attributes in the exports (so that they never shadow a field). */
export const ATTRIBUTE_PREFIX = 'attr_';

const PARTICIPANT_FIELDS = new Set(COLLECTIONS.participants.fields.map((f) => f.name));
/** Node attributes that are display only: the label repeats the name. */
const MEMBERSHIP_LISTS = { clusters: 'cluster', platforms: 'platform' } as const;
/** Edge attributes that the importer reads; display attributes are left out, anything else is refused. */
const TIE_FIELDS = new Set(['layer', 'weight', 'since']);
const EDGE_DISPLAY = new Set(['label', 'color', 'thickness', 'shape', 'size']);

/** A membership list: `a;b` (the exports' form) or a list value (GEXF liststring). */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string')
    return value
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  return [value];
}

function nodeRows(node: GraphNode, raw: RawBundle): void {
  const values: Record<string, unknown> = { id: node.id };
  const attributes: Record<string, unknown> = {};
  const { label, ...rest } = node.attributes;
  for (const [name, value] of Object.entries(rest)) {
    if (name === 'id') {
      if (value !== node.id)
        raw.problems.push({
          ...node.at,
          field: 'id',
          message: `attribute id ${JSON.stringify(value)} differs from the node's id '${node.id}'`,
        });
    } else if (PARTICIPANT_FIELDS.has(name)) values[name] = value;
    else if (name in MEMBERSHIP_LISTS) {
      const field = MEMBERSHIP_LISTS[name as keyof typeof MEMBERSHIP_LISTS];
      for (const target of listOf(value))
        raw.collections.memberships!.push({
          values: { participant: node.id, [field]: target },
          at: { ...node.at, path: `${node.at.path}.${name}` },
          textual: true,
        });
    } else if (name.startsWith(ATTRIBUTE_PREFIX) && name.length > ATTRIBUTE_PREFIX.length)
      attributes[name.slice(ATTRIBUTE_PREFIX.length)] = value;
    else attributes[name] = value;
  }
  // The name is the `name` attribute, else the label (Gephi, GEXF), else the id; a label that says
  // something else than the name is kept as an attribute.
  if (values.name === undefined || values.name === '') values.name = label ?? node.id;
  else if (label !== undefined && label !== values.name) attributes.label = label;
  values.kind ??= DEFAULT_KIND;
  values.region ??= DEFAULT_REGION;
  raw.collections.participants!.push({
    values,
    attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
    at: node.at,
    textual: true,
  });
}

/** The rows of a definitions attribute (a JSON array of objects), located in the graph's attributes. */
function definitionRows(file: GraphFile, name: string, raw: RawBundle): RawRow[] {
  const value = file.graph[name];
  if (value === undefined) return [];
  const at = { ...file.graphAt, path: name };
  let items: unknown;
  try {
    items = JSON.parse(String(value));
  } catch (error) {
    raw.problems.push({ ...at, message: `is not valid JSON: ${(error as Error).message}` });
    return [];
  }
  if (!Array.isArray(items)) {
    raw.problems.push({ ...at, message: 'must be a JSON array of objects' });
    return [];
  }
  const rows: RawRow[] = [];
  items.forEach((item, i) => {
    const where = { ...file.graphAt, path: `${name}[${i}]` };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      raw.problems.push({ ...where, message: 'must be an object' });
      return;
    }
    const { attributes, ...values } = item as Record<string, unknown>;
    rows.push({
      values,
      attributes: attributes as Record<string, unknown> | undefined,
      at: where,
      textual: false,
    });
  });
  return rows;
}

/** Rows for the validator from a graph file read by gexf.ts or graphml.ts. */
export function graphFileToRaw(file: GraphFile): RawBundle {
  const raw: RawBundle = {
    collections: { participants: [], memberships: [], ties: [], layers: [], clusters: [], platforms: [] },
    problems: [...file.problems],
  };
  if (raw.problems.length > 0) return raw;
  const view = file.graph[GRAPH_VIEW];
  if (view !== undefined && view !== 'mixed') {
    raw.problems.push({
      ...file.graphAt,
      path: GRAPH_VIEW,
      message:
        `this file is the ${String(view)} view of a network (export --ties ${String(view)}), which ` +
        'cannot be read back as the network; import an export written with --ties mixed (the default)',
    });
    return raw;
  }
  raw.collections.clusters = definitionRows(file, GRAPH_DEFINITIONS.clusters, raw);
  raw.collections.platforms = definitionRows(file, GRAPH_DEFINITIONS.platforms, raw);
  const declared = definitionRows(file, GRAPH_DEFINITIONS.layers, raw);
  raw.collections.layers = declared;

  for (const node of file.nodes) nodeRows(node, raw);

  // Each layer's direction: as declared, else as its edges say (all one way, or a problem).
  const declaredDirection = new Map(
    declared.map((row) => [row.values.id, row.values.directed] as [unknown, unknown]),
  );
  const seen = new Map<string, { directed: boolean; at: Location }>();
  for (const edge of file.edges) {
    const values: Record<string, unknown> = { source: edge.source, target: edge.target };
    for (const [name, value] of Object.entries(edge.attributes)) {
      if (TIE_FIELDS.has(name)) values[name] = value;
      else if (name === 'kind' && edge.attributes.layer === undefined) values.layer = value;
      else if (!EDGE_DISPLAY.has(name) && name !== 'kind')
        raw.problems.push({
          ...edge.at,
          field: name,
          message: `a tie carries layer, weight and since only; attribute '${name}' cannot be imported`,
        });
    }
    values.layer ??= DEFAULT_LAYER;
    raw.collections.ties!.push({ values, at: edge.at, textual: true });
    if (typeof values.layer !== 'string') continue;
    const layer = values.layer;
    const want = declaredDirection.get(layer);
    if (typeof want === 'boolean' && want !== edge.directed) {
      raw.problems.push({
        ...edge.at,
        field: 'layer',
        message: `layer ${layer} is declared ${want ? 'directed' : 'undirected'} but this edge is ${edge.directed ? 'directed' : 'undirected'}`,
      });
      continue;
    }
    const first = seen.get(layer);
    if (!first) seen.set(layer, { directed: edge.directed, at: edge.at });
    else if (first.directed !== edge.directed && want === undefined)
      raw.problems.push({
        ...edge.at,
        field: 'layer',
        message:
          `layer ${layer} has directed and undirected edges (this one is ${edge.directed ? 'directed' : 'undirected'}, ` +
          `the first${first.at.line !== undefined ? ` at line ${first.at.line}` : ''} is not); a layer is one or the other`,
      });
  }
  for (const [layer, { directed, at }] of seen)
    if (!declaredDirection.has(layer))
      raw.collections.layers.push({ values: { id: layer, directed }, at, textual: false });
  return raw;
}
