/**
 * The clusterlens web view: wires the API, the view state in the URL, sigma and the panels together.
 * Data flows one way: URL state → API requests → graph-mapping (what sigma draws) → reducers (how the
 * interaction state changes the drawing) → panels and legend.
 */
import { MultiGraph } from 'graphology';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { DEFAULT_EDGE_PRIMITIVES } from 'sigma/primitives';
import { extremityArrow, layerFill, pathLine } from 'sigma/rendering';
import {
  Api,
  ApiError,
  type AttributesResponse,
  type Facets,
  type Metacorporation,
  type NetworkResponse,
} from './api.ts';
import { applyColumnColors, columnsFor, numericValues, type Column } from './attributes.ts';
import type { AppContext } from './context.ts';
import { buildControls, type Controls } from './controls.ts';
import { byId, clear, fmt, h } from './dom.ts';
import {
  downloadBlob,
  downloadCaptionedPng,
  gexfOf,
  svgOf,
  type Caption,
  type Projecting,
} from './export.ts';
import {
  applyAppearance,
  applySizes,
  effectColors,
  layerLegend,
  networkToSigmaGraph,
  addNetworkEdges,
  responseEdges,
  type ResponseEdges,
  type GroupEffect,
  type Legend,
  type SigmaGraph,
} from './graph-mapping.ts';
import {
  ForceLayout,
  applyPositions,
  layoutRatio,
  loadPositions,
  positionsKey,
  savePositions,
  type LayoutOutcome,
} from './layout.ts';
import { legendDocked, renderLegend } from './legend.ts';
import { drawGraph, drawsAsLines, edgesAdded, sigmaGraph, type LineRenderer } from './line-edges.ts';
import {
  createHoverOverlay,
  type HoverOverlay,
  type OverlayFocus,
  type OverlayRenderer,
} from './hover-overlay.ts';
import { filterView, isFiltering, recountLegend, tiedPairs, type FilteredView } from './view-filter.ts';
import { TIE_WEIGHT, describeRange } from './view-ranges.ts';
import { NO_RING, layerRing } from './node-ring.ts';
import { metacorporationGraph, type MetacorporationView } from './metacorporation.ts';
import { createLabelLayer, type LabelLayer, type LabelledRenderer } from './meta-labels.ts';
import { renderDidPanel } from './panels/did.ts';
import { renderGapsPanel } from './panels/gaps.ts';
import { applySuggestion, renderParticipantPanel } from './panels/participant.ts';
import { createReducers, emptyInteraction, type EdgeReducer, type InteractionState } from './reducers.ts';
import { setupSearch } from './search.ts';
import { emptyTableState, renderTable, type TableState } from './table.ts';
import {
  COLUMN_ID,
  networkFilter,
  networkKey,
  parseViewState,
  serializeViewState,
  type ViewState,
} from './url-state.ts';

declare global {
  interface Window {
    /** Read by the browser tests and the benchmark: timings and the renderer. */
    clusterlens?: {
      firstRenderMs: number | null;
      renderer: unknown;
      renders: number;
      /** performance.now() at each step to the first frame (bench:web reads where the time goes). */
      marks: Record<string, number>;
      /** The metacorporation's names as drawn: their boxes, and those left out for want of room. */
      labels?: LabelLayer;
      /** Whether the drawn graph's edges are drawn as lines (line-edges.ts: views over LINE_EDGES_ABOVE). */
      edgesAsLines?: boolean;
    };
  }
}

const api = new Api();
let state: ViewState = parseViewState(location.search);
let facets: Facets;
let controls: Controls;

let network: {
  key: string;
  data: NetworkResponse;
  graph: SigmaGraph;
  ratio: number;
  /** A large view's edges while they are not in the graph yet (addPendingEdges), as the line layer draws them. */
  pendingEdges: ResponseEdges | null;
} | null = null;
let networkRequest: { key: string; promise: Promise<NetworkResponse> } | null = null;
let meta: MetacorporationView | null = null;
/** What the ego network and the ranges leave of the drawn network (view-filter.ts), and for which state. */
let view: { key: string; result: FilteredView } | null = null;
let renderer: Renderer | null = null;
let hoverOverlay: HoverOverlay | null = null;
let metaLabels: LabelLayer | null = null;
let layout: ForceLayout | null = null;
let layoutOutcome: LayoutOutcome | null = null;
let nodeLegend: Legend | null = null;
let effects: { groups: GroupEffect[]; legend: Legend } | null = null;
let interaction: InteractionState = emptyInteraction();
let reducers = createReducers(new MultiGraph(), interaction);
let renderedPanel: string | null = null;
let appearanceKey: string | null = null;
const measures = new Map<string, Promise<Record<string, number>>>();
/** The data table's columns for the drawn network, and the table's own sort, search and filter. */
let columns: Column[] = [];
let tableState: TableState = emptyTableState();
/** Measures the view shows (the size measure), as table columns. */
const shownMeasures: Record<string, { title: string; values: Record<string, number> }> = {};
const attributeRequests = new Map<number, Promise<AttributesResponse>>();
let attributesLoaded: AttributesResponse | null = null;

const debug: NonNullable<Window['clusterlens']> = {
  firstRenderMs: null,
  renderer: null,
  renders: 0,
  marks: {},
};
/** Settles once the first frame with a network is painted (ensureRenderer). */
let firstFramePainted: () => void = () => {};
const firstFrame = new Promise<void>((resolve) => (firstFramePainted = resolve));
const markFirstFrame = () => {
  debug.firstRenderMs ??= performance.now();
  firstFramePainted();
};
/** The first time the view reaches a step (later redraws do not move it). */
const mark = (step: string) => (debug.marks[step] ??= performance.now());
window.clusterlens = debug;

const elements = {
  sigma: byId('sigma'),
  panel: byId('panel'),
  legend: byId('legend'),
  status: byId('status'),
  message: byId('message'),
  loading: byId('loading'),
  table: byId('table'),
};

// ————— state —————

/** Changes that redraw the picture: a highlight made for the old one would grey the new one, so it goes. */
const CLEARS_HIGHLIGHT: (keyof ViewState)[] = [
  'layers',
  'kinds',
  'clusters',
  'platforms',
  'regions',
  'since',
  'until',
  'color',
  'size',
  'ego',
  'egoRadius',
  'ranges',
];

function update(patch: Partial<ViewState>, history: 'push' | 'replace' = 'replace'): void {
  if (
    interaction.highlighted &&
    CLEARS_HIGHLIGHT.some((k) => k in patch && JSON.stringify(patch[k]) !== JSON.stringify(state[k]))
  )
    interaction = { ...interaction, highlighted: null, highlightLabels: null };
  state = { ...state, ...patch };
  const url = `${location.pathname}${serializeViewState(state)}`;
  if (url !== `${location.pathname}${location.search}`) {
    if (history === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }
  void render();
}

const layersKey = () => state.layers.join(',');

/** Above this many participants, path-based measures are sampled (betweenness) or not offered (closeness). */
export const BIG_NETWORK = 3000;
const SLOW_MEASURES = new Set(['closeness', 'harmonic']);
const COLOR_MODES_SET = new Set<string>(['cluster', 'community', 'kind']);
const bigNetwork = () => (network?.data.total.nodes ?? 0) > BIG_NETWORK;

function measure(id: string): Promise<Record<string, number>> {
  // Exact betweenness on tens of thousands of participants takes minutes: sample 256 pivots instead.
  const options: Record<string, number> = id === 'betweenness' && bigNetwork() ? { k: 256 } : {};
  const key = `${id}|${layersKey()}|${JSON.stringify(options)}`;
  let promise = measures.get(key);
  if (!promise) {
    promise = api.nodeMeasure(id, state.layers, options).then((r) => {
      const values: Record<string, number> = {};
      for (const [k, v] of Object.entries(r.values ?? {})) if (typeof v === 'number') values[k] = v;
      return values;
    });
    promise.catch(() => measures.delete(key));
    measures.set(key, promise);
  }
  return promise;
}

/** Every participant's fields, free attributes and latest indicators, once per graph version. */
function attributes(): Promise<AttributesResponse> {
  const version = network?.data.graphVersion ?? 0;
  let promise = attributeRequests.get(version);
  if (!promise) {
    promise = api.networkAttributes();
    promise.then(
      (a) => (attributesLoaded = a),
      () => attributeRequests.delete(version),
    );
    attributeRequests.set(version, promise);
  }
  return promise;
}

const communities = new Map<string, Promise<Record<string, string | number>>>();
function communityLabels(): Promise<Record<string, string | number>> {
  const key = layersKey();
  let promise = communities.get(key);
  if (!promise) {
    promise = api.communities('leiden', state.layers).then((r) => r.communities ?? {});
    promise.catch(() => communities.delete(key));
    communities.set(key, promise);
  }
  return promise;
}

const context: AppContext = {
  api,
  get facets() {
    return facets;
  },
  state: () => state,
  update,
  highlight(ids, options) {
    const highlighted = ids ? new Set(ids) : null;
    const labels = options?.labelled ? new Set(options.labelled) : null;
    const before = interaction.highlighted;
    const same =
      !!before &&
      !!highlighted &&
      before.size === highlighted.size &&
      [...highlighted].every((id) => before.has(id));
    interaction = { ...interaction, highlighted, highlightLabels: labels };
    refreshDrawing();
    // A new highlight is framed by the camera; the same one re-applied (a redraw, a mode switch) is not.
    if (highlighted?.size && !same) requestAnimationFrame(() => frameNodes(highlighted));
  },
  setEffects(next) {
    effects = next;
    interaction = { ...interaction, colorOverride: next ? effectColors(next.groups).colors : null };
    refreshDrawing();
    showLegend();
  },
  measure,
  nameOf(id) {
    const graph = network?.graph ?? renderer?.getGraph();
    return graph?.hasNode(id) ? (graph.getNodeAttribute(id, 'label') as string) : null;
  },
  shown() {
    const graph = renderer?.getGraph();
    return { nodes: graph ? new Set(graph.nodes()) : new Set<string>() };
  },
};

// ————— messages —————

/** The spinner over the drawing; the page's data-state says 'loading' until render() reports 'ready' or 'error'. */
function loading(on: boolean): void {
  elements.loading.hidden = !on;
  if (on) document.body.dataset.state = 'loading';
}

function message(content: (string | Node | null)[] | null, kind: 'info' | 'error' = 'info'): void {
  elements.message.hidden = !content;
  elements.message.className = `message ${kind === 'error' ? 'error' : ''}`;
  elements.message.dataset.kind = content ? kind : '';
  if (content) clear(elements.message, content);
}

let retryTimer: ReturnType<typeof setTimeout> | null = null;
function showError(error: unknown): void {
  document.body.dataset.state = 'error';
  if (!controls) byId('controls').replaceChildren(h('p', { class: 'muted' }, 'Waiting for the server…'));
  const retry = h(
    'button',
    { type: 'button', onclick: (() => location.reload()) as EventListener },
    'Retry now',
  );
  if (error instanceof ApiError && error.unavailable) {
    const seconds = error.retryAfter ?? 5;
    message(
      [`The database is not reachable (${error.problem.title}). Retrying in ${seconds} s… `, retry],
      'error',
    );
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void boot(), seconds * 1000);
  } else if (error instanceof ApiError && error.status === 0) {
    message(['The clusterlens server cannot be reached. ', retry], 'error');
  } else {
    const text =
      error instanceof ApiError
        ? `${error.problem.title}${error.problem.detail ? `: ${error.problem.detail}` : ''}`
        : String((error as Error)?.message ?? error);
    message([`Something went wrong: ${text} `, retry], 'error');
  }
}

// ————— drawing —————

function createSigma(graph: SigmaGraph, container: HTMLElement) {
  // A large graph reaches sigma without its edges (they are the line layer's, line-edges.ts): its
  // constructor then does no per-edge work.
  const pending = pendingEdgesOf(graph);
  const created = newSigma(sigmaGraph(graph, pending), container, (pending ?? graph).size);
  debug.edgesAsLines = drawGraph(created as unknown as LineRenderer, graph, pending);
  return created;
}

/** The edges of this graph that are not in it yet (a large view before addPendingEdges is done). */
function pendingEdgesOf(graph: SigmaGraph): ResponseEdges | null {
  return network?.graph === graph ? network.pendingEdges : null;
}

/** Whether the network view is drawn while its edges are still being added (addPendingEdges). */
const addingTies = () => state.mode === 'network' && !!network?.pendingEdges;

const adding = new WeakSet<object>();
/** Edges added to the graph in one go between two frames (about 0.1 s of graphology's work on 2 cores). */
const EDGE_CHUNK = 20_000;

/**
 * Adds a large view's edges to its graph once its first frame is painted, in chunks with a pause between
 * them (the page stays responsive). Adding 200,000 edges to graphology took about 1 s, a third of the
 * time a first frame may take; the line layer draws them from the response meanwhile. Until they are in,
 * hover and the selection's overlay wait, the layout cannot be run, and the page's state is
 * 'adding-ties'; then the whole view is drawn again (counts, legend, filters, overlay).
 */
async function addPendingEdges(net: NonNullable<typeof network>): Promise<void> {
  if (adding.has(net)) return;
  adding.add(net);
  try {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const total = net.data.graph.edges.length;
    for (let from = 0; from < total; from += EDGE_CHUNK) {
      if (network !== net) return;
      addNetworkEdges(net.graph, net.data, from, from + EDGE_CHUNK);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (network !== net) return;
    net.pendingEdges = null;
    net.ratio = layoutRatio(net.graph);
    if (renderer) edgesAdded(renderer as unknown as LineRenderer, net.graph);
    mark('edges-added');
    refreshColumns(attributesLoaded);
    void render();
  } finally {
    // Waiters go on with whatever network is shown now (another one, if the view changed meanwhile).
    for (const resume of tiesWaiting.splice(0)) resume();
  }
}

/** Exports waiting for a large view's edges to be in its graph (addPendingEdges). */
const tiesWaiting: (() => void)[] = [];

/**
 * Resolves once the shown network's edges are all in its graph: at once, unless a large view is still
 * adding them. The exports wait for it, so that an SVG, a GEXF or a caption's counts taken in the first
 * seconds of a large view hold every tie, not the part added so far.
 */
function whenTiesAdded(): Promise<void> {
  if (!addingTies()) return Promise.resolve();
  return new Promise((resolve) => tiesWaiting.push(resolve));
}

function newSigma(graph: SigmaGraph, container: HTMLElement, edges: number) {
  return new Sigma(graph, container, {
    primitives: {
      nodes: {
        variables: { ring: { type: 'color', default: NO_RING } },
        layers: [layerFill(), layerRing()],
      },
      // Straight edges only: sigma 4 draws every edge with as many vertices as its costliest path needs, and
      // the default paths include the self-loop (32 segments, 74 vertices an edge against 12 for a line).
      // The drawn graphs have no self-loops (graph-mapping.ts forbids them); in software WebGL the vertex
      // work of 200,000 edges was most of the time to the first frame (docs/web-view.md, Speed).
      edges: { ...DEFAULT_EDGE_PRIMITIVES, paths: [pathLine()], extremities: [extremityArrow()] },
    },
    styles: {
      nodes: [DEFAULT_STYLES.nodes, { ring: { attribute: 'ring', defaultValue: NO_RING } }],
      edges: [DEFAULT_STYLES.edges, { when: (attrs) => attrs.type === 'arrow', then: { head: 'arrow' } }],
    },
    settings: {
      // Sizes in screen pixels (sigma 4 defaults to graph coordinates, which would tie them to the layout's extent).
      itemSizesReference: 'screen',
      // One label per 150-pixel cell (sigma's label grid keeps the biggest node's) and only for discs of 6 px
      // and more: with names cut to 24 characters (reducers.ts) the labels shown no longer run into each
      // other. Zooming in shows more of them (the grid's density is per cell on screen).
      labelDensity: 0.5,
      // Room for the labels of nodes on the rim.
      stagePadding: 40,
      labelGridCellSize: 150,
      labelRenderedSizeThreshold: 6,
      hideEdgesOnMove: edges > 50_000,
      minEdgeThickness: 0.6,
      zoomToSizeRatioFunction: (ratio) => Math.sqrt(ratio),
    },
    nodeReducer: (key, data) => reducers.nodeReducer(key, data),
    // No edge reducer at first: see useReducers.
  });
}

/**
 * Makes the reducers for this graph and interaction, and gives sigma the edge reducer only while it changes
 * something. Whenever an edge reducer is set, sigma 4 copies every edge's display data through Babel's
 * object-spread helper: profiled on 20,000 nodes / 200,000 ties, that copy was more than half of the time
 * to the first frame, for a reducer that returned every edge unchanged. Sigma has no setter for it.
 */
function useReducers(graph: SigmaGraph, target: Renderer | null): void {
  reducers = createReducers(graph, drawnByReducers());
  reducersDrawn = reducerInputs(graph);
  if (!target) return;
  (target as unknown as { edgeReducer: EdgeReducer | null }).edgeReducer = reducers.edgesChanged
    ? (key, data) => reducers.edgeReducer(key, data)
    : null;
}
type Renderer = ReturnType<typeof createSigma>;

/**
 * The part of the interaction the reducers draw. In the network view the selection and a highlight are
 * drawn on the overlay (hover-overlay.ts, O(their ties)): through the reducers, selecting one participant
 * of 5,000 re-processed every node and edge and redrew them all (seconds in software WebGL). The
 * metacorporation's few dozen nodes keep the reducers (its framing levels stay unfaded).
 */
function drawnByReducers(): InteractionState {
  return state.mode === 'network'
    ? { ...interaction, selected: null, highlighted: null, highlightLabels: null }
    : interaction;
}

/** What the reducers' output depends on; sigma re-processes the drawing only when one of these changed. */
function reducerInputs(graph: SigmaGraph): unknown[] {
  const drawn = drawnByReducers();
  return [
    graph,
    drawn.colorOverride,
    drawn.shortLabels,
    drawn.framing,
    drawn.selected,
    drawn.highlighted,
    drawn.highlightLabels,
  ];
}
let reducersDrawn: unknown[] = [];

/** What the overlay keeps drawn while nothing is hovered (the network view's selection and highlight). */
function overlayFocus(): OverlayFocus | null {
  // Drawn once the edges are in (addPendingEdges draws the view again then).
  if (state.mode !== 'network' || network?.pendingEdges) return null;
  return {
    selected: interaction.selected,
    highlighted: interaction.highlighted,
    labelled: interaction.highlightLabels ?? null,
  };
}

function ensureRenderer(graph: SigmaGraph): Renderer {
  if (renderer) {
    if (renderer.getGraph() !== graph) {
      // The reducers hold the graph they were made for: make them for the new one before sigma calls them.
      useReducers(graph, renderer);
      debug.edgesAsLines = drawGraph(renderer as unknown as LineRenderer, graph, pendingEdgesOf(graph));
      renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    }
    return renderer;
  }
  // The reducers for this graph and interaction before sigma's first pass: that pass is the first frame, and
  // no second full pass follows it (on 200,000 edges each one costs seconds).
  useReducers(graph, null);
  mark('sigma-start');
  const created = createSigma(graph, elements.sigma);
  mark('sigma-created');
  renderer = created;
  debug.renderer = created;
  if (reducers.edgesChanged) {
    // Sigma is made without an edge reducer (see useReducers): a metacorporation opened with a selection.
    useReducers(graph, created);
    created.refresh();
  }
  hoverOverlay = createHoverOverlay(created as unknown as OverlayRenderer);
  hoverOverlay.focus(overlayFocus());
  metaLabels = createLabelLayer(created as unknown as LabelledRenderer);
  debug.labels = metaLabels;
  // The first frame: sigma 4's constructor has already rendered (it ends with refresh()), so its first
  // 'afterRender' event is the second render. The frame painted with the constructor's drawing is the one
  // after the next animation frame (software WebGL holds the main thread until that drawing is done).
  if (graph.order > 0) requestAnimationFrame(() => requestAnimationFrame(markFirstFrame));
  created.on('afterRender', () => {
    debug.renders++;
    if (debug.firstRenderMs === null && created.getGraph().order > 0) markFirstFrame();
  });
  created.on('enterNode', ({ node }) => {
    elements.sigma.style.cursor = 'pointer';
    hover(node);
  });
  created.on('leaveNode', () => {
    elements.sigma.style.cursor = '';
    hover(null);
  });
  created.on('clickNode', ({ node }) => {
    const graph = created.getGraph();
    if (state.mode === 'metacorporation' && graph.getNodeAttribute(node, 'category') === 'clusters') {
      update({ mode: 'network', clusters: [node] }, 'push');
      return;
    }
    if (state.mode === 'metacorporation' && graph.getNodeAttribute(node, 'category') === 'platforms') {
      update({ mode: 'network', platforms: [node.replace(/^platform:/, '')] }, 'push');
      return;
    }
    update({ selected: node, suggestion: null, panel: 'participant' }, 'push');
  });
  created.on('clickStage', () => {
    if (state.selected)
      update(
        { selected: null, suggestion: null, panel: state.panel === 'participant' ? null : state.panel },
        'push',
      );
    else if (interaction.highlighted) context.highlight(null);
  });
  return renderer;
}

/**
 * Hovering is drawn on the overlay (hover-overlay.ts, O(degree)) at every size: through the reducers it
 * re-processed the whole drawing, 0.5 s on the demo and seconds on 5,000 nodes under load.
 */
function hover(node: string | null): void {
  // A neighbourhood drawn before the edges are in would miss ties (addPendingEdges).
  if (addingTies()) return;
  hoverOverlay?.show(node);
}

/**
 * The drawing area changed size (a panel, the legend or the table opened or closed): sigma's render
 * measures its container again (it calls resize itself) and draws at the new size — a render, not a refresh
 * of every node and edge (which on 200,000 ties costs seconds). resize() alone would leave the canvas
 * cleared until the next render.
 */
function redrawAtNewSize(): void {
  requestAnimationFrame(() => {
    if (!renderer) return;
    // Only when the size did change: a render of every edge for nothing would undo the overlay's gain.
    const { width, height } = renderer.getDimensions();
    const container = renderer.getContainer();
    if (container.offsetWidth !== width || container.offsetHeight !== height) renderer.scheduleRender();
  });
}

let refreshQueued = false;
function refreshDrawing(): void {
  if (!renderer || refreshQueued) return;
  refreshQueued = true;
  requestAnimationFrame(() => {
    refreshQueued = false;
    if (!renderer) return;
    const graph = renderer.getGraph();
    // Colours, sizes and positions reach sigma through the graph's own events; a full pass is needed only
    // when what the reducers draw has changed.
    const inputs = reducerInputs(graph);
    if (inputs.some((input, i) => input !== reducersDrawn[i])) {
      useReducers(graph, renderer);
      renderer.refresh();
    }
    hoverOverlay?.focus(overlayFocus());
    showStatus();
  });
}

function showStatus(): void {
  const graph = renderer?.getGraph();
  if (!graph) return;
  const parts: string[] = [];
  elements.status.dataset.nodes = String(graph.order);
  elements.status.dataset.edges = String(graph.size);
  elements.status.dataset.mode = state.mode;
  if (state.mode === 'network' && network?.pendingEdges) {
    // Counted once the edges are in (addPendingEdges shows the status again).
    delete elements.status.dataset.pairs;
    parts.push(
      `${fmt(graph.order)} participants · ${fmt(network.pendingEdges.size)} ties (adding them to the view…)`,
    );
  } else if (state.mode === 'network' && network) {
    // Ties are one per pair, layer and direction (what the layer legend counts); tied pairs are pairs of
    // participants with a tie in any drawn layer — what the gaps report calls ties.
    const pairs = tiedPairs(graph as SigmaGraph);
    elements.status.dataset.pairs = String(pairs);
    const full = network.graph;
    const filtered = graph !== full;
    parts.push(
      filtered
        ? `${fmt(graph.order)} of ${fmt(full.order)} participants · ${fmt(graph.size)} of ${fmt(full.size)} ties`
        : `${fmt(graph.order)} participants · ${fmt(graph.size)} ties`,
      `${fmt(pairs)} tied pairs`,
    );
    const filters = filterDescription();
    if (filters) parts.push(`shown: ${filters}`);
  } else {
    delete elements.status.dataset.pairs;
    parts.push(`${fmt(graph.order)} nodes · ${fmt(graph.size)} links`);
  }
  if (state.mode === 'network' && network) parts.push(`graph version ${network.data.graphVersion}`);
  if (view?.result.egoMissing) parts.push('the ego participant is not in the drawn network');
  if (view?.result.unknown.length)
    parts.push(`range not applied (no column ${view.result.unknown.join(', ')})`);
  if (interaction.highlighted) parts.push(`${interaction.highlighted.size} highlighted`);
  if (state.selected && !graph.hasNode(state.selected))
    parts.push('the selected participant is not in the drawn network');
  if (layout?.running) parts.push('layout running…');
  else if (layoutOutcome && state.mode === 'network') {
    const { before, after, kept } = layoutOutcome;
    parts.push(
      kept
        ? `layout refined (groups ratio ${before.toFixed(2)} → ${after.toFixed(2)})`
        : `refinement would have mixed the groups (${before.toFixed(2)}); positions kept`,
    );
  }
  // The layout's quality figure (edges inside communities over edges between them), for tests and readers.
  if (state.mode === 'network' && network && Number.isFinite(network.ratio))
    elements.status.dataset.layoutRatio = network.ratio.toFixed(3);
  else delete elements.status.dataset.layoutRatio;
  elements.status.textContent = parts.join(' · ');
}

/** The ego network and ranges in force, as a reader says them ('' when none). */
function filterDescription(): string {
  const parts: string[] = [];
  if (state.ego && state.egoRadius)
    parts.push(
      `ego network of ${context.nameOf(state.ego) ?? state.ego} (${state.egoRadius} step${state.egoRadius > 1 ? 's' : ''})`,
    );
  const titles = new Map(columns.map((c) => [c.id, c.title]));
  titles.set(TIE_WEIGHT, 'tie weight');
  for (const r of state.ranges) parts.push(describeRange(r, titles.get(r.column) ?? r.column, (v) => fmt(v)));
  return parts.join(', ');
}

/** The drawn network with the ego network and ranges applied (the drawn graph itself when none are set). */
function shownView(): FilteredView | null {
  if (!network) return null;
  // Filtered again once the edges are in (addPendingEdges).
  const key = `${network.key}|${appearanceKey}|${columns.length}|${network.pendingEdges ? 'pending' : ''}|${JSON.stringify([state.ego, state.egoRadius, state.ranges])}`;
  if (view?.key !== key) {
    view = {
      key,
      result: filterView(
        network.graph,
        { ego: state.ego, egoRadius: state.egoRadius, ranges: state.ranges },
        columns,
      ),
    };
  }
  return view.result;
}

const viewFiltering = () => state.mode === 'network' && isFiltering(state);

function sizeTitle(): string {
  return (
    facets.measures.find((m) => m.id === state.size)?.title ??
    columns.find((c) => c.id === state.size)?.title ??
    state.size
  );
}

function showLegend(): void {
  drawLegend();
  dockLegend();
}

/** The legend takes a column beside the drawing when shown and open: it never covers a node. */
function dockLegend(): void {
  const stage = elements.sigma.parentElement!;
  const docked = legendDocked(elements.legend);
  if (stage.classList.contains('with-legend') !== docked) {
    stage.classList.toggle('with-legend', docked);
    redrawAtNewSize();
  }
}

function drawLegend(): void {
  const graph = renderer?.getGraph();
  const names = Object.fromEntries(facets.layers.map((l) => [l.id, l.name]));
  if (state.mode === 'metacorporation') {
    renderLegend(
      elements.legend,
      {
        nodes: meta?.legend ?? null,
        edges: meta?.linkLegend ?? null,
        size: null,
        effects: null,
      },
      dockLegend,
    );
    return;
  }
  const sizeTitleText = state.size === 'none' ? null : sizeTitle();
  const shownGraph = graph as SigmaGraph | undefined;
  const filtered = !!shownGraph && !!network && shownGraph !== network.graph;
  renderLegend(
    elements.legend,
    {
      nodes:
        nodeLegend && filtered
          ? recountLegend(nodeLegend, shownGraph, state.color === 'cluster')
          : nodeLegend,
      shown: filtered
        ? `${fmt(shownGraph.order)} of ${fmt(network!.graph.order)} participants: ${filterDescription()}`
        : null,
      edges: graph
        ? layerLegend(pendingEdgesOf(graph as SigmaGraph) ?? (graph as SigmaGraph), {
            ...names,
            platform: 'Platform co-membership',
          })
        : null,
      size: sizeTitleText,
      effects:
        effects && state.panel === 'did'
          ? { title: effects.legend.title, extent: effectColors(effects.groups).extent }
          : null,
    },
    dockLegend,
  );
}

// ————— network mode —————

async function loadNetwork(): Promise<boolean> {
  const key = networkKey(state);
  if (network?.key === key) return true;
  if (networkRequest?.key !== key)
    networkRequest = { key, promise: api.network(networkFilter(state), state.limit) };
  const request = networkRequest;
  loading(true);
  let data: NetworkResponse;
  try {
    mark('network-requested');
    data = await request.promise;
    mark('network-parsed');
  } finally {
    if (networkRequest === request) loading(false);
  }
  if (networkKey(state) !== key) return false;
  layout?.kill();
  layout = null;
  // A large view's first frame does not wait for the graph's edges (addPendingEdges); with an ego network
  // or a range the view is filtered on the edges, which are then added at once.
  const deferEdges = drawsAsLines(data.graph.edges.length) && !viewFiltering();
  const graph = networkToSigmaGraph(
    data,
    { color: state.color, clusters: facets.clusters, preferred: state.clusters },
    { edges: !deferEdges },
  );
  const storageKey = positionsKey(data.graphVersion, key);
  const saved = loadPositions(safeStorage(), storageKey);
  const placed = saved ? applyPositions(graph, saved) : 0;
  mark('graph-built');
  network = {
    key,
    data,
    graph,
    ratio: deferEdges ? NaN : layoutRatio(graph),
    pendingEdges: deferEdges ? responseEdges(data, graph) : null,
  };
  appearanceKey = null;
  layoutOutcome = null;
  layout = new ForceLayout(graph, (outcome) => {
    layoutOutcome = outcome;
    if (network?.graph === graph) network.ratio = layoutRatio(graph);
    if (outcome.kept) savePositions(safeStorage(), storageKey, graph);
    controls.setLayoutRunning(false, true);
    showStatus();
  });
  // The server's positions are final (groups apart, converged): nothing moves them unless the analyst
  // asks ("Run layout"), and then only for the better. Positions refined on an earlier visit stand.
  void placed;
  return true;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

async function applyNetworkAppearance(): Promise<void> {
  if (!network) return;
  const key = `${network.key}|${state.color}|${state.size}`;
  if (appearanceKey === key) return;
  const colorColumn = !COLOR_MODES_SET.has(state.color) && COLUMN_ID.test(state.color);
  const sizeColumn = COLUMN_ID.test(state.size) && !state.size.startsWith('measure:');
  // Colour, size or a range by an attribute needs the participants' attributes first.
  const rangeColumn = state.ranges.some((r) => r.column !== TIE_WEIGHT && !r.column.startsWith('measure:'));
  const loaded =
    colorColumn || sizeColumn || rangeColumn || state.table ? await attributes().catch(() => null) : null;
  const registrySize = state.size.startsWith('measure:') ? state.size.slice(8) : state.size;
  const sizeRequest =
    state.size === 'none' || sizeColumn || (bigNetwork() && SLOW_MEASURES.has(registrySize))
      ? null
      : measure(registrySize).catch(() => null);
  // On a big network the first frame does not wait for the size measure (on 20,000 participants and
  // 200,000 ties the server took longer than its 30 s deadline for degree under load): it is drawn with
  // the degrees the network carries, and the measure's sizes replace them when they arrive.
  const provisional = bigNetwork() && sizeRequest !== null && (await pending(sizeRequest));
  const [sizes, labels] = await Promise.all([
    provisional ? payloadDegrees(network.graph) : sizeRequest,
    state.color === 'community' && network.graph.someNode((_, a) => !a.community)
      ? communityLabels().catch(() => null)
      : null,
  ]);
  if (!network || `${network.key}|${state.color}|${state.size}` !== key) return;
  if (provisional && sizeRequest)
    void sizeRequest.then(async (values) => {
      // Not before the first frame is painted: sizes arriving while sigma's constructor ran made a second
      // full pass over every node and edge before that frame (2026-12-02, docs/web-view.md, Speed).
      await firstFrame;
      if (!values || !network || appearanceKey !== key) return;
      mark('measure-sizes-applied');
      const title = facets.measures.find((m) => m.id === registrySize)?.title ?? registrySize;
      shownMeasures[registrySize] = { title, values };
      applySizes(network.graph, values);
      refreshDrawing();
      if (state.table) renderTableDrawer();
    });
  for (const id of Object.keys(shownMeasures)) delete shownMeasures[id];
  if (sizes && !provisional) {
    const title = facets.measures.find((m) => m.id === registrySize)?.title ?? registrySize;
    shownMeasures[registrySize] = { title, values: sizes };
  }
  refreshColumns(loaded ?? attributesLoaded);
  nodeLegend = applyAppearance(network.graph, {
    color: colorColumn ? 'kind' : state.color,
    clusters: facets.clusters,
    preferred: state.clusters,
    communities: labels,
    sizes: sizeColumn ? sizeValues(state.size) : sizes,
  });
  const column = colorColumn ? columns.find((c) => c.id === state.color) : undefined;
  if (column) nodeLegend = applyColumnColors(network.graph, column);
  appearanceKey = key;
}

/** Whether a promise is still unsettled (an already settled one wins the race). */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  const unsettled = Symbol('unsettled');
  return (await Promise.race([promise, Promise.resolve(unsettled)])) === unsettled;
}

/** The tie counts the network's nodes carry: sizes for the first frame while the measure is computed. */
function payloadDegrees(graph: SigmaGraph): Record<string, number> {
  const values: Record<string, number> = {};
  graph.forEachNode((id, a) => (values[id] = a.degree));
  return values;
}

function sizeValues(id: string): Record<string, number> | null {
  const column = columns.find((c) => c.id === id && c.type === 'numeric');
  return column && network ? numericValues(network.graph, column) : null;
}

/** Rebuilds the columns from what is loaded, and offers them in the colour and size menus. */
function refreshColumns(loaded: AttributesResponse | null): void {
  if (!network) return;
  columns = columnsFor(network.graph, facets, loaded, shownMeasures);
  controls.setColumns(columns);
  // Each numeric column's extent on the drawn network: what a range may span.
  const extents: Record<string, [number, number]> = {};
  for (const c of columns) {
    if (c.type !== 'numeric') continue;
    let min = Infinity;
    let max = -Infinity;
    network.graph.forEachNode((id) => {
      const v = c.value(id);
      if (typeof v === 'number' && Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    });
    if (min <= max) extents[c.id] = [min, max];
  }
  let wMin = Infinity;
  let wMax = -Infinity;
  network.graph.forEachEdge((_e, a) => {
    wMin = Math.min(wMin, a.weight);
    wMax = Math.max(wMax, a.weight);
  });
  if (wMin <= wMax) extents[TIE_WEIGHT] = [wMin, wMax];
  controls.setExtents(extents);
}

// ————— data table —————

function renderTableDrawer(): void {
  const drawer = elements.table;
  const show = state.table && state.mode === 'network' && network !== null;
  const stage = elements.sigma.parentElement!;
  if (stage.classList.contains('with-table') !== show) {
    stage.classList.toggle('with-table', show);
    redrawAtNewSize();
  }
  drawer.hidden = !show;
  document.getElementById('toggle-table')?.setAttribute('aria-pressed', String(state.table));
  if (!show || !network) return;
  if (!attributesLoaded) {
    drawer.textContent = 'Loading the participants’ attributes…';
    void attributes().then(() => {
      refreshColumns(attributesLoaded);
      renderTableDrawer();
    });
    return;
  }
  if (!columns.some((c) => c.id.startsWith('field:'))) refreshColumns(attributesLoaded);
  renderTable(drawer, (shownView()?.graph ?? network.graph).nodes(), columns, tableState, {
    selected: state.selected,
    change(next) {
      tableState = next;
      renderTableDrawer();
    },
    select(id) {
      update({ selected: id, suggestion: null, panel: 'participant' }, 'push');
      requestAnimationFrame(() => focusNode(id));
    },
  });
}

function networkMessage(data: NetworkResponse, graph: SigmaGraph): void {
  if (graph.order === 0) {
    message([
      'No participants match these layers and filters. ',
      h(
        'button',
        {
          type: 'button',
          onclick: (() =>
            update(
              { kinds: [], clusters: [], platforms: [], regions: [], since: null, until: null, layers: [] },
              'push',
            )) as EventListener,
        },
        'Show everything',
      ),
    ]);
  } else if (data.truncated) {
    const more = Math.min(data.total.nodes, 20_000);
    message([
      `Showing ${fmt(graph.order)} of ${fmt(data.total.nodes)} participants and ${fmt(graph.size)} of ${fmt(data.total.edges)} ties (limit ${fmt(data.limit)}). Narrow the layers or filters to see the rest`,
      state.limit < more
        ? h(
            'button',
            {
              type: 'button',
              style: 'margin-left:8px',
              onclick: (() => update({ limit: more }, 'push')) as EventListener,
            },
            `Show up to ${fmt(more)}`,
          )
        : null,
    ]);
    elements.message.dataset.truncated = 'true';
  } else {
    message(null);
    elements.message.dataset.truncated = 'false';
  }
}

// ————— render —————

let rendering = 0;
async function render(): Promise<void> {
  const generation = ++rendering;
  controls.sync(state);
  // The mode switch's buttons only: the status bar carries data-mode too (for tests and styles).
  for (const button of document.querySelectorAll<HTMLButtonElement>('.modes [data-mode]'))
    button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-panel]'))
    button.setAttribute('aria-pressed', String(button.dataset.panel === state.panel));
  try {
    if (state.mode === 'network') {
      const current = await loadNetwork();
      if (!current || generation !== rendering) return;
      await applyNetworkAppearance();
      mark('appearance-applied');
      if (generation !== rendering || !network) return;
      interaction = { ...interaction, framing: null, shortLabels: true, selected: state.selected };
      const shown = shownView()!;
      ensureRenderer(shown.graph);
      if (network.pendingEdges) void addPendingEdges(network);
      showMetaLabels(false);
      // The controls name the ego participant: the network that knows its name has arrived now.
      if (state.ego || state.selected) controls.sync(state);
      controls.setNetworkSize(network.data.total.nodes, BIG_NETWORK);
      networkMessage(network.data, network.graph);
      // The layout refines the whole drawing: with part of it hidden it would move what nobody sees.
      controls.setLayoutRunning(
        layout?.running ?? false,
        !viewFiltering() && !network.pendingEdges,
        network.pendingEdges
          ? 'Adding the ties to the view…'
          : viewFiltering()
            ? 'Clear the ego network and the ranges to run the layout on the whole drawing'
            : undefined,
      );
    } else {
      if (!meta) {
        loading(true);
        let data: Metacorporation;
        try {
          data = await api.metacorporation();
        } finally {
          loading(false);
        }
        meta = metacorporationGraph(data);
      }
      if (generation !== rendering) return;
      layout?.stop();
      interaction = { ...interaction, framing: meta.framing, shortLabels: true, selected: state.selected };
      const fresh = renderer?.getGraph() !== meta.graph;
      ensureRenderer(meta.graph);
      // Names are drawn to the right of their nodes, and the right-most node of each row sits on the
      // drawing's edge: the camera looks right of centre and a little further out, leaving about a sixth
      // of the width free on the right for those names.
      if (fresh) renderer!.getCamera().setState({ x: 0.6, y: 0.5, ratio: 1.2, angle: 0 });
      showMetaLabels(true);
      message(
        meta.graph.order
          ? null
          : ['The metacorporation is empty: no authorities, agencies, centres or clusters in the database.'],
      );
      controls.setLayoutRunning(false, false);
    }
    // 'adding-ties': drawn, but the edges are still being added (addPendingEdges); then 'ready'.
    document.body.dataset.state = addingTies() ? 'adding-ties' : 'ready';
  } catch (error) {
    if (generation === rendering) showError(error);
    return;
  }
  interaction = { ...interaction, selected: state.selected };
  if (state.panel !== 'did' && effects) {
    effects = null;
    interaction = { ...interaction, colorOverride: null };
  }
  renderPanel();
  renderTableDrawer();
  controls.setMode(state.mode);
  // The attributes feed the range and colour menus: fetched once the first picture is up, on networks up
  // to BIG_NETWORK participants (on 20,000 the request and its parsing took seconds beside the first
  // frame); on bigger ones when the range menu is opened.
  if (state.mode === 'network' && !attributesLoaded && !bigNetwork()) loadColumns();
  refreshDrawing();
  showLegend();
  showStatus();
}

/**
 * The metacorporation's names are wrapped and placed apart on their own layer (meta-labels.ts) instead of
 * sigma's one-line labels; the network view keeps sigma's. Settings are touched only on a change (a
 * setting change redraws everything, seconds on big networks).
 */
function showMetaLabels(on: boolean): void {
  if (!renderer) return;
  if (renderer.getSetting('renderLabels') === on) renderer.setSetting('renderLabels', !on);
  metaLabels?.enable(on);
}

function loadColumns(): void {
  if (attributesLoaded) return;
  void attributes()
    .then(() => {
      if (columns.some((c) => c.id.startsWith('field:'))) return;
      refreshColumns(attributesLoaded);
      if (viewFiltering()) void render();
    })
    .catch(() => undefined);
}

function renderPanel(): void {
  const panel = elements.panel;
  const key =
    state.panel === 'participant'
      ? `participant:${state.selected}:${layersKey()}:${view?.key ?? ''}`
      : state.panel === 'gaps'
        ? `gaps:${state.gapsGroupBy}:${layersKey()}`
        : state.panel === 'did'
          ? `did:${state.didIndicator}:${state.didGroupBy}:${state.didGroup}`
          : null;
  panel.hidden = key === null;
  panel.dataset.panel = state.panel ?? '';
  if (key === renderedPanel) {
    if (state.panel === 'participant') applySuggestion(panel, context);
    return;
  }
  const wasParticipant = renderedPanel?.startsWith('participant:');
  renderedPanel = key;
  if (wasParticipant || state.panel !== 'participant') interaction = { ...interaction, highlighted: null };
  if (state.panel === 'participant' && state.selected)
    void renderParticipantPanel(panel, context, state.selected);
  else if (state.panel === 'gaps') void renderGapsPanel(panel, context);
  else if (state.panel === 'did') void renderDidPanel(panel, context);
  else clear(panel);
  // The drawing area changed width: let sigma measure it again.
  redrawAtNewSize();
}

/** Moves the camera so that these nodes fill most of the drawing (what is highlighted is in view). */
function frameNodes(ids: Iterable<string>): void {
  if (!renderer) return;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const id of ids) {
    const d = renderer.getNodeDisplayData(id);
    if (!d) continue;
    minX = Math.min(minX, d.x);
    maxX = Math.max(maxX, d.x);
    minY = Math.min(minY, d.y);
    maxY = Math.max(maxY, d.y);
  }
  if (!Number.isFinite(minX)) return;
  // Display coordinates span about 1 at ratio 1; leave a margin around the box.
  const ratio = Math.min(1.1, Math.max(0.15, Math.max(maxX - minX, maxY - minY) * 1.25));
  void renderer.getCamera().animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration: 400 });
}

function focusNode(id: string): void {
  const data = renderer?.getNodeDisplayData(id);
  if (data) void renderer!.getCamera().animate({ x: data.x, y: data.y, ratio: 0.35 }, { duration: 400 });
}

// ————— start —————

async function boot(): Promise<void> {
  loading(true);
  try {
    mark('boot');
    facets = await api.facets();
    mark('facets');
  } catch (error) {
    loading(false);
    showError(error);
    return;
  }
  loading(false);
  message(null);
  controls ??= buildControls(byId('controls'), facets, {
    update: (patch) => update(patch, 'push'),
    nameOf: (id) => context.nameOf(id),
    wantColumns: loadColumns,
    toggleLayout: () => {
      if (!layout || viewFiltering()) return;
      if (layout.running) layout.stop();
      else {
        layoutOutcome = null;
        layout.start();
      }
      controls.setLayoutRunning(layout.running, true);
      showStatus();
    },
  });
  await render();
}

byId('toggle-table').addEventListener('click', () => update({ table: !state.table }, 'push'));
for (const button of document.querySelectorAll<HTMLButtonElement>('.modes [data-mode]')) {
  button.addEventListener('click', () => update({ mode: button.dataset.mode as ViewState['mode'] }, 'push'));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-panel]')) {
  button.addEventListener('click', () => {
    const panel = button.dataset.panel as ViewState['panel'];
    update({ panel: state.panel === panel ? null : panel }, 'push');
  });
}
/** What an exported picture says about itself: the view, its colouring and size, and its legends. */
function caption(): Caption {
  const graph = renderer?.getGraph();
  const counts = !graph
    ? ''
    : state.mode === 'metacorporation'
      ? `${fmt(graph.order)} nodes, ${fmt(graph.size)} links`
      : `${fmt(graph.order)} participants, ${fmt(graph.size)} ties (${fmt(tiedPairs(graph as SigmaGraph))} tied pairs)${filterDescription() ? ` · shown: ${filterDescription()}` : ''}`;
  if (state.mode === 'metacorporation')
    return {
      title: `Metacorporation (Fig. 2 and 3 of Charykova & Markova 2019) · ${counts}`,
      legends: [meta?.legend, meta?.linkLegend].filter((l): l is Legend => !!l),
    };
  const names = Object.fromEntries(facets.layers.map((l) => [l.id, l.name]));
  const layers = state.layers.length ? state.layers.map((l) => names[l] ?? l).join(', ') : 'all layers';
  const edges = graph
    ? layerLegend(graph as SigmaGraph, { ...names, platform: 'Platform co-membership' })
    : null;
  return {
    title: `clusterlens · ${layers} · ${counts}`,
    legends: [nodeLegend, edges].filter((l): l is Legend => !!l),
    note: state.size === 'none' ? null : `Node size: ${sizeTitle()}`,
  };
}

byId('export-png').addEventListener('click', async () => {
  await whenTiesAdded();
  if (renderer) downloadCaptionedPng(renderer, caption(), `clusterlens-${state.mode}.png`);
});
byId('export-svg').addEventListener('click', async () => {
  await whenTiesAdded();
  if (!renderer) return;
  // The metacorporation's names are wrapped and placed on their own layer: the SVG writes them as placed.
  const placed = state.mode === 'metacorporation' ? metaLabels?.placed : undefined;
  const svg = svgOf(renderer as unknown as Projecting, caption(), { placed });
  downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `clusterlens-${state.mode}.svg`);
});
byId('export-gexf').addEventListener('click', async () => {
  await whenTiesAdded();
  if (!renderer) return;
  const gexf = gexfOf(renderer.getGraph(), caption().title);
  downloadBlob(new Blob([gexf], { type: 'application/xml' }), `clusterlens-${state.mode}.gexf`);
});
setupSearch(
  byId<HTMLInputElement>('search'),
  byId<HTMLUListElement>('search-results'),
  api,
  (item) => {
    update({ selected: item.id, suggestion: null, panel: 'participant' }, 'push');
    requestAnimationFrame(() => focusNode(item.id));
  },
  // Short names are matched among the drawn participants.
  () =>
    network ? network.graph.mapNodes((id, a) => ({ id, name: a.label, kind: a.kind, region: a.region })) : [],
);
window.addEventListener('popstate', () => {
  state = parseViewState(location.search);
  void render();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && (event.target as HTMLElement).tagName !== 'INPUT' && state.panel)
    update({ panel: null, selected: null, suggestion: null }, 'push');
});

void boot();
