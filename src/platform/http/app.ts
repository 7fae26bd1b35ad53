import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { bilingual, isLang, translator } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { renderLayout } from '../views/layout.ts';
import type { NavItem, Page } from '../views/layout.ts';
import type { Actor, SessionInfo } from './actor.ts';
import { registerBodyParsers, parseQueryString } from './body-parsers.ts';
import { cookieOptions } from './cookies.ts';
import { csrfTokenIsValid, issueCsrfToken } from './csrf.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerHealthRoutes } from './health.ts';
import { readMultipartBody, registerMultipart } from './multipart.ts';
import { registerStaticRoutes } from './static.ts';
import { securityHeaders } from './security-headers.ts';
import { validatorCompiler } from './validation.ts';
import { AppError } from '../errors.ts';
import './actor.ts';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SessionResolution {
  actor: Actor | null;
  session: SessionInfo | null;
}

/** What the composition root hands to the web layer. */
export interface AppDeps {
  config: Config;
  database: Database;
  /** Turns a session cookie into the person behind it (identity module). `null` when it names no live session. */
  resolveSession(token: string, request: FastifyRequest): Promise<SessionResolution | null>;
  /** The materialised path of a unit, for scope checks on `:unitId` routes (tenancy module). */
  unitPath(unitId: number): Promise<string | undefined>;
  /** Every permission the role table knows: a route naming anything else fails at start-up. */
  knownPermissions: ReadonlySet<string>;
  /** Where an official with a pending step is sent. */
  pendingRedirects: Record<NonNullable<Extract<Actor, { kind: 'official' }>['pending']>, string>;
  nav: readonly NavItem[];
  modules: ReadonlyArray<(app: App) => void | Promise<void>>;
  logger?: boolean | object;
}

export const SESSION_COOKIE = 'sc_session';
export const LANG_COOKIE = 'sc_lang';
const FLASH_COOKIE = 'sc_flash';
const SPECIAL_PERMISSIONS = new Set(['public', 'signed_in', 'citizen', 'second_factor']);
const TRANSLATORS = { vi: translator('vi'), en: translator('en') } as const;
const INVALID_QUERY = Symbol('invalid query string');

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken(): string;
    flash: { key: MessageKey; params: Record<string, string | number> } | null;
  }
  interface FastifyReply {
    page(page: Page, status?: number): FastifyReply;
    /** Redirect after a successful POST with a one-time confirmation message. */
    redirectWithNotice(url: string, key: MessageKey, params?: Record<string, string | number>): FastifyReply;
  }
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const headers = securityHeaders();
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    // A hop count is supported at run time (lib/request.js) though missing from Fastify's types.
    trustProxy: deps.config.trustProxy as boolean | string[],
    routerOptions: {
      // Thrown while routing, a parse error would escape every handler and end the process: mark it, refuse it in onRequest.
      querystringParser: (text: string) => {
        try {
          return parseQueryString(text);
        } catch {
          return { [INVALID_QUERY]: true };
        }
      },
    },
    // Malformed URLs (bad percent-escapes, over-long path segments) are refused before any hook or decorator exists, so
    // the usual error page cannot be rendered: the same bilingual message, minimally, instead of Fastify's English JSON.
    frameworkErrors: (error, request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const code = error.code === 'FST_ERR_BAD_URL' ? 'error.invalid_request' : 'error.not_found';
      const message = bilingual(code, { detail: 'URL' });
      reply.code(code === 'error.not_found' ? 404 : 400).headers(headers).header('cache-control', 'no-store');
      if (request.url.startsWith('/api/')) return reply.send({ error: { code, message } });
      return reply.type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>${message.vi}</title><p>${message.vi}</p><p lang="en">${message.en}</p><p><a href="/">${bilingual('error.back_home').vi}</a></p></html>`);
    },
    return503OnClosing: true,
    // Request ids in logs without leaking anything to users.
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  const secret = deps.config.appSecret;

  // Every route must say who may call it; a missing or unknown permission stops the start-up.
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    if (!SPECIAL_PERMISSIONS.has(permission) && !deps.knownPermissions.has(permission)) {
      throw new Error(`Route ${route.method} ${route.url} names unknown permission "${permission}"`);
    }
    if (route.config?.skipSession && permission !== 'public') throw new Error(`Route ${route.method} ${route.url} skips the session but is not public`);
    if (route.config?.multipart && (route.method !== 'POST' || (permission === 'public' && !route.config.publicUpload))) throw new Error(`Route ${route.method} ${route.url} takes uploads but is not a POST behind a permission`);
    if (route.config?.publicUpload && (permission !== 'public' || !route.config.multipart || !route.config.rateLimit)) throw new Error(`Route ${route.method} ${route.url} takes public uploads but is not a rate-limited public multipart route`);
  });

  registerBodyParsers(app);
  await registerMultipart(app);
  await app.register(cookie, { secret });
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  await app.register(rateLimit, {
    global: false,
    // Our error handler words the answer; it needs the wait in milliseconds, not the plugin's English.
    errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'smart-commune API', version: '1', description: 'JSON API of smart-commune. Sign in through the web session; send the CSRF token in `X-CSRF-Token` on writes.' },
      servers: [{ url: '/' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    // Only the JSON API is documented; pages and operational endpoints are not part of it.
    transform: ({ schema, url, route }) => {
      const documented = url.startsWith('/api/v1/');
      return { schema: { ...(schema ?? {}), hide: !documented || route.method === 'HEAD' } as typeof schema, url };
    },
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('t', translator('vi'));
  app.decorateRequest('flash', null);
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    throw new Error('replaced per request');
  });

  app.addHook('onRequest', async (request, reply) => {
    const wanted = request.cookies[LANG_COOKIE];
    request.lang = isLang(wanted) ? wanted : 'vi';
    request.t = TRANSLATORS[request.lang];
    let token: string | undefined;
    request.csrfToken = () => (token ??= issueCsrfToken(secret, request, reply));
    if ((request.query as Record<symbol, unknown>)[INVALID_QUERY]) throw new AppError('error.invalid_encoding', 400);
    // Health checks, metrics and static files need no person: no session lookup, no flash consumed.
    if (request.routeOptions.config.skipSession) return;
    const flash = request.cookies[FLASH_COOKIE];
    if (flash) {
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
      const unsigned = request.unsignCookie(flash);
      if (unsigned.valid && unsigned.value) {
        try {
          request.flash = JSON.parse(unsigned.value);
        } catch {
          request.flash = null;
        }
      }
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) {
      const resolved = /^[A-Za-z0-9_-]{43}$/.test(sessionToken) ? await deps.resolveSession(sessionToken, request) : null;
      if (resolved) {
        request.actor = resolved.actor;
        request.session = resolved.session;
      } else {
        request.sessionExpired = true;
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
  });

  // Who may call the route: checked before CSRF and before the body is validated.
  app.addHook('preValidation', async (request, reply) => {
    const config = request.routeOptions.config;
    const permission = config.permission;
    if (!permission || permission === 'public') return;
    const actor = request.actor;
    if (permission === 'second_factor') {
      if (request.session?.stage === 'second_factor') return;
      // Already fully signed in: the code page has nothing to do (and sending them to sign in would loop).
      if (actor) return request.method === 'GET' || request.method === 'HEAD' ? reply.redirect('/', 303) : undefined;
      throw new AppError(request.sessionExpired ? 'error.session_expired' : 'error.unauthenticated', 401);
    }
    if (!actor) throw new AppError(request.sessionExpired ? 'error.session_expired' : 'error.unauthenticated', 401);
    if (actor.pending && !config.allowWhilePending) {
      if (isPageRequest(request) && request.method === 'GET') return reply.redirect(deps.pendingRedirects[actor.pending], 303);
      throw new AppError('error.forbidden', 403);
    }
    if (permission === 'signed_in') return;
    if (permission === 'citizen') {
      if (actor.kind !== 'citizen') throw new AppError('error.forbidden', 403);
      return;
    }
    if (actor.kind !== 'official' || !actor.permissions.has(permission)) throw new AppError('error.forbidden', 403);
    // Tenant isolation, in one place: a `:unitId` outside the official's subtree does not exist for them.
    const params = request.params as Record<string, string> | undefined;
    if (params && 'unitId' in params) {
      const unitId = Number(params.unitId);
      const path = Number.isSafeInteger(unitId) && unitId > 0 ? await deps.unitPath(unitId) : undefined;
      if (!path || !path.startsWith(actor.unitPath)) throw new AppError('error.not_found', 404);
    }
  });

  // Uploads are read only now, after the permission check, and before the CSRF check that needs their `_csrf` field.
  app.addHook('preValidation', readMultipartBody);

  app.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (request.routeOptions.config.csrfExempt) return;
    if (!csrfTokenIsValid(secret, request)) throw new AppError('error.csrf', 403);
  });

  app.decorateReply('page', function (this: FastifyReply, page: Page, status = 200) {
    const request = this.request;
    const notice = page.notice ?? (request.flash ? request.t(request.flash.key, request.flash.params) : undefined);
    const body = renderLayout(
      { t: request.t, lang: request.lang, actor: request.actor, csrfToken: request.csrfToken(), nav: deps.nav, path: request.url.split('?')[0]! },
      { ...page, notice },
    );
    return this.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  });
  app.decorateReply('redirectWithNotice', function (this: FastifyReply, url: string, key: MessageKey, params: Record<string, string | number> = {}) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ key, params }), { ...cookieOptions(this.request, 60), signed: true });
    return this.redirect(url, 303);
  });

  registerErrorHandling(app);
  registerHealthRoutes(app, deps.database);
  registerStaticRoutes(app);
  app.get('/lang/:lang', { config: { permission: 'public', allowWhilePending: true } }, async (request, reply) => {
    const { lang } = request.params as { lang: string };
    const next = (request.query as { next?: unknown }).next;
    if (!isLang(lang)) throw new AppError('error.not_found', 404);
    reply.setCookie(LANG_COOKIE, lang, { ...cookieOptions(request, 365 * 86400), httpOnly: false });
    return reply.redirect(safeLocalPath(next), 303);
  });
  app.get('/api/openapi.json', { config: { permission: 'public' } }, async () => app.swagger());

  for (const register of deps.modules) await register(app);
  return app;
}

export function isPageRequest(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/');
}

/** Only same-site paths: `//evil.example`, `https://…` and anything but printable ASCII (`/\t/evil.example`, which browsers read as `//evil.example`) become `/`. */
export function safeLocalPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || !/^[\x21-\x7e]*$/.test(value)) return '/';
  return value;
}
