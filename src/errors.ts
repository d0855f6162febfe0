/**
 * Named error classes for the boundaries of clusterlens (in the manner of graphology's errors.js).
 * The CLI prints them; the API maps them to RFC 9457 problem documents in one place.
 */

/** Where a problem in user-supplied data was found: file, line (CSV) or JSON path, and field. */
export interface Problem {
  file: string;
  line?: number;
  path?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  // A line (CSV), a JSON path, or both: a graph file's element, named without the field said after it
  // (line 12 node[@id="a"], field kind).
  const element =
    p.line !== undefined && p.path && p.field && p.path.endsWith(`.${p.field}`)
      ? p.path.slice(0, -p.field.length - 1)
      : p.path;
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, element]
    .filter(Boolean)
    .join(' ');
  const field = p.field ? `, field ${p.field}` : '';
  return `${where}${field}: ${p.message}`;
}

export class ClusterlensError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Problems an error lists (and an API response carries); the total is counted and said. */
export const MAX_PROBLEMS = 100;

/** Input data (a bundle, a CSV folder, a panel) failed validation; nothing was written. */
export class ValidationError extends ClusterlensError {
  /** The first MAX_PROBLEMS problems, in the order found. */
  readonly problems: Problem[];
  /** How many problems were found in all. */
  readonly total: number;
  constructor(problems: Problem[], summary?: string) {
    const head =
      summary ?? `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was written`;
    const shown = problems.slice(0, 50).map((p) => `  - ${formatProblem(p)}`);
    const more = problems.length > 50 ? [`  … and ${problems.length - 50} more`] : [];
    super([head, ...shown, ...more].join('\n'));
    this.problems = problems.slice(0, MAX_PROBLEMS);
    this.total = problems.length;
  }
}

/** Invalid arguments to a function or command (not data). */
export class InvalidArgumentError extends ClusterlensError {}

/**
 * The engine asked for cannot compute this request as asked: a measure, an option or a view Graph Data
 * Science lacks, GDS missing, or GDS refusing the run (an empty view among them). The request itself is
 * well-formed (the API answers 422, the CLI exits 1 as for any invalid argument); engine memory or auto
 * answers it.
 */
export class EngineUnsupportedError extends InvalidArgumentError {}

/** A referenced entity does not exist. */
export class NotFoundError extends ClusterlensError {}

/** The environment lacks something clusterlens needs (Java, Maven, a configured Neo4j …). */
export class EnvironmentError extends ClusterlensError {}

/** Neo4j cannot be reached or refused service for a transient reason. */
export class DatabaseUnavailableError extends ClusterlensError {}

/** An iterative method stopped at its iteration limit without meeting its tolerance (as networkx raises). */
export class ConvergenceError extends ClusterlensError {}

/**
 * A computation asked of the server is more than it will do for one request: its estimated work is
 * above the budget, or it ran past the deadline. The same request would fail again; a narrower one,
 * or the CLI, will not.
 */
export class TooCostlyError extends ClusterlensError {}

/** The server's computation threads are saturated; the request may be sent again later. */
export class BusyError extends ClusterlensError {}

/** A filter value that names nothing the data has (an unknown kind, cluster, layer …). */
export interface UnknownValue {
  field: string;
  value: string;
  /** The known value it most likely meant. */
  closest?: string;
  /** Every known value, when there are few enough to list. */
  allowed?: string[];
}

export class UnknownValuesError extends InvalidArgumentError {
  constructor(readonly values: UnknownValue[]) {
    super(
      values
        .map((v) => {
          const hint = v.closest ? ` — did you mean '${v.closest}'?` : '';
          const list = v.allowed ? `; known: ${v.allowed.join(', ')}` : '';
          return `${v.field}: unknown value '${v.value}'${hint}${list}`;
        })
        .join('; '),
    );
  }
}

/** A write that would create what already exists (a participant's id, a tie, a membership …). */
export class ConflictError extends ClusterlensError {}

/** A write sent with `If-Match` for a graph version that is no longer the current one. */
export class PreconditionFailedError extends ClusterlensError {}

/** An `Idempotency-Key` used before for a different request. */
export class IdempotencyKeyReusedError extends ClusterlensError {}
