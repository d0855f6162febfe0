/**
 * How often the Callaway & Sant'Anna pre-trend Wald test rejects when trends *are* parallel:
 * `npx tsx bench/did-pretest.ts`. For each shape, the share of panels in which did's χ² p-value, and the
 * small-sample p-value that per-group credibility uses (Hotelling's T² F-approximation with the treated
 * units as the sample, `pretestSmallSample` in src/did/by-group.ts), fall below 5 %. docs/did.md cites the
 * figures.
 */
import { pretestSmallSample } from '../src/did/by-group.ts';
import { callawaySantAnna } from '../src/did/callaway-santanna.ts';
import { syntheticPanel } from '../test/helpers/synthetic-panel.ts';

const RUNS = 200;
const SHAPES = [
  {
    name: "the demo's Dolina (147 units, 13 years, 3 cohorts, 41 % never treated)",
    units: 147,
    periods: 13,
    cohorts: 3,
    neverShare: 0.41,
  },
  {
    name: 'a mid-sized cluster (90 units, 11 years, 2 cohorts, 2/3 never treated)',
    units: 90,
    periods: 11,
    cohorts: 2,
    neverShare: 2 / 3,
  },
  {
    name: 'a small cluster (80 units, 13 years, 1 cohort, 3/4 never treated)',
    units: 80,
    periods: 13,
    cohorts: 1,
    neverShare: 0.75,
  },
];
for (const shape of SHAPES) {
  let chi = 0;
  let f = 0;
  let tested = 0;
  for (let seed = 1; seed <= RUNS; seed++) {
    const { panel } = syntheticPanel({ ...shape, seed, noise: 0.05 });
    const r = callawaySantAnna(panel, {});
    if (!r.pretest) continue;
    tested++;
    if (r.pretest.p < 0.05) chi++;
    const treated = r.units - r.neverTreated;
    const pF = pretestSmallSample(r.pretest, treated);
    if (pF !== null && pF < 0.05) f++;
  }
  console.log(
    `${shape.name}: rejected at 5 % under parallel trends — did's χ² ${((100 * chi) / tested).toFixed(1)} %, ` +
      `Hotelling F ${((100 * f) / tested).toFixed(1)} % (${tested} panels)`,
  );
}
