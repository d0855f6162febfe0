/** Starts the HTTP server for a store and stops it gracefully on SIGINT/SIGTERM. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/driver.ts';
import { buildApp } from './app.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** Called after the app (and with it the driver) is closed (for instance, to stop the local Neo4j). */
  onClose?: () => Promise<void>;
}

export async function serve(store: Store, options: ServeOptions): Promise<FastifyInstance> {
  const app = await buildApp(
    { store },
    {
      logger: { level: process.env.LOG_LEVEL ?? 'info' },
      requestIdHeader: 'x-request-id',
    },
  );
  await app.listen({ host: options.host, port: options.port });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close(); // closes the store and the compute threads too (plugins/resources.ts)
    await options.onClose?.();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}
