/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents
 * (application/problem+json) with a `type` per kind of error.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  BusyError,
  ConflictError,
  ConvergenceError,
  DatabaseUnavailableError,
  IdempotencyKeyReusedError,
  EngineUnsupportedError,
  InvalidArgumentError,
  NotFoundError,
  PreconditionFailedError,
  TooCostlyError,
  UnknownValuesError,
  ValidationError,
} from '../errors.ts';
import { GraphChangedError } from '../store/consistent-read.ts';
import { ImportConflictError } from '../store/import.ts';
import { allowedMethods, collectRoutes, sendMethodNotAllowed } from './plugins/method-not-allowed.ts';

export const PROBLEM_BASE = 'https://clusterlens.dev/problems/';

interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

function isNeo4jServiceError(error: unknown): boolean {
  const e = error as { code?: string; retriable?: boolean; name?: string; message?: string };
  return (
    e?.name === 'Neo4jError' &&
    (e.code === 'ServiceUnavailable' ||
      e.code === 'SessionExpired' ||
      e.retriable === true ||
      // Every pooled connection busy past the acquisition timeout: overload, not a bug (it has no code).
      /connection acquisition timed out/i.test(e.message ?? ''))
  );
}

/** Problem types for errors that Fastify and its plugins raise with a status code. */
const STATUS_PROBLEMS: Record<number, { type: string; title: string }> = {
  401: { type: 'unauthorized', title: 'An API key is needed' },
  403: { type: 'forbidden', title: 'Forbidden' },
  405: { type: 'method-not-allowed', title: 'Method not allowed' },
  413: { type: 'payload-too-large', title: 'The request body is too large' },
  415: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  429: { type: 'rate-limited', title: 'Too many requests' },
};

/** An error with an HTTP status, for the API's own guards (authentication, rate limit). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function toProblem(error: unknown): ProblemDocument {
  if (error instanceof ValidationError) {
    return {
      type: `${PROBLEM_BASE}invalid-data`,
      title: 'The data is invalid',
      status: 422,
      detail: error.message,
      // At most the first MAX_PROBLEMS, so that a bundle with 200,000 problems is not a 60 MB answer.
      total: error.total,
      problems: error.problems,
    };
  }
  if (error instanceof UnknownValuesError) {
    return {
      type: `${PROBLEM_BASE}invalid-request`,
      title: 'The request is invalid',
      status: 400,
      detail: error.message,
      errors: error.values.map((v) => ({
        field: v.field,
        message: `unknown value '${v.value}'${v.closest ? `; did you mean '${v.closest}'?` : ''}`,
        value: v.value,
        ...(v.closest ? { closest: v.closest } : {}),
        ...(v.allowed ? { allowed: v.allowed } : {}),
      })),
    };
  }
  if (error instanceof EngineUnsupportedError) {
    return {
      type: `${PROBLEM_BASE}engine-unsupported`,
      title: 'The engine asked for cannot compute this request',
      status: 422,
      detail: error.message,
    };
  }
  if (error instanceof InvalidArgumentError) {
    return {
      type: `${PROBLEM_BASE}invalid-argument`,
      title: 'Invalid argument',
      status: 400,
      detail: error.message,
    };
  }
  if (error instanceof ConvergenceError) {
    return {
      type: `${PROBLEM_BASE}not-converged`,
      title: 'The iteration did not converge',
      status: 422,
      detail: error.message,
    };
  }
  if (error instanceof TooCostlyError) {
    return {
      type: `${PROBLEM_BASE}too-costly`,
      title: 'The computation is more than one request may cost',
      status: 422,
      detail: error.message,
    };
  }
  if (error instanceof BusyError) {
    return { type: `${PROBLEM_BASE}busy`, title: 'The server is busy', status: 503, detail: error.message };
  }
  if (error instanceof NotFoundError) {
    return { type: `${PROBLEM_BASE}not-found`, title: 'Not found', status: 404, detail: error.message };
  }
  if (error instanceof ImportConflictError) {
    return {
      type: `${PROBLEM_BASE}import-conflict`,
      title: 'The import met concurrent changes',
      status: 409,
      detail: `${error.message}; nothing was written, send it again`,
    };
  }
  if (error instanceof ConflictError) {
    return {
      type: `${PROBLEM_BASE}conflict`,
      title: 'It exists already',
      status: 409,
      detail: error.message,
    };
  }
  if (error instanceof PreconditionFailedError) {
    return {
      type: `${PROBLEM_BASE}stale-version`,
      title: 'The graph changed since the version the request was based on',
      status: 412,
      detail: error.message,
    };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      type: `${PROBLEM_BASE}idempotency-key-reused`,
      title: 'The Idempotency-Key was used for a different request',
      status: 422,
      detail: error.message,
    };
  }
  if (error instanceof DatabaseUnavailableError || isNeo4jServiceError(error)) {
    return {
      type: `${PROBLEM_BASE}database-unavailable`,
      title: 'The database is unavailable',
      status: 503,
      detail: (error as Error).message,
    };
  }
  if (error instanceof GraphChangedError) {
    return {
      type: `${PROBLEM_BASE}graph-changing`,
      title: 'The network is being changed',
      status: 503,
      detail: error.message,
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((v) => ({
      field:
        v.instancePath ||
        (v.params?.missingProperty as string | undefined) ||
        (v.params?.additionalProperty as string | undefined),
      // ajv's enum message does not say which values are allowed; a client needs them.
      message:
        v.keyword === 'enum' && Array.isArray(v.params?.allowedValues)
          ? `must be one of: ${(v.params.allowedValues as unknown[]).join(', ')}`
          : v.message,
    }));
    const enumError = fastifyError.validation.some((v) => v.keyword === 'enum');
    return {
      type: `${PROBLEM_BASE}invalid-request`,
      title: 'The request is invalid',
      status: 400,
      detail: enumError
        ? `${fastifyError.validationContext ?? 'request'}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`
        : fastifyError.message,
      errors,
    };
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    const known = STATUS_PROBLEMS[fastifyError.statusCode];
    return {
      type: `${PROBLEM_BASE}${known?.type ?? `http-${fastifyError.statusCode}`}`,
      title: known?.title ?? fastifyError.message,
      status: fastifyError.statusCode,
      detail: fastifyError.message,
    };
  }
  return { type: `${PROBLEM_BASE}internal`, title: 'Internal server error', status: 500 };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = { ...toProblem(error), instance: request.url };
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    if (problem.status === 503) reply.header('retry-after', '5');
    // The rate-limit plugin sets its own; the per-client computation limit frees up within seconds.
    if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="clusterlens"');
    reply.status(problem.status).type('application/problem+json').send(problem);
  });
  const lookup = collectRoutes(app);
  // Before the body is parsed: a method Fastify reads a body for (POST, QUERY …) sent to a path that does
  // not have it would otherwise be refused for its Content-Type (400) before the not-found handler runs.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allowed = allowedMethods(lookup, request);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      sendMethodNotAllowed(reply, allowed, PROBLEM_BASE);
      return reply; // Fastify's way for an async hook to say it answered
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(lookup, request);
    // A method the path does have is not "not allowed": the route did not match for another reason.
    if (allowed.length > 0 && !allowed.includes(request.method))
      return sendMethodNotAllowed(reply, allowed, PROBLEM_BASE);
    return reply
      .status(404)
      .type('application/problem+json')
      .send({ type: `${PROBLEM_BASE}not-found`, title: 'Not found', status: 404, instance: request.url });
  });
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (a request that did not arrive in time,
 * headers or a URL over the 16 KiB limit, bytes that are not HTTP) answered as problem documents too,
 * not as Fastify's default `{"error": …}` (a Fastify `clientErrorHandler`).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, type, title] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout', 'The request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers-too-large', 'The request line and headers exceed 16 KiB']
        : [400, 'bad-request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${type}`, title, status });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
