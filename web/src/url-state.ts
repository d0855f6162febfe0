/**
 * The view state and its URL. Everything a shared link should reproduce lives here — layers, filters,
 * colouring, sizing, selection, open panel, mode — and nothing else (hover, camera and the running layout
 * stay local). Defaults are left out of the URL so a plain `/` is the default view; parsing never throws,
 * an unknown value falls back to its default.
 */
import type { DidGrouping, NetworkFilter } from './api.ts';
import { EGO_RADII, parseRanges, serializeRanges, type Range } from './view-ranges.ts';

export const COLOR_MODES = ['cluster', 'community', 'kind'] as const;
/**
 * Node colour: a built-in grouping, or any column of the data table (attributes.ts): `region`,
 * `field:<name>`, `attr:<free attribute>`, `ind:<indicator>`, `measure:<id>`.
 */
export type ColorMode = (typeof COLOR_MODES)[number] | string;
/** A column id as the URL may carry it (colour and size by any attribute). */
export const COLUMN_ID = /^(region|platforms|(field|attr|ind|measure):[\p{L}\p{N}_.-]{1,80})$/u;

export const MODES = ['network', 'metacorporation'] as const;
export type Mode = (typeof MODES)[number];

export const PANELS = ['participant', 'gaps', 'did'] as const;
export type Panel = (typeof PANELS)[number];

export const DID_GROUPINGS: readonly DidGrouping[] = ['cluster', 'community', 'kind', 'platform'];
export const GAP_GROUPINGS = ['cluster', 'kind', 'community', 'region'] as const;
export type GapGrouping = (typeof GAP_GROUPINGS)[number];

export interface ViewState extends NetworkFilter {
  mode: Mode;
  color: ColorMode;
  /** A node measure id from the registry, or 'none' for equal sizes. */
  size: string;
  selected: string | null;
  /** A suggested partner of the selected participant, highlighted with their common partners. */
  suggestion: string | null;
  panel: Panel | null;
  didIndicator: string | null;
  didGroupBy: DidGrouping;
  didGroup: string | null;
  gapsGroupBy: GapGrouping;
  /** Shows the data table (Gephi Lite's data laboratory) under the drawing. */
  table: boolean;
  limit: number;
  /** The participant whose ego network is shown (view-filter.ts), and how many steps out (0: off). */
  ego: string | null;
  egoRadius: number;
  /** Ranges on numeric columns and on tie weight that hide what falls outside (view-filter.ts). */
  ranges: Range[];
}

export const DEFAULT_LIMIT = 5000;
export const MAX_LIMIT = 50_000;

export function defaultViewState(): ViewState {
  return {
    mode: 'network',
    layers: [],
    kinds: [],
    clusters: [],
    platforms: [],
    regions: [],
    since: null,
    until: null,
    color: 'cluster',
    size: 'degree',
    selected: null,
    suggestion: null,
    panel: null,
    didIndicator: null,
    didGroupBy: 'cluster',
    didGroup: null,
    gapsGroupBy: 'cluster',
    table: false,
    limit: DEFAULT_LIMIT,
    ego: null,
    egoRadius: 0,
    ranges: [],
  };
}

const LIST_KEYS = ['layers', 'kinds', 'clusters', 'platforms', 'regions'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function year(value: string | null): number | null {
  if (value === null || !/^-?\d{1,4}$/.test(value)) return null;
  return Number(value);
}

function text(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function splitList(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').filter((v) => v !== ''))].sort();
}

/** Reads a view state from a query string (with or without its leading `?`). */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const state = defaultViewState();
  state.mode = oneOf(params.get('mode'), MODES, state.mode);
  for (const key of LIST_KEYS) state[key] = splitList(params.get(key));
  state.since = year(params.get('since'));
  state.until = year(params.get('until'));
  if (state.since !== null && state.until !== null && state.since > state.until) {
    [state.since, state.until] = [state.until, state.since];
  }
  const color = params.get('color');
  state.color = color !== null && COLUMN_ID.test(color) ? color : oneOf(color, COLOR_MODES, state.color);
  const size = params.get('size');
  if (size !== null && (/^[a-z0-9-]+$/.test(size) || COLUMN_ID.test(size))) state.size = size;
  state.table = params.get('table') === '1';
  state.selected = text(params.get('selected'));
  state.suggestion = state.selected ? text(params.get('suggestion')) : null;
  const panel = params.get('panel');
  state.panel = panel !== null && (PANELS as readonly string[]).includes(panel) ? (panel as Panel) : null;
  if (state.panel === 'participant' && !state.selected) state.panel = null;
  if (state.panel === null && state.selected) state.panel = 'participant';
  state.didIndicator = text(params.get('indicator'));
  state.didGroupBy = oneOf(params.get('didBy'), DID_GROUPINGS, state.didGroupBy);
  state.didGroup = text(params.get('group'));
  state.gapsGroupBy = oneOf(params.get('gapsBy'), GAP_GROUPINGS, state.gapsGroupBy);
  const limit = Number(params.get('limit'));
  if (Number.isInteger(limit) && limit > 0) state.limit = Math.min(limit, MAX_LIMIT);
  state.ego = text(params.get('ego'));
  const radius = Number(params.get('radius') ?? 1);
  state.egoRadius = state.ego && (EGO_RADII as readonly number[]).includes(radius) ? radius : 0;
  if (!state.egoRadius) state.ego = null;
  state.ranges = parseRanges(params.get('ranges'), COLUMN_ID);
  return state;
}

/** Writes a view state as a query string (leading `?`, or '' for the default view); keys in a fixed order. */
export function serializeViewState(state: ViewState): string {
  const defaults = defaultViewState();
  const params = new URLSearchParams();
  if (state.mode !== defaults.mode) params.set('mode', state.mode);
  for (const key of LIST_KEYS) {
    const values = [...new Set(state[key])].sort();
    if (values.length) params.set(key, values.join(','));
  }
  if (state.since !== null) params.set('since', String(state.since));
  if (state.until !== null) params.set('until', String(state.until));
  if (state.color !== defaults.color) params.set('color', state.color);
  if (state.size !== defaults.size) params.set('size', state.size);
  if (state.table) params.set('table', '1');
  if (state.selected) params.set('selected', state.selected);
  if (state.selected && state.suggestion) params.set('suggestion', state.suggestion);
  if (state.panel && !(state.panel === 'participant' && state.selected)) params.set('panel', state.panel);
  if (state.panel === 'did') {
    if (state.didIndicator) params.set('indicator', state.didIndicator);
    if (state.didGroupBy !== defaults.didGroupBy) params.set('didBy', state.didGroupBy);
    if (state.didGroup) params.set('group', state.didGroup);
  }
  if (state.panel === 'gaps' && state.gapsGroupBy !== defaults.gapsGroupBy)
    params.set('gapsBy', state.gapsGroupBy);
  if (state.limit !== defaults.limit) params.set('limit', String(state.limit));
  if (state.ego && state.egoRadius) {
    params.set('ego', state.ego);
    if (state.egoRadius !== 1) params.set('radius', String(state.egoRadius));
  }
  if (state.ranges.length) params.set('ranges', serializeRanges(state.ranges));
  const text = params.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** The part of the state that decides which network the server sends (a change means a refetch). */
export function networkKey(state: ViewState): string {
  return JSON.stringify([
    state.layers,
    state.kinds,
    state.clusters,
    state.platforms,
    state.regions,
    state.since,
    state.until,
    state.limit,
  ]);
}

export function networkFilter(state: ViewState): NetworkFilter {
  return {
    layers: state.layers,
    kinds: state.kinds,
    clusters: state.clusters,
    platforms: state.platforms,
    regions: state.regions,
    since: state.since,
    until: state.until,
  };
}
