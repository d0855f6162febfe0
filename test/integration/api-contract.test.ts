/**
 * The API as an outside client sees it, from the OpenAPI document alone: every documented read is sent
 * with its documented parameters, and its answer must be a documented status whose body matches the
 * documented schema (200s are sent pre-serialised, so Fastify never checks them itself); every documented
 * write is sent a schema-valid request and must answer its documented success with a matching body; every
 * method a path does not list answers 405 with `Allow`; every error is a problem document; no 5xx.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { clearWrittenResults, demoApp, type TestApp } from '../helpers/app.ts';

interface Schema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  items?: Schema;
}
interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

const KEY = 'contract-key';
// Each test sends hundreds of requests in turn; on a loaded 2-core machine the reads alone pass 60 s
// and the demo import of beforeAll passed 240 s.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });
let t: TestApp;
let docs: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  t = await demoApp({ keys: [KEY] });
  docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
});
afterAll(async () => {
  await t.close();
});

/**
 * An OpenAPI 3.0 schema as the JSON Schema ajv reads: 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`
 * (beside `minimum`/`maximum`) become draft 7's numeric bounds.
 */
function jsonSchema(schema: unknown): object {
  if (typeof schema !== 'object' || schema === null) return schema as object;
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = jsonSchema(value);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

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
      const validate = ajv.compile(jsonSchema(schema));
      if (!validate(response.json())) {
        failures.push(`${full}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(failures).toEqual([]);
  });
});

/**
 * One schema-valid request for each documented write, in an order in which each succeeds on the demo: a
 * new participant is registered, changed, given a membership, a tie and an observation, and deleted again
 * (which removes what it was given), feedback is recorded, and the demo is imported over itself. The ids
 * come from the demo; the bodies are checked against the documented request schema before they are sent.
 */
function writeCases(): { method: string; path: string; url: string; body: unknown; status: number }[] {
  const demo = t.demo;
  const [a, b] = demo.participants;
  const platform = demo.platforms[0]!.id;
  const layer = demo.layers.find((l) => !l.directed)!.id;
  const indicator = demo.observations[0]!.indicator;
  const id = 'contract-write';
  const tie = { source: id, target: a!.id, layer };
  return [
    {
      method: 'post',
      path: '/api/participants',
      url: '/api/participants',
      body: {
        id,
        kind: a!.kind,
        name: 'Contract test',
        region: a!.region,
        founded: 2020,
        municipality: null,
      },
      status: 201,
    },
    {
      method: 'patch',
      path: '/api/participants/{id}',
      url: `/api/participants/${id}`,
      body: { employees: 12, attributes: { sphere: 'tests' } },
      status: 200,
    },
    {
      method: 'post',
      path: '/api/participants/{id}/memberships',
      url: `/api/participants/${id}/memberships`,
      body: { platform, since: 2021, role: 'member' },
      status: 201,
    },
    {
      method: 'delete',
      path: '/api/participants/{id}/memberships/{type}/{target}',
      url: `/api/participants/${id}/memberships/platform/${encodeURIComponent(platform)}`,
      body: undefined,
      status: 200,
    },
    {
      method: 'post',
      path: '/api/ties',
      url: '/api/ties',
      body: { ...tie, weight: 2, since: 2022 },
      status: 201,
    },
    { method: 'delete', path: '/api/ties', url: '/api/ties', body: tie, status: 200 },
    {
      method: 'post',
      path: '/api/observations',
      url: '/api/observations',
      body: { participant: id, indicator, year: 2022, value: 1.5, unit: null },
      status: 201,
    },
    {
      method: 'post',
      path: '/api/participants/{id}/suggestions/{other}/feedback',
      url: `/api/participants/${a!.id}/suggestions/${b!.id}/feedback`,
      body: { event: 'shown', scorer: 'jaccard', rank: 1 },
      status: 201,
    },
    {
      method: 'delete',
      path: '/api/participants/{id}',
      url: `/api/participants/${id}`,
      body: undefined,
      status: 200,
    },
    // every measure written back (results are derived data: the graph stays as it is)
    ...Object.keys(docs.paths)
      .filter((path) => /^\/api\/analysis\/[^/]+\/write$/.test(path))
      .map((path) => ({ method: 'post', path, url: path, body: undefined, status: 200 })),
    { method: 'post', path: '/api/import', url: '/api/import', body: demo, status: 200 },
  ];
}

describe('every documented write, as the document describes it', () => {
  it('accepts a schema-valid request with its documented status and a body that matches the documented schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const failures: string[] = [];
    const cases = writeCases();
    // Every write the document has is exercised (POST /api/did, a computation, has its own tests).
    const documented = Object.entries(docs.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get' && path.startsWith('/api/') && path !== '/api/did')
        .map((m) => `${m} ${path}`),
    );
    expect(cases.map((c) => `${c.method} ${c.path}`).sort()).toEqual(documented.sort());
    for (const c of cases) {
      const label = `${c.method.toUpperCase()} ${c.url}`;
      const op = docs.paths[c.path]![c.method]!;
      if (c.body !== undefined) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (!schema) {
          failures.push(`${label}: no documented application/json body`);
          continue;
        }
        const validate = ajv.compile(jsonSchema(schema));
        // The request itself must be valid by the document, or the check says nothing.
        expect(validate(c.body), `${label} request: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
      const response = await t.app.inject({
        method: c.method.toUpperCase() as 'POST',
        url: c.url,
        headers: {
          authorization: `Bearer ${KEY}`,
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(c.body !== undefined ? { payload: JSON.stringify(c.body) } : {}),
      });
      if (response.statusCode !== c.status) {
        failures.push(
          `${label}: ${response.statusCode} (expected ${c.status}): ${response.body.slice(0, 300)}`,
        );
        continue;
      }
      const content = op.responses[String(c.status)]?.content ?? {};
      const type = String(response.headers['content-type'] ?? '').split(';')[0]!;
      const schema = content[type]?.schema;
      if (!schema) {
        failures.push(`${label}: ${c.status} ${type} is not documented (${Object.keys(content).join(', ')})`);
        continue;
      }
      const validate = ajv.compile(jsonSchema(schema));
      if (!validate(response.json())) {
        failures.push(`${label}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`);
      }
    }
    // The measures written back stay current on the demo (the import above changed nothing): remove them,
    // so that later test files compute rather than read them (the budget tests among them).
    await clearWrittenResults(t.store);
    expect(failures).toEqual([]);
  });
});

describe('methods a path does not have', () => {
  it('answer 405 with a problem document and an Allow header naming the documented methods', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(docs.paths)) {
      if (!path.startsWith('/api/')) continue;
      const documented = Object.keys(operations).map((m) => m.toUpperCase());
      // HEAD comes with GET (Fastify answers it for every GET route).
      const allowed = new Set([...documented, ...(documented.includes('GET') ? ['HEAD'] : [])]);
      const url = path.replace(/\{[^}]+\}/g, 'x');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.has(m))) {
        const response = await t.app.inject({
          method: method as 'PUT',
          url,
          headers: { authorization: `Bearer ${KEY}` },
        });
        checked++;
        const label = `${method} ${url}`;
        if (response.statusCode !== 405) {
          failures.push(`${label}: ${response.statusCode}`);
          continue;
        }
        const allow = String(response.headers.allow ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean);
        if ([...allow].sort().join() !== [...allowed].sort().join())
          failures.push(`${label}: Allow ${allow.join(', ')}, documented ${[...allowed].join(', ')}`);
        if (!String(response.headers['content-type']).startsWith('application/problem+json'))
          failures.push(`${label}: ${String(response.headers['content-type'])}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
    // The document says so (OpenAPI cannot declare a response for a method a path does not have).
    expect((docs as unknown as { info: { description: string } }).info.description).toMatch(/405.*Allow/);
  });
});

/**
 * Values the parameter's documented schema refuses, each with what makes it invalid: the wrong type, a
 * value outside the enum, out of range, too long, not matching the pattern. Derived from the schema alone.
 */
function invalidValues(schema: Schema): { value: string; why: string }[] {
  const out: { value: string; why: string }[] = [];
  const type = schema.type;
  if (type === 'integer' || type === 'number') {
    out.push({ value: 'abc', why: 'not a number' });
    if (type === 'integer') out.push({ value: '1.5', why: 'not an integer' });
    if (schema.minimum !== undefined) out.push({ value: String(schema.minimum - 1), why: 'below minimum' });
    if (schema.maximum !== undefined) out.push({ value: String(schema.maximum + 1), why: 'above maximum' });
  } else if (type === 'boolean') {
    out.push({ value: 'maybe', why: 'not a boolean' });
  } else if (type === 'array' && schema.items?.enum) {
    out.push({ value: 'zz-no-such-value', why: 'an item outside the enum' });
    out.push({ value: `${String(schema.items.enum[0])},zz-no-such-value`, why: 'one item outside the enum' });
  } else if (type === 'string') {
    if (schema.enum) out.push({ value: 'zz-no-such-value', why: 'outside the enum' });
    if (schema.maxLength !== undefined)
      out.push({ value: 'x'.repeat(schema.maxLength + 1), why: 'longer than maxLength' });
    if (schema.pattern && !new RegExp(schema.pattern).test('!!'))
      out.push({ value: '!!', why: 'not matching the pattern' });
  }
  return out;
}

describe('every documented parameter, given values its schema refuses', () => {
  it('answers 4xx with a problem document whose status is documented, never 5xx', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(docs.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(operations)) {
        const parameters = op.parameters ?? [];
        const pathValues = new Map(
          parameters.filter((p) => p.in === 'path').map((p) => [p.name, valueFor(p, path)]),
        );
        const cases: { where: Parameter; value: string; why: string }[] = [];
        for (const p of parameters) for (const c of invalidValues(p.schema)) cases.push({ where: p, ...c });
        // A parameter the document does not list, where the operation lists query parameters.
        if (parameters.some((p) => p.in === 'query'))
          cases.push({
            where: { name: 'zzUndocumented', in: 'query', schema: {} },
            value: '1',
            why: 'not a documented parameter',
          });
        for (const c of cases) {
          let url = path;
          for (const [name, value] of pathValues) {
            const v = c.where.in === 'path' && c.where.name === name ? c.value : value;
            url = url.replace(`{${name}}`, encodeURIComponent(v));
          }
          if (c.where.in === 'query') url += `?${new URLSearchParams({ [c.where.name]: c.value })}`;
          const response = await t.app.inject({
            method: method.toUpperCase() as 'GET' | 'POST',
            url,
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            ...(method === 'post' ? { payload: '{}' } : {}),
          });
          checked++;
          const label = `${method.toUpperCase()} ${url.slice(0, 120)} (${c.where.name}: ${c.why})`;
          const status = response.statusCode;
          const type = String(response.headers['content-type'] ?? '').split(';')[0];
          if (status < 400 || status >= 500) {
            failures.push(`${label}: ${status}`);
            continue;
          }
          if (!op.responses[String(status)]) failures.push(`${label}: status ${status} is not documented`);
          if (type !== 'application/problem+json') failures.push(`${label}: ${type}`);
          else if (response.json().status !== status) failures.push(`${label}: problem status differs`);
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
