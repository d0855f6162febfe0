/**
 * Interaction state → what sigma draws, through its nodeReducer and edgeReducer (as the sigma demo's
 * GraphSettingsController does): hovering, selecting, highlighting a suggestion or a gap, and the DiD
 * colouring change the drawn copy of a node or edge, never the graph itself. The focus set is worked out
 * once per state change, so the reducers themselves are constant-time per node and edge. The returned
 * fields are sigma 4's display data: `visibility`, `labelVisibility`, `backdropVisibility` and `depth`
 * (the depth layers 'nodes' < 'topNodes', 'edges' < 'topEdges').
 */
import type { Attributes } from 'graphology-types';
import type { AbstractGraph as Graph } from 'graphology-types';
import { FADED_EDGE, FADED_NODE } from './colors.ts';

export interface InteractionState {
  selected: string | null;
  /** Participants to emphasise (a suggestion with its common partners, a gap's participants). */
  highlighted: ReadonlySet<string> | null;
  /** Per-node colours laid over the mapping (the DiD effects); nodes not in the map keep theirs. */
  colorOverride: ReadonlyMap<string, string> | null;
  /** The highlighted nodes that get a forced label (null: all of them). */
  highlightLabels?: ReadonlySet<string> | null;
  /**
   * Labels the label grid shows by itself are cut to SHORT_LABEL characters (long official names ran into
   * each other); the selected and highlighted keep their full names (the hovered one is drawn whole on the overlay).
   */
  shortLabels?: boolean;
  /** Nodes a highlight never fades (the upper levels of the metacorporation, which frame the picture). */
  framing?: ReadonlySet<string> | null;
}

export function emptyInteraction(): InteractionState {
  return { selected: null, highlighted: null, colorOverride: null };
}

export const SHORT_LABEL = 24;

/** A name cut at a word boundary near SHORT_LABEL characters, with an ellipsis. */
export function shortLabel(label: string): string {
  if (label.length <= SHORT_LABEL) return label;
  const cut = label.slice(0, SHORT_LABEL);
  const space = cut.lastIndexOf(' ');
  return `${(space > SHORT_LABEL / 2 ? cut.slice(0, space) : cut).replace(/[\s,.«"(-]+$/, '')}…`;
}

/**
 * Short labels that tell the names apart: where several names cut to the same short label (the demo's two
 * cluster development centres both read «Центр кластерного…»), each is cut after the first word in which
 * it differs from the others instead.
 */
export function distinctShortLabels(labels: Iterable<string>): Map<string, string> {
  const byShort = new Map<string, string[]>();
  for (const label of new Set(labels)) {
    const short = shortLabel(label);
    (byShort.get(short) ?? byShort.set(short, []).get(short)!).push(label);
  }
  const out = new Map<string, string>();
  for (const [short, names] of byShort) {
    for (const label of names) {
      // Where this name parts from the one it shares most of its beginning with.
      let differs = 0;
      for (const other of names) {
        if (other === label) continue;
        let i = 0;
        while (i < label.length && label[i] === other[i]) i++;
        differs = Math.max(differs, i);
      }
      const end = label.indexOf(' ', differs + 1);
      out.set(
        label,
        names.length === 1 ? short : end < 0 ? label : `${label.slice(0, end).replace(/[\s,.«"(-]+$/, '')}…`,
      );
    }
  }
  return out;
}

/** The distinct short labels of a graph's nodes, worked out once per graph (names do not change). */
const shortLabelsOf = new WeakMap<Graph, Map<string, string>>();
function graphShortLabels(graph: Graph): Map<string, string> {
  let labels = shortLabelsOf.get(graph);
  if (!labels) {
    labels = distinctShortLabels(graph.mapNodes((node, a) => String(a.label ?? node)));
    shortLabelsOf.set(graph, labels);
  }
  return labels;
}

export type NodeReducer = (node: string, data: Attributes) => Attributes;
export type EdgeReducer = (edge: string, data: Attributes) => Attributes;

export interface Focus {
  /** Nodes drawn at full strength; null when nothing is focused. */
  nodes: Set<string> | null;
  /** Nodes whose label is forced (the selected or highlighted ones). */
  labelled: Set<string>;
  /** When set, only edges touching this node are drawn (the selection); otherwise edges inside the focus. */
  centre: string | null;
}

function neighbourhood(graph: Graph, node: string): Set<string> {
  const nodes = new Set<string>([node]);
  graph.forEachNeighbor(node, (n) => nodes.add(n));
  return nodes;
}

/**
 * Which nodes a state puts in focus: a highlight wins over the selection. (Hovering is drawn on its own
 * canvas, hover-overlay.ts: it never re-processes the drawing.)
 */
export function focusOf(graph: Graph, state: InteractionState): Focus {
  const labelled = new Set<string>();
  const selected = state.selected && graph.hasNode(state.selected) ? state.selected : null;
  if (selected) labelled.add(selected);
  if (state.highlighted && state.highlighted.size) {
    const nodes = new Set([...state.highlighted].filter((n) => graph.hasNode(n)));
    for (const n of state.highlightLabels ?? nodes) if (nodes.has(n)) labelled.add(n);
    for (const n of state.framing ?? []) if (graph.hasNode(n)) nodes.add(n);
    return { nodes, labelled, centre: null };
  }
  if (selected) {
    const nodes = neighbourhood(graph, selected);
    for (const n of state.framing ?? []) if (graph.hasNode(n)) nodes.add(n);
    return { nodes, labelled, centre: selected };
  }
  return { nodes: null, labelled, centre: null };
}

export function createReducers(
  graph: Graph,
  state: InteractionState,
): { nodeReducer: NodeReducer; edgeReducer: EdgeReducer; edgesChanged: boolean } {
  const focus = focusOf(graph, state);
  const override = state.colorOverride;
  const short = state.shortLabels ? graphShortLabels(graph) : null;
  const nodeReducer: NodeReducer = (node, data) => {
    const color = override?.get(node) ?? data.color;
    if (focus.nodes && !focus.nodes.has(node)) {
      return { ...data, color: FADED_NODE, ring: 'rgba(0,0,0,0)', labelVisibility: 'hidden', depth: 'nodes' };
    }
    const result: Attributes = { ...data, color };
    if (state.shortLabels && typeof data.label === 'string' && !focus.labelled.has(node))
      result.label = short?.get(data.label) ?? shortLabel(data.label);
    if (focus.nodes) result.depth = 'topNodes';
    // The labelled, and the frame of the metacorporation (its upper levels and platforms: few nodes, each
    // named, which the label grid would otherwise drop for a bigger node in the same cell).
    if (focus.labelled.has(node) || state.framing?.has(node)) result.labelVisibility = 'visible';
    if (node === state.selected) {
      result.size = (data.size as number) * 1.4;
      result.labelVisibility = 'visible';
    }
    return result;
  };
  const edgeReducer: EdgeReducer = (edge, data) => {
    if (!focus.nodes) return data;
    const [source, target] = graph.extremities(edge);
    const visible = focus.centre
      ? source === focus.centre || target === focus.centre
      : focus.nodes.has(source) && focus.nodes.has(target);
    if (!visible) return { ...data, color: FADED_EDGE, visibility: 'hidden' };
    return { ...data, size: (data.size as number) * 1.8, depth: 'topEdges' };
  };
  // Without a focus the edge reducer hands every edge back unchanged: the caller can leave it out.
  return { nodeReducer, edgeReducer, edgesChanged: focus.nodes !== null };
}
