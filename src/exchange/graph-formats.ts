/** GEXF (through graphology-gexf, for Gephi) and GraphML writers of the stored network. */
import type { AbstractGraph as Graph } from 'graphology-types';
import { write as writeGexf } from 'graphology-gexf';

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

/** GraphML 1.0 with one <key> per attribute; undirected edges carry directed="false". */
export function toGraphml(graph: Graph): string {
  const keys: string[] = [];
  const keyIds = { node: new Map<string, string>(), edge: new Map<string, string>() };
  for (const kind of ['node', 'edge'] as const) {
    const values = new Map<string, unknown[]>();
    const each = kind === 'node' ? graph.forEachNode.bind(graph) : graph.forEachEdge.bind(graph);
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
  const data = (kind: 'node' | 'edge', attributes: Record<string, unknown>) =>
    Object.entries(attributes)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([name, v]) => `      <data key="${xml(keyIds[kind].get(name))}">${xml(v)}</data>`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys,
    '  <graph id="clusterlens" edgedefault="undirected">',
  ];
  graph.forEachNode((node, attributes) => {
    lines.push(`    <node id="${xml(node)}">`, ...data('node', attributes), '    </node>');
  });
  graph.forEachEdge((edge, attributes, source, target, _s, _t, undirected) => {
    const direction = undirected ? '' : ' directed="true"';
    lines.push(
      `    <edge id="${xml(edge)}" source="${xml(source)}" target="${xml(target)}"${direction}>`,
      ...data('edge', attributes),
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}
