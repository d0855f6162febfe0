// Whether dist/ (the compiled CLI and server) is current with the sources. Plain JavaScript, so that
// bin/clusterlens.js can ask before it decides between dist/ and the TypeScript sources through tsx.
//
// Staleness is decided by the sources' file list, sizes and modification times, recorded at build time in
// dist/build-stamp.json: any file added, removed, resized or touched since (an edit, a git checkout, a
// merge) makes dist/ stale. Stat-ing some 200 files takes a few milliseconds; hashing them would read
// every byte on each start.
import fs from 'node:fs';
import path from 'node:path';

/** The folders compiled into dist/ (src imports seed/random.ts and seed/generate.ts). */
export const SOURCE_DIRS = ['src', 'seed'];
export const STAMP_FILE = 'build-stamp.json';
const SOURCE_FILE = /\.(ts|mts|mjs)$/;

/** Every source file under the source folders: relative path → [size, mtime in ms]. */
export function sourceState(root) {
  const files = {};
  for (const dir of SOURCE_DIRS) {
    const base = path.join(root, dir);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base, { recursive: true })) {
      const relative = path.join(dir, String(name));
      if (!SOURCE_FILE.test(relative) || relative.endsWith('.d.ts')) continue;
      const stat = fs.statSync(path.join(root, relative));
      if (stat.isFile()) files[relative.split(path.sep).join('/')] = [stat.size, Math.round(stat.mtimeMs)];
    }
  }
  return files;
}

/** Records the sources' state that dist/ was built from (by default: their state now). */
export function writeStamp(root, dist = path.join(root, 'dist'), sources = sourceState(root)) {
  const stamp = { builtAt: new Date().toISOString(), sources };
  fs.writeFileSync(path.join(dist, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
  return stamp;
}

/**
 * `{ state: 'current' }`, `{ state: 'missing' }` (never built), or `{ state: 'stale', reason }` naming
 * the first difference found.
 */
export function distState(root, dist = path.join(root, 'dist')) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, STAMP_FILE), 'utf8'));
  } catch {
    return { state: 'missing' };
  }
  const recorded = stamp.sources ?? {};
  const now = sourceState(root);
  for (const [file, [size, mtime]] of Object.entries(now)) {
    const was = recorded[file];
    if (!was) return { state: 'stale', reason: `${file} is new` };
    if (was[0] !== size || was[1] !== mtime) return { state: 'stale', reason: `${file} changed` };
  }
  for (const file of Object.keys(recorded))
    if (!(file in now)) return { state: 'stale', reason: `${file} was removed` };
  return { state: 'current' };
}
