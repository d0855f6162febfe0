/** Reference graphs for the tests: the karate club and Les Misérables. */
import fs from 'node:fs';
import path from 'node:path';
import Graph, { UndirectedGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import karateModule from 'graphology-generators/social/karate-club.js';
import type { AbstractGraph } from 'graphology-types';

const karateClub = karateModule as unknown as typeof karateModule.default;

/** Zachary's karate club, unweighted (graphology-generators social/karate-club; nodes '0' … '33'). */
export function karate(): AbstractGraph {
  return karateClub(UndirectedGraph);
}

/** Les Misérables co-appearances: 77 nodes, 254 weighted edges, read as undirected (weight default 1). */
export function lesMiserables(): AbstractGraph {
  const file = path.join(import.meta.dirname, '..', 'fixtures', 'les-miserables.gexf');
  const parsed = parse(Graph as never, fs.readFileSync(file, 'utf8')) as AbstractGraph;
  const graph = new UndirectedGraph();
  parsed.forEachNode((node, attributes) => graph.addNode(node, attributes));
  parsed.forEachEdge((_edge, attributes, source, target) => {
    const weight = typeof attributes.weight === 'number' ? attributes.weight : 1;
    if (graph.hasEdge(source, target))
      graph.updateEdgeAttribute(source, target, 'weight', (w) => (w as number) + weight);
    else graph.addEdge(source, target, { weight });
  });
  return graph;
}
