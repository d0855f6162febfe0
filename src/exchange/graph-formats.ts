/** GEXF (through graphology-gexf, for Gephi) and GraphML writers of the stored network. */
import type { AbstractGraph as Graph } from 'graphology-types';
import { write as writeGexf } from 'graphology-gexf';
import { bundleToGraph, type TieView } from './graph.ts';
import type { Bundle } from './model.ts';

export const GRAPH_FORMATS = ['gexf', 'graphml'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** A bundle as a GEXF or GraphML document, in the chosen view of its ties (graph.ts). */
export function graphDocument(bundle: Bundle, format: GraphFormat, ties: TieView = 'mixed'): string {
  const graph = bundleToGraph(bundle, { ties });
  return format === 'gexf' ? toGexf(graph) : toGraphml(graph);
}

export function toGexf(graph: Graph): string {
  return writeGexf(graph, { version: '1.3' });
}

function xml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function graphmlType(values: unknown[]): string {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number')) return values.every(Number.isInteger) ? 'long' : 'double';
  return 'string';
}

/**
 * GraphML 1.0 with one <key> per attribute (graph attributes included). A directed graph has
 * edgedefault="directed"; otherwise edgedefault="undirected" and, in a mixed graph, directed edges carry
 * directed="true" (which networkx refuses: the directed and undirected views are for it).
 */
export function toGraphml(graph: Graph): string {
  const keys: string[] = [];
  const keyIds = {
    graph: new Map<string, string>(),
    node: new Map<string, string>(),
    edge: new Map<string, string>(),
  };
  for (const kind of ['graph', 'node', 'edge'] as const) {
    const values = new Map<string, unknown[]>();
    const each =
      kind === 'graph'
        ? (fn: (key: string, attributes: Record<string, unknown>) => void) => fn('', graph.getAttributes())
        : kind === 'node'
          ? graph.forEachNode.bind(graph)
          : graph.forEachEdge.bind(graph);
    each((_key: string, attributes: Record<string, unknown>) => {
      for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null) continue;
        if (!values.has(name)) values.set(name, []);
        values.get(name)!.push(value);
      }
    });
    for (const [name, vs] of [...values].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const id = `${kind[0]}_${name}`;
      keyIds[kind].set(name, id);
      keys.push(
        `  <key id="${xml(id)}" for="${kind}" attr.name="${xml(name)}" attr.type="${graphmlType(vs)}"/>`,
      );
    }
  }
  const data = (kind: 'graph' | 'node' | 'edge', attributes: Record<string, unknown>, indent = '      ') =>
    Object.entries(attributes)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([name, v]) => `${indent}<data key="${xml(keyIds[kind].get(name))}">${xml(v)}</data>`);
  const directedGraph = graph.type === 'directed';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys,
    `  <graph id="clusterlens" edgedefault="${directedGraph ? 'directed' : 'undirected'}">`,
    ...data('graph', graph.getAttributes(), '    '),
  ];
  graph.forEachNode((node, attributes) => {
    lines.push(`    <node id="${xml(node)}">`, ...data('node', attributes), '    </node>');
  });
  graph.forEachEdge((edge, attributes, source, target, _s, _t, undirected) => {
    const direction = undirected || directedGraph ? '' : ' directed="true"';
    lines.push(
      `    <edge id="${xml(edge)}" source="${xml(source)}" target="${xml(target)}"${direction}>`,
      ...data('edge', attributes),
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}
