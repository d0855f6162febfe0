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
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : p.path].filter(Boolean).join(' ');
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

/** A referenced entity does not exist. */
export class NotFoundError extends ClusterlensError {}

/** The environment lacks something clusterlens needs (Java, Maven, a configured Neo4j …). */
export class EnvironmentError extends ClusterlensError {}

/** Neo4j cannot be reached or refused service for a transient reason. */
export class DatabaseUnavailableError extends ClusterlensError {}
