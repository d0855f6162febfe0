/**
 * The API's guards: API keys for writes (and for reads when they are closed), rate limiting per verified
 * key or client address, the request size, and CORS. Registered on the root instance, so they cover
 * every route.
 *
 * Who may do what is decided on the route the router matched — its declared `access` — never on the
 * URL as the client wrote it: `/%61pi/import`, `/api/./import` and `/api/import` are the same route to
 * the router, so they are the same route here. Every route under /api must declare its access; a route
 * without one stops the server at start-up instead of being open by accident.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiSettings } from '../../config.ts';
import { HttpError } from '../errors.ts';

/** `public`: anyone; `read`: anyone while reads are open, else a key; `write`: a key, always. */
export type Access = 'public' | 'read' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const clients = new WeakMap<FastifyRequest, string>();

/**
 * Who is asking, for rate limits and the per-client computation limit: the verified API key (as a
 * digest: the key itself never becomes a map key), or else the client address. A token that is not a
 * key counts as the address, so inventing tokens buys no fresh budget.
 */
export function clientOf(request: FastifyRequest): string {
  return clients.get(request) ?? request.ip;
}

export async function registerSecurity(app: FastifyInstance, settings: ApiSettings): Promise<void> {
  // Keys are compared as digests in constant time, so response timing tells nothing about a key.
  const keys = settings.keys.map(digest);
  const verified = (key: string): Buffer | undefined => {
    const d = digest(key);
    return keys.some((k) => timingSafeEqual(k, d)) ? d : undefined;
  };

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.method} ${route.url} declares no access`);
    if (access === 'public' || access === 'read') {
      const methods = [route.method].flat();
      const unsafe = methods.filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
      if (unsafe.length > 0) throw new Error(`route ${unsafe.join(',')} ${route.url} cannot be '${access}'`);
    }
  });

  // First of all: who is asking (the rate limit below counts by it).
  app.addHook('onRequest', async (request) => {
    const key = bearer(request);
    const d = key === undefined ? undefined : verified(key);
    if (d) clients.set(request, `key:${d.toString('hex')}`);
  });

  if (settings.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: settings.corsOrigins.includes('*') ? true : settings.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'If-Match', 'Idempotency-Key'],
      exposedHeaders: [
        'Retry-After',
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'ETag',
        'Location',
        'Idempotent-Replayed',
      ],
    });
  }

  if (settings.rateLimit > 0) {
    await app.register(rateLimit, {
      max: settings.rateLimit,
      timeWindow: 60_000,
      keyGenerator: clientOf,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `at most ${context.max} requests per minute; retry in ${context.after}`),
    });
  }

  app.addHook('onRequest', async (request) => {
    // One limit for the whole request, whatever its type: Fastify's own limit covers parsed bodies,
    // not multipart streams (the import route also counts the bytes it reads, for chunked uploads).
    const length = Number(request.headers['content-length']);
    if (length > settings.bodyLimit) {
      throw new HttpError(
        413,
        `the request body is ${length} bytes; at most ${settings.bodyLimit} are accepted`,
      );
    }
  });

  // After the rate limit (its hooks are the route's own onRequest hooks, which run after these), so
  // that guessing keys is rate-limited too; before the body is read, so a refused body is never parsed.
  app.addHook('preParsing', async (request, _reply, payload) => {
    checkAccess(request);
    return payload;
  });

  function checkAccess(request: FastifyRequest): void {
    const access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public') return;
    const key = bearer(request);
    if (key !== undefined || request.headers.authorization !== undefined) {
      // A credential that is given must be a valid one, even where none is needed.
      if (clients.get(request)?.startsWith('key:')) return;
      throw new HttpError(
        401,
        key === undefined ? 'use Authorization: Bearer <key>' : 'the API key is not valid',
      );
    }
    if (access === 'read' && settings.openReads) return;
    throw new HttpError(
      401,
      keys.length === 0
        ? 'this server accepts no API keys (set CLUSTERLENS_API_KEYS)'
        : `${access === 'write' ? 'writes' : 'requests'} need an API key: Authorization: Bearer <key>`,
    );
  }
}
