/**
 * Measure results written back to Neo4j and read again: what `analyze --write`, the API's write route
 * and its measure routes share. Naming lives in src/analysis/written-results.ts, the Cypher in
 * src/store/analysis-results.ts; this module joins them for a measure, its options and its view.
 */
import type { MeasureDescriptor } from '../analysis/registry.ts';
import type { EngineChoice } from '../analysis/engines.ts';
import type { MeasureResult, MeasureView } from '../analysis/run.ts';
import { resultProperty, resultSettings, writtenResult } from '../analysis/written-results.ts';
import { InvalidArgumentError } from '../errors.ts';
import {
  readAnalysisResult,
  writeAnalysisResult,
  writtenResultVersions,
  type WriteReport,
} from '../store/analysis-results.ts';
import type { Store } from '../store/driver.ts';

export type { WriteReport } from '../store/analysis-results.ts';

/** Refuses measures that give no value per participant (multilayer ones) before anything is computed. */
export function assertWritable(descriptor: MeasureDescriptor): void {
  if (descriptor.kind === 'multilayer') {
    throw new InvalidArgumentError(
      `${descriptor.id} cannot be written back: it is a measure of the layers, not a value per participant ` +
        '(write supports node measures and communities)',
    );
  }
}

/** Writes a result computed with these options on this view of the graph at `graphVersion`. */
export function writeMeasureResult(
  store: Store,
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  view: MeasureView,
  result: MeasureResult,
  graphVersion: number,
): Promise<WriteReport> {
  assertWritable(descriptor);
  const settings = resultSettings(descriptor, options, view);
  return writeAnalysisResult(store, writtenResult(descriptor, settings, result), graphVersion);
}

/**
 * The written result for these options and view, when it was computed on `graphVersion` by an engine the
 * request accepts: under `auto` whichever engine wrote it, under `memory` or `gds` only that engine's
 * (a client that names an engine asks for that engine's computation, docs/engines.md).
 */
export async function readMeasureResult(
  store: Store,
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  view: MeasureView,
  graphVersion: number,
  engine: EngineChoice,
  index?: { has(property: string): Promise<boolean> },
): Promise<MeasureResult | undefined> {
  if (descriptor.kind === 'multilayer') return undefined;
  const property = resultProperty(descriptor.id, resultSettings(descriptor, options, view));
  // The index answers "nothing written" without a round trip; a listed property is read (and checked
  // against the graph version again there).
  if (index && !(await index.has(property))) return undefined;
  const written = await readAnalysisResult(store, property, graphVersion);
  if (!written || !servesEngine(written, engine)) return undefined;
  return written;
}

/** Whether a written result answers a request for `engine` (results written before engines say memory). */
function servesEngine(written: MeasureResult, engine: EngineChoice): boolean {
  if (engine === 'auto') return true;
  const ran = (written as { engine?: unknown }).engine ?? 'memory';
  return ran === engine;
}

/**
 * Which properties hold a written result, and on which graph version, read once per reading of the graph
 * version (`epoch`: the API's version clock counts its reads) and again after a write through this
 * process (`invalidate`). A write-back does not bump the graph version (results are derived data), so
 * the graph version alone cannot key this: a write by this server is seen by its next request, a write
 * by another process (the CLI, another `serve --workers` process) once the clock reads again — within
 * its ttl, as imports by other processes are. The read needs no graph version, so the route starts it
 * beside the clock's read (`prefetch`): one round trip's wait, not two. Without the index every uncached
 * measure request read Neo4j after the version and before computing, to find that nothing was written.
 */
export class WrittenResultIndex {
  private epoch: number | undefined;
  private versions: Promise<Map<string, number>> | undefined;

  constructor(private readonly store: Store) {}

  /** Starts the read for clock reading `epoch` unless it is under way or done. */
  prefetch(epoch: number): void {
    void this.current(epoch).catch(() => undefined);
  }

  /** The look-up for one request, on `graphVersion` as read at clock reading `epoch`. */
  at(graphVersion: number, epoch: number): { has(property: string): Promise<boolean> } {
    return {
      has: async (property) => (await this.current(epoch)).get(property) === graphVersion,
    };
  }

  /** A result was written through this process: the next look-up reads the index again. */
  invalidate(): void {
    this.versions = undefined;
  }

  private current(epoch: number): Promise<Map<string, number>> {
    if (this.epoch !== epoch || !this.versions) {
      this.epoch = epoch;
      const pending = writtenResultVersions(this.store);
      this.versions = pending;
      // A failed read (Neo4j away) is not remembered.
      pending.catch(() => {
        if (this.versions === pending) this.versions = undefined;
      });
    }
    return this.versions;
  }
}
