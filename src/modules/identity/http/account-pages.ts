import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { OfficialActor } from '../../../platform/http/actor.ts';
import { formText } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import { html, raw } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { IdentityContext } from '../context.ts';
import { beginTotpEnrolment, changeOwnPassword, confirmTotpEnrolment } from '../manage-account.ts';

/** The account page serves officials and citizens; two-step verification is for officials. */
const ACCOUNT = { permission: 'signed_in', allowWhilePending: true } as const;
const TWO_FACTOR = { permission: 'workspace.view', allowWhilePending: true } as const;

function official(request: FastifyRequest): OfficialActor {
  const actor = request.actor;
  if (actor?.kind !== 'official') throw new AppError('error.forbidden', 403);
  return actor;
}

function whoOf(request: FastifyRequest) {
  const actor = official(request);
  return { ...auditActorOf(request), id: actor.id, unitId: actor.unitId };
}

/** The signed-in person, official or citizen, as the audit names them. */
function personOf(request: FastifyRequest) {
  const actor = request.actor;
  if (!actor) throw new AppError('error.unauthenticated', 401);
  return { ...auditActorOf(request), id: actor.id };
}

function accountPage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, status = 200) {
  const t = request.t;
  const actor = request.actor;
  if (!actor) throw new AppError('error.unauthenticated', 401);
  return reply.page(
    {
      title: t('account.title'),
      notice: actor.pending === 'change_password' ? t('account.must_change') : undefined,
      body: html`<h1>${t('account.title')}</h1>
<p>${actor.kind === 'official' ? `${actor.name} · ${actor.username} · ${actor.unitName}` : actor.name}</p>
<section aria-labelledby="pw-title">
<h2 id="pw-title">${t('account.change_password')}</h2>
${errorSummary(t, errors)}
<form method="post" action="/account/password" novalidate>
${csrfField(request.csrfToken())}
${textField(t, { name: 'current', label: t('account.current_password'), type: 'password', autocomplete: 'current-password', required: true, error: errors.current })}
${textField(t, { name: 'next', label: t('account.new_password'), type: 'password', autocomplete: 'new-password', required: true, error: errors.next })}
${textField(t, { name: 'confirm', label: t('account.confirm_password'), type: 'password', autocomplete: 'new-password', required: true, error: errors.confirm })}
<button type="submit" class="button">${t('account.save')}</button>
</form>
</section>
${actor.kind === 'official' ? html`<section aria-labelledby="tf-title">
<h2 id="tf-title">${t('two_factor.title')}</h2>
<p>${actor.twoFactorEnabled ? t('two_factor.status_on') : t('two_factor.status_off')}</p>
${actor.twoFactorEnabled ? '' : html`<p><a class="button secondary" href="/account/two-factor">${t('two_factor.enrol_submit')}</a></p>`}
</section>
<p><a href="/account/signature">${t('signatures.account.link')}</a></p>` : ''}`,
    },
    status,
  );
}

async function enrolPage(ctx: IdentityContext, request: FastifyRequest, reply: FastifyReply, error = false) {
  const t = request.t;
  const actor = official(request);
  if (actor.twoFactorEnabled) return reply.redirect('/account', 303);
  const enrolment = await beginTotpEnrolment(ctx, whoOf(request));
  return reply.page(
    {
      title: t('two_factor.enrol_title'),
      notice: actor.pending === 'enrol_two_factor' ? t('two_factor.required') : undefined,
      body: html`<div class="narrow">
<h1>${t('two_factor.enrol_title')}</h1>
${errorSummary(t, error ? { code: 'identity.invalid_totp' } : {})}
<p>${t('two_factor.enrol_intro')}</p>
<div class="qr" role="img" aria-label="${t('two_factor.qr_alt')}">${raw(enrolment.qrSvg)}</div>
<p>${t('two_factor.secret_text')} <code class="secret" data-testid="totp-secret">${enrolment.secret}</code></p>
<form method="post" action="/account/two-factor" novalidate>
${csrfField(request.csrfToken())}
${textField(t, { name: 'code', label: t('two_factor.code'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: 10, error: error ? 'identity.invalid_totp' : undefined })}
<button type="submit" class="button">${t('two_factor.enrol_submit')}</button>
</form></div>`,
    },
    error ? 400 : 200,
  );
}

export function accountPages(ctx: IdentityContext) {
  return (app: App) => {
    app.get('/account', { config: ACCOUNT }, async (request, reply) => accountPage(request, reply));

    app.post('/account/password', { config: ACCOUNT }, async (request, reply) => {
      const errors = await changeOwnPassword(ctx, personOf(request), request.session!.token, {
        current: formText(request, 'current', 200), next: formText(request, 'next', 400), confirm: formText(request, 'confirm', 400),
      });
      if (Object.keys(errors).length > 0) return accountPage(request, reply, errors, 400);
      return reply.redirectWithNotice('/account', 'account.password_changed');
    });

    app.get('/account/two-factor', { config: TWO_FACTOR }, async (request, reply) => enrolPage(ctx, request, reply));

    app.post('/account/two-factor', { config: TWO_FACTOR }, async (request, reply) => {
      const t = request.t;
      let codes: string[];
      try {
        codes = await confirmTotpEnrolment(ctx, whoOf(request), formText(request, 'code', 20));
      } catch (error) {
        if (error instanceof AppError && error.code === 'identity.invalid_totp') return enrolPage(ctx, request, reply, true);
        throw error;
      }
      return reply.page({
        title: t('two_factor.recovery_title'),
        body: html`<div class="narrow">
<h1>${t('two_factor.recovery_title')}</h1>
<p class="notice" role="status">${t('two_factor.enabled')}</p>
<ul class="recovery-codes" data-testid="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a class="button" href="/">${t('two_factor.continue')}</a></p></div>`,
      });
    });
  };
}
