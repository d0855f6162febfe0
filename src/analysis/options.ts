/** Option handling shared by the analysis modules: defaults merged on entry, arguments checked first. */
import { InvalidArgumentError } from '../errors.ts';

export function withDefaults<T extends object>(measure: string, defaults: T, options: Partial<T> = {}): T {
  for (const key of Object.keys(options)) {
    if (!(key in defaults)) throw new InvalidArgumentError(`${measure}: unknown option '${key}'`);
  }
  return {
    ...defaults,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as T;
}

export function requireRange(measure: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${measure}: ${name} must lie in [${min}, ${max}], got ${value}`);
  }
}

/** Edge weight as a strength, for the algorithms that read weights as strengths (PageRank, eigenvector …). */
export const strength = (_edge: string, attributes: Record<string, unknown>) =>
  (attributes.weight as number) ?? 1;

/** The message of a ConvergenceError: what was asked, and what to change. */
export function notConverged(measure: string, maxIterations: number, tolerance: number): string {
  return (
    `${measure} did not converge within ${maxIterations} iterations to tolerance ${tolerance}; ` +
    'raise maxIterations or tolerance'
  );
}
