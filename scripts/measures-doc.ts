/**
 * The README's table of measures, written from the registry (so docs and code cannot drift):
 *   npm run docs:measures      rewrites the block between the markers in README.md
 * A unit test checks that the README holds the current table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MEASURES } from '../src/analysis/registry.ts';

export const BEGIN = '<!-- measures:begin (npm run docs:measures) -->';
export const END = '<!-- measures:end -->';
export const README = path.join(import.meta.dirname, '..', 'README.md');

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

export function readmeWithTable(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md lacks the measures markers');
  return `${readme.slice(0, start + BEGIN.length)}\n${measuresTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(README, readmeWithTable(fs.readFileSync(README, 'utf8')));
}
