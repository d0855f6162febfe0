/**
 * A ranking by one score with its ties broken by another (lexicographic): the fallback of the learned
 * model (model.ts) ranks by a single proximity score, and where that score ties — above all the many
 * candidates it scores 0 — by the fitted model. As one array of keys, so that the measures of
 * ranking-metrics.ts apply unchanged: candidates equal on both scores keep equal keys (a tie).
 */

/**
 * Writes into `out` a key per candidate that orders as (`primary`, then `secondary`), both descending:
 * the dense rank of the pair from the bottom (0 = the worst). −Infinity in `primary` (not a candidate)
 * stays −Infinity.
 */
export function tieBroken(primary: Float64Array, secondary: Float64Array, out: Float64Array): Float64Array {
  const order: number[] = [];
  for (let v = 0; v < primary.length; v++) {
    if (primary[v] === -Infinity) out[v] = -Infinity;
    else order.push(v);
  }
  order.sort((a, b) => primary[a]! - primary[b]! || secondary[a]! - secondary[b]!);
  let key = 0;
  order.forEach((v, i) => {
    const w = order[i - 1];
    if (w !== undefined && (primary[v]! !== primary[w]! || secondary[v]! !== secondary[w]!)) key++;
    out[v] = key;
  });
  return out;
}
