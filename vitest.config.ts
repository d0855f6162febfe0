import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Three projects: `npm test` runs them all (one after the other, one file at a time, as before);
// `npm run test:unit` only the pure tests, which need neither Java nor Neo4j (the global setup that
// starts the throwaway Neo4j belongs to the integration and browser projects, which share one server).
const common = { testTimeout: 60_000, hookTimeout: 240_000, fileParallelism: false };

const project = (
  name: string,
  groupOrder: number,
  test: TestProjectInlineConfiguration['test'],
): TestProjectInlineConfiguration => ({
  test: { name, sequence: { groupOrder }, ...common, ...test },
});

export default defineConfig({
  test: {
    // vitest's summary for people, then one plain closing line of counts for CI (test/helpers/plain-summary-reporter.ts)
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
    // Integration tests share one throwaway Neo4j (started in the global setup), so files run one at a time.
    fileParallelism: false,
    projects: [
      // pure modules: analysis, DiD, exchange, the web view's pure parts, the docs and the layering
      project('unit', 0, { include: ['test/unit/**/*.test.ts'] }),
      // the store, the API, the CLI and the server on a real Neo4j
      project('integration', 1, {
        include: ['test/integration/**/*.test.ts'],
        globalSetup: ['test/global-setup.ts'],
      }),
      // the web view in headless Chromium, served by the API on a real Neo4j
      project('browser', 2, { include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] }),
    ],
  },
});
