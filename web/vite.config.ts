/** Vite builds the web view from web/ into web/dist, which the Fastify server serves at `/`. */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Sigma's published build copies objects through Babel's `_objectSpread2`, which defines each property of
 * a spread source one by one (`ownKeys(…).forEach(_defineProperty)`). Sigma spreads a default state into
 * every edge it indexes: profiled on 20,000 nodes / 200,000 ties, that helper was a quarter of the
 * JavaScript time to the first frame. Its spread sources are plain data objects, for which `Object.assign`
 * gives the same result; only that branch is replaced (literals keep their property descriptors). When
 * sigma's build no longer has the text, nothing is changed.
 */
function fastObjectSpread(): Plugin {
  const slow =
    /r % 2 \? ownKeys\(Object\(t\), !0\)\.forEach\(function \(r\) \{\s*_defineProperty\(e, r, t\[r\]\);\s*\}\)/;
  return {
    name: 'clusterlens-fast-object-spread',
    enforce: 'pre',
    transform(code, id) {
      if (!/sigma[\\/]dist[\\/][^\\/]+\.esm\.js$/.test(id) || !slow.test(code)) return null;
      return { code: code.replace(slow, 'r % 2 ? Object.assign(e, t)'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [fastObjectSpread()],
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
