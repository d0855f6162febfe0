/** Messages between the compute pool (pool.ts) and its threads (worker.ts). */
import type { Network } from '../../analysis/network.ts';

export interface MeasureTask {
  measure: string;
  options: Record<string, unknown>;
  view: Record<string, unknown>;
}

export interface ComputeRequest {
  id: number;
  /** Names the network (graph version and filter); `network` is sent only when the thread lacks it. */
  networkKey: string;
  network?: Network;
  task: MeasureTask;
}

export type ComputeReply =
  | { ready: true }
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } }
  | { id: number; missingNetwork: true };
