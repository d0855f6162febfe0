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
    networks.delete(request.networkKey);
    networks.set(request.networkKey, unpackNetwork(request.network));
    while (networks.size > KEPT_NETWORKS) networks.delete(networks.keys().next().value!);
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
 * A fresh thread has compiled none of the kernels: a measure's first run in it took several times its
 * later ones on CA-GrQc (bench:api-overhead: PageRank 125 ms against 18 ms, Louvain 238 against 55), and
 * that first run is what a client of a newly started server waits for. So, once ready, the thread runs
 * each measure once on a small network — one measure per turn of its event loop, so that a job arriving
 * meanwhile waits for one small run at most, not for the whole warm-up. The results are dropped.
 */
function warmUp(): void {
  const network = warmUpNetwork();
  const queue = MEASURES.filter((m) => !SHARDED.has(m.id));
  const next = () => {
    const descriptor = queue.shift();
    if (!descriptor) return;
    try {
      runMeasure(network, descriptor, parseParameters(descriptor, {}), {});
    } catch {
      // A warm-up run that fails changes nothing: the measure is compiled on its first job instead.
    }
    setImmediate(next);
  };
  setImmediate(next);
}

parentPort!.on('message', (request: ComputeRequest) => parentPort!.postMessage(run(request)));
// Loaded and listening: the pool sends work (and starts its deadline) only from here on.
parentPort!.postMessage({ ready: true } satisfies ComputeReply);
if ((workerData as ComputeThreadData).warmUp !== false) warmUp();
