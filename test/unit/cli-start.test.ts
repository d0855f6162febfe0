/**
 * The CLI's start: which code bin/clusterlens.js runs (dist/ while its build stamp matches the sources,
 * bin/build-stamp.js) and the command table that loads one command's modules only (src/cli/main.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { distState, sourceState, writeStamp } from '../../bin/build-stamp.js';
import { COMMANDS, buildProgram, commandNamed } from '../../src/cli/main.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** A project with a few sources and a dist/ built from them. */
function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-stamp-'));
  fs.mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
  fs.mkdirSync(path.join(root, 'seed'));
  fs.writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(root, 'seed', 'ties.ts'), 'export const b = 2;\n');
  fs.writeFileSync(path.join(root, 'seed', 'lipetsk.json'), '{}\n');
  fs.mkdirSync(path.join(root, 'dist'));
  writeStamp(root);
  return root;
}

describe('dist/ staleness (bin/build-stamp.js)', () => {
  it('is missing before a build and current right after it', () => {
    const root = project();
    expect(distState(root)).toEqual({ state: 'current' });
    fs.rmSync(path.join(root, 'dist', 'build-stamp.json'));
    expect(distState(root)).toEqual({ state: 'missing' });
  });

  it('is stale once a source is edited, touched, added or removed — and not for other files', () => {
    const edit = project();
    fs.appendFileSync(path.join(edit, 'src', 'cli', 'main.ts'), '// more\n');
    expect(distState(edit)).toEqual({ state: 'stale', reason: 'src/cli/main.ts changed' });

    const touch = project();
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(touch, 'seed', 'ties.ts'), later, later);
    expect(distState(touch)).toEqual({ state: 'stale', reason: 'seed/ties.ts changed' });

    const add = project();
    fs.writeFileSync(path.join(add, 'src', 'new.ts'), '');
    expect(distState(add)).toEqual({ state: 'stale', reason: 'src/new.ts is new' });

    const remove = project();
    fs.rmSync(path.join(remove, 'seed', 'ties.ts'));
    expect(distState(remove)).toEqual({ state: 'stale', reason: 'seed/ties.ts was removed' });

    const data = project();
    fs.writeFileSync(path.join(data, 'seed', 'lipetsk.json'), '{"changed": true}\n');
    expect(distState(data)).toEqual({ state: 'current' });
  });

  it('records every TypeScript source of src/ and seed/', () => {
    const files = Object.keys(sourceState(ROOT));
    expect(files).toContain('src/cli/main.ts');
    expect(files).toContain('seed/ties.ts');
    expect(files).toContain('src/api/compute/boot.mjs');
    expect(files.every((f) => /^(src|seed)\//.test(f))).toBe(true);
  });

  it('makes bin/clusterlens.js refuse a stale dist/ when dist/ is required, and run the sources otherwise', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clusterlens.js'), '--help'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const sources = run({ CLUSTERLENS_CLI: 'sources' });
    expect(sources.status, sources.stderr).toBe(0);
    expect(sources.stdout).toContain('Usage: clusterlens');
    const state = distState(ROOT);
    const required = run({ CLUSTERLENS_CLI: 'dist' });
    if (state.state === 'current') expect(required.status).toBe(0);
    else {
      expect(required.status).toBe(1);
      expect(required.stderr).toMatch(/CLUSTERLENS_CLI=dist but dist\/ is (missing|out of date)/);
    }
  });
});

describe('the command table (src/cli/main.ts)', () => {
  it('finds the command argv runs, or asks help for', () => {
    const argv = (...args: string[]) => ['node', 'clusterlens', ...args];
    expect(commandNamed(argv('gaps', '--limit', '3'))).toBe('gaps');
    expect(commandNamed(argv('help', 'export'))).toBe('export');
    expect(commandNamed(argv('--help'))).toBeUndefined();
    expect(commandNamed(argv('gasp'))).toBeUndefined();
  });

  it('loads, for each entry, the module that registers exactly that command', async () => {
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    }
  });

  it('lists every command in the help without loading one, and the chosen one in full', async () => {
    const stubs = await buildProgram(['node', 'clusterlens', '--help']);
    expect(stubs.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    expect(stubs.commands.every((c) => c.options.length === 0)).toBe(true);
    const gaps = await buildProgram(['node', 'clusterlens', 'gaps']);
    expect(gaps.commands.find((c) => c.name() === 'gaps')!.options.map((o) => o.long)).toContain('--limit');
  });
});
