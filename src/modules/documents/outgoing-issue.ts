/**
 * Signing and issuing an outgoing document.
 * - The leader signs the latest draft version (signResult: visible signature bottom right of the last page, B-LT);
 *   status signed. The number and date fields stay empty under the signature.
 * - The clerk issues it: (1) under the row lock, the next number of the unit's outgoing register for the year
 *   (Vietnam time) and the issue date are written on the document (kept if a previous attempt got that far, so a
 *   retry never takes a second number); (2) sealResult fills the two fields ("12/QĐ-UBND", "Mường Đăng, ngày …") in
 *   an incremental update and puts the unit's seal signature over the leader's: every signature stays valid
 *   (the verifier allows only the filling of fields empty at signing); (3) under the lock again: status issued, the
 *   issued PDF kept, and every recipient inside the install receives it at once as an incoming document
 *   (registerIncomingInTrx, channel 'internal'); outside recipients wait for the edXML dispatch (status null).
 */
import type { Trx } from '../../platform/db/database.ts';
import { translator } from '../../platform/i18n/index.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { FieldFillRefused, SigningRefused, sealResult, signResult } from '../signatures/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { DocumentsContext } from './context.ts';
import { documentType } from './domain/document-types.ts';
import { numberAndSymbol, placeAndDate, vietnamYear } from './domain/numbering.ts';
import { mayDo } from './domain/outgoing-rules.ts';
import { DATE_FIELD, NUMBER_FIELD } from './domain/outgoing-template.ts';
import { NUMBER_LABEL, issuerAbbreviation, placeOf } from './domain/outgoing-texts.ts';
import type { Who } from './outgoing-draft.ts';
import type { StepResult } from './outgoing-review.ts';
import { stateOf } from './outgoing-review.ts';
import { findOutgoingExtras, latestFile, listOutgoingRecipients, outgoingDb } from './outgoing-store.ts';
import { insertFilesInTrx, registerIncomingInTrx } from './register-incoming.ts';
import { defaultRegisterInTrx, documentsDb, findDocument, insertEventInTrx, nextNumberInTrx } from './store.ts';
import type { DocumentRow } from './store.ts';

const vi = translator('vi');
const labels = () => ({ signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') });
const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

const SIGNING_REFUSALS: Record<SigningRefused['code'], MessageKey> = {
  'signatures.no_seal_image': 'documents.outgoing.error.no_seal_image',
  'signatures.not_signed_by_official': 'documents.outgoing.error.not_signed',
  'signatures.already_sealed': 'documents.outgoing.error.already_sealed',
  'signatures.unknown_document': 'documents.outgoing.error.not_signed',
};

/** The leader's digital signature on the latest draft version. */
export async function signOutgoing(ctx: DocumentsContext, who: Who, audit: AuditActor, documentId: number, version: number): Promise<StepResult> {
  if (!ctx.signatures) return { ok: false, error: 'documents.outgoing.error.signing_off' };
  const doc = await findDocument(ctx.db, documentId);
  if (!doc || doc.direction !== 'outgoing' || !mayDo(stateOf(doc), who, 'sign')) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
  if (Number(doc.version) !== version) return { ok: false, error: 'documents.outgoing.error.stale' };
  const draft = await latestFile(ctx.db, documentId, 'draft');
  if (!draft) return { ok: false, error: 'documents.outgoing.error.no_draft' };
  const unitId = Number(doc.unit_id);
  let signed: { pdf: Uint8Array; publicId: string };
  try {
    signed = await signResult(ctx.signatures, audit, { unitId, officialId: who.id, pdf: draft.data, title: `${documentType(doc.type_code)?.name ?? doc.type_code}: ${doc.subject}`.slice(0, 300), fileName: draft.file_name, labels: labels() });
  } catch (error) {
    if (error instanceof SigningRefused) return { ok: false, error: SIGNING_REFUSALS[error.code] };
    throw error;
  }
  return ctx.db.transaction().execute(async (trx): Promise<StepResult> => {
    const now = await findDocument(trx, documentId, { forUpdate: true });
    if (!now || Number(now.version) !== version || !mayDo(stateOf(now), who, 'sign')) return { ok: false, error: 'documents.outgoing.error.stale' };
    await outgoingDb(trx).updateTable('documents').set({ status: 'signed', signed_public_id: signed.publicId, signer_name: now.signer_name ?? who.name, holder_official_id: null, holder_name: null, updated_at: ctx.now(), version: version + 1 }).where('id', '=', documentId).execute();
    await insertFilesInTrx(trx, documentId, unitId, [{ kind: 'signed', version: 1, fileName: draft.file_name.replace(/ \(v\d+\)\.pdf$/, ' (đã ký).pdf'), contentType: 'application/pdf', data: signed.pdf }], who.id);
    await insertEventInTrx(trx, { documentId, unitId, kind: 'signed', author: who, body: String(draft.version), at: ctx.now() });
    await recordAuditInTrx(trx, audit, { action: 'documents.outgoing_signed', unitId, targetType: 'document', targetId: documentId, details: { draftVersion: draft.version, verification: signed.publicId } });
    return { ok: true };
  });
}

/**
 * The number of an outgoing document, inside the caller's transaction, on the document's row lock: the next of
 * the unit's outgoing register for the year of `at` (Vietnam time), written with the issue date. A document that
 * already has its number keeps it.
 */
export async function numberOutgoingInTrx(trx: Trx, documentId: number, at: Date, draftingOffice?: string): Promise<{ number: number; numberText: string; year: number; day: string }> {
  const doc = await findDocument(trx, documentId, { forUpdate: true });
  if (!doc || doc.direction !== 'outgoing') throw new Error(`no outgoing document ${documentId}`);
  if (doc.number !== null) return { number: Number(doc.number), numberText: doc.number_text!, year: Number(doc.number_year), day: doc.document_date! };
  const unit = await findUnit(trx, Number(doc.unit_id));
  const year = vietnamYear(at);
  const registerId = await defaultRegisterInTrx(trx, Number(doc.unit_id), 'outgoing');
  const number = await nextNumberInTrx(trx, registerId, year);
  const numberText = numberAndSymbol(number, doc.type_code, issuerAbbreviation(unit!.kind), draftingOffice || undefined);
  const day = vietnamDay(at);
  await documentsDb(trx).updateTable('documents').set({ register_id: registerId, number, number_year: year, number_text: numberText, document_date: day, place: placeOf(unit!.name), updated_at: at })
    .where('id', '=', documentId).execute();
  return { number, numberText, year, day };
}

/** The clerk numbers, seals and issues a signed document, and delivers it to the recipients inside the install. */
export async function issueOutgoing(ctx: DocumentsContext, who: Who, audit: AuditActor, documentId: number, version: number): Promise<StepResult & { numberText?: string }> {
  if (!ctx.signatures) return { ok: false, error: 'documents.outgoing.error.signing_off' };
  const first = await findDocument(ctx.db, documentId);
  if (!first || first.direction !== 'outgoing' || !mayDo(stateOf(first), who, 'issue')) return { ok: false, error: 'documents.outgoing.error.not_allowed' };
  if (Number(first.version) !== version) return { ok: false, error: 'documents.outgoing.error.stale' };
  const { template, signedPublicId } = await findOutgoingExtras(ctx.db, documentId);
  if (!signedPublicId) return { ok: false, error: 'documents.outgoing.error.not_signed' };
  const unitId = Number(first.unit_id);
  const at = ctx.now();

  // (1) The number and the date, once.
  const numbered = await ctx.db.transaction().execute(async (trx) => {
    const now = await findDocument(trx, documentId, { forUpdate: true });
    if (!now || Number(now.version) !== version || now.status !== 'signed') return null;
    const fresh = now.number === null;
    const n = await numberOutgoingInTrx(trx, documentId, at, template?.office);
    await documentsDb(trx).updateTable('documents').set({ version: version + 1 }).where('id', '=', documentId).execute();
    if (fresh) {
      await insertEventInTrx(trx, { documentId, unitId, kind: 'numbered', author: who, body: n.numberText, at });
      await recordAuditInTrx(trx, audit, { action: 'documents.outgoing_numbered', unitId, targetType: 'document', targetId: documentId, details: { number: n.number, year: n.year, numberText: n.numberText } });
    }
    return n;
  });
  if (!numbered) return { ok: false, error: 'documents.outgoing.error.stale' };

  // (2) The fields filled and the seal over the leader's signature.
  const place = placeOf((await findUnit(ctx.db, unitId))!.name);
  const fill = { [NUMBER_FIELD]: template ? numbered.numberText : `${NUMBER_LABEL} ${numbered.numberText}`, [DATE_FIELD]: placeAndDate(place, numbered.day) };
  let sealed: Uint8Array;
  try {
    sealed = await sealResult(ctx.signatures, audit, { unitId, publicId: signedPublicId, labels: labels(), fill });
  } catch (error) {
    if (error instanceof SigningRefused) return { ok: false, error: SIGNING_REFUSALS[error.code] };
    if (error instanceof FieldFillRefused) return { ok: false, error: 'documents.outgoing.error.fields' };
    throw error;
  }

  // (3) Issued and delivered.
  return ctx.db.transaction().execute(async (trx) => {
    const now = await findDocument(trx, documentId, { forUpdate: true });
    if (!now || Number(now.version) !== version + 1 || now.status !== 'signed') return { ok: false as const, error: 'documents.outgoing.error.stale' as MessageKey };
    const fileName = `${numbered.numberText.replace(/\//g, '-')} ${now.subject}`.replace(/[\\/:*?"<>|\p{Cc}]/gu, '').slice(0, 150).trim() + '.pdf';
    await documentsDb(trx).updateTable('documents').set({ status: 'issued', completed_at: at, updated_at: at, version: version + 2 }).where('id', '=', documentId).execute();
    await insertFilesInTrx(trx, documentId, unitId, [{ kind: 'main', fileName, contentType: 'application/pdf', data: sealed }], who.id);
    await insertEventInTrx(trx, { documentId, unitId, kind: 'sealed', author: who, at });
    await insertEventInTrx(trx, { documentId, unitId, kind: 'issued', author: who, body: numbered.numberText, at });
    const delivered = await deliverInsideInTrx(trx, now, { ...numbered, fileName, pdf: sealed, at, who });
    await recordAuditInTrx(trx, audit, { action: 'documents.outgoing_issued', unitId, targetType: 'document', targetId: documentId, details: { numberText: numbered.numberText, delivered } });
    return { ok: true as const, numberText: numbered.numberText };
  });
}

/** Each recipient unit of this install gets the issued document as an incoming one, at once: status 01 (đã đến). */
async function deliverInsideInTrx(trx: Trx, doc: DocumentRow, d: { numberText: string; day: string; fileName: string; pdf: Uint8Array; at: Date; who: Who }): Promise<number[]> {
  const sender = (await findUnit(trx, Number(doc.unit_id)))!;
  const delivered: number[] = [];
  for (const r of await listOutgoingRecipients(trx, Number(doc.id))) {
    if (r.recipient_unit_id === null || r.delivered_document_id !== null) continue;
    const incoming = await registerIncomingInTrx(trx, {
      unitId: r.recipient_unit_id, typeCode: doc.type_code, subject: doc.subject, numberText: d.numberText, documentDate: d.day,
      senderName: sender.sealName || sender.name, senderOrganId: sender.code, senderUnitId: sender.id, sourceDocumentId: Number(doc.id), channel: 'internal',
      urgency: doc.urgency, confidential: doc.confidential, signerName: doc.signer_name, signerTitle: doc.signer_title, receivedAt: d.at,
      by: { id: null, name: sender.sealName || sender.name }, files: [{ kind: 'main', fileName: d.fileName, contentType: 'application/pdf', data: d.pdf }],
    });
    await outgoingDb(trx).updateTable('document_recipients').set({ delivered_document_id: incoming.id, status_code: '01', status_at: d.at, sent_at: d.at }).where('id', '=', r.id).execute();
    await insertEventInTrx(trx, { documentId: Number(doc.id), unitId: Number(doc.unit_id), kind: 'dispatched', author: d.who, body: r.recipient_name, at: d.at });
    delivered.push(r.recipient_unit_id);
  }
  return delivered;
}
