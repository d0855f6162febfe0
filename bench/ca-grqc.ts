/**
 * CA-GrQc (SNAP's General Relativity co-authorship network, test/fixtures/ca-grqc.txt) as the analysis
 * benchmarks (bench:analysis, bench:api-overhead) read it: undirected, one `coauthor` layer, duplicate
 * pairs and self-loops dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Network } from '../src/analysis/network.ts';

export function caGrQc(): Network {
  const file = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'ca-grqc.txt');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const ids = new Set<string>();
  const ties = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const [a, b] = line.split('\t') as [string, string];
    ids.add(a);
    ids.add(b);
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    ties.push({ source: a, target: b, layer: 'coauthor', weight: 1 });
  }
  const nodes = [...ids].map((id) => ({
    id,
    kind: 'other',
    name: id,
    region: '',
    clusters: [],
    platforms: [],
  }));
  return { nodes, ties, layers: [{ id: 'coauthor', directed: false }] };
}
