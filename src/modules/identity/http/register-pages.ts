import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { SESSION_COOKIE } from '../../../platform/http/app.ts';
import { cookieOptions } from '../../../platform/http/cookies.ts';
import { formText } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { IdentityContext } from '../context.ts';
import { CODE_MAX_ATTEMPTS, FULL_NAME_MAX } from '../domain/registration.ts';
import { PASSWORD_MAX } from '../domain/credentials.ts';
import { completeRegistration, findRegistration, resendRegistrationCode, startRegistration } from '../register-citizen.ts';
import type { PendingRegistration } from '../register-citizen.ts';
import { endSession } from '../sign-in.ts';

/** The browser's registration token: HttpOnly, only sent to /register…, gone after 15 minutes. */
export const REGISTRATION_COOKIE = 'sc_registration';
const REGISTRATION_COOKIE_SECONDS = 15 * 60;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The same brake as sign-in: posts per IP and minute. Each start or resend also waits a minute per number. */
const REGISTER_RATE = { max: 20, timeWindow: '1 minute' };

function registrationToken(request: FastifyRequest): string | undefined {
  const token = request.cookies[REGISTRATION_COOKIE];
  return token && TOKEN_PATTERN.test(token) ? token : undefined;
}

interface FormValues {
  fullName: string;
  contact: string;
}

function registerPage(request: FastifyRequest, reply: FastifyReply, o: { values?: FormValues; errors?: FieldErrors; general?: string; status?: number } = {}) {
  const t = request.t;
  const errors = o.errors ?? {};
  const v = o.values ?? { fullName: '', contact: '' };
  return reply.page(
    {
      title: t('register.title'),
      body: html`<div class="narrow">
<h1>${t('register.title')}</h1>
${errorSummary(t, errors, o.general)}
<p>${t('register.intro')}</p>
<form method="post" action="/register" novalidate>
${csrfField(request.csrfToken())}
${textField(t, { name: 'fullName', label: t('register.full_name'), value: v.fullName, autocomplete: 'name', required: true, maxlength: FULL_NAME_MAX, error: errors.fullName })}
${textField(t, { name: 'contact', label: t('register.contact'), hint: t('register.contact_hint'), value: v.contact, autocomplete: 'username', required: true, maxlength: 254, error: errors.contact })}
${textField(t, { name: 'password', label: t('register.password'), hint: t('register.password_hint'), type: 'password', autocomplete: 'new-password', required: true, maxlength: PASSWORD_MAX, error: errors.password })}
${textField(t, { name: 'confirm', label: t('register.confirm'), type: 'password', autocomplete: 'new-password', required: true, maxlength: PASSWORD_MAX, error: errors.confirm })}
<button type="submit" class="button">${t('register.submit')}</button>
</form>
<p>${t('register.have_account')} <a href="/login">${t('sign_in.title')}</a></p>
</div>`,
    },
    o.status ?? 200,
  );
}

function verifyPage(request: FastifyRequest, reply: FastifyReply, reg: PendingRegistration, o: { error?: { key: MessageKey; params?: Record<string, string | number> }; codeError?: boolean; status?: number } = {}) {
  const t = request.t;
  const token = request.csrfToken();
  const message = o.error ? t(o.error.key, o.error.params) : undefined;
  const pending = reg.state === 'pending';
  const mayResend = (reg.state === 'pending' || reg.state === 'expired') && reg.sendsLeft > 0;
  const stateNote: MessageKey | null = reg.state === 'void' ? 'register.void' : reg.state === 'expired' ? 'register.expired' : null;
  return reply.page(
    {
      title: t('register.verify_title'),
      body: html`<div class="narrow">
<h1>${t('register.verify_title')}</h1>
${o.codeError && o.error ? errorSummary(t, { code: o.error.key }) : errorSummary(t, {}, message)}
${stateNote && !o.error ? html`<p class="notice" role="status">${t(stateNote)}</p>` : ''}
<p>${t('register.sent_to', { contact: reg.contact.value })}</p>
${pending ? html`<form method="post" action="/register/verify" novalidate>
${csrfField(token)}
${textField(t, { name: 'code', label: t('register.code'), hint: reg.attemptsLeft < CODE_MAX_ATTEMPTS ? `${t('register.code_hint')} ${t('register.attempts_left', { left: reg.attemptsLeft })}` : t('register.code_hint'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: 12, error: o.codeError ? o.error?.key : undefined })}
<button type="submit" class="button">${t('register.verify_submit')}</button>
</form>` : ''}
${mayResend ? html`<form method="post" action="/register/resend" novalidate>
${csrfField(token)}
<p class="hint">${reg.resendWait > 0 ? t('register.resend_hint_wait', { seconds: reg.resendWait }) : t('register.resend_hint')}</p>
<button type="submit" class="button secondary">${t('register.resend')}</button>
</form>` : ''}
<p><a href="/register">${t('register.start_again')}</a></p>
</div>`,
    },
    o.status ?? 200,
  );
}

/** No registration in this browser (or it is finished): back to the start. */
const toStart = (reply: FastifyReply) => reply.redirect('/register', 303);

export function registerPages(ctx: IdentityContext) {
  return (app: App) => {
    app.get('/register', { config: { permission: 'public' } }, async (request, reply) => {
      if (request.actor) return reply.redirect('/', 303);
      return registerPage(request, reply);
    });

    app.post('/register', { config: { permission: 'public', rateLimit: REGISTER_RATE } }, async (request, reply) => {
      const values = { fullName: formText(request, 'fullName', 500), contact: formText(request, 'contact', 500) };
      const result = await startRegistration(ctx, auditActorOf(request), {
        ...values, password: formText(request, 'password', 1000), confirm: formText(request, 'confirm', 1000),
      });
      if (!result.ok) return registerPage(request, reply, { values, errors: result.errors, status: 400 });
      reply.setCookie(REGISTRATION_COOKIE, result.token, { ...cookieOptions(request, REGISTRATION_COOKIE_SECONDS), path: '/register' });
      return reply.redirect('/register/verify', 303);
    });

    app.get('/register/verify', { config: { permission: 'public' } }, async (request, reply) => {
      const token = registrationToken(request);
      const reg = token ? await findRegistration(ctx, token) : undefined;
      if (!reg || reg.state === 'completed') return toStart(reply);
      return verifyPage(request, reply, reg);
    });

    app.post('/register/verify', { config: { permission: 'public', rateLimit: REGISTER_RATE } }, async (request, reply) => {
      const token = registrationToken(request);
      const reg = token ? await findRegistration(ctx, token) : undefined;
      if (!token || !reg || reg.state === 'completed') return toStart(reply);
      try {
        const result = await completeRegistration(ctx, auditActorOf(request), token, formText(request, 'code', 40));
        // As at sign-in: a session this browser had ends, and the new one gets a new token.
        if (request.session) await endSession(ctx, request.session.token);
        reply.clearCookie(REGISTRATION_COOKIE, { path: '/register' });
        reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(request));
        return reply.redirectWithNotice('/', 'register.welcome');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const fresh = (await findRegistration(ctx, token)) ?? reg;
        const codeError = error.code === 'register.code_wrong' || error.code === 'register.code_format';
        return verifyPage(request, reply, fresh, { error: { key: error.code as MessageKey, params: error.params }, codeError, status: error.status });
      }
    });

    app.post('/register/resend', { config: { permission: 'public', rateLimit: REGISTER_RATE } }, async (request, reply) => {
      const token = registrationToken(request);
      const reg = token ? await findRegistration(ctx, token) : undefined;
      if (!token || !reg || reg.state === 'completed') return toStart(reply);
      try {
        await resendRegistrationCode(ctx, auditActorOf(request), token);
        return reply.redirectWithNotice('/register/verify', 'register.code_resent');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return verifyPage(request, reply, reg, { error: { key: error.code as MessageKey, params: error.params }, status: error.status });
      }
    });
  };
}
