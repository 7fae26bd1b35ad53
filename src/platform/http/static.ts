import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The few static assets are read once at start-up and served from memory with an ETag. */
export function registerStaticRoutes(app: FastifyInstance): void {
  const files = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const name of fs.readdirSync(PUBLIC_DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = fs.readFileSync(path.join(PUBLIC_DIR, name));
    files.set(name, { body, type, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  app.get('/static/:name', { config: { permission: 'public', skipSession: true } }, async (request, reply) => {
    const file = files.get((request.params as { name: string }).name);
    if (!file) return reply.callNotFound();
    reply.header('etag', file.etag).header('cache-control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.type).send(file.body);
  });
}
