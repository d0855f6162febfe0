/**
 * The offline initial load: `neo4j-admin database import full` on the stopped local Neo4j. The tool ships
 * in the Neo4j jars that `db install` fetched (neo4j-import-tool, started through org.neo4j.cli.AdminTool
 * as the neo4j-admin script would); it writes the store files directly, without transactions, which is
 * what makes it fast, and why it only runs while the server is stopped.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { LocalNeo4jSettings } from '../config.ts';
import { EnvironmentError } from '../errors.ts';
import type { AdminCsvFile } from '../exchange/admin-import-csv.ts';
import { homeDirs, renderNeo4jConf } from './conf.ts';
import { SERVER_LIB, ensureInstalled, findJava } from './installation.ts';
import { localStatus } from './server.ts';

const ADMIN_TOOL = 'org.neo4j.cli.AdminTool';
const DATABASE = 'neo4j';

export interface AdminImportOptions {
  /** Overwrite a database that already holds data (otherwise that is refused). */
  replace?: boolean;
  /** Some string spans lines: neo4j-admin must parse the files one by one (slower). */
  multiline?: boolean;
  /** Each line neo4j-admin prints (its own progress report). */
  onOutput?: (line: string) => void;
  /** Called as CSV files are written: rows written so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/** The database's store directory exists when a database was created in this home (by a start or a load). */
function databaseExists(home: string): boolean {
  return fs.existsSync(path.join(homeDirs(home).data, 'databases', DATABASE));
}

/** Writes the files into `dir` and returns the --nodes/--relationships arguments that name them. */
async function writeFiles(
  dir: string,
  files: AdminCsvFile[],
  options: AdminImportOptions,
): Promise<string[]> {
  const total = files.reduce((n, f) => n + f.rows, 0);
  let done = 0;
  const args: string[] = [];
  for (const [i, file] of files.entries()) {
    const name = path.join(dir, `${String(i).padStart(3, '0')}-${file.name}.csv`);
    const out = fs.createWriteStream(name);
    out.write(`${file.header}\n`);
    let chunk: string[] = [];
    for (const line of file.lines()) {
      chunk.push(line);
      if (chunk.length === 10_000) {
        // Respect back-pressure, so that millions of lines are not buffered in memory.
        if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
        done += chunk.length;
        options.onProgress?.(done, total);
        chunk = [];
      }
    }
    out.end(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
    await once(out, 'finish');
    done += chunk.length;
    options.onProgress?.(done, total);
    args.push(`--${file.kind}=${file.name}=${name}`);
  }
  return args;
}

/**
 * Loads the files into the local database `neo4j`, which must be stopped. Throws EnvironmentError when it
 * runs, when it holds a database and `replace` is not set, or when neo4j-admin fails (the database is
 * then as neo4j-admin left it: with --overwrite-destination it may be gone; load again).
 */
export async function adminImport(
  settings: LocalNeo4jSettings,
  files: AdminCsvFile[],
  options: AdminImportOptions = {},
): Promise<void> {
  if (localStatus(settings).running) {
    throw new EnvironmentError(
      `the local Neo4j (home ${settings.home}) is running; an offline load writes its store files ` +
        `directly. Stop it first (clusterlens db stop), or use clusterlens import while it runs.`,
    );
  }
  if (databaseExists(settings.home) && !options.replace) {
    throw new EnvironmentError(
      `the local Neo4j (home ${settings.home}) already holds a database; an offline load replaces it ` +
        `completely. Add --replace to do so, or use clusterlens import to add to it.`,
    );
  }
  ensureInstalled();
  const { java } = findJava();
  const dirs = homeDirs(settings.home);
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  // neo4j-admin reads the data directory from the same neo4j.conf the server will start with.
  fs.writeFileSync(path.join(dirs.conf, 'neo4j.conf'), renderNeo4jConf(settings, false));
  const staging = fs.mkdtempSync(path.join(settings.home, 'load-'));
  try {
    const fileArgs = await writeFiles(staging, files, options);
    const args = [
      `-Xmx${settings.heap}`,
      '-cp',
      path.join(SERVER_LIB, '*'),
      ADMIN_TOOL,
      'database',
      'import',
      'full',
      // The database first: --nodes and --relationships take several files each and would swallow it.
      DATABASE,
      '--overwrite-destination=true',
      // Every string is quoted in the files; an empty quoted string is a value, as in the import.
      '--ignore-empty-strings=false',
      `--multiline-fields=${options.multiline ? 'true' : 'false'}`,
      `--report-file=${path.join(dirs.logs, 'import.report')}`,
      ...fileArgs,
    ];
    const child = spawn(java, args, {
      env: { ...process.env, NEO4J_HOME: settings.home, NEO4J_CONF: dirs.conf },
      cwd: settings.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const collect = (data: Buffer) => {
      for (const line of data.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        options.onOutput?.(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0) {
      throw new EnvironmentError(
        `neo4j-admin database import failed (exit ${code}):\n${output.slice(-20).join('\n')}`,
      );
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
