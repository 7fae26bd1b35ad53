import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { formList, formText, idParam } from '../../../platform/http/form.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField, errorSummary, textField } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { findUnit, listUnits } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { rolesAllowedIn } from '../domain/roles.ts';
import type { Role } from '../domain/roles.ts';
import type { IdentityContext } from '../context.ts';
import { createOfficial, resetOfficialPassword, resetOfficialTwoFactor, setOfficialDisabled, setOfficialRoles, setUnitTwoFactorRule } from '../manage-officials.ts';
import { findOfficial, listOfficialsOfUnit } from '../store.ts';
import type { Official } from '../store.ts';

const VIEW = { permission: 'officials.view' } as const;
const MANAGE = { permission: 'officials.manage' } as const;

async function unitOf(ctx: IdentityContext, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
  if (!unit) throw new AppError('error.not_found', 404);
  return unit;
}

const base = (unit: Unit) => `/admin/units/${unit.id}/officials`;
const canManage = (request: FastifyRequest) => request.actor?.kind === 'official' && request.actor.permissions.has('officials.manage');

function roleBoxes(t: Translate, unit: Unit, checked: readonly Role[], error?: FieldErrors[string]): SafeHtml {
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="f-roles" aria-describedby="${error ? 'f-roles-error' : ''}">
<legend>${t('officials.roles')}</legend>
${error ? html`<p class="error-message" id="f-roles-error">${t(error)}</p>` : ''}
${rolesAllowedIn(unit.kind).map(
  (role) => html`<div class="checkbox"><input type="checkbox" id="role-${role}" name="roles" value="${role}"${checked.includes(role) ? html` checked` : ''}><label for="role-${role}">${t(`role.${role}`)}</label></div>`,
)}
</fieldset>`;
}

function statusText(t: Translate, o: Official): string {
  if (o.disabled) return t('officials.disabled');
  if (o.lockedUntil && o.lockedUntil > new Date()) return t('officials.locked');
  return t('officials.active');
}

async function listPage(ctx: IdentityContext, request: FastifyRequest, reply: FastifyReply, unit: Unit, errors: FieldErrors = {}, values: Record<string, string> = {}, checked: Role[] = []) {
  const t = request.t;
  const officials = await listOfficialsOfUnit(ctx.db, unit.id);
  const children = (await listUnits(ctx.db)).filter((u) => u.parentId === unit.id && u.kind !== 'village');
  const manage = canManage(request);
  return reply.page(
    {
      title: t('officials.title', { unit: unit.name }),
      body: html`<h1>${t('officials.title', { unit: unit.name })}</h1>
${children.length > 0 ? html`<nav aria-label="${t('nav.units')}"><ul class="inline-list">${children.map((c) => html`<li><a href="${base(c)}">${c.name}</a></li>`)}</ul></nav>` : ''}
${officials.length === 0 ? html`<p>${t('officials.none')}</p>` : html`<div class="table-wrap"><table>
<caption class="visually-hidden">${t('officials.title', { unit: unit.name })}</caption>
<thead><tr><th scope="col">${t('officials.full_name')}</th><th scope="col">${t('officials.username')}</th><th scope="col">${t('officials.roles')}</th><th scope="col">${t('officials.status')}</th><th scope="col">${t('officials.two_factor')}</th><th scope="col"><span class="visually-hidden">${t('officials.edit')}</span></th></tr></thead>
<tbody>${officials.map(
  (o) => html`<tr><td>${o.fullName}${o.position ? html`<br><small>${o.position}</small>` : ''}</td><td>${o.username}</td><td>${o.roles.map((r) => t(`role.${r}`)).join(', ')}</td><td>${statusText(t, o)}</td><td>${o.twoFactorEnabled ? t('officials.yes') : t('officials.no')}</td><td><a href="${base(unit)}/${o.id}">${t('officials.edit')}<span class="visually-hidden"> ${o.fullName}</span></a></td></tr>`,
)}</tbody></table></div>`}
${manage ? html`<section aria-labelledby="add-title"><h2 id="add-title">${t('officials.add')}</h2>
${errorSummary(t, errors)}
<form method="post" action="${base(unit)}" novalidate>
${csrfField(request.csrfToken())}
${textField(t, { name: 'fullName', label: t('officials.full_name'), value: values.fullName, required: true, maxlength: 120, error: errors.fullName, autocomplete: 'off' })}
${textField(t, { name: 'username', label: t('officials.username'), value: values.username, required: true, maxlength: 40, error: errors.username, autocomplete: 'off' })}
${textField(t, { name: 'position', label: t('officials.position'), value: values.position, maxlength: 120 })}
${textField(t, { name: 'email', label: t('officials.email'), type: 'email', value: values.email, maxlength: 200, error: errors.email })}
${textField(t, { name: 'phone', label: t('officials.phone'), type: 'tel', value: values.phone, maxlength: 20, error: errors.phone })}
${textField(t, { name: 'password', label: t('officials.password'), type: 'password', required: true, maxlength: 200, error: errors.password, autocomplete: 'new-password' })}
${roleBoxes(t, unit, checked, errors.roles)}
<button type="submit" class="button">${t('officials.create')}</button>
</form></section>
${request.actor?.kind === 'official' && request.actor.permissions.has('units.manage') && unit.kind !== 'village' ? html`<section aria-labelledby="settings-title"><h2 id="settings-title">${t('two_factor.title')}</h2>
<form method="post" action="/admin/units/${unit.id}/settings">${csrfField(request.csrfToken())}
<div class="checkbox"><input type="checkbox" id="require2fa" name="requireTwoFactor" value="1"${unit.requireTwoFactor ? html` checked` : ''}><label for="require2fa">${t('officials.require_two_factor')}</label></div>
<button type="submit" class="button secondary">${t('officials.save')}</button></form></section>` : ''}` : ''}`,
    },
    Object.keys(errors).length > 0 ? 400 : 200,
  );
}

async function editPage(ctx: IdentityContext, request: FastifyRequest, reply: FastifyReply, unit: Unit, official: Official, errors: FieldErrors = {}) {
  const t = request.t;
  const manage = canManage(request);
  const action = `${base(unit)}/${official.id}`;
  const token = request.csrfToken();
  return reply.page(
    {
      title: t('officials.edit_title', { name: official.fullName }),
      body: html`<p><a href="${base(unit)}">← ${t('officials.back')}</a></p>
<h1>${t('officials.edit_title', { name: official.fullName })}</h1>
<dl class="summary">
<dt>${t('officials.username')}</dt><dd>${official.username}</dd>
<dt>${t('officials.position')}</dt><dd>${official.position || '—'}</dd>
<dt>${t('officials.status')}</dt><dd>${statusText(t, official)}</dd>
<dt>${t('officials.two_factor')}</dt><dd>${official.twoFactorEnabled ? t('officials.yes') : t('officials.no')}</dd>
</dl>
${manage ? html`${errorSummary(t, errors)}
<form method="post" action="${action}/roles" novalidate>${csrfField(token)}
${roleBoxes(t, unit, official.roles, errors.roles)}
<button type="submit" class="button">${t('officials.save_roles')}</button></form>
<form method="post" action="${action}/status">${csrfField(token)}<input type="hidden" name="disabled" value="${official.disabled ? '0' : '1'}">
<button type="submit" class="button ${official.disabled ? 'secondary' : 'warning'}">${official.disabled ? t('officials.enable') : t('officials.disable')}</button></form>
${official.twoFactorEnabled ? html`<form method="post" action="${action}/two-factor-reset">${csrfField(token)}<button type="submit" class="button secondary">${t('officials.reset_two_factor')}</button></form>` : ''}
<form method="post" action="${action}/password" novalidate>${csrfField(token)}
${textField(t, { name: 'password', label: t('officials.password'), type: 'password', required: true, maxlength: 200, error: errors.password, autocomplete: 'new-password' })}
<button type="submit" class="button secondary">${t('officials.reset_password')}</button></form>` : ''}`,
    },
    Object.keys(errors).length > 0 ? 400 : 200,
  );
}

async function officialOf(ctx: IdentityContext, request: FastifyRequest, unit: Unit): Promise<Official> {
  const official = await findOfficial(ctx.db, unit.id, idParam(request, 'officialId'));
  if (!official) throw new AppError('error.not_found', 404);
  return official;
}

export function adminPages(ctx: IdentityContext) {
  return (app: App) => {
    app.get('/admin/officials', { config: VIEW }, async (request, reply) => {
      const actor = request.actor!;
      return reply.redirect(`/admin/units/${actor.kind === 'official' ? actor.unitId : 0}/officials`, 303);
    });
    app.get('/admin/units/:unitId/officials', { config: VIEW }, async (request, reply) => listPage(ctx, request, reply, await unitOf(ctx, request)));

    app.post('/admin/units/:unitId/officials', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const values = {
        fullName: formText(request, 'fullName', 200), username: formText(request, 'username', 100), position: formText(request, 'position', 200),
        email: formText(request, 'email', 200), phone: formText(request, 'phone', 30),
      };
      const roles = formList(request, 'roles');
      const result = await createOfficial(ctx, auditActorOf(request), unit, { ...values, password: formText(request, 'password', 400), roles });
      if (!result.ok) return listPage(ctx, request, reply, unit, result.errors, values, roles.filter((r): r is Role => rolesAllowedIn(unit.kind).includes(r as Role)) as Role[]);
      return reply.redirectWithNotice(base(unit), 'officials.created', { name: result.official.fullName });
    });

    app.get('/admin/units/:unitId/officials/:officialId', { config: VIEW }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      return editPage(ctx, request, reply, unit, await officialOf(ctx, request, unit));
    });

    app.post('/admin/units/:unitId/officials/:officialId/roles', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const official = await officialOf(ctx, request, unit);
      const errors = await setOfficialRoles(ctx, auditActorOf(request), unit, official.id, formList(request, 'roles'));
      if (Object.keys(errors).length > 0) return editPage(ctx, request, reply, unit, official, errors);
      return reply.redirectWithNotice(`${base(unit)}/${official.id}`, 'officials.roles_saved');
    });

    app.post('/admin/units/:unitId/officials/:officialId/status', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const official = await officialOf(ctx, request, unit);
      const disabled = formText(request, 'disabled', 1);
      if (disabled !== '0' && disabled !== '1') throw new AppError('error.invalid_request', 400, { detail: 'disabled' });
      await setOfficialDisabled(ctx, auditActorOf(request), unit, official.id, disabled === '1');
      return reply.redirectWithNotice(`${base(unit)}/${official.id}`, 'officials.status_saved');
    });

    app.post('/admin/units/:unitId/officials/:officialId/two-factor-reset', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const official = await officialOf(ctx, request, unit);
      await resetOfficialTwoFactor(ctx, auditActorOf(request), unit, official.id);
      return reply.redirectWithNotice(`${base(unit)}/${official.id}`, 'officials.two_factor_reset');
    });

    app.post('/admin/units/:unitId/officials/:officialId/password', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const official = await officialOf(ctx, request, unit);
      const errors = await resetOfficialPassword(ctx, auditActorOf(request), unit, official.id, formText(request, 'password', 400));
      if (Object.keys(errors).length > 0) return editPage(ctx, request, reply, unit, official, errors);
      return reply.redirectWithNotice(`${base(unit)}/${official.id}`, 'officials.password_reset');
    });

    app.post('/admin/units/:unitId/settings', { config: { permission: 'units.manage' } }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      await setUnitTwoFactorRule(ctx, auditActorOf(request), unit, formText(request, 'requireTwoFactor', 1) === '1');
      return reply.redirectWithNotice(base(unit), 'officials.unit_settings_saved');
    });
  };
}
