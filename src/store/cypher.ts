/**
 * Every Cypher statement the product runs lives in cypher/<name>.cypher and is loaded once, here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

export const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

let cache: Map<string, string> | undefined;

function loadAll(): Map<string, string> {
  const statements = new Map<string, string>();
  for (const file of fs.readdirSync(CYPHER_DIR)) {
    if (!file.endsWith('.cypher')) continue;
    statements.set(
      path.basename(file, '.cypher'),
      fs.readFileSync(path.join(CYPHER_DIR, file), 'utf8').trim(),
    );
  }
  return statements;
}

/** The text of cypher/<name>.cypher. */
export function cypher(name: string): string {
  cache ??= loadAll();
  const text = cache.get(name);
  if (text === undefined) throw new Error(`cypher/${name}.cypher does not exist`);
  return text;
}

/** The statements of a multi-statement file (such as schema.cypher), split at semicolons ending a line. */
export function cypherStatements(name: string): string[] {
  return cypher(name)
    .split(/;\s*$/m)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n')
        .trim(),
    )
    .filter((s) => s.length > 0);
}
