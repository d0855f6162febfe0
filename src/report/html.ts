/**
 * The planner's report as one self-contained HTML document (inline CSS and SVG, A4 print layout): the
 * metacorporation picture, the effect of joining each cluster per indicator with its credibility in words,
 * the event studies, the cluster profiles (Table 1's series) and a summary of the collaboration gaps.
 * Pure: the report's data in, HTML text out (src/report/build.ts gathers the data, src/report/pdf.ts prints).
 */
import type { ByGroupResult, EventStudyPoint, GroupResult } from '../did/by-group.ts';
import type { ClusterProfile } from '../did/cluster-profile.ts';
import type { Metacorporation } from '../store/metacorporation.ts';

export interface ReportData {
  title: string;
  generated: string;
  participants: number;
  metacorporation: Metacorporation;
  clusters: { id: string; name: string }[];
  /** One answer of the default question per indicator, grouped by cluster. */
  effects: ByGroupResult[];
  profiles: (ClusterProfile & { name: string })[];
  gaps: { heading: string; items: string[] }[];
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number | null | undefined, d: number) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d }).replace('-', '−');
const signed = (x: number | null | undefined, d: number) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x > 0 ? '+' : ''}${num(x, d)}`;

function eventStudySvg(
  points: EventStudyPoint[],
  unit: string,
  credible: boolean,
  w = 132,
  hgt = 104,
): string {
  const valid = points.filter((p) => Number.isFinite(p.effect)).sort((a, b) => a.e - b.e);
  if (!valid.length) return `<svg width="${w}" height="${hgt}"><text x="6" y="16">no estimates</text></svg>`;
  const m = { l: 30, r: 4, t: 6, b: 30 };
  const lo = Math.min(0, ...valid.map((p) => p.effectLo ?? p.effect));
  const hi = Math.max(0, ...valid.map((p) => p.effectHi ?? p.effect));
  const e0 = valid[0]!.e;
  const e1 = valid[valid.length - 1]!.e;
  const x = (e: number) => m.l + (e1 === e0 ? 0.5 : (e - e0) / (e1 - e0)) * (w - m.l - m.r);
  const y = (v: number) => m.t + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (hgt - m.t - m.b);
  const colour = credible ? '#2f6fb0' : '#9aa3ad';
  const band = valid.filter((p) => p.effectLo !== null && p.effectHi !== null);
  const parts: string[] = [];
  if (band.length > 1)
    parts.push(
      `<polygon points="${[...band.map((p) => `${x(p.e)},${y(p.effectHi!)}`), ...[...band].reverse().map((p) => `${x(p.e)},${y(p.effectLo!)}`)].join(' ')}" fill="${credible ? 'rgba(47,111,176,0.18)' : 'rgba(154,163,173,0.2)'}"/>`,
    );
  parts.push(
    `<line x1="${m.l}" x2="${w - m.r}" y1="${y(0)}" y2="${y(0)}" stroke="#8a96a3" stroke-dasharray="3 3"/>`,
  );
  if (e0 < 0 && e1 >= 0)
    parts.push(`<line x1="${x(-0.5)}" x2="${x(-0.5)}" y1="${m.t}" y2="${hgt - m.b}" stroke="#c0c6cd"/>`);
  parts.push(
    `<polyline points="${valid.map((p) => `${x(p.e)},${y(p.effect)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="1.4"/>`,
  );
  for (const p of valid)
    parts.push(`<circle cx="${x(p.e)}" cy="${y(p.effect)}" r="2" fill="${p.e < 0 ? '#9aa3ad' : colour}"/>`);
  const suffix = unit === '%' ? '%' : '';
  for (const v of [lo, 0, hi])
    parts.push(`<text x="${m.l - 3}" y="${y(v) + 3}" text-anchor="end">${num(v, 1)}${suffix}</text>`);
  const step = Math.max(1, Math.ceil((e1 - e0) / 6));
  for (const p of valid)
    if ((p.e - e0) % step === 0)
      parts.push(
        `<text x="${x(p.e)}" y="${hgt - m.b + 10}" text-anchor="middle">${p.e}</text><text x="${x(p.e)}" y="${hgt - m.b + 19}" text-anchor="middle" fill="#8a96a3">${p.n}</text>`,
      );
  parts.push(
    `<text x="${(w + m.l) / 2 - 4}" y="${hgt - 2}" text-anchor="middle">years since joining · N</text>`,
  );
  return `<svg class="es" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">${parts.join('')}</svg>`;
}

function sparklineSvg(
  series: { year: number; value: number; articleYear: boolean; printed: number | null }[],
  w = 160,
  hgt = 64,
): string {
  if (!series.length) return '';
  const m = { l: 4, r: 4, t: 12, b: 12 };
  const values = series.flatMap((p) => (p.printed !== null ? [p.value, p.printed] : [p.value]));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const y0 = series[0]!.year;
  const y1 = series[series.length - 1]!.year;
  const x = (t: number) => m.l + (y1 === y0 ? 0.5 : (t - y0) / (y1 - y0)) * (w - m.l - m.r);
  const y = (v: number) => m.t + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (hgt - m.t - m.b);
  const parts = [
    ...series
      .filter((p) => p.articleYear)
      .map(
        (p) => `<line x1="${x(p.year)}" x2="${x(p.year)}" y1="${m.t}" y2="${hgt - m.b}" stroke="#e3e7ec"/>`,
      ),
    `<polyline points="${series.map((p) => `${x(p.year)},${y(p.value)}`).join(' ')}" fill="none" stroke="#2f6fb0" stroke-width="1.3"/>`,
    ...series
      .filter((p) => p.articleYear)
      .map(
        (p) =>
          `<circle cx="${x(p.year)}" cy="${y(p.value)}" r="2.2" fill="#2f6fb0"/>` +
          (p.printed !== null
            ? `<circle cx="${x(p.year)}" cy="${y(p.printed)}" r="4.2" fill="none" stroke="#b5651d"/>`
            : ''),
      ),
    `<text x="${m.l}" y="9">${num(series[0]!.value, 2)} → ${num(series[series.length - 1]!.value, 2)}</text>`,
    `<text x="${m.l}" y="${hgt - 2}">${y0}</text><text x="${w - m.r}" y="${hgt - 2}" text-anchor="end">${y1}</text>`,
  ];
  return `<svg width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">${parts.join('')}</svg>`;
}

/** Characters of the 8 px box font per pixel of width (a conservative mean for Cyrillic and Latin). */
const BOX_CHARS_PER_PX = 1 / 5.4;
const BOX_LINE_PX = 9.6;

/**
 * The levels of the metacorporation as rows of boxes, names in full: a box is as tall as its name needs
 * once wrapped to the box's width (the old picture cut names at 34 characters), and each row as tall as its
 * tallest box.
 */
function metacorporationSvg(meta: Metacorporation, w = 680): string {
  const parts: string[] = [];
  let y = 8;
  meta.levels.forEach((level, i) => {
    const shown = level.members.slice(0, 5);
    const boxW = (w - 170) / Math.max(shown.length, 1) - 6;
    const perLine = Math.max(8, Math.floor((boxW - 8) * BOX_CHARS_PER_PX));
    const lines = (name: string) =>
      name
        .split(/\s+/)
        // A word longer than a line breaks anywhere (overflow-wrap): its pieces each take a line.
        .flatMap((word) => word.match(new RegExp(`.{1,${perLine}}`, 'gu')) ?? [word])
        .reduce(
          (acc, word) => {
            const last = acc[acc.length - 1]!;
            if (last.length && last.length + 1 + word.length > perLine) acc.push(word);
            else acc[acc.length - 1] = last.length ? `${last} ${word}` : word;
            return acc;
          },
          [''],
        ).length;
    const boxH = Math.max(46, ...shown.map((m) => lines(m.name) * BOX_LINE_PX + 10));
    if (i > 0) parts.push(`<line x1="${w / 2}" x2="${w / 2}" y1="${y - 14}" y2="${y}" stroke="#8a96a3"/>`);
    parts.push(
      `<text x="0" y="${y + 20}" font-weight="600">${esc(level.name)}</text><text x="0" y="${y + 34}" fill="#5b6776">${level.members.length} in all</text>`,
    );
    shown.forEach((m, k) => {
      const x = 170 + k * (boxW + 6);
      parts.push(
        `<rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="4" fill="#f1f6fc" stroke="#c9d6e5"/>` +
          `<foreignObject x="${x + 3}" y="${y + 2}" width="${boxW - 6}" height="${boxH - 4}"><div xmlns="http://www.w3.org/1999/xhtml" class="box">${esc(m.name)}</div></foreignObject>`,
      );
    });
    y += boxH + 16;
  });
  const hgt = y + 2;
  return `<svg width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">${parts.join('')}</svg>`;
}

function verdict(g: GroupResult): string {
  if (g.credible) return 'yes';
  const flag = g.flags.find((f) => f.blocking);
  const short: Record<string, string> = {
    pretrend: 'no: pre-trends differ',
    'pretest-unavailable': 'no: no pre-trend test',
    'few-treated': 'no: too few members',
    'few-controls': 'no: too few comparisons',
    'no-post-periods': 'no: not joined yet',
    'not-estimable': 'no: not estimable',
  };
  return flag ? (short[flag.code] ?? 'no') : 'no';
}

function effectsSection(r: ByGroupResult): string {
  const unit = r.log
    ? '%'
    : r.groups.find((g) => g.effect)?.effect?.unit === '% of the previous year'
      ? 'pp'
      : '';
  const d = r.log || unit === 'pp' ? 1 : 3;
  const rows = r.groups
    .map(
      (g) =>
        `<tr class="${g.credible ? '' : 'nc'}"><td>${esc(g.label)}</td><td class="n">${g.effect ? `${signed(g.effect.value, d)} ${unit}` : '—'}</td><td class="n">${g.effect && g.effect.lo !== null ? `${signed(g.effect.lo, d)} to ${signed(g.effect.hi, d)}` : '—'}</td><td class="n">${g.nTreated} / ${g.nControl}</td><td class="n">${g.pretest ? num(g.pretest.pHolm, 2) : '—'}</td><td>${verdict(g)}</td></tr>`,
    )
    .join('');
  const sentences = r.groups
    .map((g) => `<li class="${g.credible ? '' : 'nc'}">${esc(g.sentence)}</li>`)
    .join('');
  const charts = r.groups
    .map(
      (g) =>
        `<figure class="${g.credible ? '' : 'nc'}"><figcaption>${esc(g.label)}${g.credible ? '' : ' — not credible'}</figcaption>${eventStudySvg(g.eventStudy, r.log ? '%' : '', g.credible)}</figure>`,
    )
    .join('');
  const short = r.question.indicatorName.split(/ \(| in /)[0]!;
  return `<section class="effects"><h2>Effect of joining: ${esc(short.charAt(0).toLowerCase() + short.slice(1))}</h2>
<p class="question">${esc(r.question.text)}</p>
<table><tr><th>Cluster</th><th class="n">Effect</th><th class="n">95 % CI</th><th class="n">N members / comparison</th><th class="n">Pre-trend p (Holm)</th><th>Credible?</th></tr>${rows}</table>
<ul class="sentences">${sentences}</ul>
<div class="charts">${charts}</div></section>`;
}

function profileSection(p: ClusterProfile & { name: string }): string {
  const cells = p.indicators
    .map(
      (i) =>
        `<figure><figcaption>${esc(i.name)} <span class="muted">(${esc(i.unit)})</span></figcaption>${sparklineSvg(i.series)}<div class="muted">article’s statistic ${i.articleStatistic === null ? '—' : `${signed(i.articleStatistic, 2)} %`}; DiD ${!i.did || !i.did.effect ? '—' : i.did.credible ? `${signed(i.did.effect.value, 1)} ${i.did.effect.unit === '%' ? '%' : i.did.effect.unit.startsWith('%') ? 'pp' : i.did.effect.unit}` : 'cannot tell'}</div></figure>`,
    )
    .join('');
  const table1 = p.article
    ? `<table class="t1"><tr><th>Indicator</th>${[2005, 2012, 2016, 2017].map((y) => `<th class="n">${y}</th>`).join('')}</tr>${p.indicators
        .map(
          (i) =>
            `<tr><td>${esc(i.name)}</td>${i.series
              .filter((s) => s.articleYear)
              .map(
                (s) =>
                  `<td class="n">${num(s.value, s.value >= 1000 ? 0 : 2)}${s.printed !== null ? ` <span class="muted">(${s.printed})</span>` : ''}</td>`,
              )
              .join('')}</tr>`,
        )
        .join(
          '',
        )}</table><p class="muted">Computed from the members’ yearly data; in brackets the value printed in Table 1 of the article.</p>`
    : '';
  return `<section class="profile"><h3>${esc(p.name)}</h3><div class="multiples">${cells}</div>${table1}</section>`;
}

export function renderReport(data: ReportData): string {
  const credibleCount = data.effects.flatMap((r) => r.groups).filter((g) => g.credible).length;
  const total = data.effects.flatMap((r) => r.groups).length;
  const meta = data.metacorporation;
  const linkCounts = ['governance', 'coordination', 'membership']
    .map((k) => `${meta.links.filter((l) => l.kind === k).length} ${k}`)
    .join(', ');
  const explanation = data.profiles[0]?.explanation ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(data.title)}</title>
<style>
@page { size: A4; margin: 12mm 12mm; }
body { font: 10pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1d2733; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4px; } h2 { font-size: 14pt; margin: 18px 0 6px; border-bottom: 1px solid #c9d6e5; }
h3 { font-size: 12pt; margin: 12px 0 4px; } .muted { color: #5b6776; font-size: 9pt; }
.lead { font-size: 11.5pt; } .question { color: #5b6776; border-left: 3px solid #2f6fb0; padding-left: 6px; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #e3e7ec; padding: 3px 5px; text-align: left; vertical-align: top; } .n { text-align: right; }
tr.nc td, li.nc, figure.nc figcaption { color: #7d8895; }
.sentences { font-size: 9.5pt; padding-left: 16px; } .sentences li { margin: 2px 0; } .charts, .multiples { display: flex; flex-wrap: wrap; gap: 6px; }
figure { margin: 0; break-inside: avoid; } .charts figure { width: 134px; flex: 0 0 auto; } .multiples figure { flex: 0 0 auto; } .charts figcaption { font-size: 8pt; height: 2.4em; overflow: hidden; } .multiples figure { width: 165px; } figcaption { font-size: 9pt; font-weight: 600; }
svg text { font-size: 8px; fill: #5b6776; } .box { font-size: 8px; line-height: 1.15; color: #1d2733; overflow-wrap: anywhere; }
section.effects { break-before: page; } section.profile { break-inside: avoid; } .page { break-before: page; }
td.n { white-space: nowrap; } .charts figure, .multiples figure { break-inside: avoid; }
.summary td:first-child { width: 38%; font-weight: 600; }
</style></head><body>
<header><h1>${esc(data.title)}</h1><p class="muted">Generated ${esc(data.generated)} by clusterlens · ${data.clusters.length} clusters with ${data.participants} participants</p></header>
<p class="lead">Did joining a cluster raise productivity, jobs, market share and investment? For each cluster and indicator this report gives the effect of joining in one sentence, in percent with its 95 % confidence interval, against enterprises that never joined any cluster — and says <b>“we cannot tell”</b> where the data do not allow a conclusion: ${credibleCount} of ${total} cluster-indicator answers are credible.</p>
<table class="summary"><tr><td>How the effect is measured</td><td>Callaway &amp; Sant’Anna (2021) difference-in-differences: the change of members after joining minus the change of enterprises that never joined, averaged over the years after joining; logs, so effects read as percent.</td></tr>
<tr><td>When an answer is credible</td><td>Before joining, members and comparison enterprises moved alike (pre-trend test not rejected at 5 % after Holm’s correction across clusters), at least 10 members and 10 comparison enterprises, and the test could be computed.</td></tr>
<tr><td>The article’s figures</td><td>${esc(explanation)}</td></tr></table>
<h2>The metacorporation</h2>
<p class="muted">Levels of the article’s Fig. 2, from the authorities down to the participants; links: ${linkCounts}.</p>
${metacorporationSvg(meta)}
${data.effects.map(effectsSection).join('\n')}
<div class="page"></div>
<h2>Cluster profiles: each cluster’s own yearly series</h2>
<p class="muted">Members’ values added up by year under the rules that reproduce Table 1 of the article (sums; output per worker weighted by head count; the production index by output). Dots mark the article’s years 2005, 2012, 2016, 2017; rings the values printed in Table 1.</p>
${data.profiles.map(profileSection).join('\n')}
<h2>Collaboration gaps</h2>
${data.gaps.map((g) => `<h3>${esc(g.heading)}</h3><ul>${g.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`).join('')}
</body></html>
`;
}
