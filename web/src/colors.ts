/** Palettes: categorical colours for clusters, communities, kinds and layers; a diverging scale for effects. */

/** Tableau 10 followed by lighter companions: distinct at small sizes on white. */
export const CATEGORICAL = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#17becf',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#d4a6c8',
  '#86bcb6',
  '#f1ce63',
];

export const NEUTRAL = '#b8bec6';
export const FADED_NODE = '#e3e6ea';
export const FADED_EDGE = '#f0f1f3';

/** A colour for each key in order; keys beyond the palette share the neutral grey. */
export function categoricalColors(keys: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  keys.forEach((key, i) => colors.set(key, CATEGORICAL[i] ?? NEUTRAL));
  return colors;
}

export const KIND_COLORS: Record<string, string> = {
  enterprise: '#4e79a7',
  startup: '#f28e2b',
  university: '#59a14f',
  research_institute: '#76b7b2',
  infrastructure: '#edc948',
  development_institution: '#b07aa1',
  investor: '#9c755f',
  cluster_development_center: '#e15759',
  regional_agency: '#ff9da7',
  government_body: '#17becf',
};

export const LAYER_COLORS: Record<string, string> = {
  supply: '#9aa9bd',
  rnd: '#e07b39',
  education: '#5aa469',
  investment: '#b07aa1',
  governance: '#4f81bd',
  platform: '#c9b458',
};

function hex(color: string): [number, number, number] {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
}

export function mix(a: string, b: string, t: number): string {
  const ca = hex(a);
  const cb = hex(b);
  return toHex([0, 1, 2].map((i) => ca[i]! + (cb[i]! - ca[i]!) * t) as [number, number, number]);
}

/** #rrggbb with an alpha, for edges drawn under nodes. */
export function withAlpha(color: string, alpha: number): string {
  const [r, g, b] = hex(color);
  return `rgba(${r},${g},${b},${alpha})`;
}

const NEGATIVE = '#b2182b';
const MIDDLE = '#f7f7f7';
const POSITIVE = '#2166ac';

/**
 * A diverging colour for an effect: red below zero, blue above, white at zero, saturated at ±extent
 * (ColorBrewer RdBu end points).
 */
export function divergingColor(value: number, extent: number): string {
  if (!Number.isFinite(value) || !(extent > 0)) return MIDDLE;
  const t = Math.max(-1, Math.min(1, value / extent));
  return t < 0 ? mix(MIDDLE, NEGATIVE, -t) : mix(MIDDLE, POSITIVE, t);
}
