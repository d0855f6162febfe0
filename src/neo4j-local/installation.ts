/**
 * The local Neo4j's jars: Neo4j Community 5.26 (neo4j/pom.xml) and, optionally, Graph Data Science
 * (neo4j/gds/pom.xml), copied from Maven Central by `mvn package` into neo4j/**\/target.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { EnvironmentError } from '../errors.ts';

export const SERVER_POM = path.join(PROJECT_ROOT, 'neo4j', 'pom.xml');
export const GDS_POM = path.join(PROJECT_ROOT, 'neo4j', 'gds', 'pom.xml');
export const SERVER_LIB = path.join(PROJECT_ROOT, 'neo4j', 'target', 'lib');
export const GDS_LIB = path.join(PROJECT_ROOT, 'neo4j', 'gds', 'target', 'plugins');

const NO_NEO4J_HINT = 'or set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to use an existing Neo4j 5.x';

function jarsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jar'));
}

export function serverInstalled(): boolean {
  return jarsIn(SERVER_LIB).some((f) => /^neo4j-5\.26\.\d+\.jar$/.test(f));
}

export function gdsInstalled(): boolean {
  return jarsIn(GDS_LIB).some((f) => /^proc-2\.\d+\.\d+\.jar$/.test(f));
}

/** The java executable (JAVA_HOME first) and its major version; Neo4j 5.26 needs 17 or 21. */
export function findJava(): { java: string; major: number } {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EnvironmentError(
      `Java 17 or 21 is needed to run the local Neo4j, and '${java}' could not be run. ` +
        `Install a JDK (Debian: apt-get install openjdk-17-jre-headless) ${NO_NEO4J_HINT}.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new EnvironmentError(
      `Neo4j 5.26 needs Java 17 or 21; '${java}' is Java ${major || 'of unknown version'}. ` +
        `Set JAVA_HOME to a Java 17 or 21 JDK ${NO_NEO4J_HINT}.`,
    );
  }
  return { java, major };
}

function runMaven(pom: string, what: string, log: (line: string) => void): void {
  const which = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new EnvironmentError(
      `Maven (mvn) is needed once, to fetch ${what} from Maven Central. ` +
        `Install it (Debian: apt-get install maven) ${NO_NEO4J_HINT}.`,
    );
  }
  log(`Fetching ${what} from Maven Central (once; about 1–2 minutes) …`);
  const run = spawnSync('mvn', ['-B', '-q', '-f', pom, 'package'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new EnvironmentError(`mvn -f ${path.relative(PROJECT_ROOT, pom)} package failed:\n${tail}`);
  }
}

export interface InstallOptions {
  /** Also fetch Graph Data Science; a failure there is reported, not fatal. */
  gds?: boolean;
  log?: (line: string) => void;
}

/** Makes sure the Neo4j jars are present, fetching them with Maven when they are not. */
export function ensureInstalled(options: InstallOptions = {}): { gds: boolean } {
  const log = options.log ?? (() => {});
  findJava();
  if (!serverInstalled()) runMaven(SERVER_POM, 'Neo4j Community 5.26', log);
  if (!serverInstalled()) throw new EnvironmentError(`Maven ran, but no neo4j-5.26 jar is in ${SERVER_LIB}`);
  if (options.gds && !gdsInstalled()) {
    try {
      runMaven(GDS_POM, 'Neo4j Graph Data Science', log);
    } catch (error) {
      log(`Graph Data Science was not installed (optional): ${(error as Error).message}`);
    }
  }
  return { gds: gdsInstalled() };
}

/** The artifact name of a jar file, without version: "commons-text-1.10.0.jar" → "commons-text". */
export function artifactName(jar: string): string {
  return jar.replace(/-\d[\w.-]*\.jar$/, '').replace(/\.jar$/, '');
}

/**
 * The GDS jars that may go on the server's classpath: those whose artifact the server's lib does not
 * already have. Two versions of one library on the classpath break GDS's procedure registration.
 */
export function gdsJarsToLoad(): string[] {
  const serverArtifacts = new Set(jarsIn(SERVER_LIB).map(artifactName));
  // GDS's own modules carry its version; some share a short name with a server module of another group
  // (org.neo4j.gds:annotations beside org.neo4j:annotations) and must load, or the Cypher aggregation
  // `gds.graph.project` fails with NoClassDefFoundError: org/neo4j/gds/core/CypherMapAccess.
  const gdsVersion = jarsIn(GDS_LIB)
    .map((f) => /^proc-(\d+\.\d+\.\d+)\.jar$/.exec(f)?.[1])
    .find(Boolean);
  return jarsIn(GDS_LIB).filter(
    (jar) =>
      (gdsVersion !== undefined && jar.endsWith(`-${gdsVersion}.jar`)) ||
      !serverArtifacts.has(artifactName(jar)),
  );
}
