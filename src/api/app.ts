/**
 * The clusterlens HTTP app, built as a Fastify plugin (in the manner of fastify/demo): `buildApp`
 * assembles it, `server.ts` only starts the process. One plugin per resource under routes/.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from '../store/driver.ts';
import { registerErrorHandler } from './errors.ts';
import health from './routes/health.ts';
import web from './routes/web.ts';

export interface AppOptions {
  store: Store;
}

export async function buildApp(
  options: AppOptions,
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...fastifyOptions }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  await app.register(health, { prefix: '/api', ...options });
  await app.register(web);
  return app;
}
