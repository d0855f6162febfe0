/**
 * Start, stop and inspect the local Neo4j Community server
 * (`java <flags> -cp … org.neo4j.server.CommunityEntryPoint --home-dir … --config-dir …`).
 * The server runs detached; its pid and Bolt port are kept in <home>/run/clusterlens.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalNeo4jSettings } from '../config.ts';
import { EnvironmentError } from '../errors.ts';
import { JVM_FLAGS, homeDirs, renderNeo4jConf } from './conf.ts';
import { GDS_LIB, SERVER_LIB, ensureInstalled, findJava, gdsJarsToLoad } from './installation.ts';

export interface LocalStatus {
  running: boolean;
  pid?: number;
  uri?: string;
  home: string;
  gds?: boolean;
  /** True when this call started the server (it was not running before). */
  startedNow?: boolean;
}

interface RunState {
  pid: number;
  port: number;
  gds: boolean;
  startedAt: string;
}

const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';

function statePath(home: string): string {
  return path.join(homeDirs(home).run, 'clusterlens.json');
}

function readState(home: string): RunState | undefined {
  try {
    return JSON.parse(fs.readFileSync(statePath(home), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}

/** True when pid is a live Neo4j started from this home (guards against a recycled pid). */
function isOurServer(pid: number, home: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(ENTRY_POINT) && cmdline.includes(home);
  } catch {
    return true; // no /proc: trust the pid
  }
}

export function boltUri(port: number): string {
  return `bolt://127.0.0.1:${port}`;
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A TCP port that is free on loopback now (for throwaway test servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function localStatus(settings: LocalNeo4jSettings): LocalStatus {
  const state = readState(settings.home);
  if (state && isOurServer(state.pid, settings.home)) {
    return { running: true, pid: state.pid, uri: boltUri(state.port), home: settings.home, gds: state.gds };
  }
  return { running: false, home: settings.home };
}

/** Copies the loadable GDS jars into <home>/plugins (and removes stale ones). */
function syncPlugins(pluginsDir: string, wanted: string[]): void {
  fs.mkdirSync(pluginsDir, { recursive: true });
  const present = new Set(fs.readdirSync(pluginsDir));
  for (const jar of present)
    if (jar.endsWith('.jar') && !wanted.includes(jar)) fs.rmSync(path.join(pluginsDir, jar));
  for (const jar of wanted)
    if (!present.has(jar)) fs.copyFileSync(path.join(GDS_LIB, jar), path.join(pluginsDir, jar));
}

function lastLogLines(home: string, count = 25): string {
  const candidates = [
    path.join(homeDirs(home).logs, 'neo4j.log'),
    path.join(homeDirs(home).logs, 'console.log'),
  ];
  const lines: string[] = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8').split('\n');
    lines.push(...text.filter((l) => /ERROR|Exception|Caused by|Error:/.test(l)).slice(-count));
  }
  return lines.join('\n');
}

export interface StartOptions {
  /** Load Graph Data Science when its jars are installed (default true). */
  gds?: boolean;
  /** How long to wait for Bolt to answer (default 180 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** neo4j.conf lines added after clusterlens's own (a benchmark trying a setting; later lines win). */
  extraConf?: string[];
}

/**
 * Starts the local Neo4j unless it already runs, and resolves with its Bolt URI once Bolt answers.
 * Idempotent: a running server from the same home is reused.
 */
export async function startLocal(
  settings: LocalNeo4jSettings,
  options: StartOptions = {},
): Promise<LocalStatus> {
  const log = options.log ?? (() => {});
  const current = localStatus(settings);
  if (current.running && current.uri) {
    const port = Number(new URL(current.uri.replace('bolt:', 'http:')).port);
    await waitForBolt(port, current.pid!, settings.home, options.timeoutMs ?? 180_000);
    return current;
  }
  const { gds: gdsAvailable } = ensureInstalled({ gds: options.gds ?? true, log });
  const withGds = (options.gds ?? true) && gdsAvailable;
  if (await portAnswers(settings.boltPort)) {
    throw new EnvironmentError(
      `Port ${settings.boltPort} on 127.0.0.1 is taken by another program. ` +
        `Set CLUSTERLENS_NEO4J_PORT to a free port, or NEO4J_URI if that program is the Neo4j you want.`,
    );
  }
  const { java } = findJava();
  const dirs = homeDirs(settings.home);
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const extra = (options.extraConf ?? []).map((line) => `${line}\n`).join('');
  fs.writeFileSync(path.join(dirs.conf, 'neo4j.conf'), renderNeo4jConf(settings, withGds) + extra);
  syncPlugins(dirs.plugins, withGds ? gdsJarsToLoad() : []);

  const classpath = [withGds ? path.join(dirs.plugins, '*') : undefined, path.join(SERVER_LIB, '*')]
    .filter(Boolean)
    .join(path.delimiter);
  const args = [
    `-Xms${settings.heap}`,
    `-Xmx${settings.heap}`,
    ...JVM_FLAGS,
    '-cp',
    classpath,
    ENTRY_POINT,
    '--home-dir',
    settings.home,
    '--config-dir',
    dirs.conf,
  ];
  const console = fs.openSync(path.join(dirs.logs, 'console.log'), 'a');
  const child = spawn(java, args, {
    detached: true,
    stdio: ['ignore', console, console],
    cwd: settings.home,
  });
  fs.closeSync(console);
  if (child.pid === undefined) throw new EnvironmentError(`Could not start ${java}`);
  child.unref();
  const state: RunState = {
    pid: child.pid,
    port: settings.boltPort,
    gds: withGds,
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(statePath(settings.home), JSON.stringify(state, null, 2));
  log(`Starting Neo4j 5.26 (pid ${child.pid}, home ${settings.home}) …`);
  await waitForBolt(settings.boltPort, child.pid, settings.home, options.timeoutMs ?? 180_000);
  return {
    running: true,
    pid: child.pid,
    uri: boltUri(settings.boltPort),
    home: settings.home,
    gds: withGds,
    startedNow: true,
  };
}

async function waitForBolt(port: number, pid: number, home: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isOurServer(pid, home)) {
      fs.rmSync(statePath(home), { force: true });
      throw new EnvironmentError(
        `The local Neo4j stopped while starting. From its logs in ${home}/logs:\n${lastLogLines(home)}`,
      );
    }
    if (await portAnswers(port)) return;
    await sleep(250);
  }
  throw new EnvironmentError(
    `The local Neo4j did not answer on Bolt port ${port} within ${timeoutMs / 1000} s`,
  );
}

/** Stops the local Neo4j cleanly (SIGTERM runs its shutdown hook); kills it after timeoutMs. */
export async function stopLocal(settings: LocalNeo4jSettings, timeoutMs = 60_000): Promise<boolean> {
  const status = localStatus(settings);
  if (!status.running || status.pid === undefined) {
    fs.rmSync(statePath(settings.home), { force: true });
    return false;
  }
  process.kill(status.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isOurServer(status.pid, settings.home)) {
    if (Date.now() > deadline) {
      process.kill(status.pid, 'SIGKILL');
      break;
    }
    await sleep(200);
  }
  fs.rmSync(statePath(settings.home), { force: true });
  return true;
}
