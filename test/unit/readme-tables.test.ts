/**
 * The README's configuration and command-line tables against the code: every environment variable the
 * configuration reads has a row, every row names a variable that is read, and every command of the CLI
 * has a row. The variables are found by running loadConfig on an environment that records what is asked
 * of it (so a renamed or new variable shows without reading the source).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { gdsSettings, loadConfig } from '../../src/config.ts';

const README = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The text of the README section under `## <title>`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README section "## ${title}"`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The first cell of every body row of the Markdown tables in a text. */
function firstCells(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\|\s*-/.test(line))
    .slice(1) // the header row of the (first) table
    .map((line) => line.split(' | ')[0]!.slice(2));
}

/**
 * Every environment variable loadConfig and gdsSettings read, with NEO4J_URI set so that the connection's
 * are read too.
 */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      read.add(name);
      return name === 'NEO4J_URI' ? 'bolt://127.0.0.1:7687' : undefined;
    },
  });
  loadConfig(env);
  gdsSettings(env);
  return read;
}

describe('README configuration table', () => {
  const cells = firstCells(section('Configuration'));
  const documented = new Set(
    cells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
  );
  // LOG_LEVEL is read by the server's logger (src/api/server.ts), not by loadConfig; the launcher
  // (bin/clusterlens.js) reads its own variables before any TypeScript runs.
  const launcher = fs.readFileSync(
    path.join(import.meta.dirname, '..', '..', 'bin', 'clusterlens.js'),
    'utf8',
  );
  const read = new Set([
    ...variablesRead(),
    'LOG_LEVEL',
    ...[...launcher.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!),
  ]);

  it('has a row for every variable the configuration reads', () => {
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no variable that nothing reads', () => {
    expect([...documented].filter((name) => !read.has(name))).toEqual([]);
  });
});

describe('README command-line table', () => {
  const rows = firstCells(section('The command line'));

  it('has a row for every command, and the db row names every db subcommand', async () => {
    // the db command loaded for real (the others stand in the program as stubs until they run)
    const program = await buildProgram(['node', 'clusterlens', 'db']);
    const commands = program.commands.map((c) => c.name());
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((name) => !rows.some((cell) => cell.startsWith(`\`${name}`)))).toEqual([]);
    const db = program.commands.find((c) => c.name() === 'db')!;
    const dbRow = rows.find((cell) => cell.startsWith('`db '))!;
    expect(db.commands.map((c) => c.name()).filter((name) => !dbRow.includes(name))).toEqual([]);
  });
});
