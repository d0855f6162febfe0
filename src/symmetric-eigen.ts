/**
 * Eigenvalues (and, on request, eigenvectors) of a small dense symmetric matrix by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, §8.5). Shared by the DiD pre-test's conditioning check and the
 * Lanczos start of eigenvector centrality, both on matrices of a few dozen rows at most.
 */
export interface SymmetricEigenOptions {
  /** Sweeps at most (each rotates every off-diagonal pair once). */
  sweeps: number;
  /** Stop when the sum of squared off-diagonal entries falls below this. */
  tolerance: number;
  /** Accumulate the rotations into eigenvectors (columns of `vectors`). */
  vectors?: boolean;
}

export interface SymmetricEigen {
  values: number[];
  /** `vectors[k][i]`: component k of the eigenvector of `values[i]` (when asked for). */
  vectors: Float64Array[] | null;
}

export function symmetricEigen(
  matrix: readonly (readonly number[] | Float64Array)[],
  options: SymmetricEigenOptions,
): SymmetricEigen {
  const m = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = options.vectors
    ? Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)))
    : null;
  for (let sweep = 0; sweep < options.sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p]![q]! ** 2;
    if (off < options.tolerance) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, p, q, c, s, 'columns');
        rotate(a, p, q, c, s, 'rows');
        if (v) rotate(v, p, q, c, s, 'columns');
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

/** Applies the plane rotation (c, s) of p and q to columns p, q (A·J) or rows p, q (Jᵀ·A) in place. */
function rotate(a: Float64Array[], p: number, q: number, c: number, s: number, of: 'rows' | 'columns') {
  for (let k = 0; k < a.length; k++) {
    if (of === 'columns') {
      const akp = a[k]![p]!;
      const akq = a[k]![q]!;
      a[k]![p] = c * akp - s * akq;
      a[k]![q] = s * akp + c * akq;
    } else {
      const apk = a[p]![k]!;
      const aqk = a[q]![k]!;
      a[p]![k] = c * apk - s * aqk;
      a[q]![k] = s * apk + c * aqk;
    }
  }
}
