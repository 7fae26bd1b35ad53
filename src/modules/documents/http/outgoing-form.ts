/** The draft form of an outgoing document: reading it (template or upload) and drawing it. */
import type { FastifyRequest } from 'fastify';
import { formFile, formList, formText } from '../../../platform/http/form.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { html } from '../../../platform/views/html.ts';
import type { SafeHtml } from '../../../platform/views/html.ts';
import { csrfField } from '../../../platform/views/forms.ts';
import { isAgency, listUnits } from '../../tenancy/index.ts';
import type { Unit } from '../../tenancy/index.ts';
import type { DocumentsContext } from '../context.ts';
import { DOCUMENT_TYPES } from '../domain/document-types.ts';
import { URGENCIES } from '../domain/outgoing-rules.ts';
import type { TemplateFields } from '../domain/outgoing-rules.ts';
import { CAPACITY_TEXT, SIGNER_TITLE } from '../domain/outgoing-texts.ts';
import type { CapacityChoice } from '../domain/outgoing-texts.ts';
import type { DraftInput, Recipient } from '../outgoing-draft.ts';
import { leadersOf } from '../outgoing-review.ts';
import type { Urgency } from '../store.ts';

type Problem = { error: MessageKey; params?: Record<string, string | number> };

/** Units of the install a document can go to: agencies other than the sender. */
export async function recipientUnits(ctx: DocumentsContext, unitId: number): Promise<Unit[]> {
  return (await listUnits(ctx.db)).filter((u) => isAgency(u.kind) && u.id !== unitId);
}

function readRecipients(request: FastifyRequest, units: readonly Unit[]): Recipient[] | Problem {
  const out: Recipient[] = [];
  for (const id of formList(request, 'units', 200)) {
    const unit = units.find((u) => String(u.id) === id);
    if (!unit) return { error: 'documents.outgoing.error.recipient_unit' };
    out.push({ unitId: unit.id, name: unit.sealName || unit.name, organId: unit.code });
  }
  for (const raw of formText(request, 'outside', 8000).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const [name = '', code = ''] = line.split('|').map((s) => s.trim());
    if (name === '' || name.length > 300 || (code !== '' && !/^[A-Za-z0-9._-]{1,60}$/.test(code))) return { error: 'documents.outgoing.error.outside_line', params: { line: line.slice(0, 80) } };
    out.push({ unitId: null, name, organId: code || null });
  }
  return out;
}

/** The metadata and the source of a posted draft; a problem when a choice is not one offered. */
export async function readDraftForm(ctx: DocumentsContext, request: FastifyRequest, unitId: number, source: 'template' | 'upload', replyToId: number | null): Promise<DraftInput | Problem> {
  const units = await recipientUnits(ctx, unitId);
  const recipients = readRecipients(request, units);
  if ('error' in recipients) return recipients;
  const urgency = formText(request, 'urgency', 20) || 'normal';
  if (!(URGENCIES as readonly string[]).includes(urgency)) return { error: 'documents.outgoing.error.urgency' };
  const base = { typeCode: formText(request, 'type', 10), subject: formText(request, 'subject', 1000), urgency: urgency as Urgency, replyToId, recipients };
  if (source === 'upload') return { ...base, source: { kind: 'upload', upload: formFile(request, 'file') } };
  const leaders = await leadersOf(ctx, unitId);
  const signer = leaders.find((l) => String(l.id) === formText(request, 'signer', 20));
  if (!signer) return { error: 'documents.outgoing.error.signer' };
  const capacity = formText(request, 'capacity', 10) as CapacityChoice;
  if (!Object.hasOwn(CAPACITY_TEXT, capacity)) return { error: 'documents.outgoing.error.capacity' };
  const fields: TemplateFields = {
    body: formText(request, 'body', 60_000), capacity: CAPACITY_TEXT[capacity], signerName: signer.name, signerId: signer.id,
    signerTitle: signer.roles.includes('chairman') ? SIGNER_TITLE.chairman : SIGNER_TITLE.vice_chairman,
    office: formText(request, 'office', 20).trim().replace(/[^\p{L}\p{N}-]/gu, ''),
    extraRecipients: formText(request, 'extra', 4000).split(/\r?\n/).map((l) => l.trim().replace(/^-\s*/, '')).filter((l) => l !== '').slice(0, 30),
  };
  return { ...base, source: { kind: 'template', fields } };
}

export interface FormValues {
  type: string;
  subject: string;
  urgency: string;
  units: number[];
  outside: string;
  body: string;
  signer: number | null;
  capacity: CapacityChoice;
  office: string;
  extra: string;
}

export const emptyValues = (): FormValues => ({ type: 'QĐ', subject: '', urgency: 'normal', units: [], outside: '', body: '', signer: null, capacity: 'tm', office: 'VP', extra: '' });

const selected = (on: boolean) => (on ? html` selected` : '');

/** The two forms: from the template (url-encoded) and by upload (multipart), posting to `action` and `action`/upload. */
export async function draftForms(ctx: DocumentsContext, request: FastifyRequest, unitId: number, action: string, v: FormValues, hidden: SafeHtml): Promise<SafeHtml> {
  const t = request.t;
  const [units, leaders] = await Promise.all([recipientUnits(ctx, unitId), leadersOf(ctx, unitId)]);
  const csrf = csrfField(request.csrfToken());
  const field = (name: string, label: MessageKey, control: SafeHtml, hint?: MessageKey) => html`<div class="field"><label for="f-${name}">${t(label)}</label>${hint ? html`<p class="hint" id="f-${name}-hint">${t(hint)}</p>` : ''}${control}</div>`;
  const meta = (prefix: string) => html`
${field(`${prefix}type`, 'documents.outgoing.field.type', html`<select id="f-${prefix}type" name="type">${DOCUMENT_TYPES.map((d) => html`<option value="${d.code}"${selected(d.code === v.type)}>${d.name}</option>`)}</select>`)}
${field(`${prefix}subject`, 'documents.outgoing.field.subject', html`<textarea id="f-${prefix}subject" name="subject" rows="2" maxlength="1000" required>${v.subject}</textarea>`)}
${field(`${prefix}urgency`, 'documents.outgoing.field.urgency', html`<select id="f-${prefix}urgency" name="urgency">${URGENCIES.map((u) => html`<option value="${u}"${selected(u === v.urgency)}>${t(`documents.outgoing.urgency.${u}` as MessageKey)}</option>`)}</select>`)}
<fieldset class="field"><legend>${t('documents.outgoing.field.units')}</legend>${units.map((u) => html`<label class="checkbox"><input type="checkbox" name="units" value="${u.id}"${v.units.includes(u.id) ? html` checked` : ''}> ${u.name}</label>`)}</fieldset>
${field(`${prefix}outside`, 'documents.outgoing.field.outside', html`<textarea id="f-${prefix}outside" name="outside" rows="2" aria-describedby="f-${prefix}outside-hint">${v.outside}</textarea>`, 'documents.outgoing.field.outside_hint')}`;
  const signerSelect = (prefix: string) => field(`${prefix}signer`, 'documents.outgoing.field.signer', html`<select id="f-${prefix}signer" name="signer">${leaders.map((l) => html`<option value="${l.id}"${selected(l.id === v.signer)}>${l.name} — ${l.position}</option>`)}</select>`);
  return html`<section aria-labelledby="template-title"><h2 id="template-title">${t('documents.outgoing.template_title')}</h2><p class="hint">${t('documents.outgoing.template_hint')}</p>
<form method="post" action="${action}">${csrf}${hidden}${meta('t-')}
${field('t-body', 'documents.outgoing.field.body', html`<textarea id="f-t-body" name="body" rows="12" required aria-describedby="f-t-body-hint">${v.body}</textarea>`, 'documents.outgoing.field.body_hint')}
${signerSelect('t-')}
${field('t-capacity', 'documents.outgoing.field.capacity', html`<select id="f-t-capacity" name="capacity">${(['tm', 'kt', 'none'] as const).map((c) => html`<option value="${c}"${selected(c === v.capacity)}>${t(`documents.outgoing.capacity.${c}`)}</option>`)}</select>`)}
${field('t-office', 'documents.outgoing.field.office', html`<input id="f-t-office" name="office" type="text" maxlength="20" value="${v.office}">`)}
${field('t-extra', 'documents.outgoing.field.extra_recipients', html`<textarea id="f-t-extra" name="extra" rows="2">${v.extra}</textarea>`)}
<button type="submit" class="button">${t('documents.outgoing.save_template')}</button></form></section>
<section aria-labelledby="upload-title"><h2 id="upload-title">${t('documents.outgoing.upload_title')}</h2><p class="hint">${t('documents.outgoing.upload_hint')}</p>
<form method="post" action="${action}/upload" enctype="multipart/form-data">${csrf}${hidden}${meta('u-')}
${field('u-file', 'documents.outgoing.field.file', html`<input id="f-u-file" type="file" name="file" accept="application/pdf,.pdf,.docx" required>`)}
<button type="submit" class="button secondary">${t('documents.outgoing.save_upload')}</button></form></section>`;
}

/** The form values a saved draft had. */
export function valuesOf(doc: { type_code: string; subject: string; urgency: string }, template: TemplateFields | null, recipients: readonly { recipient_unit_id: number | null; recipient_name: string; recipient_organ_id: string | null }[]): FormValues {
  const capacity = (Object.entries(CAPACITY_TEXT).find(([, text]) => text === template?.capacity)?.[0] ?? 'tm') as CapacityChoice;
  return {
    type: doc.type_code, subject: doc.subject, urgency: doc.urgency,
    units: recipients.filter((r) => r.recipient_unit_id !== null).map((r) => r.recipient_unit_id!),
    outside: recipients.filter((r) => r.recipient_unit_id === null).map((r) => (r.recipient_organ_id ? `${r.recipient_name} | ${r.recipient_organ_id}` : r.recipient_name)).join('\n'),
    body: template?.body ?? '', signer: template?.signerId ?? null, capacity, office: template?.office ?? 'VP', extra: (template?.extraRecipients ?? []).join('\n'),
  };
}

/** The values as posted, to show the form again with its problem. */
export function postedValues(request: FastifyRequest): FormValues {
  const text = (name: string, max = 60_000) => {
    try {
      return formText(request, name, max);
    } catch {
      return '';
    }
  };
  let units: number[] = [];
  try {
    units = formList(request, 'units', 200).map(Number).filter(Number.isSafeInteger);
  } catch {
    units = [];
  }
  const capacity = text('capacity', 10);
  return {
    type: text('type', 10), subject: text('subject', 1000), urgency: text('urgency', 20), units, outside: text('outside', 8000), body: text('body'),
    signer: Number(text('signer', 20)) || null, capacity: Object.hasOwn(CAPACITY_TEXT, capacity) ? (capacity as CapacityChoice) : 'tm', office: text('office', 20), extra: text('extra', 4000),
  };
}
