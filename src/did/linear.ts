/**
 * Small dense least squares for the DiD estimators: ordinary least squares by a QR decomposition
 * (modified Gram–Schmidt with one re-orthogonalisation, Björck 1967/1994), and the covariance matrices
 * the estimators report — classical (iid), heteroskedasticity-robust HC1 (MacKinnon & White 1985) and
 * cluster-robust CR1 with the small-sample factor G/(G−1)·(n−1)/(n−K) used by Stata and fixest
 * (Cameron & Miller 2015). Designs are given column by column, so that a column is a typed array.
 */
import { InvalidArgumentError } from '../errors.ts';
import { symmetricEigen } from '../symmetric-eigen.ts';

export type Matrix = number[][];

export interface OlsFit {
  coef: Float64Array;
  residuals: Float64Array;
  /** (X'X)⁻¹, k × k. */
  bread: Matrix;
  n: number;
  k: number;
  rss: number;
  /** Total sum of squares about the mean (for R²). */
  tss: number;
}

export type VcovType = 'iid' | 'hc1' | 'cr1';

/** OLS of y on the given columns (include a column of ones for an intercept). */
export function ols(columns: ArrayLike<number>[], y: ArrayLike<number>): OlsFit {
  const n = y.length;
  const k = columns.length;
  if (k === 0) throw new InvalidArgumentError('ols: the design has no columns');
  for (const c of columns)
    if (c.length !== n) throw new InvalidArgumentError('ols: columns and outcome differ in length');
  if (n < k) throw new InvalidArgumentError(`ols: ${n} observations cannot identify ${k} coefficients`);
  const q = columns.map((c) => Float64Array.from(c));
  const r: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    const v = q[j]!;
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = q[i]!;
        const proj = dot(qi, v);
        r[i]![j]! += proj;
        for (let t = 0; t < n; t++) v[t]! -= proj * qi[t]!;
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (!(norm > 1e-10 * Math.max(norm0, 1e-300)))
      throw new InvalidArgumentError(`ols: column ${j + 1} of the design is collinear with the others`);
    r[j]![j] = norm;
    for (let t = 0; t < n; t++) v[t]! /= norm;
  }
  // coef = R⁻¹ Qᵀ y
  const qty = q.map((c) => dot(c, y));
  const coef = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = qty[i]!;
    for (let j = i + 1; j < k; j++) s -= r[i]![j]! * coef[j]!;
    coef[i] = s / r[i]![i]!;
  }
  const residuals = new Float64Array(n);
  let rss = 0;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t]!;
  mean /= n;
  let tss = 0;
  for (let t = 0; t < n; t++) {
    let fitted = 0;
    for (let j = 0; j < k; j++) fitted += columns[j]![t]! * coef[j]!;
    const e = y[t]! - fitted;
    residuals[t] = e;
    rss += e * e;
    tss += (y[t]! - mean) ** 2;
  }
  // (X'X)⁻¹ = R⁻¹ R⁻ᵀ
  const rinv = upperInverse(r);
  const bread: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let l = Math.max(i, j); l < k; l++) s += rinv[i]![l]! * rinv[j]![l]!;
      bread[i]![j] = s;
      bread[j]![i] = s;
    }
  return { coef, residuals, bread, n, k, rss, tss };
}

export interface VcovOptions {
  /** Cluster index of each observation (0 … G−1), for CR1. */
  cluster?: Int32Array;
  /** K in the small-sample factors (default: the number of columns). fixest counts non-nested fixed effects too. */
  dfK?: number;
}

/** Covariance matrix of the OLS coefficients. */
export function vcov(
  fit: OlsFit,
  columns: ArrayLike<number>[],
  type: VcovType,
  options: VcovOptions = {},
): Matrix {
  const { n, k, bread, residuals } = fit;
  const dfK = options.dfK ?? k;
  if (type === 'iid') {
    const s2 = fit.rss / (n - dfK);
    return bread.map((row) => row.map((x) => x * s2));
  }
  const meat: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let factor: number;
  if (type === 'hc1') {
    for (let t = 0; t < n; t++) {
      const e2 = residuals[t]! * residuals[t]!;
      for (let i = 0; i < k; i++) {
        const xi = columns[i]![t]! * e2;
        for (let j = 0; j <= i; j++) meat[i]![j]! += xi * columns[j]![t]!;
      }
    }
    factor = n / (n - dfK);
  } else {
    const cluster = options.cluster;
    if (!cluster || cluster.length !== n)
      throw new InvalidArgumentError('cluster-robust covariance needs one cluster index per observation');
    let g = 0;
    for (let t = 0; t < n; t++) if (cluster[t]! + 1 > g) g = cluster[t]! + 1;
    const scores = Array.from({ length: k }, () => new Float64Array(g));
    for (let t = 0; t < n; t++) {
      const c = cluster[t]!;
      for (let i = 0; i < k; i++) scores[i]![c]! += columns[i]![t]! * residuals[t]!;
    }
    let nonEmpty = 0;
    const seen = new Uint8Array(g);
    for (let t = 0; t < n; t++)
      if (!seen[cluster[t]!]) {
        seen[cluster[t]!] = 1;
        nonEmpty++;
      }
    for (let c = 0; c < g; c++)
      for (let i = 0; i < k; i++)
        for (let j = 0; j <= i; j++) meat[i]![j]! += scores[i]![c]! * scores[j]![c]!;
    factor = (nonEmpty / (nonEmpty - 1)) * ((n - 1) / (n - dfK));
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) meat[j]![i] = meat[i]![j]!;
  return sandwich(bread, meat).map((row) => row.map((x) => x * factor));
}

/** B M B for symmetric B and M. */
export function sandwich(bread: Matrix, meat: Matrix): Matrix {
  return matMul(matMul(bread, meat), bread);
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = b[0]!.length;
  const inner = b.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++)
    for (let l = 0; l < inner; l++) {
      const a_il = a[i]![l]!;
      if (a_il === 0) continue;
      for (let j = 0; j < m; j++) out[i]![j]! += a_il * b[l]![j]!;
    }
  return out;
}

/** Inverse of a symmetric positive definite matrix by Cholesky; null when it is not positive definite. */
export function symmetricInverse(a: Matrix): Matrix | null {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let p = 0; p < j; p++) s -= l[i]![p]! * l[j]![p]!;
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(a[i]![i]!))) return null;
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  // inverse of the lower factor, then L⁻ᵀ L⁻¹
  const linv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    linv[i]![i] = 1 / l[i]![i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let p = j; p < i; p++) s -= l[i]![p]! * linv[p]![j]!;
      linv[i]![j] = s / l[i]![i]!;
    }
  }
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = i; p < n; p++) s += linv[p]![i]! * linv[p]![j]!;
      inv[i]![j] = s;
      inv[j]![i] = s;
    }
  return inv;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function upperInverse(r: Matrix): Matrix {
  const k = r.length;
  const inv: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    inv[j]![j] = 1 / r[j]![j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let l = i + 1; l <= j; l++) s += r[i]![l]! * inv[l]![j]!;
      inv[i]![j] = -s / r[i]![i]!;
    }
  }
  return inv;
}

/**
 * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations,
 * §8.5): small matrices only (the pre-test covariance has one row per pre-treatment ATT(g,t)).
 */
export function symmetricEigenvalues(a: Matrix, sweeps = 60): number[] {
  return symmetricEigen(a, { sweeps, tolerance: 1e-30 }).values;
}

/**
 * Reciprocal condition number (smallest / largest eigenvalue) of a covariance matrix after scaling it to a
 * correlation matrix, so that indicators measured in large units are not mistaken for ill-conditioned ones.
 * 0 when a variance is not positive.
 */
export function correlationReciprocalCondition(v: Matrix): number {
  const sd = v.map((row, i) => Math.sqrt(row[i]!));
  if (sd.some((s) => !(s > 0) || !Number.isFinite(s))) return 0;
  const eigen = symmetricEigenvalues(v.map((row, i) => row.map((x, j) => x / (sd[i]! * sd[j]!))));
  const max = Math.max(...eigen);
  const min = Math.min(...eigen);
  return max > 0 ? Math.max(0, min) / max : 0;
}

/**
 * b' A⁻¹ b by Gaussian elimination with partial pivoting (A need not be positive definite, unlike
 * symmetricInverse's Cholesky); null when A is (numerically) singular. The Wald statistic of the pre-test.
 */
export function quadraticSolve(a: Matrix, b: number[]): number | null {
  const k = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i]!)));
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) <= Number.EPSILON * scale * k) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= k; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = m[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return b.reduce((s, bi, i) => s + bi * x[i]!, 0);
}
