/**
 * A ring around a node disc, in a colour of its own: how the view marks a participant that belongs to
 * several clusters (the fill is one cluster's colour, the ring another's), as Gephi Lite's and
 * @sigma/node-border's concentric discs do. A sigma 4 fragment layer drawn over the fill: it reads the
 * node's `ring` colour (transparent: no ring) and paints the outer band of the disc.
 */
import type { FragmentLayer } from 'sigma/rendering';

/** The ring's width as a share of the disc's radius. */
const RING_WIDTH = 0.42;

export const NO_RING = 'rgba(0,0,0,0)';

export function layerRing(): FragmentLayer {
  return {
    name: 'ring',
    uniforms: [],
    attributes: [
      {
        name: 'ringColor',
        size: 4,
        type: 5121, // WebGL2RenderingContext.UNSIGNED_BYTE (a constant, so the module loads outside a browser)
        normalized: true,
        source: 'ring',
      },
    ],
    // context.sdf: signed distance to the disc's edge (negative inside), in the shape's UV units.
    glsl: /* glsl */ `
vec4 layer_ring(vec4 v_ringColor) {
  float inner = -context.shapeHalfSize * ${RING_WIDTH.toFixed(2)} * 2.0;
  float band = smoothstep(inner - context.aaWidth, inner + context.aaWidth, context.sdf);
  return vec4(v_ringColor.rgb, v_ringColor.a * band);
}
`,
  };
}
