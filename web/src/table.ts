/**
 * The data table under the drawing (after Gephi Lite's data laboratory): one row per drawn participant,
 * one column per attribute.ts column; sort by a header click, search across every cell, filter one column
 * (text, or a numeric range `min..max`), click a row to select the participant, download what is shown as
 * CSV. The rows are the drawn graph's nodes, so the table and the drawing always count the same.
 */
import type { CellValue, Column } from './attributes.ts';
import { clear, fmt, h } from './dom.ts';

export interface TableState {
  sort: { column: string; descending: boolean } | null;
  search: string;
  filter: { column: string; text: string };
}

export function emptyTableState(): TableState {
  return { sort: null, search: '', filter: { column: 'kind', text: '' } };
}

/** Rows drawn at once; the CSV has them all. */
const SHOWN_ROWS = 400;

const compare = (a: CellValue, b: CellValue): number => {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'ru');
};

/** Does a cell pass a filter text: `min..max` for numbers (either end may be left out), else a substring? */
export function passes(value: CellValue, text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  const range = /^(-?[\d.]*)\s*\.\.\s*(-?[\d.]*)$/.exec(t);
  if (range && typeof value === 'number') {
    const lo = range[1] ? Number(range[1]) : -Infinity;
    const hi = range[2] ? Number(range[2]) : Infinity;
    return value >= lo && value <= hi;
  }
  return value !== null && String(value).toLowerCase().includes(t.toLowerCase());
}

/** The rows a state shows, in order. */
export function tableRows(nodes: string[], columns: Column[], state: TableState): string[] {
  const search = state.search.trim().toLowerCase();
  const filterColumn = columns.find((c) => c.id === state.filter.column);
  let rows = nodes.filter(
    (n) =>
      (!search ||
        columns.some((c) => {
          const v = c.value(n);
          return v !== null && String(v).toLowerCase().includes(search);
        })) &&
      (!filterColumn || passes(filterColumn.value(n), state.filter.text)),
  );
  const sortColumn = state.sort && columns.find((c) => c.id === state.sort!.column);
  if (sortColumn) {
    const sign = state.sort!.descending ? -1 : 1;
    rows = [...rows].sort((a, b) => {
      const va = sortColumn.value(a);
      const vb = sortColumn.value(b);
      // Missing values last whichever the direction.
      if (va === null || vb === null) return compare(va, vb);
      return sign * compare(va, vb) || (a < b ? -1 : 1);
    });
  }
  return rows;
}

export function toCsv(rows: string[], columns: Column[]): string {
  const cell = (v: CellValue) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [
    ['id', ...columns.map((c) => c.title)].map(cell).join(','),
    ...rows.map((n) => [n, ...columns.map((c) => c.value(n))].map(cell).join(',')),
  ].join('\n');
}

export function renderTable(
  root: HTMLElement,
  nodes: string[],
  columns: Column[],
  state: TableState,
  handlers: { change(state: TableState): void; select(id: string): void; selected: string | null },
): void {
  const rows = tableRows(nodes, columns, state);
  const search = h('input', {
    id: 'table-search',
    type: 'search',
    placeholder: 'Search every column',
    value: state.search,
    'aria-label': 'Search the table',
  });
  search.addEventListener('input', () => handlers.change({ ...state, search: search.value }));
  const filterColumn = h(
    'select',
    { id: 'table-filter-column', 'aria-label': 'Filter column' },
    columns.map((c) => h('option', { value: c.id, selected: c.id === state.filter.column }, c.title)),
  );
  const filterText = h('input', {
    id: 'table-filter',
    type: 'text',
    value: state.filter.text,
    placeholder: 'text, or min..max',
    'aria-label': 'Filter value',
  });
  const applyFilter = () =>
    handlers.change({ ...state, filter: { column: filterColumn.value, text: filterText.value } });
  filterColumn.addEventListener('change', applyFilter);
  filterText.addEventListener('change', applyFilter);
  const csv = h('button', { type: 'button', id: 'table-csv' }, 'CSV');
  csv.addEventListener('click', () => {
    const blob = new Blob([`\ufeff${toCsv(rows, columns)}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: 'clusterlens-table.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const header = h(
    'tr',
    {},
    columns.map((c) => {
      const sorted = state.sort?.column === c.id;
      const th = h(
        'th',
        {
          'data-column': c.id,
          class: c.type === 'numeric' ? 'num' : '',
          'aria-sort': sorted ? (state.sort!.descending ? 'descending' : 'ascending') : 'none',
          title: 'Sort',
        },
        c.title,
        sorted ? (state.sort!.descending ? ' ▼' : ' ▲') : '',
      );
      th.addEventListener('click', () =>
        handlers.change({
          ...state,
          sort: {
            column: c.id,
            // Numbers first sort from the largest (who has the most?), text from A.
            descending: sorted ? !state.sort!.descending : c.type === 'numeric',
          },
        }),
      );
      return th;
    }),
  );
  const body = h(
    'tbody',
    {},
    rows.slice(0, SHOWN_ROWS).map((n) => {
      const tr = h(
        'tr',
        { 'data-id': n, class: n === handlers.selected ? 'selected' : '' },
        columns.map((c) => {
          const v = c.value(n);
          return h(
            'td',
            { class: c.type === 'numeric' ? 'num' : '', title: v === null ? '' : String(v) },
            v === null ? '' : typeof v === 'number' ? fmt(v) : v,
          );
        }),
      );
      tr.addEventListener('click', () => handlers.select(n));
      return tr;
    }),
  );
  const focused = document.activeElement?.id;
  clear(
    root,
    h(
      'div',
      { class: 'table-tools' },
      h('strong', {}, 'Data table'),
      search,
      h('label', { for: 'table-filter-column' }, 'Filter'),
      filterColumn,
      filterText,
      h(
        'span',
        { class: 'muted', id: 'table-count', 'data-rows': rows.length, 'data-total': nodes.length },
        `${fmt(rows.length)} of ${fmt(nodes.length)} participants` +
          (rows.length > SHOWN_ROWS ? ` (first ${SHOWN_ROWS} shown; the CSV has all)` : ''),
      ),
      csv,
    ),
    h('div', { class: 'table-scroll' }, h('table', { id: 'data-table' }, h('thead', {}, header), body)),
  );
  // Typing in the search box re-renders the table: keep the caret where it was.
  if (focused === 'table-search' || focused === 'table-filter') {
    const input = root.querySelector<HTMLInputElement>(`#${focused}`)!;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }
}
