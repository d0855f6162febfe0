/** Vite builds the web view from web/ into web/dist, which the Fastify server serves at `/`. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // BENCH_WEB_PROFILE=1 keeps names readable in the benchmark's CPU profile.
    minify: process.env.BENCH_WEB_PROFILE !== '1',
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
