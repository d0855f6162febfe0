/**
 * Runs a self-contained kernel over shards of its sources on several cores and adds up the results —
 * synchronously, so that the measures keep their plain `(graph, options) → values` signature. The main
 * thread computes one shard itself and then blocks on an Atomics flag until the workers have written
 * theirs into shared memory. The kernel travels as source text (it must not close over anything). A
 * worker that fails sets its flag to 2, and its shard is then computed here: the result never depends
 * on whether threads were available.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';

type Kernel = (...args: never[]) => void;

/** Below this much work (sources × adjacency entries), starting threads costs more than it saves. */
const MIN_WORK_PER_THREAD = 2e7;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { source, args, done } = workerData;
try {
  const kernel = new Function('return (' + source + ')')();
  kernel(...args);
  Atomics.store(done, 0, 1);
} catch (error) {
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
`;

function toShared<T extends Int32Array | Uint8Array | Float64Array>(array: T): T {
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

export interface ShardedRun {
  /** Read-only inputs, in the kernel's argument order before `sources`. */
  inputs: (Int32Array | Uint8Array | Float64Array)[];
  /** Inputs after `sources` and before the result. */
  extras: (Int32Array | Uint8Array | Float64Array)[];
  sources: Int32Array;
  resultLength: number;
  /** Adjacency entries visited per source, to judge whether threads pay off. */
  workPerSource: number;
  /** At most this many threads (default: the available parallelism, at most 4). */
  maxThreads?: number;
  /** Work (sources × workPerSource) below which one more thread is not started (tests lower it). */
  minWorkPerThread?: number;
}

export interface ShardedResult {
  values: Float64Array;
  /** Threads used, the main thread included. */
  threads: number;
  /** Shards that a worker failed to compute and the main thread computed instead. */
  fallbacks: number;
}

/**
 * At most this many threads per sharded run in this thread (default 4). The server's computation threads
 * set it to 1 (src/api/compute/worker.ts): a thread that waits for its shards in Atomics.wait cannot be
 * stopped at the computation deadline, and shards on every core starve the server's event loop; the
 * server runs requests side by side on its pool instead.
 */
let threadLimit = 4;
export function limitShardThreads(threads: number): void {
  threadLimit = Math.max(1, Math.floor(threads));
}

/** kernel(...inputs, sources, ...extras, result): result[i] is added up over the shards. */
export function runSharded(kernel: Kernel, run: ShardedRun): Float64Array {
  return runShardedDetailed(kernel, run).values;
}

export function runShardedDetailed(kernel: Kernel, run: ShardedRun): ShardedResult {
  const cores = Math.min(
    run.maxThreads ?? threadLimit,
    threadLimit,
    os.availableParallelism?.() ?? os.cpus().length,
  );
  const byWork = Math.floor(
    (run.sources.length * run.workPerSource) / (run.minWorkPerThread ?? MIN_WORK_PER_THREAD),
  );
  const threads = Math.max(1, Math.min(cores, byWork));
  const call = (sources: Int32Array, result: Float64Array) =>
    (kernel as (...args: unknown[]) => void)(...run.inputs, sources, ...run.extras, result);
  const total = new Float64Array(run.resultLength);
  if (threads === 1) {
    call(run.sources, total);
    return { values: total, threads: 1, fallbacks: 0 };
  }
  // Interleaved shards balance the work: neighbouring sources tend to cost alike.
  const shards = Array.from({ length: threads }, (_, t) => run.sources.filter((_, i) => i % threads === t));
  const sharedInputs = run.inputs.map(toShared);
  const sharedExtras = run.extras.map(toShared);
  const source = kernel.toString();
  const jobs = shards.slice(1).map((shard) => {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const result = new Float64Array(new SharedArrayBuffer(8 * run.resultLength));
    let worker: Worker | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { source, args: [...sharedInputs, toShared(shard), ...sharedExtras, result], done },
      });
      worker.unref();
    } catch {
      Atomics.store(done, 0, 2);
    }
    return { shard, done, result, worker };
  });
  call(shards[0]!, total);
  let fallbacks = 0;
  for (const job of jobs) {
    Atomics.wait(job.done, 0, 0);
    if (Atomics.load(job.done, 0) === 1) {
      for (let i = 0; i < total.length; i++) total[i]! += job.result[i]!;
    } else {
      fallbacks++;
      call(job.shard, total);
    }
    void job.worker?.terminate().catch(() => {});
  }
  return { values: total, threads, fallbacks };
}
