/**
 * Large views draw their edges themselves: sigma gets the graph without its edges, and the edges are one
 * `gl.LINES` draw call of sigma's public custom layer programs (`addCustomLayerProgram`, at the 'edges'
 * depth, in sigma's own WebGL context, so under the nodes, in the PNG export and at sigma's camera).
 *
 * Why: on 20,000 nodes / 200,000 edges sigma's constructor spent 3.4 s of a 6.5 s first frame on per-edge
 * JavaScript (edge states, styles, display-data copies, the edge data texture) for edges that are then
 * drawn as plain one-pixel lines (docs/web-view.md, Speed). Here each edge is two vertices in typed arrays,
 * filled from the graph and sigma's node positions after each of sigma's passes: one loop, no objects per
 * edge. Software WebGL (SwiftShader) draws one plain call of 400,000 vertices in well under a second, where
 * instanced draws cost tens of µs an instance.
 *
 * What is kept: each edge's colour and alpha (its layer), sigma's `edgeReducer` when one is set (its
 * `color` and `visibility: 'hidden'`), hidden nodes hiding their edges, positions following the layout and
 * the camera, and sigma's `hideEdgesOnMove` (the lines are left out while the camera moves). What is
 * dropped on large views: arrow heads, thickness by weight (every line is one pixel) and edge picking (the
 * view never turns sigma's `enableEdgeEvents` on).
 */
import type { Attributes } from 'graphology-types';
import { LINE_EDGES_ABOVE } from './line-edges-threshold.ts';

/** The graph as the line layer reads it (a graphology graph; a structural type so tests need no sigma). */
export interface LineGraph {
  readonly size: number;
  forEachEdge(callback: (edge: string, attributes: Attributes, source: string, target: string) => void): void;
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

type EdgeReducer = (edge: string, data: Attributes, attributes: Attributes) => Attributes;

/** What the layer needs of sigma: node positions as drawn, the edge reducer, and whether it is moving. */
interface LineSource {
  graph(): LineGraph;
  /** The node's normalised position as sigma draws it, or null if the node is hidden or not drawn. */
  nodePosition(node: string): { x: number; y: number } | null;
  edgeReducer(): EdgeReducer | null;
  /** While the camera moves, lines are left out (sigma's hideEdgesOnMove). */
  hidden(): boolean;
  scheduleRender(): void;
}

const VERTEX_SHADER = /* glsl */ `#version 300 es
in vec2 a_position;
in vec4 a_color;
uniform mat3 u_matrix;
out vec4 v_color;
void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1.0)).xy, 0.0, 1.0);
  v_color = a_color;
}
`;

// Sigma blends with premultiplied alpha (ONE, ONE_MINUS_SRC_ALPHA).
const FRAGMENT_SHADER = /* glsl */ `#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 fragColor;
void main() {
  fragColor = vec4(v_color.rgb * v_color.a, v_color.a);
}
`;

/** A CSS colour as sigma's graphs hold them (`#rrggbb`, `#rgb`, `rgb(…)`, `rgba(…)`) → RGBA bytes, packed. */
export function packColor(color: string): number {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 1;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  const fn = /^rgba?\(([^)]*)\)$/i.exec(color.trim());
  if (hex) {
    let digits = hex[1]!;
    if (digits.length === 3) digits = [...digits].map((d) => d + d).join('');
    r = parseInt(digits.slice(0, 2), 16);
    g = parseInt(digits.slice(2, 4), 16);
    b = parseInt(digits.slice(4, 6), 16);
    if (digits.length === 8) a = parseInt(digits.slice(6, 8), 16) / 255;
  } else if (fn) {
    const parts = fn[1]!.split(',').map((p) => Number(p.trim()));
    [r, g, b] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
    a = parts[3] ?? 1;
  }
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  // Little-endian bytes R, G, B, A in memory (read through a Uint32Array over the colour buffer).
  return (byte(r) | (byte(g) << 8) | (byte(b) << 16) | (byte(a * 255) << 24)) >>> 0;
}

/** Each edge's two vertices: positions (x, y each) and packed colours, for the edges drawn. */
export interface LineVertices {
  positions: Float32Array;
  colors: Uint32Array;
  /** Edges written (the first `count` of the arrays' slots). */
  count: number;
}

/**
 * Fills the vertex arrays from the graph: edges whose nodes are drawn and that the reducer (if any) does
 * not hide, at their nodes' positions, in their colour. `reuse` is the previous result (its arrays are
 * kept when they are big enough: on a layout run this runs every frame).
 */
export function lineVertices(
  graph: LineGraph,
  nodePosition: LineSource['nodePosition'],
  reducer: EdgeReducer | null,
  reuse: LineVertices | null = null,
): LineVertices {
  const edges = graph.size;
  const positions =
    reuse && reuse.positions.length >= edges * 4 ? reuse.positions : new Float32Array(edges * 4);
  const colors = reuse && reuse.colors.length >= edges * 2 ? reuse.colors : new Uint32Array(edges * 2);
  const packed = new Map<string, number>();
  const positionOf = new Map<string, { x: number; y: number } | null>();
  const at = (node: string) => {
    let p = positionOf.get(node);
    if (p === undefined) positionOf.set(node, (p = nodePosition(node)));
    return p;
  };
  let count = 0;
  graph.forEachEdge((edge, attributes, source, target) => {
    const from = at(source);
    const to = at(target);
    if (!from || !to) return;
    let color = attributes.color as string | undefined;
    if (reducer) {
      const data = reducer(edge, { color, size: attributes.size, visibility: 'visible' }, attributes);
      if (data.visibility === 'hidden' || data.hidden === true) return;
      color = data.color as string | undefined;
    }
    const key = color ?? '';
    let rgba = packed.get(key);
    if (rgba === undefined) packed.set(key, (rgba = packColor(key)));
    const p = count * 4;
    positions[p] = from.x;
    positions[p + 1] = from.y;
    positions[p + 2] = to.x;
    positions[p + 3] = to.y;
    colors[count * 2] = rgba;
    colors[count * 2 + 1] = rgba;
    count++;
  });
  return { positions, colors, count };
}

/** Sigma's custom layer program (its `CustomLayerProgram` type). */
interface LayerProgram {
  render(params: { matrix: Float32Array }): void;
  cacheData(): void;
  kill(): void;
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
    throw new Error(`line edges: shader does not compile: ${gl.getShaderInfoLog(shader) ?? ''}`);
  return shader;
}

const EDGE_EVENTS = [
  'edgeAdded',
  'edgeDropped',
  'edgeAttributesUpdated',
  'eachEdgeAttributesUpdated',
  'edgesCleared',
  'cleared',
];

function lineLayer(gl: WebGL2RenderingContext, source: LineSource): LayerProgram {
  const program = gl.createProgram();
  const vertexShader = compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER);
  const fragmentShader = compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER);
  gl.attachShader(program, vertexShader);
  gl.attachShader(program, fragmentShader);
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`line edges: program does not link: ${gl.getProgramInfoLog(program) ?? ''}`);
  const matrixLocation = gl.getUniformLocation(program, 'u_matrix');
  const positionBuffer = gl.createBuffer();
  const colorBuffer = gl.createBuffer();
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
  const positionAt = gl.getAttribLocation(program, 'a_position');
  gl.enableVertexAttribArray(positionAt);
  gl.vertexAttribPointer(positionAt, 2, gl.FLOAT, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
  const colorAt = gl.getAttribLocation(program, 'a_color');
  gl.enableVertexAttribArray(colorAt);
  gl.vertexAttribPointer(colorAt, 4, gl.UNSIGNED_BYTE, true, 0, 0);
  gl.bindVertexArray(null);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);

  let vertices: LineVertices | null = null;
  // Set by sigma's passes (positions, visibility, the reducer) and by the graph's edge events.
  let stale = true;
  let watched: LineGraph | null = null;
  const onEdgesChanged = () => {
    stale = true;
    source.scheduleRender();
  };
  const watch = (graph: LineGraph | null) => {
    if (graph === watched) return;
    for (const event of EDGE_EVENTS) watched?.removeListener(event, onEdgesChanged);
    watched = graph;
    for (const event of EDGE_EVENTS) watched?.on(event, onEdgesChanged);
  };

  return {
    cacheData() {
      stale = true;
    },
    render(params) {
      const graph = source.graph();
      watch(graph);
      if (stale) {
        vertices = lineVertices(graph, source.nodePosition, source.edgeReducer(), vertices);
        gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, vertices.positions.subarray(0, vertices.count * 4), gl.DYNAMIC_DRAW);
        gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, vertices.colors.subarray(0, vertices.count * 2), gl.DYNAMIC_DRAW);
        gl.bindBuffer(gl.ARRAY_BUFFER, null);
        stale = false;
      }
      if (!vertices?.count || source.hidden()) return;
      gl.useProgram(program);
      gl.uniformMatrix3fv(matrixLocation, false, params.matrix);
      gl.bindVertexArray(vao);
      gl.drawArrays(gl.LINES, 0, vertices.count * 2);
      gl.bindVertexArray(null);
    },
    kill() {
      watch(null);
      gl.deleteVertexArray(vao);
      gl.deleteBuffer(positionBuffer);
      gl.deleteBuffer(colorBuffer);
      gl.deleteProgram(program);
      gl.deleteShader(vertexShader);
      gl.deleteShader(fragmentShader);
    },
  };
}

/** One view a graph: sigma, given it again, sees the graph it already holds (no second pass). */
const edgelessViews = new WeakMap<object, object>();

/**
 * The graph as sigma sees it on a large view: the same nodes (and their events), no edges. A prototype
 * view, not a copy: node reads and node events go to the graph itself, so layout moves, colours and sizes
 * reach sigma as before, while its per-edge work (states, styles, display data, textures, edge events)
 * has nothing to do.
 */
export function withoutEdges<G extends object>(graph: G): G {
  const made = edgelessViews.get(graph);
  if (made) return made as G;
  const real = graph as unknown as LineGraph;
  const view = Object.create(graph) as G;
  const skipped = new Set(EDGE_EVENTS.filter((e) => e !== 'cleared'));
  Object.defineProperties(view, {
    size: { get: () => 0 },
    edges: { value: () => [] },
    forEachEdge: { value: () => {} },
    hasEdge: { value: () => false },
    on: {
      value: (event: string, listener: () => void) => {
        if (!skipped.has(event)) real.on(event, listener);
        return view;
      },
    },
    removeListener: {
      value: (event: string, listener: () => void) => {
        real.removeListener(event, listener);
        return view;
      },
    },
  });
  edgelessViews.set(graph, view);
  return view;
}

/** What the view needs of sigma to draw a graph with or without the line layer (sigma 4's own methods). */
export interface LineRenderer {
  getGraph(): unknown;
  setGraph(graph: never): unknown;
  getNodeDisplayData(node: string): { x: number; y: number; visibility?: string } | undefined;
  getCamera(): { isAnimating(): boolean };
  getMouseCaptor(): { isMoving: boolean; draggedEvents: number; currentWheelDirection: number };
  getSetting(name: 'hideEdgesOnMove'): boolean | undefined;
  scheduleRender(): unknown;
  addCustomLayerProgram(id: string, depth: 'edges', factory: (gl: WebGL2RenderingContext) => never): unknown;
  removeCustomLayerProgram(id: string): unknown;
}

const LAYER_ID = 'line-edges';
const fullGraphs = new WeakMap<object, LineGraph>();
/** What the line layer draws for a renderer: the graph, or the response's edges while they are added. */
const drawnEdges = new WeakMap<object, LineGraph>();
/** Sigma's own getGraph: the graph it holds (the edgeless view on a large view). */
const sigmaGraphs = new WeakMap<object, () => unknown>();

/** Whether a graph of this many edges is drawn by the line layer. */
export const drawsAsLines = (edges: number) => edges > LINE_EDGES_ABOVE;

/**
 * The graph sigma should be constructed with: on a large view the graph without its edges. Call
 * `drawGraph(renderer, graph)` right after the constructor, with the same graph.
 */
export function sigmaGraph<G extends LineGraph>(graph: G, pending: LineGraph | null = null): G {
  return drawsAsLines((pending ?? graph).size) ? withoutEdges(graph) : graph;
}

/**
 * The pending edges are now in the graph: the layer reads the graph from now on. The lines drawn are the
 * same, so nothing is redrawn until sigma's next pass.
 */
export function edgesAdded(renderer: LineRenderer, graph: LineGraph): void {
  if (fullGraphs.get(renderer) === graph) drawnEdges.set(renderer, graph);
}

/**
 * Draws this graph: a large one as nodes in sigma plus the line layer, a small one with sigma's own edge
 * program (arrows, widths). The renderer's `getGraph()` keeps returning the whole graph, edges included,
 * for the rest of the view (hover, panels, exports). `pending`: the edges that are not in the graph yet
 * (the response's, main.ts adds them after the first frame); the layer draws those until edgesAdded().
 * Returns whether the edges are drawn as lines.
 */
export function drawGraph(
  renderer: LineRenderer,
  graph: LineGraph,
  pending: LineGraph | null = null,
): boolean {
  const lines = drawsAsLines((pending ?? graph).size);
  let held = sigmaGraphs.get(renderer);
  if (!held) {
    held = renderer.getGraph.bind(renderer);
    sigmaGraphs.set(renderer, held);
    // Sigma holds the edgeless view; everything else asks for the graph it draws.
    Object.defineProperty(renderer, 'getGraph', {
      configurable: true,
      value: () => fullGraphs.get(renderer) ?? held!(),
    });
  }
  fullGraphs.set(renderer, graph);
  drawnEdges.set(renderer, pending ?? graph);
  const drawn = lines ? withoutEdges(graph) : graph;
  // Right after the constructor (given sigmaGraph(graph)) sigma already holds it: no second pass.
  if (held() !== drawn) renderer.setGraph(drawn as never);
  if (!lines) {
    renderer.removeCustomLayerProgram(LAYER_ID);
    return false;
  }
  const source: LineSource = {
    graph: () => drawnEdges.get(renderer) ?? graph,
    nodePosition: (node) => {
      const data = renderer.getNodeDisplayData(node);
      return data && data.visibility !== 'hidden' ? data : null;
    },
    edgeReducer: () => (renderer as unknown as { edgeReducer: EdgeReducer | null }).edgeReducer,
    // Sigma's own test for leaving its edges out (its render: `moving`).
    hidden: () => {
      if (renderer.getSetting('hideEdgesOnMove') !== true) return false;
      const mouse = renderer.getMouseCaptor();
      return (
        renderer.getCamera().isAnimating() ||
        mouse.isMoving ||
        mouse.draggedEvents > 0 ||
        mouse.currentWheelDirection !== 0
      );
    },
    scheduleRender: () => renderer.scheduleRender(),
  };
  renderer.addCustomLayerProgram(LAYER_ID, 'edges', (gl) => lineLayer(gl, source) as never);
  return true;
}
