/**
 * What the write routes share: the graph version as an ETag, `If-Match` (optimistic concurrency),
 * `Idempotency-Key`, the writer's key label for the audit trail, and the reply of a write.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { InvalidArgumentError } from '../errors.ts';
import { requestFingerprint } from '../store/idempotency.ts';
import type { WriteRequest, WriteResult } from '../store/write-transaction.ts';
import type { VersionClock } from './cache.ts';
import { clientOf } from './plugins/security.ts';

/** The graph version as a strong entity tag: every write that changes the network changes it. */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The versions an `If-Match` header accepts: undefined for none or `*` (write whatever the version);
 * a list of `"v<n>"` tags otherwise. A tag that is not one of ours can never match: 412, not 400, as
 * RFC 9110 has it for any tag that does not match.
 */
export function parseIfMatch(header: string | string[] | undefined): number[] | undefined {
  const text = [header ?? []].flat().join(',').trim();
  if (text === '' || text === '*') return undefined;
  return text.split(',').map((tag) => {
    const match = /^\s*(?:W\/)?"v(\d{1,15})"\s*$/.exec(tag);
    return match ? Number(match[1]) : -1;
  });
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

/**
 * The audit trail's name for the writer: the first 16 hex digits of its key's SHA-256 (clientOf); enough
 * to tell keys apart, too little to test guesses of a key against.
 */
export function writerLabel(request: FastifyRequest): string {
  const client = clientOf(request);
  return client.startsWith('key:') ? client.slice(0, 4 + 16) : `address:${client}`;
}

/** The frame of a write request from its headers; `operation` names it in the audit trail. */
export function writeRequest(request: FastifyRequest, operation: string): WriteRequest {
  const out: WriteRequest = { client: writerLabel(request), operation };
  const ifMatch = parseIfMatch(request.headers['if-match']);
  if (ifMatch) out.ifMatch = ifMatch;
  const key = request.headers['idempotency-key'];
  if (key !== undefined) {
    if (request.method !== 'POST') {
      throw new InvalidArgumentError(
        'Idempotency-Key is taken on POST only (the other writes are idempotent)',
      );
    }
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw new InvalidArgumentError(
        'Idempotency-Key must be 1 to 200 printable ASCII characters (a UUID is a good choice)',
      );
    }
    const path = request.url.split('?')[0]!;
    out.idempotency = { key, fingerprint: requestFingerprint(request.method, path, request.body) };
  }
  return out;
}

/** Sends a write's response: its status, ETag (the graph version after it), Location, replay mark. */
export function sendWrite(reply: FastifyReply, result: WriteResult, version: VersionClock) {
  // This server's own writes are seen at once, not after the version clock's interval.
  version.invalidate();
  reply.status(result.status).header('etag', etagOf(result.graphVersion));
  if (result.location) reply.header('location', result.location);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.send(result.body as never);
}

/** Request headers the writes document in the OpenAPI document. */
export const WriteHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description:
        'the ETag of a read ("v<graph version>"): the write is refused with 412 when the graph changed since',
    }),
  ),
});

export const PostHeaders = Type.Object({
  ...WriteHeaders.properties,
  'idempotency-key': Type.Optional(
    Type.String({
      // What writeRequest accepts (IDEMPOTENCY_KEY): anything else is a 400.
      pattern: IDEMPOTENCY_KEY.source,
      minLength: 1,
      maxLength: 200,
      description:
        'a retried POST with the same key and body gets the first response and writes nothing (kept 24 h)',
    }),
  ),
});
