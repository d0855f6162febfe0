/**
 * What every resource plugin under routes/ receives. Kept apart from app.ts so that the routes depend on
 * this module and app.ts on the routes, never the other way round.
 */
import type { Store } from '../store/driver.ts';
import type { WorkBudgets } from '../analysis/cost.ts';
import type { VersionClock, VersionedCache } from './cache.ts';
import type { ComputePool } from './compute/pool.ts';

export interface RouteContext {
  store: Store;
  /** Results cached per graph version (analyses, the network payload, the metacorporation). */
  cache: VersionedCache;
  /**
   * Single entities (a participant, a cluster …) and a participant's suggestions, cached per graph
   * version: many, small, often asked for; kept from the second request for a key on (see CacheOptions).
   */
  entityCache: VersionedCache;
  /** Inputs that results are computed from (platform names and spheres): few, kept apart from results
   * so that a stream of distinct requests cannot push them out. */
  inputs: VersionedCache;
  /** The graph version, asked of Neo4j at most once a second (see VersionClock). */
  version: VersionClock;
  budgets: WorkBudgets;
  /** Threads that run the measures, off the event loop, with a deadline. */
  compute: ComputePool;
}
