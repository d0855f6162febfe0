/**
 * The OpenAPI document's finishing passes (src/api/plugins/openapi.ts) and the cursor format the document
 * states (src/store/entities.ts), on small hand-made documents.
 */
import { describe, expect, it } from 'vitest';
import { describeAsServed, withKnownValues } from '../../src/api/plugins/openapi.ts';
import { CURSOR_PATTERN, decodeCursor, encodeCursor } from '../../src/store/entities.ts';

const known = {
  kinds: ['startup', 'university'],
  clusters: ['a'],
  platforms: [],
  regions: ['r'],
  layers: ['rnd', 'platform'],
  indicators: ['output'],
};

describe('describeAsServed', () => {
  it('makes defaulted query parameters optional and error bodies problem documents', () => {
    const doc = describeAsServed({
      paths: {
        '/x': {
          get: {
            parameters: [
              { name: 'limit', in: 'query', required: true, schema: { type: 'integer', default: 5 } },
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            ],
            responses: {
              '200': { content: { 'application/json': { schema: { type: 'object' } } } },
              '400': { content: { 'application/json': { schema: { title: 'problem' } } } },
            },
          },
        },
      },
    });
    const op = doc.paths['/x'].get;
    expect(op.parameters.map((p) => p.required)).toEqual([false, true]);
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/json']);
    expect(op.responses['400'].content).toEqual({
      'application/problem+json': { schema: { title: 'problem' } },
    });
  });
});

describe('withKnownValues', () => {
  const param = (name: string, schema: object = { type: 'string' }) => ({ name, in: 'query', schema });
  const doc = () => ({
    paths: {
      '/api/network': {
        get: {
          parameters: [
            param('layers'),
            param('kind'),
            param('indicator', { type: 'string', pattern: '^[a-z]+$' }),
          ],
        },
      },
      '/api/suggestions/model': { get: { parameters: [param('layers')] } },
      '/api/did': { post: { parameters: [param('cluster')] } },
      '/api/analysis/pagerank/write': { post: { parameters: [param('layers'), param('alpha')] } },
    },
  });

  it('lists what exists as enums: lists as unexploded arrays, single values as strings', () => {
    const out = withKnownValues(doc(), { known }).paths;
    const [layers, kind, indicator] = out['/api/network'].get.parameters;
    expect(layers).toMatchObject({
      style: 'form',
      explode: false,
      schema: { type: 'array', items: { enum: ['', 'rnd', 'platform'] } },
    });
    expect(kind!.schema).toEqual({ type: 'string', enum: ['', 'startup', 'university'] });
    // The route's own pattern refuses an empty value, so the document does not offer it.
    expect(indicator!.schema).toEqual({ type: 'string', enum: ['output'] });
  });

  it('leaves the derived platform layer out where only stored layers count, and POST parameters alone', () => {
    const out = withKnownValues(doc(), { known }).paths;
    expect(out['/api/suggestions/model'].get.parameters[0]!.schema).toMatchObject({
      items: { enum: ['', 'rnd'] },
    });
    expect(out['/api/did'].post.parameters[0]!.schema).toEqual({ type: 'string' });
  });

  it("lists them for the measures written back too, whose query is the measure's GET query", () => {
    const [layers, alpha] = withKnownValues(doc(), { known }).paths['/api/analysis/pagerank/write'].post
      .parameters;
    expect(layers).toMatchObject({ schema: { type: 'array', items: { enum: ['', 'rnd', 'platform'] } } });
    expect(alpha!.schema).toEqual({ type: 'string' });
  });
});

describe('cursors', () => {
  it('round-trip any id, match the documented pattern, and refuse anything else', () => {
    for (const id of ['app-001', 'Долина', 'a,b c', '😀']) {
      const cursor = encodeCursor(id);
      expect(cursor).toMatch(new RegExp(CURSOR_PATTERN));
      expect(decodeCursor(cursor)).toBe(id);
    }
    expect(() => decodeCursor('garbage')).toThrow(/not one this server gave out/);
    expect(() => decodeCursor('00610')).toThrow();
  });
});
