/** What the panels and controls may ask of the app: data, the view state, and the drawing's overlays. */
import type { Api, Facets } from './api.ts';
import type { GroupEffect, Legend } from './graph-mapping.ts';
import type { ViewState } from './url-state.ts';

export interface AppContext {
  api: Api;
  facets: Facets;
  state(): ViewState;
  /** Changes the view state; 'push' makes a new history entry (a user's navigation), 'replace' does not. */
  update(patch: Partial<ViewState>, history?: 'push' | 'replace'): void;
  /**
   * Emphasises these participants on the graph (and their ties among themselves) and frames them with the
   * camera; null clears. `labelled`: only these get a forced label (default: all highlighted).
   */
  highlight(ids: Iterable<string> | null, options?: { labelled?: Iterable<string> }): void;
  /** Colours the graph by group effects (the DiD view), with the legend for them; null restores the mapping. */
  setEffects(effects: { groups: GroupEffect[]; legend: Legend } | null): void;
  /** A node measure's values on the current layers (cached per layers). */
  measure(id: string): Promise<Record<string, number>>;
  /** A participant's name if the drawn network knows it. */
  nameOf(id: string): string | null;
  /** The participants on screen (after the server's filters, the ego network and the ranges). */
  shown(): { nodes: ReadonlySet<string> };
}
