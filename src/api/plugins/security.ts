/**
 * The API's guards: API keys for writes (and for reads when they are closed), rate limiting per key
 * or client address, and CORS. Registered on the root instance, so they cover every route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiSettings } from '../../config.ts';
import { HttpError } from '../errors.ts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (text: string) => createHash('sha256').update(text).digest();

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export async function registerSecurity(app: FastifyInstance, settings: ApiSettings): Promise<void> {
  // Keys are compared as digests in constant time, so response timing tells nothing about a key.
  const keys = settings.keys.map(digest);
  const known = (key: string) => {
    const d = digest(key);
    return keys.some((k) => timingSafeEqual(k, d));
  };

  if (settings.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: settings.corsOrigins.includes('*') ? true : settings.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining'],
    });
  }

  if (settings.rateLimit > 0) {
    await app.register(rateLimit, {
      max: settings.rateLimit,
      timeWindow: 60_000,
      // Per API key when one is given (hashed: the key itself never sits in memory as a map key), else per address.
      keyGenerator: (request) => {
        const key = bearer(request);
        return key ? `key:${digest(key).toString('hex')}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `at most ${context.max} requests per minute; retry in ${context.after}`),
    });
  }

  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    // The page, its assets and the API documentation stay open; the guard is for the API.
    if (!path.startsWith('/api/')) return;
    const write = !READ_METHODS.has(request.method);
    if (!write && settings.openReads) return;
    const key = bearer(request);
    if (!key) {
      throw new HttpError(
        401,
        keys.length === 0
          ? 'this server accepts no API keys (set CLUSTERLENS_API_KEYS)'
          : `${write ? 'writes' : 'requests'} need an API key: Authorization: Bearer <key>`,
      );
    }
    if (!known(key)) throw new HttpError(401, 'the API key is not valid');
  });
}
