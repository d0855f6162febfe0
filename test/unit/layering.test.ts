/**
 * The layering rules (.dependency-cruiser.cjs, docs/development-layering.md) hold on the repository, and
 * they are not vacuous: on test/fixtures/layering, whose pure module imports the store, they fail and name
 * the rule. Runs dependency-cruiser's own command line, as `npm run lint:deps` does; no Neo4j needed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string, args: string[]) {
  const run = spawnSync(process.execPath, [depcruise, '--config', config, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the layering rules', () => {
  it('pass on the repository (what npm run lint:deps checks)', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    // the script's arguments after its own --config (the directories and --ignore-known)
    const args = scripts['lint:deps']!.split(/\s+/).slice(3);
    const { status, output } = cruise(root, args);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  }, 180_000);

  it('fail on a pure module that imports the store, naming the rule', () => {
    const { status, output } = cruise(path.join(root, 'test/fixtures/layering'), ['src']);
    expect(status).not.toBe(0);
    expect(output).toContain('pure-not-to-io');
    expect(output).toContain('src/analysis/wrong-way.ts → src/store/driver.ts');
  }, 180_000);
});
