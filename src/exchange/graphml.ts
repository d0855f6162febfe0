/**
 * Reads a GraphML file (the GraphML 1.0 primer's structure: `<key>` declarations with attr.name and
 * attr.type, one `<graph>` with nodes, edges and `<data>`) as a graph file (graph-file.ts), on a strict
 * streaming XML parser (saxes), so that every problem has its line. Keys without attr.name are named by
 * their id (as networkx does); yEd's graphics keys (yfiles.type) are skipped; nested graphs, hyperedges
 * and ports are refused. A key's `<default>` applies to the elements without that data.
 */
import type { SaxesTagPlain } from 'saxes';
import type { Problem } from '../errors.ts';
import type { GraphEdge, GraphFile, GraphNode } from './graph-file.ts';
import type { Location } from './validate.ts';
import { localName, scanXml } from './xml.ts';

type KeyType = 'boolean' | 'int' | 'long' | 'float' | 'double' | 'string';
const KEY_TYPES = new Set<string>(['boolean', 'int', 'long', 'float', 'double', 'string']);

interface Key {
  name: string;
  for: string;
  type: KeyType;
  /** yEd's graphics: not data. */
  skip: boolean;
  defaultText?: string;
  line: number;
}

/** A `<data>` text as its key's type; an error message when it does not fit. */
function typed(type: KeyType, text: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  switch (type) {
    case 'string':
      return { value: text };
    case 'boolean': {
      const t = trimmed.toLowerCase();
      if (t === 'true' || t === '1') return { value: true };
      if (t === 'false' || t === '0') return { value: false };
      return { error: `is declared boolean, got ${JSON.stringify(text)}` };
    }
    case 'int':
    case 'long': {
      if (!/^[+-]?\d+$/.test(trimmed)) return { error: `is declared ${type}, got ${JSON.stringify(text)}` };
      return { value: Number(trimmed) };
    }
    case 'float':
    case 'double': {
      const n = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(n)) {
        return { error: `is declared ${type}, got ${JSON.stringify(text)}` };
      }
      return { value: n };
    }
  }
}

const elementPath = (kind: string, id: string | undefined, index: number) =>
  id !== undefined ? `${kind}[@id=${JSON.stringify(id)}]` : `${kind}[${index}]`;

export function readGraphmlText(text: string, file: string): GraphFile {
  const problems: Problem[] = [];
  const out: GraphFile = { file, nodes: [], edges: [], graph: {}, graphAt: { file }, problems };
  const keys = new Map<string, Key>();
  let currentKey: Key | undefined;
  let edgeDefaultDirected = false;
  let graphs = 0;
  let element: GraphNode | GraphEdge | undefined;
  let elementKind: 'node' | 'edge' | undefined;
  let data: { key: string; line: number; text: string; depth: number } | undefined;
  let inDefault = false;
  let defaultText = '';
  let depth = 0;
  const nodeIds = new Map<string, number>();
  const edgeIds = new Map<string, number>();

  const problem = (at: Location, message: string, field?: string) =>
    problems.push({ ...at, ...(field ? { field } : {}), message });

  const open = (tag: SaxesTagPlain, line: number) => {
    depth++;
    const name = localName(tag.name);
    const a = tag.attributes;
    if (data) return; // markup inside <data> (yEd graphics): not read
    switch (name) {
      case 'key': {
        const id = a.id;
        if (id === undefined) return void problem({ file, line }, 'a <key> needs an id', 'id');
        const type = a['attr.type'] ?? 'string';
        if (!KEY_TYPES.has(type))
          problem(
            { file, line },
            `unknown attr.type '${type}' (expected ${[...KEY_TYPES].join(', ')})`,
            'attr.type',
          );
        currentKey = {
          name: a['attr.name'] ?? id,
          for: a.for ?? 'all',
          type: (KEY_TYPES.has(type) ? type : 'string') as KeyType,
          skip: a['yfiles.type'] !== undefined,
          line,
        };
        keys.set(id, currentKey);
        return;
      }
      case 'default':
        inDefault = currentKey !== undefined;
        defaultText = '';
        return;
      case 'graph':
        graphs++;
        if (graphs > 1)
          problem({ file, line }, 'nested or several graphs are not supported; one <graph> per file');
        edgeDefaultDirected = a.edgedefault === 'directed';
        out.graphAt = { file, line };
        return;
      case 'node': {
        const id = a.id;
        const index = out.nodes.length + 1;
        const at: Location = { file, line, path: elementPath('node', id, index) };
        if (id === undefined) problem(at, 'a node needs an id', 'id');
        else if (nodeIds.has(id))
          problem(at, `duplicate node id '${id}' (first at line ${nodeIds.get(id)})`, 'id');
        else nodeIds.set(id, line);
        element = { id: id ?? '', attributes: {}, at };
        elementKind = 'node';
        return;
      }
      case 'edge': {
        const id = a.id;
        const index = out.edges.length + 1;
        const at: Location = { file, line, path: elementPath('edge', id, index) };
        if (id !== undefined && edgeIds.has(id))
          problem(at, `duplicate edge id '${id}' (first at line ${edgeIds.get(id)})`, 'id');
        else if (id !== undefined) edgeIds.set(id, line);
        for (const end of ['source', 'target'] as const)
          if (a[end] === undefined) problem(at, `an edge needs a ${end}`, end);
        let directed = edgeDefaultDirected;
        if (a.directed === 'true') directed = true;
        else if (a.directed === 'false') directed = false;
        else if (a.directed !== undefined)
          problem(at, `directed must be true or false, got ${JSON.stringify(a.directed)}`, 'directed');
        element = { source: a.source ?? '', target: a.target ?? '', directed, attributes: {}, at };
        elementKind = 'edge';
        return;
      }
      case 'data':
        if (a.key === undefined) return void problem({ file, line }, 'a <data> needs a key', 'key');
        data = { key: a.key, line, text: '', depth };
        return;
      case 'hyperedge':
      case 'port':
        problem({ file, line }, `<${name}> is not supported (nodes, edges and their data only)`);
        return;
    }
  };

  const close = (tagName: string) => {
    const name = localName(tagName);
    depth--;
    if (data && !(name === 'data' && depth === data.depth - 1)) return;
    switch (name) {
      case 'key':
        currentKey = undefined;
        return;
      case 'default':
        if (inDefault && currentKey) currentKey.defaultText = defaultText;
        inDefault = false;
        return;
      case 'data': {
        const d = data!;
        data = undefined;
        const key = keys.get(d.key);
        const at: Location = { file, line: d.line, path: element?.at.path };
        if (!key) return void problem(at, `<data> names the undeclared key '${d.key}'`, d.key);
        if (key.skip) return;
        const scope = element ? elementKind! : 'graph';
        if (key.for !== 'all' && key.for !== scope)
          return void problem(at, `key '${d.key}' is declared for ${key.for}, not ${scope}`, key.name);
        const value = typed(key.type, d.text);
        if (value.error) return void problem(at, value.error, key.name);
        (element ? element.attributes : out.graph)[key.name] = value.value;
        return;
      }
      case 'node':
      case 'edge': {
        const done = element!;
        element = undefined;
        for (const key of keys.values())
          if (!key.skip && key.defaultText !== undefined && (key.for === name || key.for === 'all'))
            if (!(key.name in done.attributes)) {
              const value = typed(key.type, key.defaultText);
              if (value.error) problem({ file, line: key.line }, `the default ${value.error}`, key.name);
              else done.attributes[key.name] = value.value;
            }
        if (name === 'node') out.nodes.push(done as GraphNode);
        else out.edges.push(done as GraphEdge);
        return;
      }
    }
  };

  const wellFormed = scanXml(text, file, {
    open,
    close,
    text: (t) => {
      if (data) data.text += t;
      else if (inDefault) defaultText += t;
    },
  });
  if (wellFormed) problems.push(wellFormed);
  if (!wellFormed && graphs === 0) problems.push({ file, message: 'a GraphML file holds a <graph>' });
  return out;
}
