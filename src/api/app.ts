/**
 * The clusterlens HTTP app, built as a Fastify plugin (in the manner of fastify/demo): `buildApp`
 * assembles it, `server.ts` only starts the process. One plugin per resource under routes/; the
 * guards (API keys, rate limit, CORS) and the OpenAPI document are registered first, on the root.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { apiSettings, type ApiSettings } from '../config.ts';
import type { WorkBudgets } from '../analysis/cost.ts';
import type { Store } from '../store/driver.ts';
import { clientErrorHandler, registerErrorHandler } from './errors.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { documentValues } from '../store/known-values.ts';
import { registerKnownValues } from './plugins/known-values.ts';
import { registerResources } from './plugins/resources.ts';
import { registerSecurity } from './plugins/security.ts';
import analysis from './routes/analysis.ts';
import did from './routes/did.ts';
import entities from './routes/entities.ts';
import exchange from './routes/exchange.ts';
import facets from './routes/facets.ts';
import gaps from './routes/gaps.ts';
import health from './routes/health.ts';
import network from './routes/network.ts';
import suggestions from './routes/suggestions.ts';
import web from './routes/web.ts';
import writes from './routes/writes.ts';
import audit from './routes/audit.ts';
import feedback from './routes/feedback.ts';

export interface AppOptions {
  /** Closed when the app closes (see plugins/resources.ts), unless keepStoreOpen. */
  store: Store;
  /** Leave the store open when the app closes (a benchmark serves one store from several apps in turn). */
  keepStoreOpen?: boolean;
  /** Overrides of the settings read from the environment (tests use them). */
  api?: Partial<ApiSettings>;
  /** How long a read of the graph version is trusted (ms; default 1000). */
  versionTtlMs?: number;
  /** The most work a measure request may start (see src/analysis/cost.ts); tests lower them. */
  budgets?: Partial<WorkBudgets>;
}

export async function buildApp(
  options: AppOptions,
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const settings = { ...apiSettings(), ...options.api };
  const app = Fastify({
    logger: false,
    bodyLimit: settings.bodyLimit,
    // A client that sends its request slowly (or never finishes it) loses the connection.
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.connectionTimeoutMs,
    http: {
      headersTimeout: Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs),
      // Node checks the two timeouts above this often (30 s by default, which would stretch them).
      connectionsCheckingInterval: Math.min(1000, settings.headersTimeoutMs),
    },
    // Unknown query parameters are errors, not silently dropped; strings are coerced to the schema's types.
    // Path parameters up to the longest id the schemas accept (IdParams: 200) reach their route, whose
    // validation answers; past Fastify's default of 100 the router matched nothing (a 404 or a 405).
    routerOptions: { maxParamLength: 1000 },
    // Errors of the HTTP parser (408, 431, 400) as problem documents as well.
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    ...fastifyOptions,
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  await registerSecurity(app, settings);
  const context = registerResources(app, options, settings);
  // Before the routes (it collects them); the filter values it lists are read once per graph version.
  await registerOpenApi(app, async () => {
    const version = await context.version.current();
    return context.inputs.get(version, 'document-values', () => documentValues(options.store));
  });
  registerKnownValues(app, context);
  for (const routes of [
    health,
    facets,
    entities,
    suggestions,
    network,
    analysis,
    gaps,
    did,
    exchange,
    writes,
    audit,
    feedback,
  ]) {
    await app.register(routes, { prefix: '/api', ...context });
  }
  await app.register(web);
  return app;
}
