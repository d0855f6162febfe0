/**
 * Whether a group's effect can be trusted, computed once beside the estimate and shown by every face (CLI,
 * API, view, report). A group is credible when no blocking flag is raised; cautions are said but do not
 * block. The thresholds and where they come from:
 *
 * - Pre-trends: did's Wald pre-test of all pre-treatment ATT(g,t) (Callaway & Sant'Anna 2021, §4.2) rejects
 *   at 5 % after Holm's (1979, Scand. J. Statistics 6(2)) step-down correction across the groups in the
 *   answer — one test per group, so without a correction some of many clean groups would fail by chance.
 *   A pre-test that passes is weak evidence (Roth 2022, AER: Insights 4(3)): the flag catches violations,
 *   it cannot prove parallel trends.
 * - Too few units: fewer than 10 treated or 10 control enterprises. Standard errors clustered by unit
 *   over-reject badly with few treated clusters (Conley & Taber 2011, REStat 93(1); MacKinnon & Webb 2017,
 *   J. Applied Econometrics 32(2), who find severe over-rejection below about 10 treated clusters).
 * - Small cohorts (caution): fewer than 5 members joined in a year — R did's own threshold
 *   (pre_process_did: "Be aware that there are some small groups", reqsize = covariates + 5).
 * - A single cohort (caution): everyone joined in the same year, so the effect cannot be told apart from
 *   anything else that happened to these enterprises that year.
 * - The pre-test could not be computed: its covariance matrix is singular or ill-conditioned (reciprocal
 *   condition number below 1e-10: the Wald statistic would be noise), or there is no pre-treatment period.
 *   Without it nobody can check the trends, so the group is not credible.
 * - No post-treatment period, or the estimate failed: there is no effect to report.
 */

export const CREDIBILITY = {
  /** Family-wise level of the pre-trend tests across the groups in one answer (Holm). */
  pretrendLevel: 0.05,
  minTreated: 10,
  minControl: 10,
  /** R did's reqsize without covariates. */
  minCohort: 5,
  /** Pre-test covariance with a smaller reciprocal condition number is treated as singular. */
  minReciprocalCondition: 1e-10,
};

export type FlagCode =
  | 'pretrend'
  | 'pretest-unavailable'
  | 'few-treated'
  | 'few-controls'
  | 'small-cohort'
  | 'single-cohort'
  | 'no-post-periods'
  | 'not-estimable';

export interface CredibilityFlag {
  code: FlagCode;
  message: string;
  /** True when the flag alone makes the group not credible; false for a caution. */
  blocking: boolean;
}

/** Holm's step-down adjusted p-values (null stays null), in the order given. */
export function holm(pValues: (number | null)[]): (number | null)[] {
  const present = pValues
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null && Number.isFinite(x.p))
    .sort((a, b) => a.p - b.p);
  const m = present.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

export const isCredible = (flags: CredibilityFlag[]) => !flags.some((f) => f.blocking);

/** Percent with a sign and the precision a planner reads. */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}
