/**
 * The layering of clusterlens, checked by `npm run lint:deps` (dependency-cruiser). Dependencies point one
 * way: domain, analysis, did, exchange (pure) ← store (Neo4j reads and writes only) ← services ← api, cli.
 * docs/development-layering.md explains each rule; test/unit/layering.test.ts checks that the rules pass
 * on the repository and fail on a deliberate wrong-way import (test/fixtures/layering/).
 */
const path = require('node:path');

const PURE = '^src/(analysis|did|domain|exchange)/';
const PURE_FILES = '^src/(random|errors|symmetric-eigen)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part into a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-not-to-dev',
      severity: 'error',
      comment:
        'The product (src/) must not depend on the demo generator, tests, benchmarks or scripts. ' +
        'Exception: the `seed` command (src/cli/seed.ts) is the demo generator’s entry point.',
      from: { path: '^src/', pathNot: '^src/cli/seed[.]ts$' },
      to: { path: '^(seed|test|bench|scripts)/' },
    },
    {
      name: 'pure-not-to-io',
      severity: 'error',
      comment:
        'The pure layers (analysis, did, domain, exchange) take data in and give data out: no storage, ' +
        'no HTTP, no CLI, no services, no Neo4j driver, no fastify.',
      from: { path: [PURE, PURE_FILES] },
      to: {
        path: [
          '^src/(store|api|cli|services|report|neo4j-local)/',
          '^src/(config|web-build)[.]ts$',
          '(^|/)node_modules/(neo4j-driver[^/]*|fastify|@fastify/[^/]+|commander|cypher-query-builder)/',
        ],
      },
    },
    {
      name: 'store-not-to-callers',
      severity: 'error',
      comment: 'The store reads and writes; it does not know who calls it (api, cli, services, report).',
      from: { path: '^src/store/' },
      to: { path: '^src/(api|cli|services|report)/' },
    },
    {
      name: 'services-not-to-callers',
      severity: 'error',
      comment: 'Services are what the API, the CLI and the report share; they import neither.',
      from: { path: '^src/services/' },
      to: { path: '^src/(api|cli|report)/' },
    },
    {
      name: 'api-cli-apart',
      severity: 'error',
      comment: 'The HTTP API and the command line are two front ends; what they share lives below them.',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'routes-not-to-app-or-routes',
      severity: 'error',
      comment:
        'A route plugin imports neither app.ts (RouteContext is in context.ts) nor another route ' +
        '(shared schemas live in src/api/).',
      from: { path: '^src/api/routes/' },
      to: { path: ['^src/api/app[.]ts$', '^src/api/routes/'] },
    },
    {
      name: 'web-client-no-node',
      severity: 'error',
      comment: 'The web view runs in the browser: no Node built-ins, no server code, no Node-only packages.',
      from: { path: '^web/src/' },
      to: {
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'web-client-only-pure-src',
      severity: 'error',
      comment: 'The web view may share pure modules of src/ (analysis, domain …), nothing that does I/O.',
      from: { path: '^web/src/' },
      to: {
        path: [
          '^src/(store|api|cli|services|report|neo4j-local)/',
          '^src/(config|web-build)[.]ts$',
          '(^|/)node_modules/(neo4j-driver[^/]*|fastify|@fastify/[^/]+|commander|csv-parse|csv-stringify|cli-progress)/',
        ],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // test/fixtures/layering breaks the rules on purpose; it is checked on its own by test/unit/layering.test.ts
    exclude: { path: '^(node_modules|neo4j|web/dist|dist|\\.clusterlens|test-output|test/fixtures)/' },
    tsPreCompilationDeps: true,
    // the repository's tsconfig also when the rules run on a fixture directory (test/fixtures/layering)
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
