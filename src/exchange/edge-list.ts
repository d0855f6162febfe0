/**
 * A plain edge list read as an undirected network of one layer,
 * for `clusterlens evaluate suggestions --edge-list` and the benchmarks.
 */
import type { Network, NetworkTie } from '../analysis/network.ts';
import { InvalidArgumentError } from '../errors.ts';

/**
 * A network from a whitespace-separated edge list (SNAP's format): one `a b` pair per line, `#` comments.
 * A first line of two counts (CA-GrQc's `5242 28980`: nodes, then edge lines) is recognised and skipped.
 * Every edge becomes a tie in layer `edges`; self-loops and repeated pairs are dropped.
 */
export function networkFromEdgeList(text: string, file = 'edge list'): Network {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const first = lines[0]?.trim().split(/\s+/);
  if (first?.length === 2 && Number(first[1]) === lines.length - 1 && /^\d+$/.test(first[0]!)) lines.shift();
  const ids = new Set<string>();
  const seen = new Set<string>();
  const ties: NetworkTie[] = [];
  lines.forEach((line, i) => {
    const [a, b] = line.trim().split(/\s+/);
    if (a === undefined || b === undefined)
      throw new InvalidArgumentError(`${file} line ${i + 1}: expected two ids`);
    ids.add(a);
    ids.add(b);
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    ties.push({ source: a, target: b, layer: 'edges', weight: 1 });
  });
  return {
    nodes: [...ids]
      .sort()
      .map((id) => ({ id, kind: 'other', name: id, region: '', clusters: [], platforms: [] })),
    ties,
    layers: [{ id: 'edges', directed: false }],
  };
}
