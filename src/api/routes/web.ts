/** The web view's page at `/`. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { PROJECT_ROOT } from '../../config.ts';

const web: FastifyPluginAsync = async (app) => {
  const page = fs.readFileSync(path.join(PROJECT_ROOT, 'web', 'index.html'), 'utf8');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
};

export default web;
