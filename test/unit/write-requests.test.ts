/** The headers of a write: If-Match tags and the request fingerprint behind Idempotency-Key. */
import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from '../../src/api/write-requests.ts';
import { requestFingerprint } from '../../src/store/idempotency.ts';

describe('If-Match', () => {
  it('reads our tags, lists of them, and * (no condition)', () => {
    expect(parseIfMatch(etagOf(42))).toEqual([42]);
    expect(parseIfMatch('"v1", W/"v2"')).toEqual([1, 2]);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch(undefined)).toBeUndefined();
    // A tag that is not ours can never match (412 rather than a write).
    expect(parseIfMatch('"abc"')).toEqual([-1]);
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same body in another key order, different for another body or path', () => {
    const a = requestFingerprint('POST', '/api/ties', { source: 'a', target: 'b', layer: 'rnd' });
    expect(requestFingerprint('POST', '/api/ties', { layer: 'rnd', target: 'b', source: 'a' })).toBe(a);
    expect(requestFingerprint('POST', '/api/ties', { source: 'a', target: 'c', layer: 'rnd' })).not.toBe(a);
    expect(
      requestFingerprint('POST', '/api/observations', { source: 'a', target: 'b', layer: 'rnd' }),
    ).not.toBe(a);
  });
});
