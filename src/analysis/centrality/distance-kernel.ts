/**
 * Breadth-first distance sums from a subset of sources over compressed sparse rows, for closeness and
 * harmonic centrality. Self-contained — no imports, no closures, no nested functions — because its source
 * text also runs in worker threads (src/analysis/parallel/sharded.ts), as Brandes' kernel does.
 *
 * `mode[0]`: 0 = closeness (graphology-metrics' / networkx's: reachable / Σ distance, times reachable /
 * (n − 1) when `mode[1]` is 1, the Wasserman–Faust correction; 0 when nothing is reachable), 1 = harmonic
 * (Σ 1 / distance). Only `result[s]` of the shard's sources is written, so shards add up to the whole.
 */
export function distanceKernel(
  offsets: Int32Array,
  targets: Int32Array,
  sources: Int32Array,
  mode: Float64Array,
  result: Float64Array,
): void {
  const n = offsets.length - 1;
  const harmonic = mode[0] === 1;
  const wassermanFaust = mode[1] === 1;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k]!;
    dist[s] = 0;
    queue[0] = s;
    let tail = 1;
    let total = 0;
    let inverse = 0;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      const d = dist[v]! + 1;
      for (let j = offsets[v]!, end = offsets[v + 1]!; j < end; j++) {
        const w = targets[j]!;
        if (dist[w]! < 0) {
          dist[w] = d;
          total += d;
          inverse += 1 / d;
          queue[tail++] = w;
        }
      }
    }
    const count = tail - 1;
    if (harmonic) result[s] = inverse;
    else if (total > 0 && n > 1) result[s] = (count / total) * (wassermanFaust ? count / (n - 1) : 1);
    else result[s] = 0;
    for (let i = 0; i < tail; i++) dist[queue[i]!] = -1;
  }
}
