/**
 * A cheap edge program for large views: each edge is one `gl.LINES` segment (two vertices, one pixel wide)
 * between its nodes' centres, in its colour and opacity, with a fragment shader that only writes that
 * colour — what sigma 3's `EdgeLineProgram` did — drawn in one plain (not instanced) draw call. Sigma 4
 * draws every edge as an instance of one generated program made for any path and extremity. Measured in
 * software WebGL (SwiftShader, docs/web-view.md, Speed): that program took about 9.3 s of GPU time for
 * 184,210 edges; these lines as instances still took 6–16 s for 200,000 (SwiftShader draws instance after
 * instance), as one plain draw 0.4–0.7 s.
 *
 * What is kept: the colour and alpha of each edge (its layer), `visibility: 'hidden'` (edge or either
 * node), the reducer's fading, and node positions read from sigma's node data texture (so edges follow the
 * nodes when the layout moves them, as sigma's own program does). What is dropped on large views: arrow
 * heads, the thickness by weight (every line is one pixel), and picking of edges (the view never turns
 * sigma's `enableEdgeEvents` on).
 */
import type { Attributes } from 'graphology-types';
import type Sigma from 'sigma';
import {
  GLSL_READ_NODE_DATA,
  Program,
  type EdgeProgram,
  type ProgramDefinition,
  type ProgramInfo,
  type ResolvedEdgeIds,
} from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';

/** Sigma's flag for a slot that draws nothing (its `HIDDEN_ITEM_INDEX`, which it does not export). */
const HIDDEN_SLOT = -1;

const VERTEX_SHADER = /* glsl */ `#version 300 es
in float a_edgeIndex;
in vec4 a_color;
in float a_opacity;

uniform mat3 u_matrix;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_edgeDataTexture;
uniform int u_edgeDataTextureWidth;

out vec4 v_color;

${GLSL_READ_NODE_DATA}

void main() {
  int edgeIdx = int(a_edgeIndex);
  if (edgeIdx < 0) {
    // A hidden edge: both ends outside the clip volume, nothing is rasterised.
    gl_Position = vec4(2.0, 0.0, 0.0, 1.0);
    v_color = vec4(0.0);
    return;
  }
  // Sigma's edge data texture: two texels an edge, the first holds the source and target node rows.
  int texel = edgeIdx * 2;
  vec4 ends = texelFetch(u_edgeDataTexture, ivec2(texel % u_edgeDataTextureWidth, texel / u_edgeDataTextureWidth), 0);
  // Two vertices an edge, from an even first vertex: the even one is the source, the odd one the target.
  int node = int(gl_VertexID % 2 == 0 ? ends.x : ends.y);
  vec2 position = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, node).xy;
  gl_Position = vec4((u_matrix * vec3(position, 1.0)).xy, 0.0, 1.0);
  v_color = vec4(a_color.rgb, a_color.a * a_opacity);
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

const UNIFORMS = [
  'u_matrix',
  'u_nodeDataTexture',
  'u_nodeDataTextureWidth',
  'u_edgeDataTexture',
  'u_edgeDataTextureWidth',
] as const;

const NO_EXTREMITIES: ResolvedEdgeIds = {
  pathId: 0,
  headId: 0,
  tailId: 0,
  headLengthRatio: 0,
  tailLengthRatio: 0,
};

class LineEdgeProgram<N extends Attributes = Attributes, E extends Attributes = Attributes>
  extends Program<(typeof UNIFORMS)[number], N, E>
  implements EdgeProgram<N, E>
{
  constructor(gl: WebGL2RenderingContext, renderer: Sigma<N, E>) {
    super(gl, null, renderer);
    // Lines are never picked (edge events are off): no picking pass to compile or draw.
    if (this.pickProgram) {
      const { gl: context, program, buffer, vertexShader, fragmentShader } = this.pickProgram;
      context.deleteProgram(program);
      context.deleteBuffer(buffer);
      context.deleteShader(vertexShader);
      context.deleteShader(fragmentShader);
      this.pickProgram = null;
    }
  }

  /**
   * Not instanced: software WebGL (SwiftShader) draws each instance of an instanced call as a draw of its
   * own, about 30 µs each, so 200,000 two-vertex instances took 6–16 s where one plain draw of 400,000
   * vertices takes well under one (measured 2026-12-02, docs/web-view.md, Speed). Each edge's attributes
   * are written for both of its vertices instead.
   */
  getDefinition(): ProgramDefinition<(typeof UNIFORMS)[number]> {
    const { FLOAT, UNSIGNED_BYTE, LINES } = WebGL2RenderingContext;
    return {
      VERTICES: 2,
      VERTEX_SHADER_SOURCE: VERTEX_SHADER,
      FRAGMENT_SHADER_SOURCE: FRAGMENT_SHADER,
      METHOD: LINES,
      UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_edgeIndex', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_opacity', size: 1, type: FLOAT },
      ],
    };
  }

  /** Every edge is a straight line without extremities (what sigma records in its edge data texture). */
  resolveEdgeIds(): ResolvedEdgeIds {
    return NO_EXTREMITIES;
  }

  process(
    _pickingId: number,
    offset: number,
    sourceData: NodeDisplayData,
    targetData: NodeDisplayData,
    data: EdgeDisplayData,
    edgeTextureIndex: number,
  ): void {
    const hidden =
      data.visibility === 'hidden' ||
      sourceData.visibility === 'hidden' ||
      targetData.visibility === 'hidden';
    const index = hidden ? HIDDEN_SLOT : edgeTextureIndex;
    const color = hidden ? 0 : floatColor(data.color);
    const opacity = hidden ? 0 : (data.opacity ?? 1);
    const floats = this.floats;
    // The same three values for the edge's two vertices (STRIDE is both vertices' floats).
    for (let i = offset * this.STRIDE, end = i + this.STRIDE; i < end; i += 3) {
      floats[i] = index;
      floats[i + 1] = color;
      floats[i + 2] = opacity;
    }
  }

  /** No per-edge attribute texture: everything the lines need is in the vertex buffer. */
  uploadAttributeTexture(): void {}

  getAttributeTexture(): null {
    return null;
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo<(typeof UNIFORMS)[number]>): void {
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
    gl.uniform1i(uniformLocations.u_nodeDataTexture, params.nodeDataTextureUnit);
    gl.uniform1i(uniformLocations.u_nodeDataTextureWidth, params.nodeDataTextureWidth);
    gl.uniform1i(uniformLocations.u_edgeDataTexture, params.edgeDataTextureUnit);
    gl.uniform1i(uniformLocations.u_edgeDataTextureWidth, params.edgeDataTextureWidth);
  }
}

/** The fields of sigma that hold its edge program and the per-frame pass that feeds it (private in sigma 4). */
interface EdgeDrawing {
  edgeProgram: EdgeProgram;
  edgeFramePass: { run(...args: unknown[]): void; kill(): void };
}

/**
 * Sigma's edge frame pass computes, every frame, where each edge meets its nodes' shapes (for arrow heads
 * and labels), over all edges. Lines run from centre to centre and never read it: with them the pass does
 * nothing.
 */
const NO_FRAME_PASS: EdgeDrawing['edgeFramePass'] = { run() {}, kill() {} };

/** A sigma renderer of any graph and styles (their types do not matter here). */
type WithWebGL = object & { getWebGLContext(): WebGL2RenderingContext };

const sigmaOwn = new WeakMap<object, { lines: LineEdgeProgram | null; own: EdgeDrawing }>();

/**
 * Makes sigma draw its edges as lines (`lines`) or with its own program, from its next full pass on (call
 * it before `setGraph`, which makes that pass). Sigma has no setting for its edge program: the view sets
 * its private fields, as it does for the edge reducer (main.ts, useReducers). Returns whether lines are
 * drawn.
 */
export function drawEdgesAsLines(renderer: WithWebGL, lines: boolean): boolean {
  const fields = renderer as unknown as EdgeDrawing;
  let saved = sigmaOwn.get(renderer);
  if (!saved) {
    saved = { lines: null, own: { edgeProgram: fields.edgeProgram, edgeFramePass: fields.edgeFramePass } };
    sigmaOwn.set(renderer, saved);
  }
  if (lines) {
    saved.lines ??= new LineEdgeProgram(renderer.getWebGLContext(), renderer as unknown as Sigma);
    fields.edgeProgram = saved.lines as unknown as EdgeProgram;
    fields.edgeFramePass = NO_FRAME_PASS;
  } else {
    fields.edgeProgram = saved.own.edgeProgram;
    fields.edgeFramePass = saved.own.edgeFramePass;
  }
  return lines;
}
