/**
 * The clerk imports an edXML package (QCVN 102:2016) as an incoming document: the package is parsed (every problem
 * listed, nothing written on a bad one), its attachments checked like any upload (what they really are, whole, no
 * active content, clean) and its PDFs' signatures verified as for an electronic PDF (incoming-register.ts). Then,
 * in one transaction with its audit entry, `registerIncomingInTrx` (channel 'edxml', the sender and its OrganId
 * from From, the number from Code, the date, the type from the symbol or DocumentType, the urgency from Priority),
 * the attachments as files and the package itself as kind 'edxml'. A PDF whose signature is invalid fails the
 * authenticity check: the document is not registered but kept as returned, for the clerk to send status 02 back.
 */
import { detectFileKind } from '../../platform/files/file-kind.ts';
import { translator } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findUnit } from '../tenancy/index.ts';
import { VerifyInputError, verifyDocument } from '../signatures/index.ts';
import type { VerificationReport } from '../signatures/index.ts';
import type { DocumentsContext } from './context.ts';
import { numberTextOf, parseEdxml } from './domain/edxml.ts';
import type { EdxmlDocument, EdxmlProblem } from './domain/edxml.ts';
import { typeCodeOf, urgencyOf } from './domain/edxml-mapping.ts';
import { safeFileName } from './incoming-files.ts';
import { failureReasons } from './incoming-register.ts';
import { insertFilesInTrx, registerIncomingInTrx, searchTextOf } from './register-incoming.ts';
import type { NewFile } from './register-incoming.ts';
import { documentsDb, insertEventInTrx, newPublicId } from './store.ts';

const vi = translator('vi');

/** Problems of the import step beyond the package's own (attachments that are not documents, signatures, duplicates). */
export type ImportProblemCode = EdxmlProblem['code'] | 'attachment_type' | 'attachment_infected' | 'scan_unavailable' | 'attachment_unreadable' | 'not_for_us' | 'duplicate';
export interface ImportProblem { code: ImportProblemCode; field?: string }

export type ImportOutcome =
  | { ok: true; registered: true; id: number; incomingNumber: number; incomingYear: number }
  | { ok: true; registered: false; id: number; reason: string }
  | { ok: false; problems: ImportProblem[] };

type Verdict = VerificationReport['status'] | 'not_checked';

/** The worst verdict of several PDFs: invalid > indeterminate > unsigned > valid. */
const worst = (verdicts: Verdict[]): Verdict => (['invalid', 'indeterminate', 'unsigned', 'not_checked', 'valid'] as const).find((v) => verdicts.includes(v)) ?? 'not_checked';

const CLIP = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** What the import reads from a parsed package (pure: the tests look at it too). */
export function incomingFieldsOf(d: EdxmlDocument) {
  return {
    typeCode: typeCodeOf(d),
    subject: d.subject,
    numberText: CLIP(numberTextOf(d.code), 100),
    documentDate: d.promulgation.date,
    senderName: d.from.organName,
    senderOrganId: d.from.organId,
    urgency: urgencyOf(d.other.priority),
    pageCount: d.other.pageAmount ?? null,
    signerName: d.signer.fullName || null,
    signerTitle: [d.signer.competence, d.signer.position].filter(Boolean).join(' ').slice(0, 200) || null,
  };
}

export async function importEdxml(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, upload: { filename: string; data: Uint8Array }): Promise<ImportOutcome> {
  const parsed = parseEdxml(upload.data);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const d = parsed.value;
  const problems: ImportProblem[] = [];
  const unit = await findUnit(ctx.db, unitId);
  if (unit?.code && d.to.length > 0 && !d.to.some((t) => t.organId === unit.code)) problems.push({ code: 'not_for_us', field: 'To' });
  const files: NewFile[] = [];
  const pdfs: Uint8Array[] = [];
  for (const [i, a] of d.attachments.entries()) {
    const field = `Attachment[${i + 1}] ${a.name}`;
    const detected = detectFileKind(a.data);
    if ('problem' in detected) {
      problems.push({ code: 'attachment_type', field });
      continue;
    }
    const verdict = await ctx.scanner(a.data);
    if (verdict === 'infected' || verdict === 'unavailable') {
      problems.push({ code: verdict === 'infected' ? 'attachment_infected' : 'scan_unavailable', field });
      continue;
    }
    const isFirstPdf = detected.kind === 'application/pdf' && pdfs.length === 0;
    if (detected.kind === 'application/pdf') pdfs.push(a.data);
    files.push({ kind: isFirstPdf ? 'main' : 'attachment', fileName: safeFileName(a.name, detected.kind), contentType: detected.kind, data: a.data, textContent: null });
  }
  if (problems.length === 0) {
    const fields = incomingFieldsOf(d);
    const duplicate = await documentsDb(ctx.db).selectFrom('documents').select('id').where('unit_id', '=', unitId).where('direction', '=', 'incoming')
      .where('sender_organ_id', '=', fields.senderOrganId).where('number_text', '=', fields.numberText).where('document_date', '=', fields.documentDate)
      .where('status', '!=', 'returned').executeTakeFirst();
    if (duplicate) problems.push({ code: 'duplicate', field: fields.numberText });
  }
  if (problems.length > 0) return { ok: false, problems };

  const reports: VerificationReport[] = [];
  if (ctx.signatures) {
    for (const [i, pdf] of pdfs.entries()) {
      try {
        reports.push(await verifyDocument(ctx.signatures, pdf));
      } catch (error) {
        if (error instanceof VerifyInputError) return { ok: false, problems: [{ code: 'attachment_unreadable', field: `PDF ${i + 1}` }] };
        throw error;
      }
    }
  }
  const verdict = ctx.signatures ? worst(reports.map((r) => r.status)) : 'not_checked';
  const fields = incomingFieldsOf(d);
  const packageFile: NewFile = { kind: 'edxml', fileName: `${safeFileName(upload.filename, 'application/pdf').replace(/\.pdf$/, '')}.edxml`, contentType: 'application/xml', data: upload.data };
  const receivedAt = ctx.now();
  return ctx.db.transaction().execute(async (trx): Promise<ImportOutcome> => {
    if (verdict === 'invalid') {
      const reasons = reports.flatMap(failureReasons);
      const reason = [vi('documents.exchange.note.invalid'), ...new Set(reasons)].join(' ').slice(0, 4000);
      const row = await documentsDb(trx).insertInto('documents').values({
        public_id: newPublicId(), unit_id: unitId, direction: 'incoming', type_code: fields.typeCode, subject: fields.subject, number_text: fields.numberText,
        received_at: receivedAt, sender_name: fields.senderName, sender_organ_id: fields.senderOrganId, channel: 'edxml', document_date: fields.documentDate,
        urgency: fields.urgency, page_count: fields.pageCount, signer_name: fields.signerName, signer_title: fields.signerTitle, status: 'returned',
        search_text: searchTextOf([fields.subject, fields.numberText, fields.senderName]), created_by_id: by.id, created_by_name: by.name,
      }).returning('id').executeTakeFirstOrThrow();
      const id = Number(row.id);
      await insertFilesInTrx(trx, id, unitId, [...files, packageFile], by.id);
      await insertEventInTrx(trx, { documentId: id, unitId, kind: 'returned', author: by, body: reason, at: receivedAt });
      await recordAuditInTrx(trx, audit, { action: 'documents.edxml_returned', unitId, targetType: 'document', targetId: id, details: { sender: fields.senderOrganId, numberText: fields.numberText, reasons } });
      return { ok: true, registered: false, id, reason };
    }
    const note = vi('documents.exchange.note.imported', { organ: fields.senderOrganId }) + ' ' + vi(`documents.exchange.note.${verdict}`);
    const made = await registerIncomingInTrx(trx, { unitId, ...fields, channel: 'edxml', receivedAt, by, files: [...files, packageFile], note: note.slice(0, 4000) });
    await recordAuditInTrx(trx, audit, {
      action: 'documents.edxml_imported', unitId, targetType: 'document', targetId: made.id,
      details: { incomingNumber: made.incomingNumber, year: made.incomingYear, sender: fields.senderOrganId, numberText: fields.numberText, attachments: files.length, verdict },
    });
    return { ok: true, registered: true, id: made.id, incomingNumber: made.incomingNumber, incomingYear: made.incomingYear };
  });
}
