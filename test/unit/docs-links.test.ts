/**
 * Every relative link in the documentation leads somewhere: README.md, CONTRIBUTING.md, bench/README.md
 * and docs/*.md are parsed for Markdown links and images; a link to a file must name a file or folder of
 * the repository, and a `#anchor` (on its own or after a .md file) must be the slug of a heading of that
 * file, as GitHub makes them (github-slugger: lower case, punctuation dropped, spaces to hyphens, repeats
 * numbered -1, -2 …). Links inside code (fenced blocks and `inline code`) are not links. External links
 * (http:, https:, mailto:) are not fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** The Markdown files that make up the documentation, relative to the repository root. */
function docFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', 'CONTRIBUTING.md', 'bench/README.md', ...docs.sort()];
}

/** The text without fenced code blocks (and without inline code if asked), line numbers kept. */
function withoutCode(markdown: string, inline = true): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
      if (fence !== undefined) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length)
          fence = undefined;
        return '';
      }
      if (marker !== undefined) {
        fence = marker;
        return '';
      }
      return inline ? line.replace(/(`+)[^`]*?\1/g, '') : line;
    })
    .join('\n');
}

/** GitHub's anchor for a heading's text (github-slugger), before numbering repeats. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/[`*]/g, '') // code and emphasis marks are not part of the text
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor the headings of a Markdown text define. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutCode(markdown, false).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

export interface Link {
  line: number;
  target: string;
}

/** The targets of inline links and images `[text](target "title")`, outside code. */
export function links(markdown: string): Link[] {
  const result: Link[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        result.push({ line: i + 1, target: m[1]! });
      }
    });
  return result;
}

/**
 * The broken links of one Markdown file: `read(relative path)` gives a file's text, or undefined when there
 * is no such file; `exists(relative path)` says whether a path (file or folder) exists.
 */
export function brokenLinks(
  file: string,
  read: (file: string) => string | undefined,
  exists: (file: string) => boolean,
): string[] {
  const text = read(file);
  if (text === undefined) return [`${file}: no such file`];
  const problems: string[] = [];
  for (const { line, target } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto: …
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved =
      pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    if (resolved.startsWith('..') || path.posix.isAbsolute(resolved)) {
      problems.push(`${file}:${line}: ${target} leaves the repository`);
      continue;
    }
    if (!exists(resolved)) {
      problems.push(`${file}:${line}: ${target}: no file ${resolved}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!resolved.endsWith('.md')) continue; // anchors into source files (#L10) are GitHub's business
    const targetText = read(resolved);
    if (targetText === undefined || !anchors(targetText).has(anchor)) {
      problems.push(`${file}:${line}: ${target}: no heading #${anchor} in ${resolved}`);
    }
  }
  return problems;
}

const readRepo = (file: string): string | undefined => {
  const full = path.join(ROOT, file);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : undefined;
};
const existsInRepo = (file: string): boolean => fs.existsSync(path.join(ROOT, file));

describe('the link checker', () => {
  const files: Record<string, string> = {
    'README.md': [
      '# clusterlens',
      '## The HTTP API',
      '## Per group, of the stored network (DiD)',
      '## Notes',
      '## Notes',
      'See [API](docs/api.md#paging), [model](docs/data-model.md), [gone](docs/gone.md),',
      '[here](#the-http-api), [there](#per-group-of-the-stored-network-did), [twice](#notes-1),',
      '[nowhere](#nowhere), [bad](docs/api.md#caching), ![shot](docs/shot.png), [web](https://example.org/x).',
      '`[code](missing.md)`',
      '```',
      '[fenced](missing-too.md)',
      '```',
    ].join('\n'),
    'docs/api.md': '# API\n## Paging\nBack to [the top](../README.md#clusterlens) and [out](../../x.md).',
    'docs/data-model.md': '# Data model',
    'docs/shot.png': '',
  };
  const read = (f: string) => files[f];
  const exists = (f: string) => f in files;

  it('makes anchors as GitHub does', () => {
    expect(slug('The `did` estimators: 2 × 2, TWFE & CS')).toBe('the-did-estimators-2--2-twfe--cs');
    expect(slug('Реестр «Долина»')).toBe('реестр-долина');
    expect([...anchors(files['README.md']!)]).toEqual([
      'clusterlens',
      'the-http-api',
      'per-group-of-the-stored-network-did',
      'notes',
      'notes-1',
    ]);
  });

  it('finds a missing file, a missing anchor and a link out of the repository, and nothing in code', () => {
    expect(brokenLinks('README.md', read, exists)).toEqual([
      'README.md:6: docs/gone.md: no file docs/gone.md',
      'README.md:8: #nowhere: no heading #nowhere in README.md',
      'README.md:8: docs/api.md#caching: no heading #caching in docs/api.md',
    ]);
    expect(brokenLinks('docs/api.md', read, exists)).toEqual([
      'docs/api.md:3: ../../x.md leaves the repository',
    ]);
    expect(brokenLinks('docs/data-model.md', read, exists)).toEqual([]);
  });
});

describe('the documentation', () => {
  it.each(docFiles())('%s has no broken relative links', (file) => {
    expect(brokenLinks(file, readRepo, existsInRepo)).toEqual([]);
  });

  it('reaches every page of docs/ from the README', () => {
    const readme = readRepo('README.md') ?? '';
    const linked = new Set(links(readme).map((l) => l.target.split('#')[0]));
    const unlinked = docFiles()
      .filter((f) => f !== 'README.md')
      .filter((f) => !linked.has(f));
    expect(unlinked).toEqual([]);
  });
});
