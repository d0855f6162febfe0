/**
 * What the app holds open — the store (the Neo4j driver), the caches and the compute threads — created
 * once per app and released by `app.close()`: in fastify/demo's manner, the plugin that holds a resource
 * closes it in an onClose hook, so that whoever closes the app (the signal handler in server.ts, a test, a
 * benchmark) closes everything with it.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_BUDGETS, type WorkBudgets } from '../../analysis/cost.ts';
import type { ApiSettings } from '../../config.ts';
import type { Store } from '../../store/driver.ts';
import { graphVersion } from '../../store/status.ts';
import { VersionClock, VersionedCache } from '../cache.ts';
import { ComputePool } from '../compute/pool.ts';
import type { RouteContext } from '../context.ts';

export interface ResourceOptions {
  store: Store;
  /** Leave the store open when the app closes (its owner serves it from several apps in turn). */
  keepStoreOpen?: boolean;
  versionTtlMs?: number;
  budgets?: Partial<WorkBudgets>;
}

export function registerResources(
  app: FastifyInstance,
  options: ResourceOptions,
  settings: ApiSettings,
): RouteContext {
  const { store } = options;
  const context: RouteContext = {
    store,
    cache: new VersionedCache(),
    entityCache: new VersionedCache({ maxEntries: 5000, admitOnRepeat: 10_000 }),
    inputs: new VersionedCache({ maxEntries: 16 }),
    version: new VersionClock(() => graphVersion(store), options.versionTtlMs ?? 1000),
    budgets: { ...DEFAULT_BUDGETS, ...options.budgets },
    compute: new ComputePool({
      threads: settings.computeThreads || undefined,
      deadlineMs: settings.computeDeadlineMs,
      maxPerClient: settings.computationsPerClient,
      shardThreads: settings.shardThreads || undefined,
    }),
  };
  app.addHook('onClose', async () => {
    // the threads first: a computation still running must not outlive the driver it may wait for
    await context.compute.close();
    if (!options.keepStoreOpen) await store.close();
  });
  return context;
}
