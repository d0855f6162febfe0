/** When the view draws edges as lines (line-edges.ts); apart from it so that tests read it without sigma. */

/**
 * Above this many drawn edges the view draws them as lines. Sigma's own edge program costs about 50 µs an
 * edge in software WebGL (9.3 s for 184,210 edges, docs/web-view.md): 50,000 edges are already 2.5 s of
 * drawing, most of the 3 s a first frame may take. Below it (the demo's 1,159, the 5,000-node default
 * view's 21,164) edges keep their arrows and widths.
 */
export const LINE_EDGES_ABOVE = 50_000;
