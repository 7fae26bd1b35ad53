import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { SESSION_COOKIE, safeLocalPath } from '../../../platform/http/app.ts';
import { cookieOptions } from '../../../platform/http/cookies.ts';
import { formText } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { IdentityContext } from '../context.ts';
import { endSession, signIn, signOut, verifySecondFactor } from '../sign-in.ts';

/** Sign-in attempts per IP: a brute-force brake in front of the per-account lockout. */
const SIGN_IN_RATE = { max: 20, timeWindow: '1 minute' };

/** `oidcProvider`: the name on the "sign in with …" link (VNeID), when OpenID Connect is configured. */
function loginPage(request: FastifyRequest, reply: FastifyReply, o: { login?: string; next: string; error?: string; status?: number; oidcProvider?: string | undefined }) {
  const t = request.t;
  const expired = (request.query as { expired?: string }).expired === '1' || request.sessionExpired;
  return reply.page(
    {
      title: t('sign_in.title'),
      notice: expired && !o.error ? t('sign_in.session_expired') : undefined,
      body: html`<div class="narrow">
<h1>${t('sign_in.title')}</h1>
${errorSummary(t, {}, o.error)}
<form method="post" action="/login" novalidate>
${csrfField(request.csrfToken())}
<input type="hidden" name="next" value="${o.next}">
${textField(t, { name: 'login', label: t('sign_in.username'), value: o.login ?? '', autocomplete: 'username', required: true, maxlength: 200 })}
${textField(t, { name: 'password', label: t('sign_in.password'), type: 'password', autocomplete: 'current-password', required: true, maxlength: 200 })}
<button type="submit" class="button">${t('sign_in.submit')}</button>
</form>
${o.oidcProvider ? html`<p>${t('oidc.citizens_hint')}</p>
<p><a class="button secondary" href="${o.next === '/' ? '/login/oidc' : `/login/oidc?next=${encodeURIComponent(o.next)}`}">${t('oidc.sign_in_with', { provider: o.oidcProvider })}</a></p>` : ''}
<p>${t('sign_in.no_account')} <a href="/register">${t('sign_in.register_link')}</a></p></div>`,
    },
    o.status ?? 200,
  );
}

function twoFactorPage(request: FastifyRequest, reply: FastifyReply, next: string, error?: string, status = 200) {
  const t = request.t;
  return reply.page(
    {
      title: t('two_factor.title'),
      body: html`<div class="narrow">
<h1>${t('two_factor.title')}</h1>
${errorSummary(t, error ? { code: 'identity.invalid_totp' } : {})}
<form method="post" action="/login/two-factor" novalidate>
${csrfField(request.csrfToken())}
<input type="hidden" name="next" value="${next}">
${textField(t, { name: 'code', label: t('two_factor.code'), autocomplete: 'one-time-code', inputmode: 'text', required: true, maxlength: 20, error: error ? 'identity.invalid_totp' : undefined })}
<button type="submit" class="button">${t('two_factor.submit')}</button>
</form></div>`,
    },
    status,
  );
}

export function authPages(ctx: IdentityContext) {
  const oidcProvider = ctx.oidc?.settings.providerName;
  return (app: App) => {
    app.get('/login', { config: { permission: 'public' } }, async (request, reply) => {
      const next = safeLocalPath((request.query as { next?: unknown }).next);
      if (request.actor) return reply.redirect(next, 303);
      return loginPage(request, reply, { next, oidcProvider });
    });

    app.post('/login', { config: { permission: 'public', rateLimit: SIGN_IN_RATE } }, async (request, reply) => {
      const login = formText(request, 'login', 200);
      const password = formText(request, 'password', 200);
      const next = safeLocalPath(formText(request, 'next', 500));
      try {
        const result = await signIn(ctx, auditActorOf(request), login, password);
        // Signing in again replaces the session this browser had: the old token stops working.
        if (request.session) await endSession(ctx, request.session.token);
        reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(request));
        return reply.redirect(result.stage === 'second_factor' ? `/login/two-factor?next=${encodeURIComponent(next)}` : next, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return loginPage(request, reply, { login, next, error: request.t(error.code, error.params), status: error.status, oidcProvider });
      }
    });

    app.get('/login/two-factor', { config: { permission: 'second_factor' } }, async (request, reply) =>
      twoFactorPage(request, reply, safeLocalPath((request.query as { next?: unknown }).next)),
    );

    app.post('/login/two-factor', { config: { permission: 'second_factor', rateLimit: SIGN_IN_RATE } }, async (request, reply) => {
      const next = safeLocalPath(formText(request, 'next', 500));
      try {
        const token = await verifySecondFactor(ctx, auditActorOf(request), request.session!.token, formText(request, 'code', 40));
        reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
        return reply.redirect(next, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'identity.invalid_totp') return twoFactorPage(request, reply, next, error.code, 401);
        throw error;
      }
    });

    app.post('/logout', { config: { permission: 'signed_in', allowWhilePending: true } }, async (request, reply) => {
      await signOut(ctx, auditActorOf(request), request.session!.token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirectWithNotice('/login', 'sign_in.signed_out');
    });
  };
}
