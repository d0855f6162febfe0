// `npm run build` (and `npm install`, through `prepare`): compiles src/ and seed/ to dist/ with tsc,
// copies the files tsc does not emit, and stamps dist/ with the state of the sources it was built from
// (bin/build-stamp.js), so that bin/clusterlens.js runs dist/ only while it is current.
// Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceState, writeStamp } from '../bin/build-stamp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Sources that are JavaScript already (tsc compiles .ts only). */
const COPIED = ['src/api/compute/boot.mjs'];

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies has no compiler: the CLI then runs the sources through tsx.
  console.warn('build: typescript is not installed; dist/ is not built and the CLI runs the sources');
  process.exit(0);
}

const before = sourceState(root);
fs.rmSync(dist, { recursive: true, force: true });
const started = Date.now();
const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (run.status !== 0) {
  fs.rmSync(dist, { recursive: true, force: true });
  console.error('build: tsc failed; dist/ removed (the CLI runs the sources)');
  process.exit(run.status ?? 1);
}
for (const file of COPIED) fs.copyFileSync(path.join(root, file), path.join(dist, file));
// The state read before compiling: a source edited during the build makes dist/ stale, as it should.
writeStamp(root, dist, before);
console.log(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
