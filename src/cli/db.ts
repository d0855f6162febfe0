/** `clusterlens db start|stop|status|install`: the local Neo4j. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { ensureInstalled } from '../neo4j-local/installation.ts';
import { localStatus, startLocal, stopLocal } from '../neo4j-local/server.ts';
import { openStore } from '../store/driver.ts';
import { graphVersion, networkCounts } from '../store/status.ts';
import { readBundleSource } from '../exchange/read.ts';
import { offlineLoad } from '../services/offline-load.ts';
import { info, progressReporter } from './context.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('Manage the local Neo4j (used when NEO4J_URI is not set)');

  db.command('install')
    .description('Fetch the Neo4j 5.26 jars (and Graph Data Science) from Maven Central')
    .option('--no-gds', 'skip Graph Data Science')
    .action((options: { gds: boolean }) => {
      const { gds } = ensureInstalled({ gds: options.gds, log: info });
      info(`Neo4j 5.26 installed${gds ? ' with Graph Data Science' : ''}.`);
    });

  db.command('start')
    .description('Start the local Neo4j (idempotent); prints the Bolt URI as its last line')
    .option('--no-gds', 'do not load Graph Data Science')
    .action(async (options: { gds: boolean }) => {
      const config = loadConfig();
      if (config.external) {
        info(`NEO4J_URI is set: clusterlens uses ${config.external.uri} and starts no local Neo4j.`);
        console.log(config.external.uri);
        return;
      }
      const status = await startLocal(config.local, { gds: options.gds, log: info });
      info(
        status.startedNow
          ? `Neo4j started (pid ${status.pid}).`
          : `Neo4j already running (pid ${status.pid}).`,
      );
      console.log(status.uri);
    });

  db.command('stop')
    .description('Stop the local Neo4j cleanly')
    .action(async () => {
      const stopped = await stopLocal(loadConfig().local);
      info(stopped ? 'Neo4j stopped.' : 'Neo4j was not running.');
    });

  db.command('load')
    .description(
      'Offline initial load of a bundle (a CSV folder, a JSON bundle …) into the stopped local Neo4j with neo4j-admin: for millions of ties',
    )
    .argument('<source>', 'a folder with participants.csv, ties.csv, … or any file clusterlens import reads')
    .option('--replace', 'replace the local database when it already exists')
    .option('--progress', 'a progress bar on stderr even when it is not a terminal')
    .option('--json', 'print the load report as JSON')
    .option('--no-gds', 'start the loaded server without Graph Data Science')
    .action(
      async (
        source: string,
        options: { replace?: boolean; progress?: boolean; json?: boolean; gds: boolean },
      ) => {
        const raw = readBundleSource(source);
        const progress = progressReporter('Writing CSV for neo4j-admin', options.progress);
        const report = await offlineLoad(loadConfig(), raw, {
          replace: options.replace,
          gds: options.gds,
          onProgress: progress.update,
          // neo4j-admin reports its own progress (stages and percentages): passed on as it prints it.
          onOutput: (line) => {
            progress.stop();
            if (options.progress || process.stderr.isTTY) info(line);
          },
          log: info,
        }).finally(progress.stop);
        if (options.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        info(
          `Loaded ${source}: ${report.rows} rows in ${report.seconds.load.toFixed(1)} s ` +
            `(validation ${report.seconds.validate.toFixed(1)} s, start ${report.seconds.start.toFixed(1)} s). ` +
            `Graph version is now ${report.graphVersion}; Neo4j runs at ${report.uri}.`,
        );
      },
    );

  db.command('status')
    .description('Say whether the database runs, where, and what it holds')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const out: Record<string, unknown> = {};
      if (config.external) {
        out.mode = 'external';
        out.uri = config.external.uri;
      } else {
        const status = localStatus(config.local);
        Object.assign(out, {
          mode: 'local',
          running: status.running,
          uri: status.uri,
          pid: status.pid,
          home: status.home,
          gds: status.gds,
        });
      }
      if (out.mode === 'external' || out.running) {
        try {
          const store = await openStore(config);
          try {
            out.running = true;
            out.graphVersion = await graphVersion(store);
            out.counts = await networkCounts(store);
          } finally {
            await store.close();
          }
        } catch (error) {
          out.running = false;
          out.error = (error as Error).message;
        }
      }
      if (options.json) {
        console.log(JSON.stringify(out, null, 2));
        return;
      }
      if (!out.running) {
        console.log(
          `Neo4j is not running (${out.mode}${out.home ? `, home ${out.home}` : ''}).${out.error ? ` ${out.error}` : ''}`,
        );
        return;
      }
      const counts = out.counts as Record<string, unknown> | undefined;
      console.log(
        `Neo4j is running at ${out.uri} (${out.mode}${out.pid ? `, pid ${out.pid}` : ''}${out.home ? `, home ${out.home}` : ''}).`,
      );
      if (counts) {
        console.log(
          `Graph version ${out.graphVersion}: ${counts.participants} participants, ${counts.clusters} clusters, ` +
            `${counts.platforms} platforms, ${counts.projects} projects, ${counts.ties} ties, ${counts.observations} observations.`,
        );
      }
    });
}
