/**
 * The certificates page of a unit (`signatures.manage`: a commune's chairman for his commune, the province's
 * system administrator for every unit): the seal's and every official's certificate in use, with the actions
 * on them — issue or renew from the built-in CA, import a PKCS#12 from a real CA, revoke with a reason,
 * download (DER) — and the unit's revoked and replaced certificates. Every change goes through enrolment.ts,
 * which audits it. Units out of the caller's reach are 404 (the platform checks `:unitId`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formFile, formText, idParam } from '../../../platform/http/form.ts';
import type { MessageKey, Translate } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import { listOfficialsOfUnit } from '../../identity/index.ts';
import type { Official } from '../../identity/index.ts';
import { findUnit, isAgency, listUnits } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import { nowOf } from '../context.ts';
import type { SignaturesContext } from '../context.ts';
import { enrolOfficial, enrolSeal, importCertificate, revokeCertificate } from '../enrolment.ts';
import { certificateInfo, importPkcs12, PkiError } from '../pki/index.ts';
import { findCertificateById, findCurrentCertificate, listCertificatesOfUnits } from '../store.ts';
import type { CertificateRow } from '../store.ts';

const MANAGE = { permission: 'signatures.manage' } as const;
/** A PKCS#12 of one identity and its chain is a few KB; 100 KB leaves room for long chains. */
export const P12_MAX_BYTES = 100 * 1024;
/** A certificate this close to its end is shown as expiring. */
const EXPIRING_DAYS = 30;
const DAY_MS = 86_400_000;

export const REVOCATION_REASONS = ['keyCompromise', 'affiliationChanged', 'cessationOfOperation'] as const;
type RevocationReason = (typeof REVOCATION_REASONS)[number];

const pageOf = (unit: Pick<Unit, 'id'>) => `/admin/units/${unit.id}/certificates`;

// --- shared with the account page ------------------------------------------------------------------

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' });

/** A day as Vietnamese documents write it, in Vietnam's time zone: 28/11/2026. */
export const vietnamDay = (at: Date) => DAY_FORMAT.format(at);

export type CertificateStatus = 'valid' | 'expiring' | 'expired' | 'not_yet_valid' | 'revoked';

export function certificateStatus(row: Pick<CertificateRow, 'not_before' | 'not_after' | 'revoked_at'>, now: Date): { status: CertificateStatus; days: number } {
  const days = Math.ceil((new Date(row.not_after).getTime() - now.getTime()) / DAY_MS);
  if (row.revoked_at) return { status: 'revoked', days };
  if (days <= 0 || new Date(row.not_after).getTime() < now.getTime()) return { status: 'expired', days: 0 };
  if (new Date(row.not_before).getTime() > now.getTime()) return { status: 'not_yet_valid', days };
  return { status: days <= EXPIRING_DAYS ? 'expiring' : 'valid', days };
}

export function statusText(t: Translate, row: CertificateRow, now: Date): SafeHtml {
  const { status, days } = certificateStatus(row, now);
  const text = t(`signatures.certs.status.${status}`, { days });
  return status === 'valid' ? html`${text}` : html`<strong>${text}</strong>`;
}

const keyType = (row: Pick<CertificateRow, 'algorithm'>) => (row.algorithm === 'ECDSA-P256' ? 'ECDSA P-256' : 'RSA 2048');

/** The certificate's subject title (the official's position), read from the certificate itself. */
function titleOf(row: CertificateRow): string {
  try {
    return certificateInfo(row.certificate).subject.title ?? '';
  } catch {
    return '';
  }
}

/** Subject, issuer, serial, validity, source, key type and status of one certificate, as a definition list. */
export function certificateDetails(t: Translate, row: CertificateRow, now: Date): SafeHtml {
  const title = titleOf(row);
  return html`<dl class="summary">
<dt>${t('signatures.certs.col.subject')}</dt><dd>${row.subject_name}</dd>
${title ? html`<dt>${t('signatures.certs.col.title')}</dt><dd>${title}</dd>` : ''}
<dt>${t('signatures.certs.col.issuer')}</dt><dd>${row.issuer_name}</dd>
<dt>${t('signatures.certs.col.serial')}</dt><dd><code>${row.serial}</code></dd>
<dt>${t('signatures.certs.col.valid_from')}</dt><dd>${vietnamDay(row.not_before)}</dd>
<dt>${t('signatures.certs.col.valid_to')}</dt><dd>${vietnamDay(row.not_after)}</dd>
<dt>${t('signatures.certs.col.source')}</dt><dd>${t(`signatures.certs.source.${row.source}`)}</dd>
<dt>${t('signatures.certs.col.key')}</dt><dd>${keyType(row)}</dd>
<dt>${t('signatures.certs.col.status')}</dt><dd>${statusText(t, row, now)}</dd>
</dl>`;
}

/** A certificate as a DER download (`.cer`, which Windows and browsers open). */
export function sendCertificate(reply: FastifyReply, row: CertificateRow) {
  return reply
    .header('content-type', 'application/pkix-cert')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="chung-thu-so-${row.serial.slice(0, 40)}.cer"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(row.certificate));
}

// --- the page --------------------------------------------------------------------------------------

/** A failed post: which form, the message (with its parameters) and the field at fault, what was chosen. */
interface FormState {
  form: 'import' | 'issue';
  field: 'owner' | 'p12' | 'password';
  error: MessageKey;
  params?: Record<string, string | number>;
  owner?: string;
  status: number;
}

interface Holder {
  /** `seal` or the official's id: the value of the forms' `owner` field. */
  owner: string;
  name: string;
  position: string;
  disabled: boolean;
  current: CertificateRow | undefined;
}

function actionsOf(t: Translate, token: string, unit: Unit, h: Holder): SafeHtml {
  const base = pageOf(unit);
  const label = html`<span class="visually-hidden"> ${t('signatures.certs.for', { name: h.name })}</span>`;
  const issue = h.disabled
    ? html``
    : html`<form method="post" action="${base}/issue" class="inline">${csrfField(token)}<input type="hidden" name="owner" value="${h.owner}"><button type="submit" class="link-button">${t(h.current ? 'signatures.certs.renew' : 'signatures.certs.issue')}${label}</button></form>`;
  if (!h.current) return issue;
  const id = Number(h.current.id);
  return html`${issue}
<p><a href="${base}/${id}/download">${t('signatures.certs.download')}${label}</a></p>
<form method="post" action="${base}/${id}/revoke">${csrfField(token)}
<label for="reason-${id}">${t('signatures.certs.revoke_reason')}</label>
<select id="reason-${id}" name="reason">${REVOCATION_REASONS.map((r) => html`<option value="${r}">${t(`signatures.certs.reason.${r}`)}</option>`)}</select>
<button type="submit" class="button secondary">${t('signatures.certs.revoke')}${label}</button></form>`;
}

function holderRow(t: Translate, token: string, unit: Unit, h: Holder, now: Date): SafeHtml {
  const c = h.current;
  const owner = html`<th scope="row">${h.name}${h.position ? html`<br><small>${h.position}</small>` : ''}${h.disabled ? html`<br><small>${t('signatures.certs.disabled')}</small>` : ''}</th>`;
  if (!c) return html`<tr>${owner}<td colspan="9">${t('signatures.certs.none')}</td><td>${actionsOf(t, token, unit, h)}</td></tr>`;
  return html`<tr>${owner}<td>${c.subject_name}</td><td>${titleOf(c) || '—'}</td><td>${c.issuer_name}</td><td><code>${c.serial}</code></td>
<td>${vietnamDay(c.not_before)}</td><td>${vietnamDay(c.not_after)}</td><td>${t(`signatures.certs.source.${c.source}`)}</td><td>${keyType(c)}</td>
<td>${statusText(t, c, now)}</td><td>${actionsOf(t, token, unit, h)}</td></tr>`;
}

function holdersTable(t: Translate, token: string, unit: Unit, id: string, caption: string, holders: Holder[], now: Date): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${t('signatures.certs.col.owner')}</th><th scope="col">${t('signatures.certs.col.subject')}</th><th scope="col">${t('signatures.certs.col.title')}</th><th scope="col">${t('signatures.certs.col.issuer')}</th><th scope="col">${t('signatures.certs.col.serial')}</th><th scope="col">${t('signatures.certs.col.valid_from')}</th><th scope="col">${t('signatures.certs.col.valid_to')}</th><th scope="col">${t('signatures.certs.col.source')}</th><th scope="col">${t('signatures.certs.col.key')}</th><th scope="col">${t('signatures.certs.col.status')}</th><th scope="col">${t('signatures.certs.col.actions')}</th></tr></thead>
<tbody>${holders.map((h) => holderRow(t, token, unit, h, now))}</tbody>
</table></div>`;
}

function issueMissingForm(t: Translate, token: string, unit: Unit): SafeHtml {
  return html`<section aria-labelledby="missing-title"><h2 id="missing-title">${t('signatures.certs.issue_missing_title')}</h2>
<p class="hint">${t('signatures.certs.issue_missing_hint')}</p>
<form method="post" action="${pageOf(unit)}/issue-missing">${csrfField(token)}<button type="submit" class="button">${t('signatures.certs.issue_missing_submit')}</button></form>
</section>`;
}

function importForm(t: Translate, token: string, unit: Unit, holders: Holder[], state: FormState | undefined): SafeHtml {
  const mine = state?.form === 'import' ? state : undefined;
  const errorFor = (field: FormState['field']) => (mine?.field === field ? t(mine.error, mine.params) : undefined);
  const fileError = errorFor('p12');
  const passwordError = errorFor('password');
  const ownerError = errorFor('owner');
  const chosen = mine?.owner;
  return html`<section aria-labelledby="import-title"><h2 id="import-title">${t('signatures.certs.import_title')}</h2>
<p class="hint">${t('signatures.certs.import_hint')}</p>
<form method="post" action="${pageOf(unit)}/import" enctype="multipart/form-data" novalidate>
${csrfField(token)}
<div class="field${ownerError ? ' field-error' : ''}">
  <label for="f-owner">${t('signatures.certs.import_owner')}</label>
  ${ownerError ? html`<p class="error-message" id="f-owner-error">${ownerError}</p>` : ''}
  <select id="f-owner" name="owner"${ownerError ? html` aria-describedby="f-owner-error" aria-invalid="true"` : ''}>${holders.filter((h) => !h.disabled).map(
    (h) => html`<option value="${h.owner}"${h.owner === chosen ? html` selected` : ''}>${h.owner === 'seal' ? `${t('signatures.certs.seal_owner')}: ${h.name}` : h.position ? `${h.name} (${h.position})` : h.name}</option>`,
  )}</select>
</div>
<div class="field${fileError ? ' field-error' : ''}">
  <label for="f-p12">${t('signatures.certs.import_file')}</label>
  ${fileError ? html`<p class="error-message" id="f-p12-error">${fileError}</p>` : ''}
  <input id="f-p12" name="p12" type="file" accept=".p12,.pfx,application/x-pkcs12" required${fileError ? html` aria-describedby="f-p12-error" aria-invalid="true"` : ''}>
</div>
<div class="field${passwordError ? ' field-error' : ''}">
  <label for="f-password">${t('signatures.certs.import_password')}</label>
  <p class="hint" id="f-password-hint">${t('signatures.certs.import_password_hint')}</p>
  ${passwordError ? html`<p class="error-message" id="f-password-error">${passwordError}</p>` : ''}
  <input id="f-password" name="password" type="password" autocomplete="off" maxlength="1000" aria-describedby="f-password-hint${passwordError ? ' f-password-error' : ''}"${passwordError ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button secondary">${t('signatures.certs.import_submit')}</button>
</form></section>`;
}

function historyTable(t: Translate, unit: Unit, rows: CertificateRow[], holderName: (row: CertificateRow) => string): SafeHtml {
  return html`<section aria-labelledby="history-title"><h2 id="history-title">${t('signatures.certs.history_title')}</h2>
${rows.length === 0 ? html`<p>${t('signatures.certs.history_none')}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="history-title" tabindex="0"><table>
<caption class="visually-hidden">${t('signatures.certs.history_title')}</caption>
<thead><tr><th scope="col">${t('signatures.certs.col.owner')}</th><th scope="col">${t('signatures.certs.col.subject')}</th><th scope="col">${t('signatures.certs.col.serial')}</th><th scope="col">${t('signatures.certs.col.valid_from')}</th><th scope="col">${t('signatures.certs.col.valid_to')}</th><th scope="col">${t('signatures.certs.col.source')}</th><th scope="col">${t('signatures.certs.col.revoked_at')}</th><th scope="col">${t('signatures.certs.col.reason')}</th><th scope="col">${t('signatures.certs.col.actions')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${holderName(r)}</td><td>${r.subject_name}</td><td><code>${r.serial}</code></td><td>${vietnamDay(r.not_before)}</td><td>${vietnamDay(r.not_after)}</td>
<td>${t(`signatures.certs.source.${r.source}`)}</td><td>${r.revoked_at ? vietnamDay(r.revoked_at) : '—'}</td><td>${reasonText(t, r.revocation_reason)}</td>
<td><a href="${pageOf(unit)}/${Number(r.id)}/download">${t('signatures.certs.download')}<span class="visually-hidden"> ${r.serial}</span></a></td></tr>`)}</tbody>
</table></div>`}
</section>`;
}

function reasonText(t: Translate, reason: string | null): string {
  const known = [...REVOCATION_REASONS, 'superseded', 'unspecified'] as const;
  const r = known.find((k) => k === reason) ?? 'unspecified';
  return t(`signatures.certs.reason.${r}`);
}

async function holdersOf(ctx: SignaturesContext, unit: Unit, officials: Official[]): Promise<Holder[]> {
  const seal: Holder = { owner: 'seal', name: sealNameOf(unit), position: '', disabled: false, current: await findCurrentCertificate(ctx.db, { sealOf: unit.id }) };
  const people = await Promise.all(officials.map(async (o): Promise<Holder> => ({
    owner: String(o.id), name: o.fullName, position: o.position, disabled: o.disabled, current: await findCurrentCertificate(ctx.db, { officialId: o.id }),
  })));
  return [seal, ...people];
}

/** The seal's holder name: the name on the seal. */
const sealNameOf = (unit: Unit) => unit.sealName || unit.name;

async function certificatesPage(ctx: SignaturesContext, request: FastifyRequest, reply: FastifyReply, unit: Unit, state?: FormState) {
  const t = request.t;
  const token = request.csrfToken();
  const now = nowOf(ctx);
  const officials = await listOfficialsOfUnit(ctx.db, unit.id);
  const [holders, all, units] = await Promise.all([holdersOf(ctx, unit, officials), listCertificatesOfUnits(ctx.db, [unit.id]), listUnits(ctx.db)]);
  const [seal, ...people] = holders as [Holder, ...Holder[]];
  const history = all.filter((r) => r.revoked_at !== null);
  const below = units.filter((u) => u.parentId === unit.id && isAgency(u.kind)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const names = new Map(officials.map((o) => [o.id, o.fullName]));
  const holderName = (r: CertificateRow) => (r.official_id === null ? t('signatures.certs.seal_owner') : names.get(Number(r.official_id)) ?? r.subject_name);
  const title = t('signatures.certs.title', { unit: unit.name });
  const summary = state
    ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t('form.error_summary')}</h2>
<ul><li>${state.form === 'import' ? html`<a href="#f-${state.field}">${t(state.error, state.params)}</a>` : t(state.error, state.params)}</li></ul></div>`
    : '';
  return reply.page(
    {
      title,
      body: html`<p><a href="/admin/units/${unit.id}">← ${t('signatures.certs.back')}</a></p>
<h1>${title}</h1>
${summary}
<p>${t('signatures.certs.intro')}</p>
<p>${t('signatures.certs.new_officials')}</p>
${below.length > 0 ? html`<nav aria-labelledby="below-title"><h2 id="below-title">${t('signatures.certs.units_below')}</h2><ul class="inline-list">${below.map((u) => html`<li><a href="${pageOf(u)}">${u.name}</a></li>`)}</ul></nav>` : ''}
<section aria-labelledby="seal-title"><h2 id="seal-title">${t('signatures.certs.seal_title')}</h2>
<p class="hint">${t('signatures.certs.seal_image_hint')}</p>
${holdersTable(t, token, unit, 'seal-title', t('signatures.certs.seal_title'), [{ ...seal, name: `${t('signatures.certs.seal_owner')}: ${seal.name}` }], now)}
</section>
<section aria-labelledby="officials-title"><h2 id="officials-title">${t('signatures.certs.officials_title')}</h2>
${people.length === 0 ? html`<p>${t('signatures.certs.no_officials')}</p>` : holdersTable(t, token, unit, 'officials-title', t('signatures.certs.officials_title'), people, now)}
</section>
${issueMissingForm(t, token, unit)}
${importForm(t, token, unit, holders, state)}
${historyTable(t, unit, history, holderName)}`,
    },
    state?.status ?? 200,
  );
}

// --- requests --------------------------------------------------------------------------------------

/** The unit of the path: an agency (villages hold no seal and no officials). Out of reach was already a 404. */
async function unitOf(ctx: SignaturesContext, request: FastifyRequest): Promise<Unit> {
  const unit = await findUnit(ctx.db, idParam(request, 'unitId'));
  if (!unit || !isAgency(unit.kind)) throw new AppError('error.not_found', 404);
  return unit;
}

type Owner = { kind: 'seal'; name: string } | { kind: 'official'; official: Official };

/** The `owner` field: `seal`, or the id of an official of this very unit (anything else does not exist here). */
async function ownerOf(ctx: SignaturesContext, request: FastifyRequest, unit: Unit): Promise<Owner> {
  const raw = formText(request, 'owner', 20);
  if (raw === 'seal') return { kind: 'seal', name: sealNameOf(unit) };
  if (!/^\d{1,15}$/.test(raw)) throw new AppError('error.invalid_request', 400, { detail: 'owner' });
  const official = (await listOfficialsOfUnit(ctx.db, unit.id)).find((o) => o.id === Number(raw));
  if (!official) throw new AppError('error.not_found', 404);
  return { kind: 'official', official };
}

const ownerName = (owner: Owner) => (owner.kind === 'seal' ? owner.name : owner.official.fullName);

/** A certificate of this unit (by the path's id); another unit's is not found. */
async function certificateOf(ctx: SignaturesContext, request: FastifyRequest, unit: Unit): Promise<CertificateRow> {
  const row = await findCertificateById(ctx.db, idParam(request, 'certificateId'));
  if (!row || Number(row.unit_id) !== unit.id) throw new AppError('error.not_found', 404);
  return row;
}

/**
 * The message for a PKCS#12 that cannot be imported, and the field at fault. An unsupported algorithm or key
 * is named (from the PkiError's English message, where the PKI writes the name after a colon or "key").
 */
export function p12Problem(error: PkiError): { error: MessageKey; field: 'p12' | 'password'; params?: Record<string, string> } {
  switch (error.code) {
    case 'pkcs12.wrong_password':
      return { error: 'signatures.p12.wrong_password', field: 'password' };
    case 'pkcs12.unsupported_algorithm': {
      const name = /:\s*(.+)$/.exec(error.message)?.[1] ?? /iteration count \S+/.exec(error.message)?.[0] ?? '?';
      return { error: 'signatures.p12.unsupported_algorithm', field: 'p12', params: { name: name.slice(0, 120) } };
    }
    case 'pki.unsupported_key':
      return { error: 'signatures.p12.unsupported_key', field: 'p12', params: { name: (/unsupported key (\S+)/.exec(error.message)?.[1] ?? '?').slice(0, 60) } };
    case 'pki.key_mismatch':
      return { error: 'signatures.p12.key_mismatch', field: 'p12' };
    case 'pkcs12.no_mac':
      return { error: 'signatures.p12.no_mac', field: 'p12' };
    case 'pkcs12.no_private_key':
      return { error: 'signatures.p12.no_private_key', field: 'p12' };
    case 'pkcs12.no_certificate':
      return { error: 'signatures.p12.no_certificate', field: 'p12' };
    default:
      return { error: 'signatures.p12.malformed', field: 'p12' };
  }
}

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

export function certificatePages(ctx: SignaturesContext) {
  return (app: App) => {
    app.get('/admin/certificates', { config: MANAGE }, async (request, reply) => {
      const actor = request.actor;
      return reply.redirect(`/admin/units/${actor?.kind === 'official' ? actor.unitId : 0}/certificates`, 303);
    });

    app.get('/admin/units/:unitId/certificates', { config: MANAGE }, async (request, reply) => certificatesPage(ctx, request, reply, await unitOf(ctx, request)));

    app.post('/admin/units/:unitId/certificates/issue', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const owner = await ownerOf(ctx, request, unit);
      const audit = auditActorOf(request);
      if (owner.kind === 'official' && owner.official.disabled) {
        return certificatesPage(ctx, request, reply, unit, { form: 'issue', field: 'owner', error: 'signatures.certs.official_disabled', status: 409 });
      }
      try {
        if (owner.kind === 'seal') await enrolSeal(ctx, audit, unit.id);
        else await enrolOfficial(ctx, audit, unit.id, owner.official.id);
      } catch (error) {
        if (error instanceof PkiError && error.code === 'pki.invalid_name') {
          return certificatesPage(ctx, request, reply, unit, { form: 'issue', field: 'owner', error: 'signatures.certs.name_too_long', status: 400 });
        }
        throw error;
      }
      return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.issued', { name: ownerName(owner) });
    });

    app.post('/admin/units/:unitId/certificates/issue-missing', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const audit = auditActorOf(request);
      let count = 0;
      const failed: string[] = [];
      const attempt = async (name: string, issue: () => Promise<unknown>) => {
        try {
          await issue();
          count++;
        } catch (error) {
          if (!(error instanceof PkiError && error.code === 'pki.invalid_name')) throw error;
          failed.push(name);
        }
      };
      if (!(await findCurrentCertificate(ctx.db, { sealOf: unit.id }))) await attempt(sealNameOf(unit), () => enrolSeal(ctx, audit, unit.id));
      // One at a time: each is its own transaction and audit entry, and key generation is CPU-bound anyway.
      for (const o of await listOfficialsOfUnit(ctx.db, unit.id)) {
        if (o.disabled || (await findCurrentCertificate(ctx.db, { officialId: o.id }))) continue;
        await attempt(o.fullName, () => enrolOfficial(ctx, audit, unit.id, o.id));
      }
      if (failed.length > 0) return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.issued_missing_failed', { count, names: failed.join(', ') });
      if (count === 0) return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.none_missing');
      return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.issued_missing', { count });
    });

    app.post('/admin/units/:unitId/certificates/import', { config: { ...MANAGE, multipart: true, maxUploadBytes: P12_MAX_BYTES } }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const owner = await ownerOf(ctx, request, unit);
      const chosen = owner.kind === 'seal' ? 'seal' : String(owner.official.id);
      // The password opens the file and is forgotten: never logged, audited, stored or shown again.
      const password = formText(request, 'password', 1000);
      const file = formFile(request, 'p12');
      const refuse = (error: MessageKey, field: FormState['field'], params?: Record<string, string | number>, status = 400) =>
        certificatesPage(ctx, request, reply, unit, { form: 'import', field, error, ...(params ? { params } : {}), owner: chosen, status });
      if (owner.kind === 'official' && owner.official.disabled) return refuse('signatures.certs.official_disabled', 'owner', undefined, 409);
      if (!file || (file.data.length === 0 && !file.truncated)) return refuse('signatures.p12.required', 'p12');
      if (file.truncated || file.data.length > P12_MAX_BYTES) return refuse('signatures.p12.too_large', 'p12');
      const bytes = new Uint8Array(file.data);
      try {
        // Read once here to refuse an expired certificate before anything is stored or revoked.
        const identity = importPkcs12(bytes, password);
        const notAfter = certificateInfo(identity.certificate).notAfter;
        if (notAfter.getTime() < nowOf(ctx).getTime()) return refuse('signatures.p12.expired', 'p12', { date: vietnamDay(notAfter) });
        await importCertificate(ctx, auditActorOf(request), { unitId: unit.id, officialId: owner.kind === 'seal' ? null : owner.official.id }, bytes, password);
      } catch (error) {
        if (error instanceof PkiError) {
          const problem = p12Problem(error);
          return refuse(problem.error, problem.field, problem.params);
        }
        if (isUniqueViolation(error)) return refuse('signatures.p12.duplicate', 'p12', undefined, 409);
        throw error;
      }
      return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.imported', { name: ownerName(owner) });
    });

    app.post('/admin/units/:unitId/certificates/:certificateId/revoke', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      const reason = formText(request, 'reason', 40);
      if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) throw new AppError('error.invalid_request', 400, { detail: 'reason' });
      const row = await certificateOf(ctx, request, unit);
      if (row.revoked_at || !(await revokeCertificate(ctx, auditActorOf(request), Number(row.id), reason as RevocationReason))) {
        throw new AppError('signatures.certs.already_revoked', 409);
      }
      return reply.redirectWithNotice(pageOf(unit), 'signatures.certs.notice.revoked', { serial: row.serial });
    });

    app.get('/admin/units/:unitId/certificates/:certificateId/download', { config: MANAGE }, async (request, reply) => {
      const unit = await unitOf(ctx, request);
      return sendCertificate(reply, await certificateOf(ctx, request, unit));
    });
  };
}
