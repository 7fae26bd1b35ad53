/**
 * The clerk's registration of an incoming document (vào sổ văn bản đến): `/admin/units/:unitId/documents/incoming/new`.
 * Type, number and symbol as written, date, author, subject, urgency, confidentiality, pages, time received (default
 * now), and the channel: paper (the scanned pages, one or several PDF/JPEG/PNG files) or electronic (one PDF, whose
 * signature is checked; an invalid one is returned to the sender, not registered). A form without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { AppError } from '../../../platform/errors.ts';
import { formText } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import { csrfField, errorSummary } from '../../../platform/views/forms.ts';
import type { FieldErrors } from '../../../platform/views/forms.ts';
import { auditActorOf } from '../../audit/index.ts';
import type { DocumentsContext } from '../context.ts';
import { DOCUMENT_TYPES } from '../domain/document-types.ts';
import { CHANNELS, MAX_NUMBER_TEXT, MAX_SENDER, MAX_SUBJECT, URGENCIES, checkRegistration, vietnamLocal } from '../domain/incoming-rules.ts';
import type { RegistrationInput } from '../domain/incoming-rules.ts';
import { MAX_INCOMING_FILES, MAX_INCOMING_FILE_BYTES, checkIncomingFiles } from '../incoming-files.ts';
import { registerByClerk } from '../incoming-register.ts';
import { documentTabs } from './tabs.ts';
import { documentHref, incomingBase, ownUnitWho, urgencyLabel } from './incoming-shared.ts';

const REGISTER = { permission: 'documents.register' } as const;

const emptyInput = (now: Date): RegistrationInput => ({
  typeCode: 'CV', numberText: '', documentDate: '', senderName: '', subject: '', urgency: 'normal', confidential: false, pageCount: '', receivedAt: vietnamLocal(now), channel: 'paper',
});

function registrationForm(request: FastifyRequest, unitId: number, v: RegistrationInput, errors: FieldErrors): ReturnType<typeof html> {
  const t = request.t;
  const err = (name: string) => (errors[name] ? html`<p class="error-message" id="f-${name}-error">${t(errors[name]!)}</p>` : '');
  const cls = (name: string) => (errors[name] ? 'field field-error' : 'field');
  const input = (name: keyof RegistrationInput, label: MessageKey, o: { type?: string; max?: number; required?: boolean; hint?: MessageKey } = {}) => html`<div class="${cls(name)}">
<label for="f-${name}">${t(label)}</label>${o.hint ? html`<p class="hint" id="f-${name}-hint">${t(o.hint)}</p>` : ''}${err(name)}
<input id="f-${name}" name="${name}" type="${o.type ?? 'text'}" value="${String(v[name])}"${o.max ? html` maxlength="${o.max}"` : ''}${o.required ? html` required` : ''}${o.hint ? html` aria-describedby="f-${name}-hint"` : ''}${errors[name] ? html` aria-invalid="true"` : ''}></div>`;
  return html`<form method="post" action="${incomingBase(unitId)}" enctype="multipart/form-data" class="stack">${csrfField(request.csrfToken())}
<div class="${cls('typeCode')}"><label for="f-typeCode">${t('documents.incoming.field.type')}</label>${err('typeCode')}
<select id="f-typeCode" name="typeCode">${DOCUMENT_TYPES.map((d) => html`<option value="${d.code}"${d.code === v.typeCode ? html` selected` : ''}>${d.name}${d.abbreviation ? ` (${d.abbreviation})` : ''}</option>`)}</select></div>
${input('numberText', 'documents.incoming.field.number_text', { max: MAX_NUMBER_TEXT, hint: 'documents.incoming.hint.number_text' })}
${input('documentDate', 'documents.incoming.field.document_date', { type: 'date', required: true })}
${input('senderName', 'documents.incoming.field.sender', { max: MAX_SENDER, required: true, hint: 'documents.incoming.hint.sender' })}
<div class="${cls('subject')}"><label for="f-subject">${t('documents.incoming.field.subject')}</label>${err('subject')}
<textarea id="f-subject" name="subject" rows="3" maxlength="${MAX_SUBJECT}" required>${v.subject}</textarea></div>
<div class="${cls('urgency')}"><label for="f-urgency">${t('documents.incoming.field.urgency')}</label>${err('urgency')}
<select id="f-urgency" name="urgency">${URGENCIES.map((u) => html`<option value="${u}"${u === v.urgency ? html` selected` : ''}>${urgencyLabel(t, u)}</option>`)}</select></div>
<div class="field choice"><input id="f-confidential" name="confidential" type="checkbox" value="1"${v.confidential ? html` checked` : ''}> <label for="f-confidential">${t('documents.incoming.field.confidential')}</label></div>
${input('pageCount', 'documents.incoming.field.pages', { max: 5 })}
${input('receivedAt', 'documents.incoming.field.received_at', { type: 'datetime-local', hint: 'documents.incoming.hint.received_at' })}
<fieldset class="${cls('channel')}"><legend>${t('documents.incoming.field.channel')}</legend>${err('channel')}
${CHANNELS.map((c) => html`<div class="choice"><input id="f-channel-${c}" name="channel" type="radio" value="${c}"${c === v.channel ? html` checked` : ''}> <label for="f-channel-${c}">${t(`documents.incoming.channel.${c}` as MessageKey)}</label></div>`)}</fieldset>
<div class="${cls('files')}"><label for="f-files">${t('documents.incoming.field.files')}</label><p class="hint" id="f-files-hint">${t('documents.incoming.hint.files', { max: `${MAX_INCOMING_FILE_BYTES / 1024 / 1024} MB`, count: MAX_INCOMING_FILES })}</p>${err('files')}
<input id="f-files" name="files" type="file" accept="application/pdf,image/jpeg,image/png" multiple aria-describedby="f-files-hint"></div>
<button type="submit" class="button">${t('documents.incoming.register_submit')}</button></form>`;
}

function formPage(request: FastifyRequest, reply: FastifyReply, unitId: number, v: RegistrationInput, errors: FieldErrors, status: number, general?: string) {
  const t = request.t;
  return reply.page({
    title: t('documents.incoming.new_title'),
    body: html`${documentTabs(request, unitId, 'incoming')}<p><a href="${incomingBase(unitId)}">${t('documents.incoming.back')}</a></p>
<h1>${t('documents.incoming.new_title')}</h1><p>${t('documents.incoming.new_intro')}</p>
${errorSummary(t, errors, general)}${registrationForm(request, unitId, v, errors)}`,
  }, status);
}

export function registerPages(ctx: DocumentsContext) {
  return (app: App) => {
    app.get('/admin/units/:unitId/documents/incoming/new', { config: REGISTER }, async (request, reply) => {
      const unitId = Number((request.params as { unitId: string }).unitId);
      ownUnitWho(request);
      return formPage(request, reply, unitId, emptyInput(ctx.now()), {}, 200);
    });

    app.post('/admin/units/:unitId/documents/incoming', {
      config: { ...REGISTER, multipart: true, maxUploadBytes: MAX_INCOMING_FILE_BYTES, maxUploadFiles: MAX_INCOMING_FILES, maxFormFields: 15 },
    }, async (request, reply) => {
      const who = ownUnitWho(request);
      const unitId = Number((request.params as { unitId: string }).unitId);
      const now = ctx.now();
      const v: RegistrationInput = {
        typeCode: formText(request, 'typeCode', 20), numberText: formText(request, 'numberText', MAX_NUMBER_TEXT * 2), documentDate: formText(request, 'documentDate', 20),
        senderName: formText(request, 'senderName', MAX_SENDER * 2), subject: formText(request, 'subject', MAX_SUBJECT * 2), urgency: formText(request, 'urgency', 20),
        confidential: formText(request, 'confidential', 5) === '1', pageCount: formText(request, 'pageCount', 10), receivedAt: formText(request, 'receivedAt', 30), channel: formText(request, 'channel', 20),
      };
      const checked = checkRegistration(v, now);
      if (!checked.ok) {
        const errors: FieldErrors = {};
        for (const [field, code] of Object.entries(checked.problems)) errors[field] = `documents.incoming.error.${code}` as MessageKey;
        return formPage(request, reply, unitId, v, errors, 400);
      }
      const uploads = (request.uploads ?? []).filter((f) => f.field === 'files').map((f) => ({ filename: f.filename, data: new Uint8Array(f.data), truncated: f.truncated }));
      const files = await checkIncomingFiles(ctx.scanner, checked.value.channel, uploads);
      if (!files.ok) {
        const status = files.problem === 'file_too_large' ? 413 : files.problem === 'file_scan_unavailable' ? 503 : 400;
        return formPage(request, reply, unitId, v, { files: `documents.incoming.error.${files.problem}` as MessageKey }, status === 503 ? 422 : status);
      }
      let outcome: Awaited<ReturnType<typeof registerByClerk>>;
      try {
        outcome = await registerByClerk(ctx, who, auditActorOf(request), unitId, checked.value, files.files);
      } catch (error) {
        if (error instanceof AppError && error.code === 'documents.incoming.error.pdf_unreadable') return formPage(request, reply, unitId, v, { files: error.code }, 422);
        throw error;
      }
      if (!outcome.registered) return reply.redirectWithNotice(documentHref(unitId, outcome.id), 'documents.incoming.notice.returned');
      return reply.redirectWithNotice(documentHref(unitId, outcome.id), outcome.verdict === 'unsigned' ? 'documents.incoming.notice.registered_unsigned' : 'documents.incoming.notice.registered', { number: outcome.incomingNumber });
    });
  };
}
