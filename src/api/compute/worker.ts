/**
 * A computation thread: runs registry measures and fits suggestion models on networks sent by the pool (pool.ts), so that a long
 * computation never holds the server's event loop. The last few networks are kept, keyed by the pool,
 * so a network crosses the thread boundary once per graph version and filter, not once per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Network } from '../../analysis/network.ts';
import { measure } from '../../analysis/registry.ts';
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

parentPort!.on('message', (request: ComputeRequest) => parentPort!.postMessage(run(request)));
// Loaded and listening: the pool sends work (and starts its deadline) only from here on.
parentPort!.postMessage({ ready: true } satisfies ComputeReply);
