/**
 * The web client's wire types (web/src/api-types.gen.ts) are generated from the API's OpenAPI document;
 * this fails when a route's schema changed and `npm run gen:web-types` was not run, so the view's types
 * cannot drift from what the server sends.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TYPES_FILE, typeOf, webApiTypes } from '../../scripts/web-api-types.ts';

describe('the web client types', () => {
  it('are the ones generated from the current OpenAPI document', async () => {
    expect(fs.readFileSync(TYPES_FILE, 'utf8'), 'stale: run `npm run gen:web-types`').toBe(
      await webApiTypes(),
    );
  }, 60_000);

  it('translate the schema vocabulary of the routes', () => {
    expect(
      typeOf({
        type: 'object',
        required: ['a', 'ci'],
        properties: {
          a: { type: 'string', enum: ['x', 'y'] },
          n: { type: 'integer', nullable: true },
          ci: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
          values: { type: 'object', additionalProperties: { type: 'number' } },
        },
      }).replace(/\s+/g, ' '),
    ).toBe(
      "{ a: 'x' | 'y'; n?: number | null; ci: [number, number]; values?: Record<string, number>; }".replace(
        /'/g,
        '"',
      ),
    );
  });
});
