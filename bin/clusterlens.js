#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/ (built by `npm install` through the `prepare` script) when
// it is current with the sources, and otherwise the TypeScript sources through tsx: a checkout works
// without a build, and an out-of-date dist/ never runs. CLUSTERLENS_CLI=sources forces the sources (the
// tests set it), CLUSTERLENS_CLI=dist requires a current dist/.
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distState } from './build-stamp.js';

// Node 22.1+ keeps the compiled bytecode of the modules between runs (a no-op on Node 20).
module.enableCompileCache?.();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.env.CLUSTERLENS_CLI ?? 'auto';
let entry;
if (mode !== 'sources') {
  const dist = distState(root);
  if (dist.state === 'current') entry = pathToFileURL(path.join(root, 'dist', 'src', 'cli', 'main.js')).href;
  else if (mode === 'dist') {
    const why = dist.state === 'stale' ? `out of date (${dist.reason})` : 'missing';
    process.stderr.write(`error: CLUSTERLENS_CLI=dist but dist/ is ${why}; run npm run build\n`);
    process.exit(1);
  } else if (dist.state === 'stale')
    process.stderr.write(
      `clusterlens: dist/ is out of date (${dist.reason}); running the sources (npm run build to rebuild)\n`,
    );
}
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli/main.ts';
}
const { main } = await import(entry);
process.exitCode = await main(process.argv);
