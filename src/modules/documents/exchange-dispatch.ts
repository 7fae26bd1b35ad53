/**
 * External dispatch of an issued outgoing document and its status trail (vn-rules.md §8). An outside recipient
 * (document_recipients.recipient_unit_id null) gets an edXML package: From = the unit (its electronic agency code
 * as OrganId), the number, date, type, subject and signer of the document, the signed PDF and its attachments
 * base64-encoded. Handing it over marks the recipient sent (sent_at, a 'dispatched' event). The recipient's answers —
 * a status package it sent back, or a code the clerk picks with a note — make the trail: each a 'delivery_status'
 * event, the last one on document_recipients (status_code, status_at, status_note).
 */
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n/index.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import type { DocumentsContext } from './context.ts';
import { buildEdxml, codeOf } from './domain/edxml.ts';
import type { EdxmlDocument } from './domain/edxml.ts';
import { edxmlTypeOf, priorityOf } from './domain/edxml-mapping.ts';
import { isStatusCode, parseStatus } from './domain/edxml-status.ts';
import type { EdxmlStatus, StatusCode } from './domain/edxml-status.ts';
import type { EdxmlProblem } from './domain/edxml-xml.ts';
import { bumpVersionInTrx, documentOfUnit, findRecipient, listRecipients, pdfsOf, latestPdf } from './exchange-store.ts';
import type { RecipientRow } from './exchange-store.ts';
import { dayOf } from './incoming-store.ts';
import { documentsDb, findDocument, insertEventInTrx } from './store.ts';
import type { DocumentRow } from './store.ts';

const vi = translator('vi');
export const MAX_STATUS_NOTE = 2000;

const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** "03 — Đã tiếp nhận" in Vietnamese, for the history. */
export const statusLabelVi = (code: StatusCode) => `${code} — ${vi(`documents.exchange.status.${code}` as MessageKey)}`;

/** The sending unit as an edXML agency; a unit without an electronic agency code cannot send over the axis. */
export function organOf(unit: Unit): EdxmlDocument['from'] {
  if (!unit.code) throw new AppError('documents.exchange.error.no_agency_code', 409);
  return { organId: unit.code, organName: unit.sealName || unit.name, ...(unit.address ? { organAdd: unit.address } : {}) };
}

/** An issued outgoing document of the unit, and one of its outside recipients. */
async function outsideRecipient(ctx: DocumentsContext, unitId: number, documentId: number, recipientId: number): Promise<{ doc: DocumentRow; recipient: RecipientRow }> {
  const doc = await documentOfUnit(ctx.db, unitId, documentId);
  const recipient = doc ? await findRecipient(ctx.db, documentId, recipientId) : undefined;
  if (!doc || !recipient || recipient.recipient_unit_id !== null) throw new AppError('error.not_found', 404);
  if (doc.direction !== 'outgoing' || doc.status !== 'issued' || !doc.number_text) throw new AppError('documents.exchange.error.not_issued', 409);
  return { doc, recipient };
}

/** The package for one outside recipient (its bytes), and the name to save it under. */
export async function recipientPackage(ctx: DocumentsContext, unitId: number, documentId: number, recipientId: number): Promise<{ data: Uint8Array; fileName: string }> {
  const { doc, recipient } = await outsideRecipient(ctx, unitId, documentId, recipientId);
  const unit = (await findUnit(ctx.db, unitId))!;
  const from = organOf(unit);
  const signed = await latestPdf(ctx.db, documentId, ['signed']);
  if (!signed) throw new AppError('documents.exchange.error.no_signed_pdf', 409);
  const extra = await pdfsOf(ctx.db, documentId, ['attachment']);
  const all = await listRecipients(ctx.db, documentId);
  const replyTo = doc.reply_to_id ? await findDocument(ctx.db, Number(doc.reply_to_id)) : undefined;
  const issuedAt = doc.updated_at;
  const edxml: EdxmlDocument = {
    from,
    to: [{ organId: recipient.recipient_organ_id ?? '', organName: recipient.recipient_name }],
    documentId: doc.public_id,
    code: codeOf(doc.number_text!),
    promulgation: { place: doc.place ?? unit.name, date: doc.document_date ? dayOf(doc.document_date) : vietnamDay(issuedAt) },
    documentType: edxmlTypeOf(doc.type_code),
    subject: doc.subject,
    signer: { position: doc.signer_title ?? '', fullName: doc.signer_name ?? '' },
    toPlaces: all.map((r) => r.recipient_name),
    other: { priority: priorityOf(doc.urgency), ...(doc.page_count ? { pageAmount: doc.page_count } : {}) },
    ...(replyTo?.sender_organ_id && replyTo.number_text && replyTo.document_date
      ? { responseFor: { organId: replyTo.sender_organ_id, code: replyTo.number_text, promulgationDate: dayOf(replyTo.document_date) } } : {}),
    businessDocType: 0,
    trace: [{ organId: from.organId, timestamp: recipient.sent_at ?? ctx.now() }],
    attachments: [signed, ...extra].map((f, i) => ({ contentId: `${i + 1}.pdf`, name: f.fileName, contentType: 'application/pdf', data: f.data })),
  };
  return { data: buildEdxml(edxml), fileName: `${doc.number_text!.replace(/[^\p{L}\p{N}-]+/gu, '-')}-${recipient.id}.edxml` };
}

/** The package handed over: the recipient is marked sent (once), with a 'dispatched' event and an audit entry. */
export async function sendToRecipient(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, documentId: number, recipientId: number): Promise<{ data: Uint8Array; fileName: string }> {
  await outsideRecipient(ctx, unitId, documentId, recipientId);
  const at = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const recipient = await findRecipient(trx, documentId, recipientId, { forUpdate: true });
    if (!recipient || recipient.sent_at) return;
    await documentsDb(trx).updateTable('document_recipients').set({ sent_at: at }).where('id', '=', recipientId).execute();
    await insertEventInTrx(trx, { documentId, unitId, kind: 'dispatched', author: by, body: vi('documents.exchange.event.sent', { name: recipient.recipient_name, organ: recipient.recipient_organ_id ?? '—' }), at });
    await recordAuditInTrx(trx, audit, { action: 'documents.edxml_sent', unitId, targetType: 'document', targetId: documentId, details: { recipientId, recipient: recipient.recipient_name, organId: recipient.recipient_organ_id } });
  });
  return recipientPackage(ctx, unitId, documentId, recipientId);
}

export type StatusInput =
  | { kind: 'package'; data: Uint8Array }
  | { kind: 'manual'; code: string; note: string };

export type StatusOutcome = { ok: true; code: StatusCode } | { ok: false; problems: EdxmlProblem[] } | { ok: false; error: MessageKey };

/** Records what an outside recipient answered, under the document's version (optimistic concurrency). */
export async function recordDeliveryStatus(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, documentId: number, recipientId: number, version: number, input: StatusInput): Promise<StatusOutcome> {
  const { doc, recipient } = await outsideRecipient(ctx, unitId, documentId, recipientId);
  let status: { code: StatusCode; note: string; at: Date; staff: string };
  if (input.kind === 'package') {
    const parsed = parseStatus(input.data);
    if (!parsed.ok) return parsed;
    const s: EdxmlStatus = parsed.value;
    if (s.responseFor.code !== doc.number_text) return { ok: false, error: 'documents.exchange.error.status_other_document' };
    if (recipient.recipient_organ_id && s.from.organId !== recipient.recipient_organ_id) return { ok: false, error: 'documents.exchange.error.status_other_sender' };
    status = { code: s.statusCode, note: s.description.slice(0, MAX_STATUS_NOTE), at: s.timestamp, staff: [s.staff.staff, s.staff.department].filter(Boolean).join(', ') };
  } else {
    if (!isStatusCode(input.code)) return { ok: false, error: 'documents.exchange.error.status_code' };
    if (input.note.length > MAX_STATUS_NOTE) return { ok: false, error: 'documents.exchange.error.note_too_long' };
    if (input.code === '02' && input.note.trim() === '') return { ok: false, error: 'documents.exchange.error.reason_required' };
    status = { code: input.code, note: input.note.trim(), at: ctx.now(), staff: '' };
  }
  if (!recipient.sent_at) return { ok: false, error: 'documents.exchange.error.not_sent' };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await bumpVersionInTrx(trx, documentId, version, ctx.now()))) throw new AppError('documents.exchange.error.stale', 409);
    await documentsDb(trx).updateTable('document_recipients').set({ status_code: status.code, status_at: status.at, status_note: status.note || null }).where('id', '=', recipientId).execute();
    const body = [`${recipient.recipient_name}: ${statusLabelVi(status.code)}`, status.note, status.staff].filter(Boolean).join(' — ');
    await insertEventInTrx(trx, { documentId, unitId, kind: 'delivery_status', author: by, body: body.slice(0, 4000), at: status.at });
    await recordAuditInTrx(trx, audit, { action: 'documents.delivery_status', unitId, targetType: 'document', targetId: documentId, details: { recipientId, code: status.code, from: input.kind } });
  });
  return { ok: true, code: status.code };
}
