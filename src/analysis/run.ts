/**
 * Runs one registry measure on a loaded network and shapes its result as the CLI's `--json` output
 * and the API's response (one shape for both, documented in the README).
 */
import type { Network } from './network.ts';
import type {
  CommunityMeasure,
  MeasureDescriptor,
  MultilayerMeasure,
  NodeMeasure,
  NodeValues,
} from './registry.ts';
import { flatView } from './views.ts';

/** The view the measure was computed on: which layers, directed or not, and the loader's filters. */
export interface MeasureView {
  layers?: string[];
  directed?: boolean;
  [filter: string]: unknown;
}

export interface NodeMeasureResult {
  measure: string;
  options: Record<string, unknown>;
  values: NodeValues;
  [extra: string]: unknown;
}

export interface CommunityMeasureResult {
  algorithm: string;
  options: Record<string, unknown>;
  modularity: number;
  communities: Record<string, number>;
}

export interface MultilayerMeasureResult {
  measure: string;
  options: Record<string, unknown>;
  [output: string]: unknown;
}

export type MeasureResult = NodeMeasureResult | CommunityMeasureResult | MultilayerMeasureResult;

export function runMeasure(
  network: Network,
  descriptor: MultilayerMeasure,
  options: Record<string, unknown>,
  view: MeasureView,
): MultilayerMeasureResult;
export function runMeasure(
  network: Network,
  descriptor: CommunityMeasure,
  options: Record<string, unknown>,
  view: MeasureView,
): CommunityMeasureResult;
export function runMeasure(
  network: Network,
  descriptor: NodeMeasure,
  options: Record<string, unknown>,
  view: MeasureView,
): NodeMeasureResult;
export function runMeasure(
  network: Network,
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  view: MeasureView,
): MeasureResult;
export function runMeasure(
  network: Network,
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  view: MeasureView,
): MeasureResult {
  const shownView = { ...view, layers: view.layers ?? network.layers.map((l) => l.id) };
  const shownOptions = { ...shownView, ...options };
  if (descriptor.kind === 'multilayer') {
    // Multilayer measures read the layers themselves; the derived platform layer is not one of them.
    const layers = (view.layers ?? []).filter((l) => l !== 'platform');
    const result = descriptor.run(network, { ...options, layers });
    return { measure: descriptor.id, options: shownOptions, ...result };
  }
  const graph = flatView(network, { layers: view.layers, directed: view.directed === true });
  if (descriptor.kind === 'community') {
    const result = descriptor.run(graph, options);
    return {
      algorithm: descriptor.id,
      options: shownOptions,
      modularity: result.modularity,
      communities: result.communities,
    };
  }
  const values = descriptor.run(graph, options);
  const extras = descriptor.extras?.(graph, options) ?? {};
  return { measure: descriptor.id, options: shownOptions, values, ...extras };
}
