/**
 * Weighted logistic regression with an L2 penalty, fitted by Newton's method (iteratively reweighted
 * least squares) with step halving. It minimises
 *
 *   Σ_i s_i · [−y_i log p_i − (1 − y_i) log(1 − p_i)] + (λ / 2) · ‖β‖²,   p_i = σ(b + x_i · β),
 *
 * the intercept b unpenalised — scikit-learn's `LogisticRegression(C = 1 / λ)` objective with
 * `sample_weight` s. test/unit/logistic.test.ts compares the fit with scikit-learn on a small data set
 * (test/reference/logistic_reference.py → test/reference/logistic.json).
 *
 * Why not a package: `ml-logistic-regression` (the usual npm choice) runs a fixed number of plain
 * gradient steps with a fixed learning rate and takes no sample weights; the suggestions need weights
 * (stratified negative sampling, so that the probabilities stay calibrated to all untied pairs) and a
 * converged, deterministic optimum. Newton's method on a few dozen features converges in under twenty
 * steps and has no step size to tune.
 */

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
  /** The penalised objective at the optimum. */
  objective: number;
}

export interface LogisticOptions {
  /** λ of the L2 penalty (scikit-learn's 1 / C). */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest change of a parameter is below this. */
  tolerance?: number;
  /**
   * Where Newton's method starts (default: all coefficients 0, the intercept of the base rate). A fit of
   * a nearby penalty starts close to the optimum and needs fewer steps (warm start along a grid of
   * penalties); the objective is strictly convex, so the optimum reached is the same.
   */
  start?: { intercept: number; coefficients: ArrayLike<number> };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function objective(
  x: Float64Array[],
  y: Uint8Array,
  s: Float64Array,
  b: number,
  beta: Float64Array,
  l2: number,
): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    let z = b;
    const row = x[i]!;
    for (let j = 0; j < beta.length; j++) z += row[j]! * beta[j]!;
    // −log p = softplus(−z), −log(1 − p) = softplus(z)
    total += s[i]! * (y[i] === 1 ? softplus(-z) : softplus(z));
  }
  let penalty = 0;
  for (let j = 0; j < beta.length; j++) penalty += beta[j]! * beta[j]!;
  return total + 0.5 * l2 * penalty;
}

/** Solves A x = r for a symmetric positive definite A (Cholesky); A is d × d, row-major. */
export function solveSpd(a: Float64Array, r: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-300));
      else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = r[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * z[k]!;
    z[i] = sum / l[i * d + i]!;
  }
  const out = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * out[k]!;
    out[i] = sum / l[i * d + i]!;
  }
  return out;
}

/**
 * Fits the model to rows x (each of the same length), labels y (0/1) and sample weights s (default 1).
 * Deterministic: the same data in the same order give the same floats.
 */
export function fitLogistic(
  x: Float64Array[],
  y: Uint8Array,
  s?: Float64Array,
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const n = x.length;
  const d = n > 0 ? x[0]!.length : 0;
  const weights = s ?? new Float64Array(n).fill(1);
  // Start from the intercept of the weighted base rate (all coefficients 0).
  let pos = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    all += weights[i]!;
    if (y[i] === 1) pos += weights[i]!;
  }
  const rate = all > 0 ? Math.min(1 - 1e-12, Math.max(1e-12, pos / all)) : 0.5;
  let b = Math.log(rate / (1 - rate));
  let beta = new Float64Array(d);
  if (options.start && options.start.coefficients.length === d) {
    b = options.start.intercept;
    beta = Float64Array.from(options.start.coefficients);
  }
  let current = objective(x, y, weights, b, beta, l2);
  const D = d + 1; // parameter 0 is the intercept
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const grad = new Float64Array(D);
    const hess = new Float64Array(D * D);
    const row1 = new Float64Array(D);
    row1[0] = 1;
    for (let i = 0; i < n; i++) {
      const row = x[i]!;
      let z = b;
      for (let j = 0; j < d; j++) z += row[j]! * beta[j]!;
      const p = sigmoid(z);
      const w = weights[i]!;
      const g = w * (p - y[i]!);
      const h = w * p * (1 - p);
      for (let j = 0; j < d; j++) row1[j + 1] = row[j]!;
      for (let a = 0; a < D; a++) {
        grad[a]! += g * row1[a]!;
        const ha = h * row1[a]!;
        if (ha === 0) continue;
        for (let c = 0; c <= a; c++) hess[a * D + c]! += ha * row1[c]!;
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j + 1]! += l2 * beta[j]!;
      hess[(j + 1) * D + j + 1]! += l2;
    }
    for (let a = 0; a < D; a++) for (let c = 0; c < a; c++) hess[c * D + a] = hess[a * D + c]!;
    // A tiny ridge on the intercept keeps the system solvable when every label is the same.
    hess[0]! += 1e-12 * (hess[0]! + 1);
    const step = solveSpd(hess, grad, D);
    // Newton step with halving until the objective does not increase.
    let t = 1;
    let nb = b;
    let nbeta = beta;
    let next = current;
    for (let halvings = 0; halvings < 40; halvings++) {
      nb = b - t * step[0]!;
      nbeta = beta.map((v, j) => v - t * step[j + 1]!);
      next = objective(x, y, weights, nb, nbeta, l2);
      if (next <= current) break;
      t /= 2;
    }
    let change = Math.abs(nb - b);
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(nbeta[j]! - beta[j]!));
    if (next > current) break; // no step helps: at the optimum up to rounding
    b = nb;
    beta = nbeta;
    current = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { intercept: b, coefficients: [...beta], iterations, converged, objective: current };
}

export { sigmoid };
