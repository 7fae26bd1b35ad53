import type { FastifyInstance } from 'fastify';
import crypto from 'node:crypto';
import client from 'prom-client';
import { AppError } from '../errors.ts';
import type { Database } from '../db/database.ts';
import { isReachable } from '../db/database.ts';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the raw URL, so ids do not explode the label space.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { config: { permission: 'public', skipSession: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { permission: 'public', skipSession: true } }, async (_request, reply) => {
    const ok = await isReachable(database.db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unreachable', database: database.kind });
  });
  // With METRICS_TOKEN set, Prometheus must send `Authorization: Bearer <token>`; route names and
  // counts are not for everyone on the internet.
  const token = process.env.METRICS_TOKEN;
  app.get('/metrics', { config: { permission: 'public', skipSession: true } }, async (request, reply) => {
    if (token && !bearerMatches(request.headers.authorization, token)) throw new AppError('error.unauthenticated', 401);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
