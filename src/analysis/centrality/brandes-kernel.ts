/**
 * The inner loop of unweighted Brandes (2001), over compressed sparse rows, for a subset of sources.
 * It is self-contained — no imports, no closures, no nested functions — because its source text is also
 * run in worker threads (src/analysis/parallel/sharded.ts). Leaves marked `skipped` are not used as
 * sources; each source counts 1 + leavesOf[s] times (Baglioni et al. 2012; see paths.ts).
 */
export function brandesKernel(
  offsets: Int32Array,
  targets: Int32Array,
  inOffsets: Int32Array,
  sources: Int32Array,
  skipped: Uint8Array,
  leavesOf: Int32Array,
  centrality: Float64Array,
): void {
  const n = offsets.length - 1;
  // Predecessors of w are among its in-neighbours: they are stored in w's slots of the in-rows.
  const preds = new Int32Array(inOffsets[n]!);
  const predCount = new Int32Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k]!;
    if (skipped[s]) continue;
    const copies = 1 + leavesOf[s]!;
    sigma[s] = 1;
    dist[s] = 0;
    order[0] = s;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = order[head++]!;
      const dv = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) {
        const w = targets[j]!;
        const dw = dist[w]!;
        if (dw === -1) {
          dist[w] = dv;
          order[tail++] = w;
          sigma[w] = sv;
          preds[inOffsets[w]!] = v;
          predCount[w] = 1;
        } else if (dw === dv) {
          sigma[w]! += sv;
          preds[inOffsets[w]! + predCount[w]!++] = v;
        }
      }
    }
    // In reverse order of distance, each node passes its dependency to its predecessors.
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const coefficient = (1 + delta[w]!) / sigma[w]!;
      for (let j = inOffsets[w]!, end = j + predCount[w]!; j < end; j++) {
        const v = preds[j]!;
        delta[v]! += sigma[v]! * coefficient;
      }
      centrality[w]! += copies * delta[w]!;
    }
    // The skipped leaves of s reach everyone else in the component through s.
    centrality[s]! += leavesOf[s]! * (tail - 2);
    // Reset only what this source reached.
    for (let i = 0; i < tail; i++) {
      const v = order[i]!;
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = 0;
      predCount[v] = 0;
    }
  }
}
