/** The engine for one run, with the facts read from the store only when the choice needs them. */
import { chooseEngine, type Engine, type EngineChoice, type EngineView } from '../../analysis/engines.ts';
import type { Store } from '../driver.ts';
import { toNumber } from '../values.ts';
import { gdsAvailable } from './availability.ts';
import { gdsRows } from './call.ts';

/** The stored ties (the count store answers without reading them). */
export const storedTies = async (store: Store) =>
  toNumber((await gdsRows(store, 'gds-tie-count', {}, 'READ'))[0]?.ties ?? 0);

/**
 * `ties` replaces the count's read, for a caller that keeps it per graph version (the API: it was a
 * round trip before every uncached measure under `auto`).
 */
export function engineFor(
  store: Store,
  requested: EngineChoice,
  measure: string,
  options: Record<string, unknown>,
  view: EngineView,
  autoMinTies?: number,
  ties: () => Promise<number> = () => storedTies(store),
): Promise<Engine> {
  return chooseEngine(requested, measure, options, view, {
    ties,
    gdsAvailable: () => gdsAvailable(store),
    autoMinTies,
  });
}
