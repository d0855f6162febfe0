/**
 * A computation thread: runs registry measures and fits suggestion models on networks sent by the pool (pool.ts), so that a long
 * computation never holds the server's event loop. The last few networks are kept, keyed by the pool,
 * so a network crosses the thread boundary once per graph version and filter, not once per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Network } from '../../analysis/network.ts';
import { MEASURES, measure, parseParameters } from '../../analysis/registry.ts';
import { runMeasure, type MeasureView } from '../../analysis/run.ts';
import { learnedModel } from '../../analysis/suggestions/suggest.ts';
import { limitShardThreads, stopShardsOn } from '../../analysis/parallel/sharded.ts';
import { unpackNetwork, type ComputeReply, type ComputeRequest, type ComputeThreadData } from './protocol.ts';

// Sharded kernels (betweenness, closeness, harmonic) use up to this many cores; the pool sets the stop
// flag at the deadline, and every shard of the computation then ends within a few milliseconds of work.
const { shardThreads, stop } = workerData as ComputeThreadData;
limitShardThreads(shardThreads);
stopShardsOn(stop);

const KEPT_NETWORKS = 2;
const networks = new Map<string, Network>();

function run(request: ComputeRequest): ComputeReply {
  if (request.network) {
    const arrived = unpackNetwork(request.network);
    networks.delete(request.networkKey);
    networks.set(request.networkKey, arrived);
    while (networks.size > KEPT_NETWORKS) networks.delete(networks.keys().next().value!);
    if (request.task.kind === 'measure') warmOnArrival(arrived, request.task.view as MeasureView);
  }
  const network = networks.get(request.networkKey);
  if (!network) return { id: request.id, missingNetwork: true };
  try {
    const { task } = request;
    const result =
      task.kind === 'measure'
        ? runMeasure(network, measure(task.measure), task.options, task.view as MeasureView)
        : learnedModel(network, task.layers, task.platforms, undefined, task.withHeldOut);
    return { id: request.id, result };
  } catch (error) {
    const e = error as Error;
    return { id: request.id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) } };
  }
}

/** Measures that run their searches in shard threads of their own: not warmed (it would start threads). */
const SHARDED = new Set(['betweenness', 'closeness', 'harmonic']);

/**
 * A small fixed network of two layers (a ring with chords): enough work for V8 to compile the kernels'
 * loops, a few milliseconds per measure once compiled.
 */
function warmUpNetwork(n = 400): Network {
  const ties: Network['ties'] = [];
  for (let i = 0; i < n; i++) {
    for (const [step, layer] of [
      [1, 'a'],
      [2, 'a'],
      [7, 'b'],
    ] as const)
      ties.push({ source: `w${i}`, target: `w${(i + step) % n}`, layer, weight: 1 + (i % 3) });
  }
  return {
    nodes: Array.from({ length: n }, (_, i) => ({
      id: `w${i}`,
      kind: 'other',
      name: `w${i}`,
      region: '',
      clusters: [],
      platforms: [],
    })),
    ties,
    layers: [
      { id: 'a', directed: false },
      { id: 'b', directed: false },
    ],
  };
}

/**
 * The quick measures, warmed on each network as it arrives (below): their runs take milliseconds to a
 * few hundred on 200,000 ties. Not the sharded ones (they start threads) nor those whose run grows
 * faster than the ties (Leiden, the multilayer measures).
 */
const WARMED_ON_ARRIVAL = [
  'degree',
  'weighted-degree',
  'pagerank',
  'eigenvector',
  'hits',
  'kcore',
  'constraint',
  'effective-size',
  'efficiency',
  'louvain',
];
/** Above this many ties a network is not warmed: one warm run could hold a request back too long. */
const WARM_AT_MOST_TIES = 500_000;
const warmEnabled = (workerData as ComputeThreadData).warmUp !== false;
interface WarmRun {
  /** Run on an arrived network (replaced when a newer one arrives), not on the thread's small one. */
  onArrival: boolean;
  run: () => void;
}
/** The warm runs still to do, one per turn of the event loop. */
let warmQueue: WarmRun[] = [];

/** Runs each queued warm run in its own turn, so a job arriving meanwhile waits for one run at most. */
function drainWarmQueue(): void {
  const next = warmQueue.shift();
  if (!next) return;
  try {
    next.run();
  } catch {
    // A warm run that fails changes nothing: the measure is compiled on its first job instead.
  }
  if (warmQueue.length > 0) setImmediate(drainWarmQueue);
}

/** Queues warm runs; those on an arrived network replace the ones still queued for an earlier one. */
function queueWarmRuns(runs: (() => void)[], onArrival: boolean): void {
  const idle = warmQueue.length === 0;
  warmQueue = [
    ...(onArrival ? warmQueue.filter((w) => !w.onArrival) : warmQueue),
    ...runs.map((run) => ({ onArrival, run })),
  ];
  if (idle && warmQueue.length > 0) setImmediate(drainWarmQueue);
}

/**
 * After the job that brought a network, each quick measure runs once on it (in the job's view), its
 * result dropped. A measure's first run on a network in a thread took 2–3× its later runs on CA-GrQc
 * (bench:api-overhead: PageRank 69 ms against 29, Louvain 110 against 52) — V8 tiering the kernel up
 * for the network's size, the derived rows (csr.ts) and result templates built — and a client asking for
 * a second measure paid that as a floor over the kernel. Now the thread pays it while idle.
 */
function warmOnArrival(network: Network, view: MeasureView): void {
  if (!warmEnabled || network.ties.length > WARM_AT_MOST_TIES) return;
  queueWarmRuns(
    WARMED_ON_ARRIVAL.map((id) => () => {
      const descriptor = measure(id);
      runMeasure(network, descriptor, parseParameters(descriptor, {}), view);
    }),
    true,
  );
}

/**
 * A fresh thread has compiled none of the kernels: a measure's first run in it took several times its
 * later ones on CA-GrQc (bench:api-overhead: PageRank 125 ms against 18 ms, Louvain 238 against 55), and
 * that first run is what a client of a newly started server waits for. So, once ready, the thread runs
 * each measure once on a small network — one measure per turn of its event loop, so that a job arriving
 * meanwhile waits for one small run at most, not for the whole warm-up. The results are dropped.
 */
function warmUp(): void {
  const network = warmUpNetwork();
  queueWarmRuns(
    MEASURES.filter((m) => !SHARDED.has(m.id)).map(
      (descriptor) => () => runMeasure(network, descriptor, parseParameters(descriptor, {}), {}),
    ),
    false,
  );
}

parentPort!.on('message', (request: ComputeRequest) => parentPort!.postMessage(run(request)));
// Loaded and listening: the pool sends work (and starts its deadline) only from here on.
parentPort!.postMessage({ ready: true } satisfies ComputeReply);
if (warmEnabled) warmUp();
