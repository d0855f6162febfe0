/** The engine for one run, with the facts read from the store only when the choice needs them. */
import { chooseEngine, type Engine, type EngineChoice, type EngineView } from '../../analysis/engines.ts';
import type { Store } from '../driver.ts';
import { toNumber } from '../values.ts';
import { gdsAvailable } from './availability.ts';
import { gdsRows } from './call.ts';

export function engineFor(
  store: Store,
  requested: EngineChoice,
  measure: string,
  options: Record<string, unknown>,
  view: EngineView,
  autoMinTies?: number,
): Promise<Engine> {
  return chooseEngine(requested, measure, options, view, {
    // The count store answers this without reading the ties.
    ties: async () => toNumber((await gdsRows(store, 'gds-tie-count', {}, 'READ'))[0]?.ties ?? 0),
    gdsAvailable: () => gdsAvailable(store),
    autoMinTies,
  });
}
