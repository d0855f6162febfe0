/**
 * Builds the web view (web/ → web/dist) with Vite's JavaScript API when the build is missing or older
 * than its sources, so `npm start` on a fresh clone serves a current page without a separate build step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config.ts';

export const WEB_ROOT = path.join(PROJECT_ROOT, 'web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** True when web/dist is missing or any source of the web view is newer than it. */
export function webBuildIsStale(root = WEB_ROOT): boolean {
  const built = path.join(root, 'dist', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(
    newestMtime(path.join(root, 'src')),
    newestMtime(path.join(root, 'index.html')),
    newestMtime(path.join(root, 'vite.config.ts')),
  );
  return sources > fs.statSync(built).mtimeMs;
}

export interface WebBuildResult {
  built: boolean;
  ms: number;
}

export async function ensureWebBuild(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<WebBuildResult> {
  const start = performance.now();
  if (!options.force && !webBuildIsStale()) return { built: false, ms: 0 };
  options.log?.('Building the web view (web/ → web/dist) …');
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), root: WEB_ROOT, logLevel: 'warn' });
  return { built: true, ms: performance.now() - start };
}
