/**
 * A close estimate of the dominant eigenvector of a symmetric non-negative matrix given as compressed
 * rows (an undirected graph's adjacency), by Lanczos restarted from its Ritz vector (Lanczos
 * 1950; Golub & Van Loan, *Matrix Computations*, §10.1 and §10.3) — the Krylov method ARPACK, and so
 * igraph's eigenvector centrality, is built on.
 *
 * It is a starting point only: eigenvector centrality (spectral.ts) starts its power iteration from it
 * and stops by networkx's own test, so its values are those of a converged networkx run whatever the
 * quality of the estimate. From the uniform start the power iteration of A + I needs hundreds of sweeps
 * when the second eigenvalue is close to the first (199 on the benchmark's 20,000 / 200,000 network);
 * from this estimate a few. In exact arithmetic the Krylov space of the uniform start holds only that
 * start's part of each eigenspace, so the estimate tends to the same vector as the power iteration, a
 * degenerate top eigenvalue (equal components) included.
 */
import { symmetricEigen } from '../../symmetric-eigen.ts';

/** Lanczos steps per cycle: the Krylov space's dimension before a restart from the Ritz vector. */
const STEPS = 16;
/** Cycles at most; the power iteration after it converges whether or not these did. */
const MAX_CYCLES = 8;

export function dominantEigenvectorStart(
  offsets: Int32Array,
  targets: Int32Array,
  weights: Float64Array | null,
  start: Float64Array<ArrayBuffer>,
): Float64Array<ArrayBuffer> {
  const n = start.length;
  let y = Float64Array.from(start);
  const basis: Float64Array[] = [];
  for (let i = 0; i < STEPS; i++) basis.push(new Float64Array(n));
  const w = new Float64Array(n);
  for (let cycle = 0; cycle < MAX_CYCLES; cycle++) {
    const alpha: number[] = [];
    const beta: number[] = [];
    const first = basis[0]!;
    const norm0 = norm(y);
    if (norm0 === 0) return start;
    for (let v = 0; v < n; v++) first[v] = y[v]! / norm0;
    let steps = 0;
    let lastBeta = 0;
    for (let j = 0; j < STEPS; j++) {
      const q = basis[j]!;
      multiply(offsets, targets, weights, q, w);
      alpha.push(dot(q, w));
      // The three-term recurrence, as Gram–Schmidt against the last two basis vectors. Full
      // reorthogonalisation against all sixteen cost more than the products on CA-GrQc (n vector
      // operations per step against 5.5 ties per participant) and converged in as many cycles here; a
      // basis that loses orthogonality late in a cycle only makes the estimate rougher, and the power
      // iteration after it corrects that.
      for (let i = Math.max(0, j - 1); i <= j; i++) axpy(-dot(basis[i]!, w), basis[i]!, w);
      steps = j + 1;
      lastBeta = norm(w);
      // An invariant subspace (the start lies in a few eigenvectors' span): the Ritz vector is exact.
      if (lastBeta <= 1e-12 * Math.max(1, Math.abs(alpha[j]!))) {
        lastBeta = 0;
        break;
      }
      if (j + 1 < STEPS) {
        beta.push(lastBeta);
        const next = basis[j + 1]!;
        for (let v = 0; v < n; v++) next[v] = w[v]! / lastBeta;
      }
    }
    const { value, vector } = topEigenpair(alpha.slice(0, steps), beta.slice(0, steps - 1));
    y = new Float64Array(n);
    for (let i = 0; i < steps; i++) axpy(vector[i]!, basis[i]!, y);
    // The Perron vector is non-negative: take the sign that makes it so.
    let sum = 0;
    for (let v = 0; v < n; v++) sum += y[v]!;
    if (sum < 0) for (let v = 0; v < n; v++) y[v] = -y[v]!;
    // ‖A y − θ y‖ = β_m |s_m| (the Lanczos residual): small enough, the estimate is done.
    const residual = lastBeta * Math.abs(vector[steps - 1]!);
    if (residual <= 1e-12 * Math.max(1, Math.abs(value))) break;
  }
  return y;
}

/** out = A x over the rows (weights 1 when null). */
function multiply(
  offsets: Int32Array,
  targets: Int32Array,
  weights: Float64Array | null,
  x: Float64Array,
  out: Float64Array,
): void {
  const n = x.length;
  for (let v = 0; v < n; v++) {
    let sum = 0;
    const end = offsets[v + 1]!;
    if (weights) for (let j = offsets[v]!; j < end; j++) sum += x[targets[j]!]! * weights[j]!;
    else for (let j = offsets[v]!; j < end; j++) sum += x[targets[j]!]!;
    out[v] = sum;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** y += a · x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

/**
 * The largest eigenvalue and its unit eigenvector of the symmetric tridiagonal matrix with diagonal
 * `alpha` and off-diagonal `beta`, by cyclic Jacobi rotations on the dense matrix (at most 16 × 16 here;
 * Golub & Van Loan §8.5).
 */
export function topEigenpair(alpha: number[], beta: number[]): { value: number; vector: Float64Array } {
  const m = alpha.length;
  const tridiagonal = Array.from({ length: m }, (_, i) =>
    Float64Array.from({ length: m }, (_, j) =>
      i === j ? alpha[i]! : j === i + 1 ? beta[i]! : j === i - 1 ? beta[j]! : 0,
    ),
  );
  const { values, vectors } = symmetricEigen(tridiagonal, { sweeps: 100, tolerance: 1e-300, vectors: true });
  let best = 0;
  for (let i = 1; i < m; i++) if (values[i]! > values[best]!) best = i;
  return { value: values[best]!, vector: Float64Array.from({ length: m }, (_, k) => vectors![k]![best]!) };
}
