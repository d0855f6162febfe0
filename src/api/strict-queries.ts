/**
 * Which operations check their filter values against what exists (strict reads, 400 listing the allowed
 * values) and document them as enums of the stored values: every GET under /api, and the measures written
 * back (`POST /api/analysis/{measure}/write`), whose query is a measure's GET query without `top` — the
 * same question, so the same answer to an unknown layer. Other POSTs are not: a `cluster` in a posted DiD
 * panel names a column of the caller's data. One predicate, so the server and its document agree.
 */
const WRITE_BACK = /^\/api\/analysis\/[^/]+\/write$/;

export function hasStrictQuery(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET') return path.startsWith('/api/');
  return m === 'POST' && WRITE_BACK.test(path);
}
