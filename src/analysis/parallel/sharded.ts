/**
 * Runs a self-contained kernel over shards of its sources on several cores and adds up the results —
 * synchronously, so that the measures keep their plain `(graph, options) → values` signature. The main
 * thread computes one shard itself and then waits on an Atomics flag until the workers have written
 * theirs into shared memory. The kernel travels as source text (it must not close over anything). A
 * worker that fails sets its flag to 2, and its shard is then computed here: the result never depends
 * on whether threads were available.
 *
 * A run can be stopped (the server's computation deadline): every thread runs its shard in chunks of
 * sources and looks at a shared stop flag (`stopShardsOn`) between chunks, and the main thread waits for
 * its workers in short timed waits that look at the flag too. Once the flag is set, every thread of the
 * run is done within one chunk (a few milliseconds of work) and the main thread throws `ShardsStopped`.
 * The kernels add into their result per source, so running a shard chunk by chunk gives the same sums.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';

type Kernel = (...args: never[]) => void;

/** Below this much work (sources × adjacency entries), starting threads costs more than it saves. */
const MIN_WORK_PER_THREAD = 2e7;
/**
 * Work (sources × adjacency entries) per chunk between two looks at the stop flag: a few milliseconds,
 * so that a stop is seen quickly, and enough that the kernel's per-call set-up (arrays of n) is noise.
 */
const WORK_PER_CHUNK = 4e6;
/** How long the main thread waits for a worker before it looks at the stop flag again (ms). */
const WAIT_SLICE_MS = 20;

/** done[0]: 0 running, 1 finished, 2 failed, 3 stopped (saw the stop flag). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { source, inputs, sources, extras, result, done, stop, chunk } = workerData;
try {
  const kernel = new Function('return (' + source + ')')();
  let stopped = false;
  for (let from = 0; from < sources.length; from += chunk) {
    if (stop && Atomics.load(stop, 0) !== 0) {
      stopped = true;
      break;
    }
    kernel(...inputs, sources.subarray(from, from + chunk), ...extras, result);
  }
  Atomics.store(done, 0, stopped ? 3 : 1);
} catch (error) {
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
`;

/** Thrown by a sharded run whose stop flag was set: its threads have stopped, its result is lost. */
export class ShardsStopped extends Error {
  constructor() {
    super('the computation was stopped');
    this.name = 'ShardsStopped';
  }
}

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
  /** Work per chunk between two looks at the stop flag (tests lower it). */
  workPerChunk?: number;
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
 * take it from CLUSTERLENS_SHARD_THREADS (src/api/compute/worker.ts).
 */
let threadLimit = 4;
export function limitShardThreads(threads: number): void {
  threadLimit = Math.max(1, Math.floor(threads));
}

/**
 * The stop flag of this thread's sharded runs: once `flag[0]` is not 0 (set by another thread, as the
 * server's computation pool does at a deadline), every run stops within one chunk and throws
 * `ShardsStopped`. Without one (the CLI, the tests), runs cannot be stopped.
 */
let stopFlag: Int32Array | undefined;
export function stopShardsOn(flag: Int32Array | undefined): void {
  stopFlag = flag;
}

const stopped = () => stopFlag !== undefined && Atomics.load(stopFlag, 0) !== 0;

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
  const chunk = Math.max(
    1,
    Math.floor((run.workPerChunk ?? WORK_PER_CHUNK) / Math.max(1, run.workPerSource)),
  );
  // A shard chunk by chunk, looking at the stop flag before each.
  const call = (sources: Int32Array, result: Float64Array) => {
    for (let from = 0; from < sources.length; from += chunk) {
      if (stopped()) throw new ShardsStopped();
      (kernel as (...args: unknown[]) => void)(
        ...run.inputs,
        sources.subarray(from, from + chunk),
        ...run.extras,
        result,
      );
    }
  };
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
        workerData: {
          source,
          inputs: sharedInputs,
          sources: toShared(shard),
          extras: sharedExtras,
          result,
          done,
          stop: stopFlag,
          chunk,
        },
      });
      worker.unref();
    } catch {
      Atomics.store(done, 0, 2);
    }
    return { shard, done, result, worker };
  });
  try {
    call(shards[0]!, total);
    let fallbacks = 0;
    for (const job of jobs) {
      // Timed waits: a stop must not wait for a shard that is still running (nor for one that never ends).
      while (Atomics.load(job.done, 0) === 0) {
        if (stopped()) throw new ShardsStopped();
        Atomics.wait(job.done, 0, 0, WAIT_SLICE_MS);
      }
      if (Atomics.load(job.done, 0) === 1) {
        for (let i = 0; i < total.length; i++) total[i]! += job.result[i]!;
      } else {
        fallbacks++;
        call(job.shard, total);
      }
    }
    return { values: total, threads, fallbacks };
  } finally {
    // Finished workers end by themselves; stopped ones have seen the flag (or will within a chunk).
    for (const job of jobs) void job.worker?.terminate().catch(() => {});
  }
}
