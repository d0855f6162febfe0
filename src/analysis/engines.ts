/**
 * Where a measure runs: in this process on the loaded network (`memory`, every measure), or inside Neo4j
 * by Graph Data Science (`gds`, the measures listed here), or `auto`: GDS for large networks when the
 * server has it. This module says which measures GDS computes, how the registry's options map onto GDS's
 * configuration, and how GDS's values are scaled to the memory engine's (networkx's) — the one answer
 * for the CLI, the API and docs/engines.md. The GDS side (projection, estimates, the calls) lives in
 * src/store/gds/.
 */
import { EngineUnsupportedError } from '../errors.ts';
import { choice } from './options.ts';
import type { NodeValues } from './registry.ts';

export const ENGINES = ['memory', 'gds', 'auto'] as const;
export type EngineChoice = (typeof ENGINES)[number];
/** The engine that ran. */
export type Engine = Exclude<EngineChoice, 'auto'>;

/** The engine when none is asked for: the memory engine for a region, GDS for a country (below). */
export const DEFAULT_ENGINE: EngineChoice = 'auto';

/**
 * `auto` chooses GDS when the stored network has at least this many ties (and GDS is installed and
 * computes the measure with these options): loading alone takes about 5 s per million ties, and the
 * memory engine's heap grows with them, while GDS projects them inside the database.
 */
export const AUTO_GDS_MIN_TIES = 1_000_000;

export const ENGINE_DESCRIPTION = `where the measure runs: memory (this process), gds (Neo4j Graph Data Science), auto (gds from ${AUTO_GDS_MIN_TIES} stored ties when GDS is installed and computes the measure); see docs/engines.md`;

/**
 * The engine option, as the API's query parameter describes it: the CLI flag's description, and which
 * engine's written result a request is served (the API serves written results, the CLI computes).
 */
export const engineOption = () =>
  choice(ENGINES, {
    default: DEFAULT_ENGINE,
    description:
      `${ENGINE_DESCRIPTION}. A result written back for the same options is served without computing ` +
      'under auto, and under memory or gds only when that engine computed it',
  });

/** What a GDS run needs of the view: directed or not, and the derived platform layer. */
export interface EngineView {
  directed: boolean;
}

/** How one measure runs in GDS. */
export interface GdsPlan {
  kind: 'node' | 'community';
  /** cypher/<statement>.cypher: the stream (node) or mutate (community) call; its procedure is fixed there. */
  statement: string;
  /** cypher/<estimate>.cypher: the call's memory estimate (GDS has none for closeness and harmonic). */
  estimate?: string;
  /** The procedure's configuration (parameters of the statement, never part of its text). */
  config: Record<string, unknown>;
  /** GDS's values → the memory engine's (n: the number of participants in the view). */
  scale?: (values: NodeValues, n: number) => NodeValues;
  /** Community measures: whether the modularity comes from gds.modularity.stats (the call reports none). */
  modularityFromStats?: boolean;
}

type Options = Record<string, unknown>;

/** A plan, or why GDS cannot compute these options. */
type Planner = (options: Options, view: EngineView) => GdsPlan | string;

const undirectedOnly = (id: string) =>
  `${id} runs in GDS on the undirected view only (GDS's variant differs from networkx's on directed graphs)`;

const weight = (options: Options, property = 'weight') =>
  options.weighted === true ? { relationshipWeightProperty: property } : {};

const times = (factor: number) => (values: NodeValues) =>
  Object.fromEntries(Object.entries(values).map(([id, v]) => [id, v * factor]));

/** GDS's PageRank is not normalised (the scores sum to about n); networkx's sum to 1. */
const sumToOne = (values: NodeValues) => {
  const total = Object.values(values).reduce((s, v) => s + v, 0);
  return total > 0 ? times(1 / total)(values) : values;
};

const degreePlan =
  (weighted: boolean): Planner =>
  (options, view) => ({
    kind: 'node',
    statement: 'gds-degree',
    estimate: 'gds-degree-estimate',
    config: {
      // On an undirected projection every orientation counts each partner once, as the memory engine does.
      orientation: !view.directed
        ? 'NATURAL'
        : options.direction === 'out'
          ? 'NATURAL'
          : options.direction === 'in'
            ? 'REVERSE'
            : 'UNDIRECTED',
      ...(weighted ? { relationshipWeightProperty: 'weight' } : {}),
    },
  });

/**
 * The measures GDS computes, by registry id. GDS 2.13 has no resolution for Louvain, no seeds for Louvain
 * and label propagation (they run on one thread, so they are reproducible), and HITS only on directed
 * graphs; options it cannot honour are refused rather than ignored.
 */
const GDS_PLANS: Record<string, Planner> = {
  degree: degreePlan(false),
  'weighted-degree': degreePlan(true),
  pagerank: (o) => ({
    kind: 'node',
    statement: 'gds-pagerank',
    estimate: 'gds-pagerank-estimate',
    config: {
      dampingFactor: o.alpha,
      maxIterations: o.maxIterations,
      // GDS's scores are about n times networkx's: its tolerance, per node, is as strict after scaling.
      tolerance: o.tolerance,
      ...weight(o),
    },
    // p = x / Σx: GDS's teleport term is 1 − α rather than (1 − α)/n and it leaves sinks' mass out, and
    // both terms are uniform, so networkx's vector is GDS's up to a factor (docs/engines.md).
    scale: sumToOne,
  }),
  betweenness: (o, view) => {
    const sampled = Number(o.k) > 0;
    return {
      kind: 'node',
      statement: 'gds-betweenness',
      estimate: 'gds-betweenness-estimate',
      config: {
        ...(sampled ? { samplingSize: o.k, samplingSeed: o.seed } : {}),
        // The memory engine reads weights as strengths: a path costs Σ 1/weight (the `cost` property).
        ...weight(o, 'cost'),
      },
      scale: (values, n) => {
        // GDS counts each unordered pair once on an undirected graph (networkx's normalized=False);
        // normalised: networkx divides the pair count over both orders by (n−1)(n−2).
        const pairs = view.directed ? 1 : 2;
        let factor = o.normalized === true ? (n > 2 ? pairs / ((n - 1) * (n - 2)) : 1) : 1;
        // Sampled: GDS sums the sampled sources' dependencies; the memory engine extrapolates by n/k.
        if (sampled && Number(o.k) < n) factor *= n / Number(o.k);
        return times(factor)(values);
      },
    };
  },
  closeness: (o, view) =>
    view.directed
      ? undirectedOnly('closeness')
      : {
          kind: 'node',
          statement: 'gds-closeness',
          config: { useWassermanFaust: o.wassermanFaust === true },
        },
  harmonic: (_o, view) =>
    view.directed
      ? undirectedOnly('harmonic')
      : {
          kind: 'node',
          statement: 'gds-harmonic',
          config: {},
          // GDS divides by n − 1; networkx's harmonic centrality is the plain sum.
          scale: (values, n) => times(Math.max(1, n - 1))(values),
        },
  eigenvector: (o, view) =>
    view.directed
      ? undirectedOnly('eigenvector')
      : o.weighted === true
        ? // Measured on the demo: GDS's weighted vector differs from networkx's by up to 0.09.
          "GDS's weighted eigenvector centrality is not networkx's; use the unweighted one or the memory engine"
        : {
            kind: 'node',
            statement: 'gds-eigenvector',
            estimate: 'gds-eigenvector-estimate',
            // GDS's vector has unit length, as networkx's.
            config: { maxIterations: o.maxIterations, tolerance: o.tolerance },
          },
  kcore: (_o, view) =>
    view.directed
      ? undirectedOnly('kcore')
      : { kind: 'node', statement: 'gds-kcore', estimate: 'gds-kcore-estimate', config: {} },
  louvain: (o, view) => {
    if (view.directed) return undirectedOnly('louvain');
    if (o.resolution !== 1)
      return 'GDS Louvain has no resolution; use resolution 1, leiden, or the memory engine';
    return {
      kind: 'community',
      statement: 'gds-louvain',
      estimate: 'gds-louvain-estimate',
      config: { concurrency: 1, consecutiveIds: true, ...weight(o) },
    };
  },
  leiden: (o, view) =>
    view.directed
      ? undirectedOnly('leiden')
      : {
          kind: 'community',
          statement: 'gds-leiden',
          estimate: 'gds-leiden-estimate',
          config: {
            concurrency: 1,
            gamma: o.resolution,
            theta: o.theta,
            randomSeed: o.seed,
            consecutiveIds: true,
            ...weight(o),
          },
          modularityFromStats: o.resolution === 1,
        },
  'label-propagation': (o, view) =>
    view.directed
      ? undirectedOnly('label-propagation')
      : {
          kind: 'community',
          statement: 'gds-label-propagation',
          estimate: 'gds-label-propagation-estimate',
          config: { concurrency: 1, maxIterations: o.maxIterations, consecutiveIds: true, ...weight(o) },
          modularityFromStats: true,
        },
};

/** The measures GDS computes (with suitable options), in the registry's ids. */
export const GDS_MEASURES: readonly string[] = Object.keys(GDS_PLANS);

/** How GDS computes this measure with these options, or why it cannot. */
export function gdsPlan(measure: string, options: Options, view: EngineView): GdsPlan | string {
  const planner = GDS_PLANS[measure];
  if (!planner)
    return `${measure} is computed by the memory engine only (GDS computes ${GDS_MEASURES.join(', ')})`;
  return planner(options, view);
}

/** The facts the choice depends on; `gdsAvailable` and `ties` are asked only when needed. */
export interface EngineFacts {
  ties: () => Promise<number>;
  gdsAvailable: () => Promise<boolean>;
  /** The `auto` threshold (AUTO_GDS_MIN_TIES unless configured). */
  autoMinTies?: number;
}

/**
 * The engine for one run: `memory` always works; `gds` must be able to compute the measure and be
 * installed (else a clear error); `auto` takes GDS only when both hold and the network is large.
 */
export async function chooseEngine(
  requested: EngineChoice,
  measure: string,
  options: Options,
  view: EngineView,
  facts: EngineFacts,
): Promise<Engine> {
  if (requested === 'memory') return 'memory';
  const plan = gdsPlan(measure, options, view);
  if (requested === 'gds') {
    if (typeof plan === 'string') throw new EngineUnsupportedError(`engine gds: ${plan}`);
    if (!(await facts.gdsAvailable()))
      throw new EngineUnsupportedError(
        'engine gds: Graph Data Science is not installed in this Neo4j (RETURN gds.version() fails); use engine memory or auto',
      );
    return 'gds';
  }
  if (typeof plan === 'string') return 'memory';
  if ((await facts.ties()) < (facts.autoMinTies ?? AUTO_GDS_MIN_TIES)) return 'memory';
  return (await facts.gdsAvailable()) ? 'gds' : 'memory';
}
