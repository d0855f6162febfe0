/**
 * Reads a GEXF file (1.1 – 1.3, Gephi's format) as a graph file (graph-file.ts). graphology-gexf reads the
 * values (declared attribute types and defaults, labels, weights, edge kinds, viz); a strict XML pass
 * first refuses a file that is not well-formed and notes the line of every node and edge, and the
 * identities graphology-gexf would merge or refuse without saying where (duplicate node and edge ids).
 */
import { MultiGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import type { AbstractGraph } from 'graphology-types';
import type { Problem } from '../errors.ts';
import type { GraphFile } from './graph-file.ts';
import type { Location } from './validate.ts';
import { localName, scanXml } from './xml.ts';

interface Scanned {
  nodes: { id: string | undefined; line: number }[];
  edges: { id: string | undefined; line: number }[];
  metaLine: number;
}

const nodePath = (id: string) => `node[@id=${JSON.stringify(id)}]`;

function scan(text: string, file: string, problems: Problem[]): Scanned {
  const scanned: Scanned = { nodes: [], edges: [], metaLine: 1 };
  const firstNode = new Map<string, number>();
  const firstEdge = new Map<string, number>();
  const problem = scanXml(text, file, {
    open: (tag, line) => {
      const name = localName(tag.name);
      // graphology-gexf counts every element so named, in document order, whatever its namespace.
      if (tag.name !== 'node' && tag.name !== 'edge' && name !== 'meta') return;
      const id = tag.attributes.id;
      if (name === 'meta') scanned.metaLine = line;
      else if (tag.name === 'node') {
        scanned.nodes.push({ id, line });
        if (id === undefined) problems.push({ file, line, field: 'id', message: 'a node needs an id' });
        else if (firstNode.has(id))
          problems.push({
            file,
            line,
            path: nodePath(id),
            field: 'id',
            message: `duplicate node id '${id}' (first at line ${firstNode.get(id)})`,
          });
        else firstNode.set(id, line);
      } else {
        scanned.edges.push({ id, line });
        for (const end of ['source', 'target'])
          if (tag.attributes[end] === undefined)
            problems.push({ file, line, field: end, message: `an edge needs a ${end}` });
        if (id !== undefined && firstEdge.has(id))
          problems.push({
            file,
            line,
            path: `edge[@id=${JSON.stringify(id)}]`,
            field: 'id',
            message: `duplicate edge id '${id}' (first at line ${firstEdge.get(id)})`,
          });
        else if (id !== undefined) firstEdge.set(id, line);
      }
    },
  });
  if (problem) problems.push(problem);
  return scanned;
}

export function readGexfText(text: string, file: string): GraphFile {
  const problems: Problem[] = [];
  const out: GraphFile = { file, nodes: [], edges: [], graph: {}, graphAt: { file }, problems };
  const scanned = scan(text, file, problems);
  if (problems.length > 0) return out;
  let graph: AbstractGraph;
  try {
    graph = parse(MultiGraph as never, text, {
      // Edges to undeclared nodes reach the validator, which names them (tie to a missing participant).
      addMissingNodes: true,
      allowUndeclaredAttributes: true,
    }) as AbstractGraph;
  } catch (error) {
    problems.push({ file, message: `cannot be read as GEXF: ${(error as Error).message}` });
    return out;
  }
  out.graph = graph.getAttributes();
  out.graphAt = { file, line: scanned.metaLine };
  const declared = new Map(scanned.nodes.map((n, i) => [n.id!, i]));
  graph.forEachNode((id, attributes) => {
    const index = declared.get(id);
    // Nodes graphology-gexf added for edges' missing ends come after the declared ones: not participants.
    if (index === undefined) return;
    const at: Location = { file, line: scanned.nodes[index]!.line, path: nodePath(id) };
    out.nodes.push({ id, attributes, at });
  });
  let e = 0;
  graph.forEachEdge((_key, attributes, source, target, _s, _t, undirected) => {
    const element = scanned.edges[e++];
    const at: Location = {
      file,
      line: element?.line,
      path: element?.id !== undefined ? `edge[@id=${JSON.stringify(element.id)}]` : `edge[${e}]`,
    };
    out.edges.push({ source, target, directed: !undirected, attributes, at });
  });
  return out;
}
