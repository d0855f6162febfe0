/**
 * `clusterlens serve` in a child process, started as a user starts it, for the benchmarks and the tests
 * that need a real server process (several workers, a routing driver, kills and restarts). Resolves once
 * `/api/health` answers 200; fails with the server's output when it exits or does not answer in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { freePort } from '../src/neo4j-local/server.ts';

export interface ServeProcess {
  base: string;
  pid: number;
  child: ChildProcess;
  /** What the server printed so far (empty unless `capture`). */
  output: () => string;
  /** SIGTERM, then the exit code once it has exited (at once when it already has). */
  stop: () => Promise<number | null>;
}

export interface ServeOptions {
  /** The server's whole environment (NEO4J_URI and the rest); benchEnv() makes the usual one. */
  env: NodeJS.ProcessEnv;
  /** More arguments after `serve --host … --port …`, e.g. `--workers 2`. */
  args?: string[];
  host?: string;
  /** Keep stdout and stderr for `output()`; otherwise stderr goes to this process's stderr. */
  capture?: boolean;
  /** How long the server may take to answer its first health check (default 120 s). */
  timeoutMs?: number;
}

/**
 * The environment a benchmark's or fault test's server runs in: this process's, on the given Neo4j without
 * credentials (the throwaway local servers have none), rate limiting off, warnings only; `extra` on top.
 */
export const benchEnv = (neo4jUri: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NEO4J_URI: neo4jUri,
  NEO4J_USER: '',
  NEO4J_PASSWORD: '',
  CLUSTERLENS_RATE_LIMIT: '0',
  LOG_LEVEL: 'warn',
  ...extra,
});

export async function startServeProcess(options: ServeOptions): Promise<ServeProcess> {
  const host = options.host ?? '127.0.0.1';
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'bin', 'clusterlens.js'),
      'serve',
      '--host',
      host,
      '--port',
      String(port),
      ...(options.args ?? []),
    ],
    {
      env: options.env,
      stdio: ['ignore', options.capture ? 'pipe' : 'ignore', options.capture ? 'pipe' : 'inherit'],
    },
  );
  let printed = '';
  child.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (printed += d.toString()));
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`clusterlens serve exited with ${child.exitCode} before answering\n${printed}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, pid: child.pid!, child, output: () => printed, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `clusterlens serve did not answer /api/health within ${options.timeoutMs ?? 120_000} ms\n${printed}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
