/**
 * docs/analysis.md's table of measures, written from the registry (so docs and code cannot drift):
 *   npm run docs:measures      rewrites the block between the markers in docs/analysis.md
 * A unit test (test/unit/docs.test.ts) checks that docs/analysis.md holds the current table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MEASURES } from '../src/analysis/registry.ts';

export const BEGIN = '<!-- measures:begin (npm run docs:measures) -->';
export const END = '<!-- measures:end -->';
export const ANALYSIS_DOC = path.join(import.meta.dirname, '..', 'docs', 'analysis.md');

export function measuresTable(): string {
  const rows = MEASURES.map((m) => {
    const options = m.parameters
      .map((p) =>
        `\`--${p.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\` ${p.type === 'boolean' ? '' : `(${p.default}${p.min !== undefined ? `, ${p.min}–${p.max}` : ''}${p.choices ? `: ${p.choices.join('/')}` : ''})`} ${p.type === 'boolean' ? `(default ${p.default})` : ''}`
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join('; ');
    return `| \`${m.id}\` | ${m.kind} | ${m.title}: ${m.description} | ${options || '—'} | ${m.reference} |`;
  });
  return [
    '| id | kind | what | options (default, bounds) | reference |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function docWithTable(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < 0) throw new Error('docs/analysis.md lacks the measures markers');
  return `${doc.slice(0, start + BEGIN.length)}\n${measuresTable()}\n${doc.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(ANALYSIS_DOC, docWithTable(fs.readFileSync(ANALYSIS_DOC, 'utf8')));
}
