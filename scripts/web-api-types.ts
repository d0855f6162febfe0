/**
 * The web client's wire types, generated from the API's OpenAPI document (itself made from the routes'
 * TypeBox schemas), so that the view cannot drift from what the server sends:
 *   npm run gen:web-types      rewrites web/src/api-types.gen.ts
 * A unit test (test/unit/web-api-types.test.ts) checks that the file is current.
 *
 * The document is read from the app itself (built on a store that is never opened: making the document
 * touches no database). Only the small JSON Schema vocabulary the routes use is translated: objects,
 * arrays (fixed-length ones as tuples), records, enums, anyOf and OpenAPI 3.0's `nullable`.
 */
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { buildApp } from '../src/api/app.ts';
import type { Store } from '../src/store/driver.ts';

export const TYPES_FILE = path.join(import.meta.dirname, '..', 'web', 'src', 'api-types.gen.ts');

interface Schema {
  default?: unknown;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  anyOf?: Schema[];
  nullable?: boolean;
  description?: string;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
  description?: string;
}

interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

type Document = { paths: Record<string, Record<string, Operation>> };

/** The OpenAPI document the running server would publish at /docs/json. */
export async function openApiDocument(): Promise<Document> {
  const app = await buildApp({ store: {} as Store, keepStoreOpen: true, api: { rateLimit: 0 } });
  try {
    await app.ready();
    return (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  } finally {
    await app.close();
  }
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (identifier.test(name) ? name : JSON.stringify(name));
const comment = (text: string | undefined) =>
  text ? `/** ${text.replace(/\*\//g, '*\u200b/').replace(/\s*\n\s*/g, ' ')} */\n` : '';

/** A JSON Schema (OpenAPI 3.0 dialect) as a TypeScript type. */
export function typeOf(s: Schema): string {
  let t: string;
  if (s.anyOf) t = [...new Set(s.anyOf.map((a) => typeOf(a)))].join(' | ');
  else if (s.enum) t = s.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (s.type === 'object' || s.properties) t = objectType(s);
  else if (s.type === 'array') {
    const item = s.items ? typeOf(s.items) : 'unknown';
    t =
      s.minItems !== undefined && s.minItems === s.maxItems && s.minItems <= 4
        ? `[${Array.from({ length: s.minItems }, () => item).join(', ')}]`
        : `(${item})[]`;
  } else if (s.type === 'integer' || s.type === 'number') t = 'number';
  else if (s.type === 'string') t = 'string';
  else if (s.type === 'boolean') t = 'boolean';
  else if (s.type === 'null') t = 'null';
  else t = 'unknown';
  return s.nullable ? `${t} | null` : t;
}

function objectType(s: Schema): string {
  const properties = Object.entries(s.properties ?? {});
  const extra = s.additionalProperties;
  if (properties.length === 0) {
    return `Record<string, ${typeof extra === 'object' ? typeOf(extra) : 'unknown'}>`;
  }
  const required = new Set(s.required ?? []);
  const lines = properties.map(
    ([name, p]) => `${comment(p.description)}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(p)};`,
  );
  if (extra === true) lines.push('[key: string]: unknown;');
  // Named properties beside a record: their types differ, so the others are only known to exist.
  else if (typeof extra === 'object') lines.push('[key: string]: unknown;');
  return `{\n${lines.join('\n')}\n}`;
}

/** The document's problem schema; none means the document changed shape, which must not go unnoticed. */
function problemSchema(problem: Schema | undefined): Schema {
  if (!problem) throw new Error('no 400 application/problem+json schema in the OpenAPI document');
  return problem;
}

/** The file's text: the 200 body and the query of every JSON read, keyed by path, and the problem document. */
export async function webApiTypes(doc?: Document): Promise<string> {
  const document = doc ?? (await openApiDocument());
  const responses: string[] = [];
  const queries: string[] = [];
  let problem: Schema | undefined;
  for (const [route, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const body = operation.responses['200']?.content?.['application/json']?.schema;
      problem ??= operation.responses['400']?.content?.['application/problem+json']?.schema;
      if (method !== 'get' || !route.startsWith('/api/') || !body) continue;
      responses.push(`${key(route)}: ${typeOf(body)};`);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const fields = query.map(
        (p) =>
          // A parameter with a default may be left out, whatever the document's `required` says.
          `${comment(p.description ?? p.schema.description)}${key(p.name)}${p.required && p.schema.default === undefined ? '' : '?'}: ${typeOf(p.schema)};`,
      );
      queries.push(
        `${key(route)}: ${fields.length ? `{\n${fields.join('\n')}\n}` : 'Record<string, never>'};`,
      );
    }
  }
  const text = [
    '/*',
    " * Generated by `npm run gen:web-types` (scripts/web-api-types.ts) from the API's OpenAPI document: do not",
    ' * edit. test/unit/web-api-types.test.ts fails when it is not current.',
    ' */',
    '',
    '/** The body of a 200 answer of every JSON read, by path (as the OpenAPI document names it). */',
    `export interface ApiResponses {\n${responses.join('\n')}\n}`,
    '',
    '/** The query parameters of every JSON read, by path (strings on the wire; typed as the server reads them). */',
    `export interface ApiQueries {\n${queries.join('\n')}\n}`,
    '',
    '/** An error answer (RFC 9457 problem document). */',
    `export type ProblemDocument = ${typeOf(problemSchema(problem))};`,
    '',
  ].join('\n');
  const options = (await prettier.resolveConfig(TYPES_FILE)) ?? {};
  return prettier.format(text, { ...options, filepath: TYPES_FILE });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(TYPES_FILE, await webApiTypes());
}
