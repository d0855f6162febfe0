/** `clusterlens serve --workers 2`: two processes share the port, answer, and stop with the primary. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j-local/server.ts';
import { testEnv } from '../helpers/store.ts';

const root = path.join(import.meta.dirname, '..', '..');

describe('clusterlens serve --workers', () => {
  it('serves from several processes on one port and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'clusterlens.js'), 'serve', '--port', String(port), '--workers', '2'],
      { env: { ...testEnv(), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      let ok = false;
      for (let i = 0; i < 120 && !ok; i++) {
        ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ok) await new Promise((r) => setTimeout(r, 500));
      }
      expect(ok, output).toBe(true);
      expect(output).toMatch(/with 2 processes/);
      // Both workers announce themselves once they listen.
      for (let i = 0; i < 40 && (output.match(/clusterlens is serving/g) ?? []).length < 3; i++)
        await new Promise((r) => setTimeout(r, 250));
      expect((output.match(/clusterlens is serving/g) ?? []).length).toBe(3);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const after = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => 'answered',
      () => 'closed',
    );
    expect(after).toBe('closed');
  }, 120_000);
});
