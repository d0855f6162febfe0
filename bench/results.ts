/**
 * Writes a dated benchmark result with the machine it ran on: bench/results/<name>-<date>.json, or
 * <name>-<date>-b.json, -c … when a run of the same day is already there (a rerun never overwrites one the
 * docs may cite).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function writeResult(name: string, figures: Record<string, unknown>): void {
  const date = new Date().toISOString().slice(0, 10);
  const out = {
    benchmark: name,
    date,
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    ...figures,
  };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  let file = path.join(dir, `${name}-${date}.json`);
  for (let n = 1; fs.existsSync(file); n++)
    file = path.join(dir, `${name}-${date}-${String.fromCharCode(97 + n)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`result: ${path.relative(process.cwd(), file)}`);
}
