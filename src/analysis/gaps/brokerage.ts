/**
 * Brokerage roles (Gould & Fernandez 1989, "Structures of mediation", Sociological Methodology 19):
 * for every open two-path a → b → c (a ≠ c, and no tie a → c), the broker b plays one role, by the
 * groups of a, b and c:
 *
 * | role | groups |
 * |---|---|
 * | coordinator | a, b and c in one group |
 * | itinerant (consultant) | a and c in one group, b in another |
 * | representative | a and b in one group, c in another |
 * | gatekeeper | b and c in one group, a in another |
 * | liaison | all three in different groups |
 *
 * Counted per participant, unnormalised, as R's `sna::brokerage` counts them. On an undirected view every
 * tie runs both ways, so each open pair of partners is counted twice (once per direction) — a
 * representative one way is a gatekeeper the other way.
 */
import { DirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { InvalidArgumentError } from '../../errors.ts';
import { rowsFromArcs } from '../csr.ts';
import type { Network } from '../network.ts';
import { Type } from 'typebox';
import { choice, defaultsOf, seedOption, withDefaults } from '../options.ts';
import { GROUPINGS, checkGrouping, groupsOf, type Grouping } from './groups.ts';

export const ROLES = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison'] as const;
export type Role = (typeof ROLES)[number];
export type RoleCounts = Record<Role, number>;

/** The options a request or a command line can set (the registry's measure `brokerage`). */
export const BROKERAGE_OPTIONS = Type.Object({
  groupBy: choice(GROUPINGS, { default: 'cluster', description: 'the grouping the roles refer to' }),
  /** The role whose count the registry's measure reports (`total`: all roles). */
  role: choice(['total', ...ROLES] as const, {
    default: 'total',
    description: 'the role counted as the value (every role is in the JSON)',
  }),
  seed: seedOption(),
});

export const BROKERAGE_DEFAULTS: {
  /** What groups the participants: a grouping name, or (in code) a map participant → group. */
  groupBy: Grouping | Map<string, string> | Record<string, string>;
  role: Role | 'total';
  seed: number;
} = defaultsOf(BROKERAGE_OPTIONS);

export function roleOf(a: string, b: string, c: string): Role {
  if (a === b) return b === c ? 'coordinator' : 'representative';
  if (a === c) return 'itinerant';
  return b === c ? 'gatekeeper' : 'liaison';
}

/** Sender → receiver rows over integer indices: out-rows and in-rows, duplicates and self-loops dropped. */
interface DirectedRows {
  ids: string[];
  outOffsets: Int32Array;
  outTargets: Int32Array;
  inOffsets: Int32Array;
  inTargets: Int32Array;
}

function directedRows(ids: string[], arcs: [number, number][]): DirectedRows {
  const n = ids.length;
  const seen = new Set<number>();
  const unique: [number, number][] = [];
  for (const [a, b] of arcs) {
    if (a === b || seen.has(a * n + b)) continue;
    seen.add(a * n + b);
    unique.push([a, b]);
  }
  const senders = Int32Array.from(unique, (arc) => arc[0]);
  const receivers = Int32Array.from(unique, (arc) => arc[1]);
  const out = rowsFromArcs(n, senders, receivers);
  const into = rowsFromArcs(n, receivers, senders);
  return {
    ids,
    outOffsets: out.offsets,
    outTargets: out.targets,
    inOffsets: into.offsets,
    inTargets: into.targets,
  };
}

const ROLE_INDEX = { coordinator: 0, itinerant: 1, representative: 2, gatekeeper: 3, liaison: 4 } as const;

/**
 * The counting itself: for every broker b, every sender a and receiver c ≠ a; a's receivers are stamped
 * first, so "a → c exists" is one array look-up.
 */
function countRoles(rows: DirectedRows, groupOf: (id: string) => string): Record<string, RoleCounts> {
  const { ids, outOffsets, outTargets, inOffsets, inTargets } = rows;
  const n = ids.length;
  const codes = new Map<string, number>();
  const group = Int32Array.from(ids, (id) => {
    const g = groupOf(id);
    if (!codes.has(g)) codes.set(g, codes.size);
    return codes.get(g)!;
  });
  const stamp = new Int32Array(n).fill(-1);
  const counts = new Float64Array(n * 5);
  for (let b = 0; b < n; b++) {
    const gb = group[b]!;
    for (let x = inOffsets[b]!; x < inOffsets[b + 1]!; x++) {
      const a = inTargets[x]!;
      for (let y = outOffsets[a]!; y < outOffsets[a + 1]!; y++) stamp[outTargets[y]!] = a;
      const ga = group[a]!;
      for (let y = outOffsets[b]!; y < outOffsets[b + 1]!; y++) {
        const c = outTargets[y]!;
        if (c === a || stamp[c] === a) continue;
        const gc = group[c]!;
        const role =
          ga === gb
            ? gb === gc
              ? ROLE_INDEX.coordinator
              : ROLE_INDEX.representative
            : ga === gc
              ? ROLE_INDEX.itinerant
              : gb === gc
                ? ROLE_INDEX.gatekeeper
                : ROLE_INDEX.liaison;
        counts[b * 5 + role]!++;
      }
      for (let y = outOffsets[a]!; y < outOffsets[a + 1]!; y++) stamp[outTargets[y]!] = -1;
    }
  }
  const result: Record<string, RoleCounts> = {};
  for (let i = 0; i < n; i++) {
    result[ids[i]!] = {
      coordinator: counts[i * 5]!,
      itinerant: counts[i * 5 + 1]!,
      representative: counts[i * 5 + 2]!,
      gatekeeper: counts[i * 5 + 3]!,
      liaison: counts[i * 5 + 4]!,
    };
  }
  return result;
}

function groupLookup(groups: Map<string, string> | Record<string, string>): (id: string) => string {
  const map = groups instanceof Map ? groups : new Map(Object.entries(groups));
  // Participants without a group are each their own group.
  return (id) => map.get(id) ?? `\u0000${id}`;
}

/** Role counts per participant. Participants without a group get their own (singleton) group. */
export function brokerageRoles(
  graph: AbstractGraph,
  options: Partial<typeof BROKERAGE_DEFAULTS> = {},
): Record<string, RoleCounts> {
  const o = withDefaults('brokerage', BROKERAGE_DEFAULTS, options);
  if (graph.multi) throw new InvalidArgumentError('brokerage: needs a simple graph (not a multigraph)');
  const groups =
    typeof o.groupBy === 'string' ? groupsOf(graph, checkGrouping(o.groupBy), o.seed) : o.groupBy;
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const arcs: [number, number][] = [];
  graph.forEachEdge((_e, _a, source, target, _s, _t, undirected) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    arcs.push([a, b]);
    if (undirected) arcs.push([b, a]);
  });
  return countRoles(directedRows(ids, arcs), groupLookup(groups));
}

/**
 * Role counts on a network's directed view (as `directedView`, without building a graph): ties of
 * directed layers run from source to target, ties of undirected layers both ways.
 */
export function networkBrokerageRoles(
  network: Network,
  groups: Map<string, string>,
  layers?: string[],
): Record<string, RoleCounts> {
  const chosen = new Set(layers ?? network.layers.map((l) => l.id));
  const directed = new Set(network.layers.filter((l) => l.directed).map((l) => l.id));
  const ids = network.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const arcs: [number, number][] = [];
  for (const t of network.ties) {
    const a = index.get(t.source);
    const b = index.get(t.target);
    if (!chosen.has(t.layer) || a === undefined || b === undefined) continue;
    arcs.push([a, b]);
    if (!directed.has(t.layer)) arcs.push([b, a]);
  }
  return countRoles(directedRows(ids, arcs), groupLookup(groups));
}

/** One role's count per participant (or the total over all roles): the registry's node measure. */
export function brokerage(
  graph: AbstractGraph,
  options: Partial<typeof BROKERAGE_DEFAULTS> = {},
): Record<string, number> {
  const o = withDefaults('brokerage', BROKERAGE_DEFAULTS, options);
  if (o.role !== 'total' && !(ROLES as readonly string[]).includes(o.role)) {
    throw new InvalidArgumentError(`brokerage: role must be total or one of ${ROLES.join(', ')}`);
  }
  const roles = brokerageRoles(graph, { groupBy: o.groupBy, seed: o.seed });
  const out: Record<string, number> = {};
  for (const [node, counts] of Object.entries(roles)) {
    out[node] = o.role === 'total' ? ROLES.reduce((s, r) => s + counts[r], 0) : counts[o.role];
  }
  return out;
}

/**
 * The directed view of a network for brokerage: a tie of a directed layer runs from its source to its
 * target (supplier → customer, investor → investee), a tie of an undirected layer runs both ways.
 */
export function directedView(network: Network, layers?: string[]): DirectedGraph {
  const chosen = new Set(layers ?? network.layers.map((l) => l.id));
  const directed = new Set(network.layers.filter((l) => l.directed).map((l) => l.id));
  const graph = new DirectedGraph();
  for (const node of network.nodes) graph.addNode(node.id, { ...node });
  // Weights summed per ordered pair first: one addEdge per pair (graphology look-ups are the cost).
  const weights = new Map<string, Map<string, number>>();
  const add = (a: string, b: string, w: number) => {
    if (a === b || !graph.hasNode(a) || !graph.hasNode(b)) return;
    let row = weights.get(a);
    if (!row) weights.set(a, (row = new Map()));
    row.set(b, (row.get(b) ?? 0) + w);
  };
  for (const t of network.ties) {
    if (!chosen.has(t.layer)) continue;
    add(t.source, t.target, t.weight);
    if (!directed.has(t.layer)) add(t.target, t.source, t.weight);
  }
  for (const [a, row] of weights) for (const [b, weight] of row) graph.addDirectedEdge(a, b, { weight });
  return graph;
}
