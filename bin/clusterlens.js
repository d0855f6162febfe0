#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so a checkout works without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
