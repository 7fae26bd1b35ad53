/**
 * OpenID Connect sign-in for citizens (the national identity app, VNeID):
 *   GET /login/oidc           → 302 to the provider, with state, nonce and a PKCE challenge
 *   GET /login/oidc/callback  → checks the answer, signs the citizen in, 303 to where they were going
 * The checks travel in a short-lived cookie sealed with a key derived from APP_SECRET (AES-256-GCM: the
 * browser can neither read nor alter it), HttpOnly, sent only to /login/oidc…, used once. Both routes exist
 * always and answer 404 when OIDC_ISSUER is unset.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { SESSION_COOKIE, safeLocalPath } from '../../../platform/http/app.ts';
import { cookieOptions } from '../../../platform/http/cookies.ts';
import { deriveKey, seal, unseal } from '../../../platform/crypto.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { IdentityContext } from '../context.ts';
import { fullNameFrom, idNumberFrom, storableIdentity } from '../domain/oidc-claims.ts';
import { OidcRefusedError, OidcUnavailableError } from '../oidc-client.ts';
import type { OidcChecks, OidcClient, OidcRefusal } from '../oidc-client.ts';
import { signInWithOidc } from '../sign-in-oidc.ts';
import { endSession } from '../sign-in.ts';

export const OIDC_COOKIE = 'sc_oidc';
const OIDC_COOKIE_PATH = '/login/oidc';
/** Time allowed at the provider between leaving and coming back. */
const OIDC_COOKIE_SECONDS = 10 * 60;
/** A callback costs requests to the provider (token, UserInfo): the same brake as password sign-in. Starting is cheaper. */
const CALLBACK_RATE = { max: 20, timeWindow: '1 minute' };
const START_RATE = { max: 60, timeWindow: '1 minute' };
const NEXT_MAX = 500;

interface Pending extends OidcChecks {
  next: string;
  /** Expiry, ms since the epoch: the cookie's Max-Age is the browser's promise, this is ours. */
  exp: number;
}

const isPending = (v: unknown): v is Pending => {
  const p = v as Partial<Pending> | null;
  return !!p && typeof p.state === 'string' && typeof p.nonce === 'string' && typeof p.verifier === 'string' && typeof p.next === 'string' && typeof p.exp === 'number';
};

function readPending(request: FastifyRequest, key: Buffer): Pending | null {
  const sealed = request.cookies[OIDC_COOKIE];
  if (!sealed) return null;
  try {
    const value: unknown = JSON.parse(unseal(key, sealed));
    return isPending(value) && value.exp > Date.now() ? value : null;
  } catch {
    return null; // altered, or sealed under another secret
  }
}

/** The query string exactly as the browser sent it (`?code=…&state=…&iss=…`). */
function rawQuery(request: FastifyRequest): string {
  const i = request.url.indexOf('?');
  return i < 0 ? '' : request.url.slice(i);
}

const REFUSAL_KEYS: Record<OidcRefusal | 'expired' | 'state_mismatch', MessageKey> = {
  denied: 'oidc.denied',
  provider_error: 'oidc.provider_error',
  invalid_response: 'oidc.invalid_response',
  expired: 'oidc.expired',
  state_mismatch: 'oidc.state_mismatch',
};

function startLink(next: string): string {
  return next === '/' ? '/login/oidc' : `/login/oidc?next=${encodeURIComponent(next)}`;
}

/** Nothing happened: a clear message, the way back to sign-in, and a new attempt. No session, ever. */
function refusedPage(request: FastifyRequest, reply: FastifyReply, provider: string, message: string, status: number, next = '/') {
  const t = request.t;
  return reply.page(
    {
      title: t('oidc.error_title', { provider }),
      body: html`<div class="narrow">
<h1>${t('oidc.error_title', { provider })}</h1>
<p class="lead" data-testid="oidc-error">${message}</p>
<p><a class="button secondary" href="${startLink(next)}">${t('oidc.try_again')}</a></p>
<p><a href="/login">${t('oidc.back_to_sign_in')}</a></p>
</div>`,
    },
    status,
  );
}

function unavailablePage(request: FastifyRequest, reply: FastifyReply, provider: string, next: string) {
  const t = request.t;
  reply.header('retry-after', '30');
  return reply.page(
    {
      title: t('oidc.unavailable_title', { provider }),
      body: html`<div class="narrow">
<h1>${t('oidc.unavailable_title', { provider })}</h1>
<p class="lead" data-testid="oidc-error">${t('oidc.unavailable', { provider })}</p>
<p><a class="button secondary" href="${startLink(next)}">${t('oidc.try_again')}</a></p>
<p><a href="/login">${t('oidc.back_to_sign_in')}</a></p>
</div>`,
    },
    503,
  );
}

export function oidcPages(ctx: IdentityContext) {
  const key = deriveKey(ctx.config.appSecret, 'oidc-pending');
  const enabled = (): OidcClient => {
    if (!ctx.oidc) throw notFound();
    return ctx.oidc;
  };

  return (app: App) => {
    app.get('/login/oidc', { config: { permission: 'public', rateLimit: START_RATE } }, async (request, reply) => {
      const oidc = enabled();
      const provider = oidc.settings.providerName;
      const wanted = (request.query as { next?: unknown }).next;
      const next = typeof wanted === 'string' && wanted.length <= NEXT_MAX ? safeLocalPath(wanted) : '/';
      if (request.actor) return reply.redirect(next, 303);
      let started: Awaited<ReturnType<OidcClient['start']>>;
      try {
        started = await oidc.start();
      } catch (error) {
        if (!(error instanceof OidcUnavailableError)) throw error;
        request.log.warn({ err: error.cause }, 'OpenID Connect discovery failed');
        return unavailablePage(request, reply, provider, next);
      }
      const pending: Pending = { ...started.checks, next, exp: Date.now() + OIDC_COOKIE_SECONDS * 1000 };
      reply.setCookie(OIDC_COOKIE, seal(key, JSON.stringify(pending)), { ...cookieOptions(request, OIDC_COOKIE_SECONDS), path: OIDC_COOKIE_PATH });
      reply.header('cache-control', 'no-store');
      return reply.redirect(started.url.href, 302);
    });

    app.get('/login/oidc/callback', { config: { permission: 'public', rateLimit: CALLBACK_RATE } }, async (request, reply) => {
      const oidc = enabled();
      const settings = oidc.settings;
      const provider = settings.providerName;
      const t = request.t;
      const pending = readPending(request, key);
      // One use: whatever happens next, this browser's checks are spent.
      if (request.cookies[OIDC_COOKIE] !== undefined) reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
      const next = pending?.next ?? '/';
      const refuse = (reason: keyof typeof REFUSAL_KEYS, status = 400) => refusedPage(request, reply, provider, t(REFUSAL_KEYS[reason], { provider }), status, next);
      const query = request.query as Record<string, unknown>;

      // The provider's own refusal (the person cancelled, or it failed): nothing to check, nothing to write.
      if (query.error !== undefined) {
        request.log.info({ error: String(query.error).slice(0, 100) }, 'OpenID Connect provider returned an error');
        return refuse(query.error === 'access_denied' ? 'denied' : 'provider_error');
      }
      if (!pending) return refuse('expired');
      if (typeof query.state !== 'string' || query.state !== pending.state) return refuse('state_mismatch');

      let vouched;
      try {
        vouched = await oidc.finish(rawQuery(request), pending);
      } catch (error) {
        if (error instanceof OidcUnavailableError) {
          request.log.warn({ err: error.cause }, 'OpenID Connect provider unreachable at the callback');
          return unavailablePage(request, reply, provider, next);
        }
        if (error instanceof OidcRefusedError) {
          request.log.warn({ err: error.cause ?? error }, 'OpenID Connect response refused');
          return refuse(error.reason);
        }
        throw error;
      }
      if (!storableIdentity(vouched.issuer, vouched.subject)) return refuse('invalid_response');

      let result;
      try {
        result = await signInWithOidc(ctx, auditActorOf(request), {
          issuer: vouched.issuer, subject: vouched.subject,
          idNumber: idNumberFrom(vouched.claims, settings.idNumberClaim), fullName: fullNameFrom(vouched.claims, settings.nameClaim),
        }, provider);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return refusedPage(request, reply, provider, t(error.code, error.params), error.status, next);
      }
      // As at password sign-in: a session this browser had ends, and the new one has a new token.
      if (request.session) await endSession(ctx, request.session.token);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(request));
      if (result.outcome === 'created') return reply.redirectWithNotice(next, 'oidc.account_created', { provider });
      if (result.outcome === 'linked') return reply.redirectWithNotice(next, 'oidc.account_linked', { provider });
      return reply.redirect(next, 303);
    });
  };
}
