/**
 * The web view at `/`: the Vite build in web/dist, served statically (hashed assets cached for good,
 * index.html always revalidated). Without a build (`npm run build:web`, or `npm start` builds it) `/`
 * answers with a short page that says how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { WEB_DIST } from '../../web-build.ts';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>clusterlens</title></head>
<body style="font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto">
<h1>clusterlens</h1>
<p>The web view has not been built yet. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it)
and reload. The API is available under <a href="/api/health">/api</a>.</p>
</body></html>`;

const web: FastifyPluginAsync = async (app) => {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    index: ['index.html'],
    wildcard: true,
    setHeaders(res, file) {
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
    },
  });
};

export default web;
