/**
 * 405 Method Not Allowed, with `Allow`, for a path that exists under another method (RFC 9110 §15.5.6):
 * `DELETE /api/participants` is not "not found". Route patterns are collected as routes are added, and a
 * request that matched no route is looked up among them by its path. A path under /api is looked up among the
 * API's routes only: the web view's static files answer GET and HEAD on every other path (`/*`), so
 * `TRACE /` is a 405, while `DELETE /api/nonsense` stays a 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

function toPattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':')
        ? '[^/]+'
        : segment === '*'
          ? '.*'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${escaped}$`);
}

export function collectRoutes(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, RoutePattern>();
  app.addHook('onRoute', (route) => {
    const entry = routes.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    routes.set(route.url, entry);
  });
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  return (path) => {
    const allowed = new Set<string>();
    for (const [url, { pattern, methods }] of routes) {
      if (isApi(url) === isApi(path) && pattern.test(path)) for (const m of methods) allowed.add(m);
    }
    return [...allowed].sort();
  };
}

/** The allowed methods of a request that matched no route, or none when its path is unknown. */
export function allowedMethods(lookup: (path: string) => string[], request: FastifyRequest): string[] {
  let path = request.url.split('?')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    return [];
  }
  return lookup(path);
}

export function sendMethodNotAllowed(
  reply: FastifyReply,
  allowed: string[],
  problemBase: string,
): FastifyReply {
  return reply
    .status(405)
    .header('allow', allowed.join(', '))
    .type('application/problem+json')
    .send({
      type: `${problemBase}method-not-allowed`,
      title: 'Method not allowed',
      status: 405,
      detail: `${reply.request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
      instance: reply.request.url,
    });
}
