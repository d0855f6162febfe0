/**
 * Every measure described once — id, parameters with defaults and bounds, output, reference and
 * function — in the manner of Gephi Lite's metric descriptors. The CLI builds its options from this
 * list, and the API will build its query schemas from it.
 */
import type { AbstractGraph } from 'graphology-types';
import type { TObject } from 'typebox';
import { InvalidArgumentError } from '../errors.ts';
import {
  BETWEENNESS_OPTIONS,
  CLOSENESS_OPTIONS,
  HARMONIC_OPTIONS,
  betweenness,
  closeness,
  harmonic,
} from './centrality/paths.ts';
import { DEGREE_OPTIONS, degree, weightedDegree } from './centrality/degree.ts';
import { KCORE_OPTIONS, kcore } from './centrality/kcore.ts';
import { HITS_OPTIONS, hits } from './centrality/hits.ts';
import { EIGENVECTOR_OPTIONS, PAGERANK_OPTIONS, eigenvector, pagerank } from './centrality/spectral.ts';
import { LABEL_PROPAGATION_OPTIONS, labelPropagation } from './community/label-propagation.ts';
import { LEIDEN_OPTIONS, leiden } from './community/leiden.ts';
import { LOUVAIN_OPTIONS, louvain, type CommunityResult } from './community/louvain.ts';
import { MULTISLICE_OPTIONS, multislice } from './community/multislice.ts';
import { MULTILAYER_OPTIONS, layerOverlap, multiplexNodeMeasures } from './multilayer/measures.ts';
import type { Network } from './network.ts';
import { parametersOf, type ParameterSpec } from './options.ts';
import { BROKERAGE_OPTIONS, ROLES, brokerage, brokerageRoles } from './gaps/brokerage.ts';
import { STRUCTURAL_HOLES_OPTIONS, constraint, effectiveSize, efficiency } from './gaps/structural-holes.ts';

export type { ParameterSpec };

export type NodeValues = Record<string, number>;

/**
 * How much work one run is, in sweeps over participants and ties, for the API's budget (src/analysis/cost.ts):
 * - `all-pairs`: one shortest-path search per source (betweenness, closeness, harmonic);
 * - `iterative`: `passes` sweeps per iteration, up to the `maxIterations` option;
 * - `near-linear`: a few sweeps (degree, k-core, Louvain …) or Σ degree² (constraint, brokerage).
 */
export type WorkModel =
  { kind: 'all-pairs' } | { kind: 'iterative'; passes: number } | { kind: 'near-linear' };

interface BaseDescriptor {
  id: string;
  work: WorkModel;
  title: string;
  description: string;
  /** The paper or reference implementation the defaults and values follow. */
  reference: string;
  /** The measure module's own options schema (defaults, bounds, help): the API's query schema. */
  options: TObject;
  /** The same options as a list, read off `options` (CLI flags, GET /api/analysis, the README). */
  parameters: ParameterSpec[];
}

export interface NodeMeasure extends BaseDescriptor {
  kind: 'node';
  run(graph: AbstractGraph, options: Record<string, unknown>): NodeValues;
  /** Extra outputs beside the node values (HITS authorities). */
  extras?: (graph: AbstractGraph, options: Record<string, unknown>) => Record<string, NodeValues>;
}

export interface CommunityMeasure extends BaseDescriptor {
  kind: 'community';
  run(graph: AbstractGraph, options: Record<string, unknown>): CommunityResult;
}

/** Measures of the layered network itself (not of its flattened view); `layers` selects the layers. */
export interface MultilayerMeasure extends BaseDescriptor {
  kind: 'multilayer';
  run(network: Network, options: Record<string, unknown> & { layers: string[] }): object;
}

export type MeasureDescriptor = NodeMeasure | CommunityMeasure | MultilayerMeasure;

/** A descriptor's options: the module's schema, and the list read off it. */
const optionsFrom = (options: TObject) => ({ options, parameters: parametersOf(options) });

/** HITS gives hubs (the values) and authorities (the extra) in one run: `run` and `extras` share it. */
const lastHits = new WeakMap<
  AbstractGraph,
  { options: Record<string, unknown>; result: ReturnType<typeof hits> }
>();
function hitsOnce(graph: AbstractGraph, options: Record<string, unknown>): ReturnType<typeof hits> {
  const last = lastHits.get(graph);
  if (last && last.options === options) return last.result;
  const result = hits(graph, options);
  lastHits.set(graph, { options, result });
  return result;
}

export const MEASURES: MeasureDescriptor[] = [
  {
    id: 'degree',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'Degree',
    description: 'number of partners',
    reference: 'networkx degree',
    ...optionsFrom(DEGREE_OPTIONS),
    run: (g, o) => degree(g, o),
  },
  {
    id: 'weighted-degree',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'Weighted degree (strength)',
    description: 'sum of tie weights',
    reference: 'Barrat et al. 2004; networkx degree(weight=)',
    ...optionsFrom(DEGREE_OPTIONS),
    run: (g, o) => weightedDegree(g, o),
  },
  {
    id: 'betweenness',
    work: { kind: 'all-pairs' },
    kind: 'node',
    title: 'Betweenness',
    description:
      'share of shortest paths through the participant (brokerage); weighted: path length Σ 1/weight',
    reference:
      'Brandes 2001; Brandes & Pich 2007 for k pivots; networkx betweenness_centrality(normalized=True)',
    ...optionsFrom(BETWEENNESS_OPTIONS),
    run: (g, o) => betweenness(g, o),
  },
  {
    id: 'closeness',
    work: { kind: 'all-pairs' },
    kind: 'node',
    title: 'Closeness',
    description: 'inverse mean distance to the reachable participants, Wasserman–Faust corrected',
    reference: 'networkx closeness_centrality(wf_improved=True)',
    ...optionsFrom(CLOSENESS_OPTIONS),
    run: (g, o) => closeness(g, o),
  },
  {
    id: 'harmonic',
    work: { kind: 'all-pairs' },
    kind: 'node',
    title: 'Harmonic centrality',
    description: 'Σ 1/distance to every other participant',
    reference: 'Marchiori & Latora 2000; networkx harmonic_centrality',
    ...optionsFrom(HARMONIC_OPTIONS),
    run: (g, o) => harmonic(g, o),
  },
  {
    id: 'eigenvector',
    work: { kind: 'iterative', passes: 1 },
    kind: 'node',
    title: 'Eigenvector centrality',
    description: 'partners of well-connected partners; unit length',
    reference: 'Bonacich 1972; networkx eigenvector_centrality',
    ...optionsFrom(EIGENVECTOR_OPTIONS),
    run: (g, o) => eigenvector(g, o),
  },
  {
    id: 'pagerank',
    work: { kind: 'iterative', passes: 1 },
    kind: 'node',
    title: 'PageRank',
    description: 'random-walk importance',
    reference: 'Brin & Page 1998; networkx pagerank(alpha=0.85)',
    ...optionsFrom(PAGERANK_OPTIONS),
    run: (g, o) => pagerank(g, o),
  },
  {
    id: 'hits',
    work: { kind: 'iterative', passes: 2 },
    kind: 'node',
    title: 'HITS hubs (and authorities)',
    description: 'hub scores as values, authority scores beside them; sum 1',
    reference: 'Kleinberg 1999; networkx hits',
    ...optionsFrom(HITS_OPTIONS),
    run: (g, o) => hitsOnce(g, o).hubs,
    extras: (g, o) => ({ authorities: hitsOnce(g, o).authorities }),
  },
  {
    id: 'kcore',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'k-core number',
    description: 'the deepest core the participant belongs to',
    reference: 'Seidman 1983; Batagelj & Zaversnik 2003; networkx core_number',
    ...optionsFrom(KCORE_OPTIONS),
    run: (g, o) => kcore(g, o),
  },
  {
    id: 'constraint',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: "Burt's constraint",
    description:
      'how much the participant’s partners are tied to one another (low: a broker spanning structural holes); NaN (null) for isolated participants',
    reference: 'Burt 1992, 2004; networkx constraint',
    ...optionsFrom(STRUCTURAL_HOLES_OPTIONS),
    run: (g, o) => constraint(g, o),
  },
  {
    id: 'effective-size',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'Effective size',
    description:
      'partners minus their redundancy (Borgatti: n − 2t/n unweighted); NaN (null) for isolated participants',
    reference: 'Burt 1992; Borgatti 1997; networkx effective_size (node-by-node formula)',
    ...optionsFrom(STRUCTURAL_HOLES_OPTIONS),
    run: (g, o) => effectiveSize(g, o),
  },
  {
    id: 'efficiency',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'Efficiency',
    description: 'effective size / degree',
    reference: 'Burt 1992; networkx effective_size documentation',
    ...optionsFrom(STRUCTURAL_HOLES_OPTIONS),
    run: (g, o) => efficiency(g, o),
  },
  {
    id: 'brokerage',
    work: { kind: 'near-linear' },
    kind: 'node',
    title: 'Brokerage roles',
    description:
      'open two-paths a → b → c the participant mediates, by role over a grouping (coordinator, itinerant, representative, gatekeeper, liaison); use --directed for tie directions',
    reference: 'Gould & Fernandez 1989; counted as R sna::brokerage',
    ...optionsFrom(BROKERAGE_OPTIONS),
    run: (g, o) => brokerage(g, o),
    extras: (g, o) => {
      const roles = brokerageRoles(g, { groupBy: o.groupBy as string as 'cluster', seed: o.seed as number });
      return Object.fromEntries(
        ROLES.map((r) => [r, Object.fromEntries(Object.entries(roles).map(([id, c]) => [id, c[r]]))]),
      );
    },
  },
  {
    id: 'louvain',
    work: { kind: 'near-linear' },
    kind: 'community',
    title: 'Louvain communities',
    description: 'modularity optimisation',
    reference: 'Blondel et al. 2008 (graphology-communities-louvain)',
    ...optionsFrom(LOUVAIN_OPTIONS),
    run: (g, o) => louvain(g, o),
  },
  {
    id: 'leiden',
    work: { kind: 'near-linear' },
    kind: 'community',
    title: 'Leiden communities',
    description: 'modularity optimisation with connected communities',
    reference:
      'Traag, Waltman & van Eck 2019 (own implementation; passes repeated until no improvement, as leidenalg n_iterations=-1)',
    ...optionsFrom(LEIDEN_OPTIONS),
    run: (g, o) => leiden(g, o),
  },
  {
    id: 'label-propagation',
    work: { kind: 'iterative', passes: 1 },
    kind: 'community',
    title: 'Label propagation',
    description: 'communities by majority labels of partners',
    reference: 'Raghavan, Albert & Kumara 2007',
    ...optionsFrom(LABEL_PROPAGATION_OPTIONS),
    run: (g, o) => labelPropagation(g, o),
  },
  {
    id: 'multislice',
    work: { kind: 'near-linear' },
    kind: 'multilayer',
    title: 'Multislice communities',
    description: 'communities per layer with inter-layer coupling ω (multiplex), by multislice modularity',
    reference: 'Mucha, Richardson, Macon, Porter & Onnela 2010 (optimised with the Leiden engine)',
    ...optionsFrom(MULTISLICE_OPTIONS),
    run: (network, o) => multislice(network, o),
  },
  {
    id: 'multilayer',
    work: { kind: 'near-linear' },
    kind: 'multilayer',
    title: 'Multiplex node measures',
    description: 'degree per layer, overlapping degree, multiplex participation coefficient, node activity',
    reference: 'Battiston, Nicosia & Latora 2014; Nicosia & Latora 2015',
    ...optionsFrom(MULTILAYER_OPTIONS),
    run: (network, o) => multiplexNodeMeasures(network, { layers: o.layers }),
  },
  {
    id: 'layer-overlap',
    work: { kind: 'near-linear' },
    kind: 'multilayer',
    title: 'Layer edge overlap',
    description: 'Jaccard similarity of the tied pairs of every two layers (the layer-similarity matrix)',
    reference: 'Battiston, Nicosia & Latora 2014 (edge overlap)',
    ...optionsFrom(MULTILAYER_OPTIONS),
    run: (network, o) => layerOverlap(network, { layers: o.layers }),
  },
];

export function measure(id: string): MeasureDescriptor {
  const found = MEASURES.find((m) => m.id === id);
  if (!found)
    throw new InvalidArgumentError(`unknown measure '${id}'; known: ${MEASURES.map((m) => m.id).join(', ')}`);
  return found;
}

/**
 * A measure's options from a command line (text) or from a validated request (already typed): checked
 * against the descriptor's parameters (names, types, bounds, choices), defaults filled in. Typed values
 * are taken as they are; text is parsed once here.
 */
export function parseParameters(
  descriptor: MeasureDescriptor,
  raw: Record<string, string | number | boolean | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set(descriptor.parameters.map((p) => p.name));
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !known.has(name)) {
      throw new InvalidArgumentError(
        `${descriptor.id} has no option '${name}'; its options: ${[...known].join(', ') || 'none'}`,
      );
    }
  }
  for (const p of descriptor.parameters) {
    const value = raw[p.name];
    if (value === undefined) {
      out[p.name] = p.default;
      continue;
    }
    if (p.type === 'boolean') {
      if (typeof value === 'boolean') out[p.name] = value;
      else if (value === 'true' || value === 'false') out[p.name] = value === 'true';
      else
        throw new InvalidArgumentError(`${descriptor.id}: ${p.name} must be true or false, got '${value}'`);
    } else if (p.type === 'string') {
      if (p.choices && !p.choices.includes(String(value))) {
        throw new InvalidArgumentError(
          `${descriptor.id}: ${p.name} must be one of ${p.choices.join(', ')}, got '${value}'`,
        );
      }
      out[p.name] = String(value);
    } else {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n) || (p.type === 'integer' && !Number.isInteger(n))) {
        throw new InvalidArgumentError(
          `${descriptor.id}: ${p.name} must be ${p.type === 'integer' ? 'a whole number' : 'a number'}, got '${value}'`,
        );
      }
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
        throw new InvalidArgumentError(
          `${descriptor.id}: ${p.name} must lie in [${p.min}, ${p.max}], got ${n}`,
        );
      }
      out[p.name] = n;
    }
  }
  return out;
}
