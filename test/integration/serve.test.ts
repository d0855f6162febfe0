/** `clusterlens serve --workers 2`: two processes share the port, answer, and stop with the primary. */
import { describe, expect, it } from 'vitest';
import { startServeProcess } from '../../bench/serve-process.ts';
import { testEnv } from '../helpers/store.ts';

describe('clusterlens serve --workers', () => {
  it('serves from several processes on one port and stops them all on SIGTERM', async () => {
    const server = await startServeProcess({
      env: { ...testEnv(), LOG_LEVEL: 'warn' },
      args: ['--workers', '2'],
      capture: true,
    });
    try {
      expect(server.output()).toMatch(/with 2 processes/);
      // Both workers announce themselves once they listen.
      for (let i = 0; i < 40 && (server.output().match(/clusterlens is serving/g) ?? []).length < 3; i++)
        await new Promise((r) => setTimeout(r, 250));
      expect((server.output().match(/clusterlens is serving/g) ?? []).length).toBe(3);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const after = await fetch(`${server.base}/api/health`).then(
      () => 'answered',
      () => 'closed',
    );
    expect(after).toBe('closed');
  }, 120_000);
});
