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
import type { Network } from '../network.ts';
import { withDefaults } from '../options.ts';
import { checkGrouping, groupsOf, type Grouping } from './groups.ts';

export const ROLES = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison'] as const;
export type Role = (typeof ROLES)[number];
export type RoleCounts = Record<Role, number>;

export const BROKERAGE_DEFAULTS = {
  /** What groups the participants: a grouping name, or a map participant → group. */
  groupBy: 'cluster' as Grouping | Map<string, string> | Record<string, string>,
  /** The role whose count the registry's measure reports (`total`: all roles). */
  role: 'total' as Role | 'total',
  seed: 42,
};

export function roleOf(a: string, b: string, c: string): Role {
  if (a === b) return b === c ? 'coordinator' : 'representative';
  if (a === c) return 'itinerant';
  return b === c ? 'gatekeeper' : 'liaison';
}

/** Role counts per participant. Participants without a group get their own (singleton) group. */
export function brokerageRoles(
  graph: AbstractGraph,
  options: Partial<typeof BROKERAGE_DEFAULTS> = {},
): Record<string, RoleCounts> {
  const o = withDefaults('brokerage', BROKERAGE_DEFAULTS, options);
  if (graph.multi) throw new InvalidArgumentError('brokerage: needs a simple graph (not a multigraph)');
  const groups =
    typeof o.groupBy === 'string'
      ? groupsOf(graph, checkGrouping(o.groupBy), o.seed)
      : o.groupBy instanceof Map
        ? o.groupBy
        : new Map(Object.entries(o.groupBy));
  const group = (node: string) => groups.get(node) ?? `\u0000${node}`;
  const out: Record<string, RoleCounts> = {};
  graph.forEachNode((b) => {
    const counts: RoleCounts = { coordinator: 0, itinerant: 0, representative: 0, gatekeeper: 0, liaison: 0 };
    const gb = group(b);
    // In-neighbours send to b, out-neighbours receive from b (both, for undirected ties).
    const senders = [...new Set(graph.inboundNeighbors(b))].filter((a) => a !== b);
    const receivers = [...new Set(graph.outboundNeighbors(b))].filter((c) => c !== b);
    for (const a of senders) {
      const ga = group(a);
      for (const c of receivers) {
        if (a === c || hasTie(graph, a, c)) continue;
        counts[roleOf(ga, gb, group(c))]++;
      }
    }
    out[b] = counts;
  });
  return out;
}

/** Whether a sends a tie to c (an undirected tie counts both ways). */
function hasTie(graph: AbstractGraph, a: string, c: string): boolean {
  return graph.hasDirectedEdge(a, c) || graph.hasUndirectedEdge(a, c);
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
  const add = (a: string, b: string, w: number) => {
    if (a === b || !graph.hasNode(a) || !graph.hasNode(b)) return;
    if (graph.hasEdge(a, b)) graph.updateEdgeAttribute(a, b, 'weight', (x) => (x as number) + w);
    else graph.addEdge(a, b, { weight: w });
  };
  for (const t of network.ties) {
    if (!chosen.has(t.layer)) continue;
    add(t.source, t.target, t.weight);
    if (!directed.has(t.layer)) add(t.target, t.source, t.weight);
  }
  return graph;
}
