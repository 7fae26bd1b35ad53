/**
 * The exchange panel on the shared document page: where an outgoing document went (recipients inside the install
 * and outside, with the edXML package of each outside one and its status trail), the status package a document
 * received by edXML sends back, electronic copies, and the case files it is in. Forms appear only for an official
 * of the document's own unit holding the permission the action needs.
 */
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import type { DocumentsContext } from '../context.ts';
import { caseFilesOfDocument, openCaseFiles } from '../case-files-store.ts';
import { copyable } from '../copies.ts';
import { COPY_KINDS } from '../domain/document-types.ts';
import { STATUS_CODES } from '../domain/edxml-status.ts';
import { answersByEdxml, statusCodesFor } from '../exchange-status-back.ts';
import { listFilesOfKind, listRecipients } from '../exchange-store.ts';
import type { RecipientRow } from '../exchange-store.ts';
import type { DocumentRow } from '../store.ts';
import { caseFileHref } from './case-file-pages.ts';
import { documentHref, when } from './incoming-shared.ts';
import type { T } from './incoming-shared.ts';

const statusText = (t: T, code: string | null) => (code ? `${code} — ${t(`documents.exchange.status.${code}` as MessageKey)}` : '');

function recipientRow(request: FastifyRequest, doc: DocumentRow, r: RecipientRow, canSend: boolean): SafeHtml {
  const t = request.t;
  const outside = r.recipient_unit_id === null;
  const base = `${documentHref(Number(doc.unit_id), Number(doc.id))}/recipients/${r.id}`;
  const token = request.csrfToken();
  const actions = outside && canSend ? html`<a href="${base}/edxml" download>${t('documents.exchange.recipient.download')}</a>
${r.sent_at ? '' : html`<form method="post" action="${base}/edxml" class="inline">${csrfField(token)}<button type="submit" class="button secondary">${t('documents.exchange.recipient.send')}</button></form>`}
${r.sent_at ? html`<details><summary>${t('documents.exchange.recipient.record_status')}</summary>
<form method="post" action="${base}/status" enctype="multipart/form-data">${csrfField(token)}<input type="hidden" name="version" value="${doc.version}">
<div class="field"><label for="f-status-file-${r.id}">${t('documents.exchange.recipient.status_file')}</label><input id="f-status-file-${r.id}" name="package" type="file" accept=".edxml,.xml,application/xml"></div>
<p class="hint">${t('documents.exchange.recipient.or_pick')}</p>
<div class="field"><label for="f-status-code-${r.id}">${t('documents.exchange.recipient.code')}</label><select id="f-status-code-${r.id}" name="code">${STATUS_CODES.map((c) => html`<option value="${c}">${statusText(t, c)}</option>`)}</select></div>
<div class="field"><label for="f-status-note-${r.id}">${t('documents.exchange.recipient.note')}</label><textarea id="f-status-note-${r.id}" name="note" rows="2" maxlength="2000"></textarea></div>
<button type="submit" class="button">${t('documents.exchange.recipient.record')}</button></form></details>` : ''}` : '';
  return html`<tr data-recipient="${r.id}"><td>${r.recipient_name}${r.recipient_organ_id ? html` <code>${r.recipient_organ_id}</code>` : ''}</td>
<td>${t(outside ? 'documents.exchange.recipient.outside' : 'documents.exchange.recipient.inside')}</td>
<td>${r.sent_at ? when(request, r.sent_at) : t('documents.exchange.recipient.not_sent')}</td>
<td data-status-code="${r.status_code ?? ''}">${statusText(t, r.status_code)}${r.status_at ? html`<br>${when(request, r.status_at)}` : ''}${r.status_note ? html`<br>${r.status_note}` : ''}</td>
<td>${actions}</td></tr>`;
}

export async function exchangePanel(ctx: DocumentsContext, request: FastifyRequest, doc: DocumentRow): Promise<SafeHtml> {
  const t = request.t;
  const actor = request.actor;
  const unitId = Number(doc.unit_id);
  const own = actor?.kind === 'official' && actor.unitId === unitId;
  const can = (p: string) => own && actor?.kind === 'official' && actor.permissions.has(p);
  const id = Number(doc.id);
  const token = request.csrfToken();
  const [recipients, copies, filedIn, open] = await Promise.all([
    doc.direction === 'outgoing' ? listRecipients(ctx.db, id) : Promise.resolve([]),
    listFilesOfKind(ctx.db, id, 'copy'),
    caseFilesOfDocument(ctx.db, id),
    can('documents.handle') ? openCaseFiles(ctx.db, unitId) : Promise.resolve([]),
  ]);
  const base = documentHref(unitId, id);
  const canSend = can('documents.issue') && doc.status === 'issued';
  const recipientsPart = recipients.length === 0 ? '' : html`<h3>${t('documents.exchange.recipients')}</h3>
<div class="table-wrap" role="region" aria-label="${t('documents.exchange.recipients')}" tabindex="0"><table><thead><tr>
<th scope="col">${t('documents.exchange.recipient.name')}</th><th scope="col">${t('documents.exchange.recipient.kind')}</th><th scope="col">${t('documents.exchange.recipient.sent')}</th><th scope="col">${t('documents.exchange.recipient.status')}</th><th scope="col">${t('documents.exchange.recipient.actions')}</th>
</tr></thead><tbody>${recipients.map((r) => recipientRow(request, doc, r, canSend))}</tbody></table></div>`;
  const codes = answersByEdxml(doc) ? statusCodesFor(doc.status) : [];
  const statusBack = codes.length > 0 && can('documents.register') ? html`<h3>${t('documents.exchange.back.title')}</h3>
<form method="post" action="${base}/status-package" data-status-back>${csrfField(token)}<input type="hidden" name="version" value="${doc.version}">
<p class="hint">${t('documents.exchange.back.hint', { organ: doc.sender_organ_id ?? '' })}</p>
<div class="field"><label for="f-back-code">${t('documents.exchange.recipient.code')}</label><select id="f-back-code" name="code">${codes.map((c) => html`<option value="${c}">${statusText(t, c)}</option>`)}</select></div>
<div class="field"><label for="f-back-reason">${t('documents.exchange.back.reason')}</label><textarea id="f-back-reason" name="reason" rows="2" maxlength="2000"></textarea></div>
<button type="submit" class="button secondary">${t('documents.exchange.back.submit')}</button></form>` : '';
  const copiesPart = html`<h3>${t('documents.exchange.copies')}</h3>
${copies.length === 0 ? html`<p>${t('documents.exchange.copy.none')}</p>` : html`<ul data-copies>${copies.map((c) => html`<li data-copy="${c.id}"><a href="${base}/files/${c.id}">${c.fileName}</a> — ${when(request, c.uploadedAt)}</li>`)}</ul>`}
${copyable(doc) && can('documents.issue') && ctx.signatures ? html`<form method="post" action="${base}/copies" data-copy-form>${csrfField(token)}<input type="hidden" name="version" value="${doc.version}">
<div class="field"><label for="f-copy-kind">${t('documents.exchange.copy.kind')}</label><select id="f-copy-kind" name="kind">${COPY_KINDS.map((k) => html`<option value="${k.code}">${t(`documents.exchange.copy.kind.${k.code}` as MessageKey)}</option>`)}</select></div>
<div class="field"><label for="f-copy-pages">${t('documents.exchange.copy.pages_label')}</label><p class="hint" id="f-copy-pages-hint">${t('documents.exchange.copy.pages_hint')}</p><input id="f-copy-pages" name="pages" type="text" maxlength="100" aria-describedby="f-copy-pages-hint"></div>
<button type="submit" class="button secondary">${t('documents.exchange.copy.submit')}</button></form>` : ''}`;
  const filesPart = html`<h3>${t('documents.exchange.case.in_files')}</h3>
${filedIn.length === 0 ? html`<p>${t('documents.exchange.case.in_none')}</p>` : html`<ul data-case-files>${filedIn.map((f) => html`<li><a href="${caseFileHref(unitId, Number(f.id))}">${f.code} — ${f.title}</a> (${f.year}, ${t(`documents.exchange.case.status.${f.status}` as MessageKey)})</li>`)}</ul>`}
${open.length > 0 ? html`<form method="post" action="${base}/case-file" data-add-to-case-file>${csrfField(token)}
<div class="field"><label for="f-case-file">${t('documents.exchange.case.add_to')}</label><select id="f-case-file" name="caseFileId">${open.map((f) => html`<option value="${f.id}">${f.code} — ${f.title} (${f.year})</option>`)}</select></div>
<button type="submit" class="button secondary">${t('documents.exchange.case.add')}</button></form>` : ''}`;
  return html`<section id="exchange" aria-labelledby="exchange-title" data-exchange-panel><h2 id="exchange-title">${t('documents.exchange.title')}</h2>
${recipientsPart}${statusBack}${copiesPart}${filesPart}</section>`;
}
