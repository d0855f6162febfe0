/**
 * The columns of the data table (Gephi Lite's data laboratory), which are also what nodes can be coloured
 * and sized by: who a participant is (name, kind, clusters, platforms, region, community), its own fields
 * (municipality, founded, employees), its free attributes, its latest indicators, and the measures loaded
 * for the view. Each column is described once — id, title, categorical or numeric, and how to read a
 * node's value — and the table, the colour and size menus and the legend are built from that list.
 */
import type { AttributesResponse, Facets } from './api.ts';
import { CATEGORICAL, NEUTRAL, mix } from './colors.ts';
import type { Legend, SigmaGraph } from './graph-mapping.ts';

export type CellValue = string | number | null;

export interface Column {
  id: string;
  title: string;
  type: 'categorical' | 'numeric';
  /** A node's value; lists (clusters, platforms) come joined with ', '. */
  value(node: string): CellValue;
}

const KIND_TITLES: Record<string, string> = { research_institute: 'research institute' };

/** Every column the drawn network and the loaded data allow, in the table's order. */
export function columnsFor(
  graph: SigmaGraph,
  facets: Facets,
  table: AttributesResponse | null,
  measures: Record<string, { title: string; values: Record<string, number> }>,
): Column[] {
  const names = new Map(
    [...facets.clusters, ...facets.platforms, ...facets.regions].map((g) => [g.id, g.name]),
  );
  const name = (id: string) => names.get(id) ?? id;
  const attr = (node: string) => (graph.hasNode(node) ? graph.getNodeAttributes(node) : null);
  const row = (node: string) => table?.participants[node] ?? null;
  const columns: Column[] = [
    { id: 'name', title: 'Name', type: 'categorical', value: (n) => attr(n)?.label ?? n },
    {
      id: 'kind',
      title: 'Kind',
      type: 'categorical',
      value: (n) => {
        const k = attr(n)?.kind ?? null;
        return k === null ? null : (KIND_TITLES[k] ?? k.replace(/_/g, ' '));
      },
    },
    {
      id: 'clusters',
      title: 'Clusters',
      type: 'categorical',
      value: (n) => attr(n)?.clusters.map(name).join(', ') || null,
    },
    {
      id: 'platforms',
      title: 'Platforms',
      type: 'categorical',
      value: (n) => attr(n)?.platforms.map(name).join(', ') || null,
    },
    {
      id: 'region',
      title: 'Region',
      type: 'categorical',
      value: (n) => {
        const r = attr(n)?.region;
        return r ? name(r) : null;
      },
    },
    {
      id: 'community',
      title: 'Community (Leiden)',
      type: 'categorical',
      value: (n) => attr(n)?.community || null,
    },
    { id: 'degree', title: 'Ties drawn', type: 'numeric', value: (n) => attr(n)?.degree ?? null },
  ];
  if (table) {
    columns.push(
      {
        id: 'field:municipality',
        title: 'Municipality',
        type: 'categorical',
        value: (n) => row(n)?.municipality ?? null,
      },
      { id: 'field:founded', title: 'Founded', type: 'numeric', value: (n) => row(n)?.founded ?? null },
      { id: 'field:employees', title: 'Employees', type: 'numeric', value: (n) => row(n)?.employees ?? null },
    );
    // Free attributes: numeric when every value present is a number, else categorical.
    const keys = new Map<string, boolean>();
    for (const r of Object.values(table.participants))
      for (const [k, v] of Object.entries(r.attributes))
        keys.set(k, (keys.get(k) ?? true) && typeof v === 'number');
    for (const [k, numeric] of [...keys].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      columns.push({
        id: `attr:${k}`,
        title: k.replace(/_/g, ' '),
        type: numeric ? 'numeric' : 'categorical',
        value: (n) => {
          const v = row(n)?.attributes[k];
          return v === undefined ? null : typeof v === 'boolean' ? String(v) : v;
        },
      });
    }
    for (const indicator of facets.indicators) {
      columns.push({
        id: `ind:${indicator.id}`,
        title: `${indicator.name}${table.year ? ` ${table.year}` : ' (latest)'}${indicator.unit ? `, ${indicator.unit}` : ''}`,
        type: 'numeric',
        value: (n) => row(n)?.indicators[indicator.id]?.value ?? null,
      });
    }
  }
  for (const [id, m] of Object.entries(measures)) {
    columns.push({ id: `measure:${id}`, title: m.title, type: 'numeric', value: (n) => m.values[n] ?? null });
  }
  return columns;
}

/** Sequential scale for numeric colouring (light to dark blue), ColorBrewer Blues end points. */
const LOW = '#deebf7';
const HIGH = '#08519c';

/**
 * Colours nodes by a column: categorical values take the palette (the most frequent first; the rest and
 * missing values grey), numeric ones a light-to-dark scale between their minimum and maximum. Returns the
 * legend (items with counts, or a gradient with its extent).
 */
export function applyColumnColors(graph: SigmaGraph, column: Column): Legend {
  const missing = { count: 0 };
  if (column.type === 'numeric') {
    let min = Infinity;
    let max = -Infinity;
    graph.forEachNode((id) => {
      const v = column.value(id);
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      min = Math.min(min, v);
      max = Math.max(max, v);
    });
    graph.updateEachNodeAttributes(
      (id, a) => {
        const v = column.value(id);
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          missing.count++;
          return { ...a, color: NEUTRAL, category: '∅', ring: 'rgba(0,0,0,0)' };
        }
        const t = max > min ? (v - min) / (max - min) : 1;
        return { ...a, color: mix(LOW, HIGH, t), category: String(v), ring: 'rgba(0,0,0,0)' };
      },
      { attributes: ['color', 'category', 'ring'] },
    );
    return {
      title: column.title,
      items: missing.count ? [{ key: '∅', label: 'no value', color: NEUTRAL, count: missing.count }] : [],
      gradient: Number.isFinite(min) ? { min, max, low: LOW, high: HIGH } : undefined,
    };
  }
  const counts = new Map<string, number>();
  graph.forEachNode((id) => {
    const v = column.value(id);
    const key = v === null || v === '' ? '∅' : String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const ranked = [...counts.keys()]
    .filter((k) => k !== '∅')
    .sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
  const colors = new Map(ranked.map((k, i) => [k, CATEGORICAL[i] ?? NEUTRAL]));
  graph.updateEachNodeAttributes(
    (id, a) => {
      const v = column.value(id);
      const key = v === null || v === '' ? '∅' : String(v);
      return { ...a, color: colors.get(key) ?? NEUTRAL, category: key, ring: 'rgba(0,0,0,0)' };
    },
    { attributes: ['color', 'category', 'ring'] },
  );
  const shown = ranked.slice(0, CATEGORICAL.length);
  const items = shown.map((k) => ({ key: k, label: k, color: colors.get(k)!, count: counts.get(k)! }));
  const rest = ranked.slice(shown.length).reduce((s, k) => s + counts.get(k)!, 0);
  if (rest)
    items.push({
      key: '…',
      label: `${ranked.length - shown.length} more values`,
      color: NEUTRAL,
      count: rest,
    });
  if (counts.has('∅')) items.push({ key: '∅', label: 'no value', color: NEUTRAL, count: counts.get('∅')! });
  return { title: column.title, items };
}

/** A numeric column's values as sizes (what applySizes reads). */
export function numericValues(graph: SigmaGraph, column: Column): Record<string, number> {
  const out: Record<string, number> = {};
  graph.forEachNode((id) => {
    const v = column.value(id);
    if (typeof v === 'number' && Number.isFinite(v)) out[id] = v;
  });
  return out;
}
