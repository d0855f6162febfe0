/** Option handling shared by the analysis modules: defaults merged on entry, arguments checked first. */
import { Type, type Static, type TObject, type TSchema } from 'typebox';
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

/** The message of a ConvergenceError: what was asked, and what to change. */
export function notConverged(measure: string, maxIterations: number, tolerance: number): string {
  return (
    `${measure} did not converge within ${maxIterations} iterations to tolerance ${tolerance}; ` +
    'raise maxIterations or tolerance'
  );
}

/*
 * Option schemas. Each measure module declares its options once, as a TypeBox object whose properties carry
 * the default, the bounds and the help text; its `*_DEFAULTS` object is read off that schema. The registry,
 * the CLI flags, the API's query schema (and so the OpenAPI document) and the web view's forms all derive
 * from the same schema (see docs/options.md).
 */

/** One of a fixed list of strings: a plain `enum` in JSON Schema, the union of the strings in TypeScript. */
export const choice = <const T extends readonly string[]>(
  values: T,
  options: { default: T[number]; description: string },
) => Type.Unsafe<T[number]>(Type.String({ ...options, enum: [...values] }));

export const weightedOption = (options: { default?: boolean; description?: string } = {}) =>
  Type.Boolean({
    description: options.description ?? 'use tie weights (the sum over the chosen layers)',
    default: options.default ?? false,
  });

export const seedOption = () =>
  Type.Integer({ description: 'random seed', default: 42, minimum: 0, maximum: 2 ** 31 - 1 });

// Below 1e-14 per node, floating-point rounding alone can keep an iteration from ever meeting the
// tolerance: such a request would only burn its whole iteration limit.
export const toleranceOption = () =>
  Type.Number({
    description: 'convergence tolerance (per node, as networkx); at least 1e-14',
    default: 1e-10,
    minimum: 1e-14,
    maximum: 1,
  });

export const maxIterationsOption = (defaultValue = 10_000) =>
  Type.Integer({
    description: 'iteration limit; not converged within it is an error (as networkx)',
    default: defaultValue,
    minimum: 1,
    maximum: 100_000,
  });

export const resolutionOption = (description = 'γ: higher gives smaller communities') =>
  Type.Number({ description, default: 1, minimum: 0, maximum: 100 });

export const DIRECTIONS = ['in', 'out', 'both'] as const;
export const directionOption = () =>
  choice(DIRECTIONS, { default: 'both', description: 'which ties count in a directed view' });

/** The defaults written in an options schema, as a plain object (every property of it has one). */
export function defaultsOf<T extends TObject>(schema: T): Static<T> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = (property as { default?: unknown }).default;
    if (value === undefined) throw new Error(`option '${name}' has no default`);
    out[name] = value;
  }
  return out as Static<T>;
}

/** One option as the registry lists it (the CLI's flags, GET /api/analysis, the README's table). */
export interface ParameterSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: number | boolean | string;
  min?: number;
  max?: number;
  choices?: string[];
  description: string;
}

/** The registry's view of an options schema, in the schema's order. */
export function parametersOf(schema: TObject): ParameterSpec[] {
  return Object.entries(schema.properties).map(([name, property]) => {
    const p = property as TSchema & {
      type: ParameterSpec['type'];
      default: ParameterSpec['default'];
      description: string;
      minimum?: number;
      maximum?: number;
      enum?: string[];
    };
    return {
      name,
      type: p.type,
      default: p.default,
      ...(p.minimum !== undefined ? { min: p.minimum } : {}),
      ...(p.maximum !== undefined ? { max: p.maximum } : {}),
      ...(p.enum ? { choices: [...p.enum] } : {}),
      description: p.description,
    };
  });
}
