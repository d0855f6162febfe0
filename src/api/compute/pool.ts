/**
 * Computation threads for the API. A measure (or a suggestion model's fit) runs in a worker thread, never on the event loop, so that
 * `/api/health` and every cached read keep answering while it works; it gets a deadline, after which its
 * thread is ended (the only way to stop a synchronous kernel) and a fresh one takes its place. Work waits
 * in a bounded queue; each client may have only a few computations under way at once.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Network } from '../../analysis/network.ts';
import type { MeasureResult } from '../../analysis/run.ts';
import {
  BusyError,
  ConvergenceError,
  InvalidArgumentError,
  NotFoundError,
  TooCostlyError,
} from '../../errors.ts';
import { HttpError } from '../errors.ts';
import type { LearnedScorer } from '../../analysis/suggestions/model.ts';
import {
  packNetwork,
  type ComputeReply,
  type ComputeThreadData,
  type ComputeRequest,
  type ComputeTask,
  type MeasureTask,
  type SuggestionModelTask,
} from './protocol.ts';

export interface ComputePoolOptions {
  /** Threads (default: one core fewer than the machine has, at least one). */
  threads?: number;
  /** A computation running longer than this is ended (ms). */
  deadlineMs: number;
  /** Computations waiting for a thread beyond this many are refused with 503 (busy). */
  maxQueued?: number;
  /** Computations one client may have waiting or running at once (429 beyond). */
  maxPerClient: number;
  /** Most threads one sharded kernel (betweenness, closeness, harmonic) uses; default serverShardThreads(). */
  shardThreads?: number;
  /**
   * Compile the quick kernels in each new thread before its first job asks for them, and run them once on
   * each network a thread receives, while it is idle (worker.ts; default true).
   */
  warmUp?: boolean;
}

interface Job {
  request: Omit<ComputeRequest, 'id' | 'network'>;
  network: Network;
  client: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The thread's stop flag: set at the deadline, its sharded kernels stop within a chunk (sharded.ts). */
  stop: Int32Array;
  /** The thread has loaded its modules (a second or so under tsx): not counted in any deadline. */
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

const BOOT = new URL('./boot.mjs', import.meta.url);
// The thread runs the same kind of module as this one: TypeScript through tsx in a checkout.
const ENTRY = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** Errors that are the request's fault keep their class across the thread boundary. */
const KNOWN_ERRORS: Record<string, new (message: string) => Error> = {
  InvalidArgumentError,
  ConvergenceError,
  NotFoundError,
  TooCostlyError,
};

/**
 * The server's default for the threads of one sharded kernel: one fewer than the cores, at most 4 — the
 * event loop keeps a core of its own (on 2 cores the shards would take both, and /api/health waited
 * hundreds of ms behind them), as the computation threads' default keeps one.
 */
export const serverShardThreads = () => Math.min(4, Math.max(1, availableParallelism() - 1));

/** Names a loaded network for the threads: the graph version and the loader's filter. */
export const networkKey = (version: number, filter: object = {}) => `${version}:${JSON.stringify(filter)}`;

export class ComputePool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Job[] = [];
  private readonly perClient = new Map<string, number>();
  private nextId = 1;
  private closed = false;
  private readonly maxQueued: number;

  constructor(private readonly options: ComputePoolOptions) {
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    this.slots = Array.from({ length: threads }, () => undefined);
    this.maxQueued = options.maxQueued ?? 32;
  }

  /** Runs a registry measure on `network` (named by `networkKey`) in a thread, for `client`. */
  runMeasure(
    client: string,
    networkKey: string,
    network: Network,
    task: Omit<MeasureTask, 'kind'>,
  ): Promise<MeasureResult> {
    return this.run(client, networkKey, network, { kind: 'measure', ...task }) as Promise<MeasureResult>;
  }

  /** Fits the learned suggestion model of `network` in a thread. */
  fitSuggestionModel(
    client: string,
    networkKey: string,
    network: Network,
    task: Omit<SuggestionModelTask, 'kind'>,
  ): Promise<LearnedScorer> {
    return this.run(client, networkKey, network, {
      kind: 'suggestion-model',
      ...task,
    }) as Promise<LearnedScorer>;
  }

  private run(client: string, networkKey: string, network: Network, task: ComputeTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new BusyError('the server is shutting down'));
    const running = this.perClient.get(client) ?? 0;
    if (running >= this.options.maxPerClient) {
      return Promise.reject(
        new HttpError(
          429,
          `at most ${this.options.maxPerClient} computations at once per client; wait for one to finish`,
        ),
      );
    }
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(new BusyError('every computation thread is busy; try again shortly'));
    }
    this.perClient.set(client, running + 1);
    return new Promise<unknown>((resolve, reject) => {
      this.queue.push({ request: { networkKey, task }, network, client, resolve, reject });
      this.dispatch();
    }).finally(() => {
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new BusyError('the server is shutting down'));
    await Promise.all(
      this.slots.map(async (slot, i) => {
        if (!slot) return;
        clearTimeout(slot.timer);
        slot.job?.reject(new BusyError('the server is shutting down'));
        this.slots[i] = undefined;
        Atomics.store(slot.stop, 0, 1);
        await slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      const slot = (this.slots[i] ??= this.spawn(i));
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.expire(i, slot), this.options.deadlineMs);
      this.send(slot, job, false);
    }
  }

  private send(slot: Slot, job: Job, withNetwork: boolean): void {
    const request: ComputeRequest = { ...job.request, id: this.nextId++ };
    if (withNetwork) request.network = packNetwork(job.network);
    slot.worker.postMessage(request);
  }

  private spawn(index: number): Slot {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const workerData: ComputeThreadData = {
      entry: ENTRY,
      shardThreads: this.options.shardThreads ?? serverShardThreads(),
      stop,
      warmUp: this.options.warmUp,
    };
    const worker = new Worker(BOOT, { workerData });
    // An idle thread must not keep the process alive (the CLI, the tests).
    worker.unref();
    const slot: Slot = { worker, stop, ready: false };
    worker.on('message', (reply: ComputeReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        return this.dispatch();
      }
      const job = slot.job;
      if (!job) return;
      if ('missingNetwork' in reply) return this.send(slot, job, true);
      this.finish(slot);
      if ('error' in reply) {
        const Known = KNOWN_ERRORS[reply.error.name];
        job.reject(Known ? new Known(reply.error.message) : new Error(reply.error.message));
      } else job.resolve(reply.result);
      this.dispatch();
    });
    const lost = (error: Error) => {
      if (this.slots[index] !== slot) return;
      this.slots[index] = undefined;
      const job = slot.job;
      this.finish(slot);
      job?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`a computation thread stopped (exit code ${code})`)));
    return slot;
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
  }

  /**
   * Ends a thread whose computation ran past the deadline; the next job gets a fresh thread. The stop
   * flag first: the shards of a sharded kernel run in threads of their own, which see it within a chunk
   * of work, as does the computation thread waiting for them — the stop does not depend on terminate()
   * reaching a thread blocked in Atomics.wait, nor on its shard threads being ended with it.
   */
  private expire(index: number, slot: Slot): void {
    if (this.slots[index] !== slot || !slot.job) return;
    const job = slot.job;
    this.slots[index] = undefined;
    this.finish(slot);
    Atomics.store(slot.stop, 0, 1);
    void slot.worker.terminate();
    job.reject(
      new TooCostlyError(
        `the computation ran past the server's limit of ${this.options.deadlineMs / 1000} s and was stopped; ` +
          'narrow the request (layers, filters, fewer iterations) or use the CLI',
      ),
    );
    this.dispatch();
  }
}
