/**
 * The work a measure will do, judged before it runs, so that a server can refuse (or bound) what one
 * request may cost. Work is counted in sweeps over participants and ties (n + m steps each): about
 * 10⁸ steps take a second in these kernels on one core.
 *
 * - All-pairs measures (betweenness, closeness, harmonic) cost sources × (n + m), known in advance:
 *   above `pathBudget` they are refused, with a hint (sampled betweenness, or the CLI).
 * - Iterative measures (PageRank, eigenvector, HITS, label propagation) cost iterations × passes ×
 *   (n + m), where the number of iterations is only bounded: an explicit `maxIterations` above what
 *   `iterationBudget` allows on this network is refused; the default is lowered to it. A run that then
 *   does not converge fails with a ConvergenceError (it never returns an unconverged vector).
 * - Near-linear measures are not refused; the deadline of the thread that runs them bounds them.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { MeasureDescriptor } from './registry.ts';

export interface NetworkSize {
  nodes: number;
  ties: number;
}

export interface WorkBudgets {
  /** Largest all-pairs computation, in steps (see above). */
  pathBudget: number;
  /** Largest iterative computation (at its iteration limit), in steps (see above). */
  iterationBudget: number;
}

/** CA-GrQc (5,242 participants, 14,484 ties) is 1·10⁸ steps for exact betweenness: under a second. */
export const DEFAULT_BUDGETS: WorkBudgets = { pathBudget: 1e9, iterationBudget: 1e9 };

/**
 * Checks the options against the budgets and returns them with the iteration limit bounded;
 * `explicit` names the options the client set (an explicit limit is refused, a default is lowered).
 */
export function boundWork(
  descriptor: MeasureDescriptor,
  options: Record<string, unknown>,
  explicit: ReadonlySet<string>,
  size: NetworkSize,
  budgets: WorkBudgets,
): Record<string, unknown> {
  const sweep = size.nodes + size.ties;
  const work = descriptor.work;
  if (work.kind === 'all-pairs') {
    const k = Number(options.k);
    const sources = descriptor.id === 'betweenness' && k > 0 ? Math.min(size.nodes, k) : size.nodes;
    if (sources * sweep <= budgets.pathBudget) return options;
    const hint =
      descriptor.id === 'betweenness'
        ? `pass k (say k=500) for an estimate from sampled sources, or run \`clusterlens analyze betweenness --write\` (this route then serves the written result)`
        : `run \`clusterlens analyze ${descriptor.id} --write\` (this route then serves the written result)`;
    throw new InvalidArgumentError(
      `${descriptor.id} on ${size.nodes} participants and ${size.ties} ties is too long a computation for a request; ${hint}`,
    );
  }
  if (work.kind === 'iterative') {
    const allowed = Math.max(1, Math.floor(budgets.iterationBudget / (work.passes * Math.max(1, sweep))));
    const asked = Number(options.maxIterations);
    if (asked <= allowed) return options;
    if (explicit.has('maxIterations')) {
      throw new InvalidArgumentError(
        `${descriptor.id}: maxIterations may be at most ${allowed} on ${size.nodes} participants and ${size.ties} ties ` +
          `(the server's work budget); got ${asked}. Run \`clusterlens analyze ${descriptor.id}\` for more`,
      );
    }
    return { ...options, maxIterations: allowed };
  }
  return options;
}
