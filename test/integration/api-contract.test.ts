/**
 * The API as an outside client sees it, from the OpenAPI document alone: every documented read is sent
 * with its documented parameters, and its answer must be a documented status whose body matches the
 * documented schema (200s are sent pre-serialised, so Fastify never checks them itself); every error
 * is a problem document; no 5xx.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type TestApp } from '../helpers/app.ts';

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: { type?: string; enum?: unknown[]; default?: unknown; minimum?: number };
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

let t: TestApp;
let docs: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  t = await demoApp();
  docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
});
afterAll(async () => {
  await t.close();
});

/** A value for a required parameter: its default, its first choice, or one the demo has. */
function valueFor(p: Parameter, path: string): string {
  if (p.in === 'path') {
    const collection = /\/api\/(\w+)\/\{id\}/.exec(path)?.[1] ?? 'participants';
    const rows = (t.demo as unknown as Record<string, { id: string }[]>)[collection] ?? t.demo.participants;
    return rows[0]!.id;
  }
  if (p.name === 'indicator') return 'output_per_worker';
  if (p.schema.default !== undefined) return String(p.schema.default);
  if (p.schema.enum) return String(p.schema.enum[0]);
  if (p.schema.type === 'integer' || p.schema.type === 'number') return String(p.schema.minimum ?? 1);
  if (p.schema.type === 'boolean') return 'false';
  return 'x';
}

describe('every documented read, as the document describes it', () => {
  it('answers with a documented status and a body that matches the documented schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const failures: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(docs.paths)) {
      if (!path.startsWith('/api/')) continue;
      const get = operations.get;
      if (!get) continue;
      let url = path;
      const query = new URLSearchParams();
      for (const p of get.parameters ?? []) {
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(valueFor(p, path)));
        else if (p.required) query.set(p.name, valueFor(p, path));
      }
      const full = query.size > 0 ? `${url}?${query}` : url;
      const response = await t.app.inject({ method: 'GET', url: full });
      checked++;
      const status = String(response.statusCode);
      const documented = get.responses[status];
      if (!documented) {
        failures.push(`${full}: status ${status} is not documented`);
        continue;
      }
      if (response.statusCode >= 500) failures.push(`${full}: ${status}`);
      const type = String(response.headers['content-type'] ?? '').split(';')[0]!;
      const content = documented.content ?? {};
      if (response.statusCode >= 400) {
        if (type !== 'application/problem+json') failures.push(`${full}: error as ${type}`);
        continue;
      }
      const schema = content[type]?.schema ?? content['application/json']?.schema;
      if (!schema) {
        failures.push(`${full}: content type ${type} is not documented (${Object.keys(content).join(', ')})`);
        continue;
      }
      if (type !== 'application/json') continue;
      const validate = ajv.compile(schema);
      if (!validate(response.json())) {
        failures.push(`${full}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(failures).toEqual([]);
  });
});
