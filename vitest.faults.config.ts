import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault suite (test/faults/*.fault.ts), apart from `npm test`. It starts and
// kills its own Neo4j, so it needs no global setup; runs are long (Neo4j restarts), hence the timeouts.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
