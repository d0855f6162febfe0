/**
 * docs/did.md's table of the demo's effects, computed from seed/lipetsk.json with the default question
 * (so the docs show what the product produces and cannot drift):
 *   npx tsx scripts/did-doc.ts      rewrites the block between the markers in docs/did.md
 * A unit test checks that docs/did.md holds the current table. The CLI, the API and the view give the same
 * numbers on the stored demo (test/e2e/did.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_BUNDLE_PATH } from '../seed/generate.ts';
import {
  didByGroupFromData,
  type ByGroupInput,
  type ByGroupResult,
  type GroupInput,
} from '../src/did/by-group.ts';
import { INDICATORS } from '../src/domain/indicators.ts';

export const BEGIN = '<!-- did-effects:begin (npx tsx scripts/did-doc.ts) -->';
export const END = '<!-- did-effects:end -->';
export const DID_DOC = path.join(import.meta.dirname, '..', 'docs', 'did.md');

interface Bundle {
  clusters: { id: string; name: string }[];
  memberships: { participant: string; cluster?: string; since?: number }[];
  observations: ByGroupInput['observations'];
}

/** The default question per indicator, grouped by cluster, on the demo bundle (as didByGroup builds it). */
export function demoEffects(): ByGroupResult[] {
  const bundle = JSON.parse(fs.readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as Bundle;
  const names = new Map(bundle.clusters.map((c) => [c.id, c.name]));
  const firstTreated = new Map<string, number | null>();
  const groups = new Map<string, GroupInput>();
  for (const m of bundle.memberships) {
    if (!m.cluster) continue;
    const since = m.since ?? null;
    const prev = firstTreated.get(m.participant);
    firstTreated.set(
      m.participant,
      prev === undefined ? since : Math.min(prev ?? Infinity, since ?? Infinity),
    );
    let g = groups.get(m.cluster);
    if (!g) groups.set(m.cluster, (g = { group: m.cluster, label: names.get(m.cluster)!, members: [] }));
    g.members.push({ id: m.participant, since });
  }
  const sorted = [...groups.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
  return INDICATORS.map((d) =>
    didByGroupFromData({
      indicator: d.id,
      groupBy: 'cluster',
      groups: sorted,
      firstTreated,
      observations: bundle.observations,
    }),
  );
}

const REASON: Record<string, string> = {
  pretrend: 'pre-trends differ',
  'pretest-unavailable': 'no pre-trend test',
  'few-treated': 'too few members',
  'few-controls': 'too few comparisons',
  'no-post-periods': 'not joined yet',
  'not-estimable': 'not estimable',
};

const signed = (x: number, d: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(d)}`;

export function effectsTable(results = demoEffects()): string {
  const clusters = results[0]!.groups;
  const short = (r: ByGroupResult) =>
    r.question.indicatorName.replace(/ \(.*\)$/, '').replace(/ in fixed capital.*/, '');
  const header = `| cluster (members / comparison) | ${results.map(short).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---').join('|')}|`;
  const rows = clusters.map((c) => {
    const cells = results.map((r) => {
      const g = r.groups.find((x) => x.group === c.group)!;
      if (!g.credible) {
        const flag = g.flags.find((f) => f.blocking);
        return `*cannot tell: ${flag ? (REASON[flag.code] ?? flag.code) : 'not credible'}*`;
      }
      const e = g.effect!;
      const unit = e.unit === '%' ? ' %' : ' pp';
      return `${signed(e.value, 1)}${unit} (${signed(e.lo!, 1)} to ${signed(e.hi!, 1)})`;
    });
    return `| ${c.label} (${c.nTreated} / ${c.nControl}) | ${cells.join(' | ')} |`;
  });
  const dolina = results.map((r) => r.groups.find((g) => g.group === 'dolina')!);
  const article = `| article's statistic for Долина машиностроения (not a DiD) | ${dolina.map((g) => `${signed(g.articleStatistic!, 2)} %`).join(' | ')} |`;
  return [header, rule, ...rows, article].join('\n');
}

export function docWithTable(text: string, table = effectsTable()): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/did.md has no ${BEGIN} … ${END} block`);
  return `${text.slice(0, start + BEGIN.length)}\n${table}\n${text.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(DID_DOC, docWithTable(fs.readFileSync(DID_DOC, 'utf8')));
  console.log(`wrote ${DID_DOC}`);
}
