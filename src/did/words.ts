/**
 * A group's effect said in one sentence, in percent for a log outcome, with its interval, the comparison
 * group and the pre-trend test — or "we cannot tell" and why. The CLI, the API (field `sentence`), the view
 * and the report all print this text, so the same question reads the same everywhere.
 */
import { formatP, type CredibilityFlag } from './credibility.ts';
import type { Question } from './defaults.ts';

export interface SentenceInput {
  label: string;
  att: number | null;
  ci: [number, number] | null;
  log: boolean;
  /** Holm-adjusted pre-test p-value (null when no pre-test). */
  pretrendP: number | null;
  credible: boolean;
  flags: CredibilityFlag[];
}

const signed = (x: number, digits: number) =>
  `${x < 0 ? '−' : x > 0 ? '+' : ''}${Math.abs(x).toFixed(digits)}`;

/** An effect in the words' unit: percent (exp(δ) − 1) for a log outcome, else the indicator's unit. */
export function effectInUnit(x: number, log: boolean): number {
  return log ? 100 * Math.expm1(x) : x;
}

export function groupSentence(g: SentenceInput, question: Question): string {
  const indicator = question.indicatorName.charAt(0).toLowerCase() + question.indicatorName.slice(1);
  if (!g.credible || g.att === null) {
    const reasons = g.flags.filter((f) => f.blocking).map((f) => f.message);
    return `We cannot tell whether joining ${g.label} changed ${indicator}: ${reasons.join('; ') || 'no estimate'}.`;
  }
  // an indicator that is itself in percent (the production index) changes by percentage points
  const unit = g.log ? ' %' : question.unit.startsWith('%') ? ' percentage points' : ` ${question.unit}`;
  const digits = g.log || question.unit.startsWith('%') ? 1 : 3;
  const value = effectInUnit(g.att, g.log);
  const [lo, hi] = g.ci ? g.ci.map((x) => effectInUnit(x, g.log)) : [null, null];
  const interval =
    lo !== null && hi !== null
      ? ` (95 % CI ${signed(lo, digits)} to ${signed(hi, digits)}${g.log ? ' %' : ''})`
      : '';
  const pretrend =
    g.pretrendP !== null
      ? `; before joining they moved alike (pre-trend test p ${formatP(g.pretrendP)}, Holm-adjusted)`
      : '';
  const zeroInside = lo !== null && hi !== null && lo <= 0 && hi >= 0;
  const size = `${Math.abs(value).toFixed(digits)}${g.log ? ' %' : unit}`;
  const verb = value >= 0 ? 'raised' : 'lowered';
  const relation = value >= 0 ? 'more than' : 'relative to';
  const head = zeroInside
    ? `Enterprises that joined ${g.label} changed ${indicator} by ${signed(value, digits)}${g.log ? ' %' : unit}${interval} relative to ${question.comparison}, averaged over the years after joining — not distinguishable from no effect`
    : `Enterprises that joined ${g.label} ${verb} ${indicator} by ${size}${interval} ${relation} ${question.comparison}, averaged over the years after joining`;
  return `${head}${pretrend}.`;
}
