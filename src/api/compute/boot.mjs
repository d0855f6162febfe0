// Entry of a computation thread. Worker threads do not inherit the main thread's TypeScript loader, so
// when the thread's module is TypeScript (a checkout run through tsx) the loader is registered here first.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
