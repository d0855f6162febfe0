/**
 * The left column: layer checkboxes, colour and size mappings, filters (kind, cluster, platform, region,
 * a range of tie years) and the layout switch. Built once from the facets; `sync` brings the inputs in line
 * with the view state (after a URL change or a reload).
 */
import { clear, h } from './dom.ts';
import type { Facets } from './api.ts';
import { KIND_COLORS, LAYER_COLORS, NEUTRAL } from './colors.ts';
import { COLOR_MODES, type ViewState } from './url-state.ts';
import { TIE_WEIGHT, describeRange, type Range } from './view-ranges.ts';

/** The derived layer of platform co-membership: offered beside the stored layers, never part of "all". */
export const PLATFORM_LAYER = { id: 'platform', name: 'Platform co-membership', directed: false };

export interface ControlsHandlers {
  update(patch: Partial<ViewState>): void;
  toggleLayout(): void;
  /** A participant's name for the ego-network line (null when the drawn network does not know it). */
  nameOf(id: string): string | null;
  /** The range menu was opened: the attributes behind its columns are wanted (big networks load them late). */
  wantColumns(): void;
}

export interface Controls {
  sync(state: ViewState): void;
  /** Disables the all-pairs measures (closeness, harmonic) as node sizes on networks above `big` participants. */
  setNetworkSize(participants: number, big: number): void;
  setLayoutRunning(running: boolean, available: boolean, why?: string): void;
  /** Offers the data table's columns (attributes.ts) as colour (all) and size (numeric) mappings. */
  setColumns(columns: { id: string; title: string; type: 'categorical' | 'numeric' }[]): void;
  /** The extent of each numeric column on the drawn network (placeholders of the range inputs). */
  setExtents(extents: Record<string, [number, number]>): void;
  /** Hides the controls that do nothing in a mode (layers, filters and layout in the metacorporation). */
  setMode(mode: ViewState['mode']): void;
}

type ListKey = 'kinds' | 'clusters' | 'platforms' | 'regions';

export function buildControls(root: HTMLElement, facets: Facets, handlers: ControlsHandlers): Controls {
  const layers = facets.layers;
  const allLayers = h('input', { type: 'checkbox', id: 'layer-all' });
  const layerBoxes = new Map<string, HTMLInputElement>();
  const layerRow = (layer: { id: string; name: string; directed: boolean }) => {
    const box = h('input', { type: 'checkbox', name: 'layer', value: layer.id });
    layerBoxes.set(layer.id, box);
    return h(
      'label',
      {},
      box,
      h('span', {
        class: 'line',
        style: `display:inline-block;width:14px;height:3px;background:${LAYER_COLORS[layer.id] ?? NEUTRAL}`,
      }),
      layer.name || layer.id,
      layer.directed ? h('small', { class: 'muted', title: 'directed' }, '→') : null,
    );
  };

  const readLayers = (): string[] => {
    const chosen = [...layerBoxes].filter(([, box]) => box.checked).map(([id]) => id);
    const stored = layers.map((l) => l.id);
    // Every stored layer and no derived one is the default view: "all layers".
    if (stored.every((id) => chosen.includes(id)) && chosen.length === stored.length) return [];
    return chosen;
  };
  allLayers.addEventListener('change', () => {
    for (const [id, box] of layerBoxes) box.checked = id === PLATFORM_LAYER.id ? false : allLayers.checked;
    if (!allLayers.checked) {
      // "None" draws nothing useful: keep the first layer so the view is never empty by accident.
      const first = layerBoxes.get(layers[0]?.id ?? '');
      if (first) first.checked = true;
    }
    handlers.update({ layers: readLayers() });
  });

  const color = h(
    'select',
    { id: 'color-by', 'aria-label': 'Colour nodes by' },
    COLOR_MODES.map((m) => h('option', { value: m }, m)),
  );
  const colorColumns = h('optgroup', { label: 'Any attribute' });
  color.append(colorColumns);
  color.addEventListener('change', () => handlers.update({ color: color.value as ViewState['color'] }));
  const nodeMeasures = facets.measures.filter(
    (m) => m.kind === 'node' && m.id !== 'hits' && m.id !== 'brokerage',
  );
  const size = h(
    'select',
    { id: 'size-by', 'aria-label': 'Size nodes by' },
    h('option', { value: 'none' }, 'equal sizes'),
    nodeMeasures.map((m) => h('option', { value: m.id }, m.title)),
  );
  const sizeColumns = h('optgroup', { label: 'Any numeric attribute' });
  size.append(sizeColumns);
  size.addEventListener('change', () => handlers.update({ size: size.value }));

  const lists: Record<ListKey, Map<string, HTMLInputElement>> = {
    kinds: new Map(),
    clusters: new Map(),
    platforms: new Map(),
    regions: new Map(),
  };
  const summaries: Partial<Record<ListKey, HTMLElement>> = {};
  const filter = (key: ListKey, title: string, options: { id: string; name: string; color?: string }[]) => {
    const summary = h('summary', {}, title);
    summaries[key] = summary;
    const rows = options.map((o) => {
      const box = h('input', { type: 'checkbox', name: key, value: o.id });
      lists[key].set(o.id, box);
      box.addEventListener('change', () =>
        handlers.update({ [key]: [...lists[key]].filter(([, b]) => b.checked).map(([id]) => id) }),
      );
      return h(
        'label',
        {},
        box,
        o.color ? h('span', { class: 'swatch', style: `background:${o.color}` }) : null,
        o.name,
      );
    });
    return h('details', { 'data-filter': key }, summary, h('div', { class: 'options' }, rows));
  };

  const years = facets.years;
  const since = h('input', { type: 'range', id: 'since', 'aria-label': 'Ties since year' });
  const until = h('input', { type: 'range', id: 'until', 'aria-label': 'Ties until year' });
  const yearsLabel = h('span', { class: 'muted' });
  if (years) {
    for (const input of [since, until]) {
      input.min = String(years.min);
      input.max = String(years.max);
      input.step = '1';
    }
    const showYears = () => (yearsLabel.textContent = `${since.value} – ${until.value}`);
    since.addEventListener('input', () => {
      if (Number(since.value) > Number(until.value)) until.value = since.value;
      showYears();
    });
    until.addEventListener('input', () => {
      if (Number(until.value) < Number(since.value)) since.value = until.value;
      showYears();
    });
    const commit = () =>
      handlers.update({
        since: Number(since.value) > years.min ? Number(since.value) : null,
        until: Number(until.value) < years.max ? Number(until.value) : null,
      });
    since.addEventListener('change', commit);
    until.addEventListener('change', commit);
  }

  // The ego network: the selected participant (or the one already shown) and 1 or 2 steps around it.
  const egoRadius = h(
    'select',
    { id: 'ego-radius', 'aria-label': 'Ego network radius' },
    h('option', { value: '0' }, 'off'),
    h('option', { value: '1' }, '1 step'),
    h('option', { value: '2' }, '2 steps'),
  );
  const egoWho = h('span', { class: 'muted', id: 'ego-who' });
  let current: ViewState | null = null;
  egoRadius.addEventListener('change', () => {
    const radius = Number(egoRadius.value);
    const who = current?.ego ?? current?.selected ?? null;
    handlers.update(radius && who ? { ego: who, egoRadius: radius } : { ego: null, egoRadius: 0 });
  });

  // Ranges: a numeric column (or tie weight), its bounds, added to the list of ranges in force.
  const rangeColumn = h(
    'select',
    { id: 'range-column', 'aria-label': 'Range on' },
    h('option', { value: TIE_WEIGHT }, 'tie weight'),
  );
  const rangeMin = h('input', {
    type: 'number',
    id: 'range-min',
    placeholder: 'min',
    'aria-label': 'from',
    step: 'any',
  });
  const rangeMax = h('input', {
    type: 'number',
    id: 'range-max',
    placeholder: 'max',
    'aria-label': 'to',
    step: 'any',
  });
  const rangeAdd = h('button', { type: 'button', id: 'range-add' }, 'Apply');
  const rangeList = h('ul', { class: 'ranges', id: 'range-list' });
  const titles = new Map<string, string>([[TIE_WEIGHT, 'tie weight']]);
  const extents = new Map<string, [number, number]>();
  const showExtent = () => {
    const e = extents.get(rangeColumn.value);
    rangeMin.placeholder = e ? `min ${+e[0].toPrecision(4)}` : 'min';
    rangeMax.placeholder = e ? `max ${+e[1].toPrecision(4)}` : 'max';
  };
  rangeColumn.addEventListener('change', showExtent);
  rangeColumn.addEventListener('focus', () => handlers.wantColumns());
  const readBound = (input: HTMLInputElement) =>
    input.value.trim() === '' || !Number.isFinite(Number(input.value)) ? null : Number(input.value);
  const addRange = () => {
    const range: Range = { column: rangeColumn.value, min: readBound(rangeMin), max: readBound(rangeMax) };
    const others = (current?.ranges ?? []).filter((r) => r.column !== range.column);
    handlers.update({ ranges: range.min === null && range.max === null ? others : [...others, range] });
    rangeMin.value = '';
    rangeMax.value = '';
  };
  rangeAdd.addEventListener('click', addRange);
  for (const input of [rangeMin, rangeMax])
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') addRange();
    });
  const showRanges = (ranges: Range[]) =>
    clear(
      rangeList,
      ranges.map((r) =>
        h(
          'li',
          { 'data-column': r.column },
          describeRange(r, titles.get(r.column) ?? r.column, (v) => v.toLocaleString('en')),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              title: 'Remove this range',
              'aria-label': `Remove the range on ${titles.get(r.column) ?? r.column}`,
              onclick: (() =>
                handlers.update({
                  ranges: (current?.ranges ?? []).filter((x) => x.column !== r.column),
                })) as EventListener,
            },
            '×',
          ),
        ),
      ),
    );

  const layoutButton = h('button', { type: 'button', id: 'layout-toggle' }, 'Run layout');
  layoutButton.addEventListener('click', () => handlers.toggleLayout());
  const reset = h('button', { type: 'button', id: 'reset-filters' }, 'Clear filters');
  reset.addEventListener('click', () =>
    handlers.update({
      kinds: [],
      clusters: [],
      platforms: [],
      regions: [],
      since: null,
      until: null,
      ego: null,
      egoRadius: 0,
      ranges: [],
    }),
  );

  clear(
    root,
    h(
      'p',
      { class: 'muted', 'data-meta-only': true },
      'The metacorporation is drawn as the article’s Fig. 2 and 3: its levels, governance lines and the virtual platforms with their members. Layers, filters and the layout apply to the network view.',
    ),
    h(
      'div',
      { 'data-network-only': true },
      h('h2', {}, 'Layers'),
      h('label', {}, allLayers, h('strong', {}, 'All layers')),
      layers.map(layerRow),
      layerRow(PLATFORM_LAYER),
      h('h2', {}, 'Colour and size'),
      h('label', {}, 'Colour', color),
      h('label', {}, 'Size', size),
      h('h2', {}, 'Filters'),
      filter(
        'kinds',
        'Kind',
        facets.kinds.map((k) => ({ id: k, name: k.replace(/_/g, ' '), color: KIND_COLORS[k] })),
      ),
      filter('clusters', 'Cluster', facets.clusters),
      filter('platforms', 'Platform', facets.platforms),
      filter('regions', 'Region', facets.regions),
      years
        ? h(
            'div',
            {},
            h('div', {}, 'Tie years ', yearsLabel),
            h('div', { class: 'years' }, h('span', {}, 'from'), since, h('span', {}, 'to'), until),
          )
        : h('p', { class: 'muted' }, 'No tie years recorded.'),
      h(
        'div',
        { class: 'ego', 'data-filter': 'ego' },
        h('label', {}, 'Ego network ', egoRadius),
        h('div', {}, egoWho),
      ),
      h(
        'div',
        { class: 'range', 'data-filter': 'ranges' },
        h('label', {}, 'Range on ', rangeColumn),
        h('div', { class: 'range-bounds' }, rangeMin, h('span', {}, '–'), rangeMax, rangeAdd),
        rangeList,
      ),
      h('p', {}, reset),
      h('h2', {}, 'Layout'),
      h(
        'p',
        {},
        layoutButton,
        ' ',
        h(
          'small',
          { class: 'muted', id: 'layout-note' },
          'ForceAtlas2 (LinLog) from the drawn positions; stops by itself and keeps only a result with groups at least as apart',
        ),
      ),
    ),
  );
  for (const box of layerBoxes.values())
    box.addEventListener('change', () => handlers.update({ layers: readLayers() }));

  // The state last synced: column options arrive later, and the selects then show its choice.
  let pending: ViewState | null = null;
  return {
    setColumns(columns) {
      const skip = new Set(['name', 'clusters', 'community', 'kind']);
      clear(
        colorColumns,
        columns
          .filter((c) => !skip.has(c.id))
          .map((c) => h('option', { value: c.id }, `${c.title}${c.type === 'numeric' ? ' (scale)' : ''}`)),
      );
      clear(
        sizeColumns,
        columns
          .filter((c) => c.type === 'numeric' && !c.id.startsWith('measure:') && c.id !== 'degree')
          .map((c) => h('option', { value: c.id }, c.title)),
      );
      const numeric = columns.filter((c) => c.type === 'numeric' && c.id !== 'degree');
      const chosen = rangeColumn.value;
      clear(rangeColumn, [
        h('option', { value: TIE_WEIGHT }, 'tie weight'),
        ...numeric.map((c) => h('option', { value: c.id }, c.title)),
      ]);
      for (const c of numeric) titles.set(c.id, c.title);
      if ([...rangeColumn.options].some((o) => o.value === chosen)) rangeColumn.value = chosen;
      showExtent();
      if (pending) {
        if ([...color.options].some((o) => o.value === pending!.color)) color.value = pending.color;
        if ([...size.options].some((o) => o.value === pending!.size)) size.value = pending.size;
        showRanges(pending.ranges);
      }
    },
    setExtents(next) {
      extents.clear();
      for (const [k, v] of Object.entries(next)) extents.set(k, v);
      showExtent();
    },
    setMode(mode) {
      for (const el of root.querySelectorAll<HTMLElement>('[data-network-only]'))
        el.hidden = mode !== 'network';
      for (const el of root.querySelectorAll<HTMLElement>('[data-meta-only]')) el.hidden = mode === 'network';
    },
    sync(state) {
      const chosen = new Set(state.layers);
      for (const [id, box] of layerBoxes)
        box.checked = state.layers.length ? chosen.has(id) : id !== PLATFORM_LAYER.id;
      allLayers.checked = state.layers.length === 0;
      color.value = [...color.options].some((o) => o.value === state.color) ? state.color : 'cluster';
      size.value = [...size.options].some((o) => o.value === state.size) ? state.size : 'degree';
      pending = state;
      current = state;
      egoRadius.value = String(state.ego ? state.egoRadius : 0);
      const who = state.ego ?? state.selected;
      egoRadius.disabled = !who;
      egoWho.textContent = state.ego
        ? `around ${handlers.nameOf(state.ego) ?? state.ego}`
        : who
          ? `around ${handlers.nameOf(who) ?? who} (selected)`
          : 'select a participant first';
      showRanges(state.ranges);
      for (const key of Object.keys(lists) as ListKey[]) {
        const values = new Set(state[key]);
        for (const [id, box] of lists[key]) box.checked = values.has(id);
        const summary = summaries[key]!;
        summary.textContent = `${summary.textContent!.replace(/ \(\d+\)$/, '')}${values.size ? ` (${values.size})` : ''}`;
      }
      if (years) {
        since.value = String(state.since ?? years.min);
        until.value = String(state.until ?? years.max);
        yearsLabel.textContent = `${since.value} – ${until.value}`;
      }
    },
    setNetworkSize(participants, big) {
      for (const option of size.options) {
        const slow = participants > big && (option.value === 'closeness' || option.value === 'harmonic');
        option.disabled = slow;
        option.title = slow ? 'too slow for a network of this size' : '';
      }
    },
    setLayoutRunning(running, available, why) {
      layoutButton.textContent = running ? 'Stop layout' : 'Run layout';
      layoutButton.setAttribute('aria-pressed', String(running));
      layoutButton.disabled = !available;
      layoutButton.title = why ?? '';
    },
  };
}
