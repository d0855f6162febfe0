/**
 * neo4j.conf and JVM flags for the local Neo4j.
 * The flags are those that the neo4j.conf shipped with Neo4j 5.26 passes through `server.jvm.additional`
 * (the start script reads them from there; we start the JVM ourselves, so we pass them directly).
 */
import path from 'node:path';
import type { LocalNeo4jSettings } from '../config.ts';

export const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '-XX:FlightRecorderOptions=stackdepth=256',
  '-XX:+UnlockDiagnosticVMOptions',
  '-XX:+DebugNonSafepoints',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
  '-Dlog4j.layout.jsonTemplate.maxStringLength=32768',
  '-Dfile.encoding=UTF-8',
];

export function homeDirs(home: string) {
  return {
    conf: path.join(home, 'conf'),
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    plugins: path.join(home, 'plugins'),
    run: path.join(home, 'run'),
  };
}

/** The configuration: Bolt on loopback only, no auth, no HTTP, no usage report, small memory. */
export function renderNeo4jConf(settings: LocalNeo4jSettings, withGds: boolean): string {
  const dirs = homeDirs(settings.home);
  const bolt = `127.0.0.1:${settings.boltPort}`;
  const lines = [
    '# Written by clusterlens at each start of the local Neo4j; edits here are overwritten.',
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    'server.bolt.enabled=true',
    `server.bolt.listen_address=${bolt}`,
    `server.bolt.advertised_address=${bolt}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=false',
    // Otherwise Neo4j tries to reach the internet at start.
    'dbms.usage_report.enabled=false',
    `server.memory.pagecache.size=${settings.pageCache}`,
    `server.directories.data=${dirs.data}`,
    `server.directories.logs=${dirs.logs}`,
    `server.directories.plugins=${dirs.plugins}`,
    `server.directories.run=${dirs.run}`,
    // Keep the transaction logs of a development database small.
    'db.tx_log.rotation.retention_policy=2 files',
    'db.tx_log.rotation.size=64M',
  ];
  if (withGds) lines.push('dbms.security.procedures.unrestricted=gds.*');
  return `${lines.join('\n')}\n`;
}
