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
import { readAnalysisResult, writeAnalysisResult, type WriteReport } from '../store/analysis-results.ts';
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
): Promise<MeasureResult | undefined> {
  if (descriptor.kind === 'multilayer') return undefined;
  const property = resultProperty(descriptor.id, resultSettings(descriptor, options, view));
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
