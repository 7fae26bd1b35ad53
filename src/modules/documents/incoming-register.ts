/**
 * The clerk's registration of an incoming document (documents.register): a paper document scanned in, or an
 * electronic one received as a PDF. An electronic PDF is checked for authenticity and integrity with the signatures
 * module's verification first: an invalid signature means it is not registered but returned to the sender with the
 * reason (a row with status 'returned', no incoming number, its file kept as evidence, a 'returned' event); an
 * unsigned one is registered with a note. Everything in one transaction with its audit entry. The files' text is
 * left null: search extraction (OCR, PDF text) is a later step.
 */
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n/index.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { VerifyInputError, verifyDocument } from '../signatures/index.ts';
import type { Check, VerificationReport } from '../signatures/index.ts';
import type { DocumentsContext } from './context.ts';
import { signatureDecision } from './domain/incoming-rules.ts';
import type { Registration, SignatureVerdict } from './domain/incoming-rules.ts';
import type { CheckedFile } from './incoming-files.ts';
import { insertFilesInTrx, registerIncomingInTrx, searchTextOf } from './register-incoming.ts';
import { documentsDb, insertEventInTrx, newPublicId } from './store.ts';

const vi = translator('vi');

/** A check's explanation in Vietnamese (the office's language, kept in the history), its details filled in. */
function explainVi(check: Check): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(check.details ?? {})) params[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return vi(`signatures.reason.${check.reason}` as MessageKey, params);
}

/** Why a report fails: the failed checks of its invalid signatures, each said once. */
export function failureReasons(report: VerificationReport): string[] {
  const out: string[] = [];
  for (const s of report.signatures) {
    if (s.status !== 'invalid') continue;
    for (const c of Object.values(s.checks)) if (c.status === 'failed') out.push(explainVi(c));
  }
  return [...new Set(out)];
}

/** The "unknown" checks of indeterminate signatures: what could not be confirmed. */
function doubts(report: VerificationReport): string[] {
  const out: string[] = [];
  for (const s of report.signatures) for (const c of Object.values(s.checks)) if (c.status === 'unknown' && c.reason !== 'not_checked') out.push(explainVi(c));
  return [...new Set(out)];
}

const signers = (report: VerificationReport) => report.signatures.filter((s) => s.kind === 'signature' && s.signer).map((s) => [s.signer!.commonName, s.signer!.organisation].filter(Boolean).join(', ')).join('; ');

export type RegisterOutcome =
  | { registered: true; id: number; incomingNumber: number; incomingYear: number; verdict: SignatureVerdict }
  | { registered: false; id: number; reason: string };

export async function registerByClerk(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, r: Registration, files: readonly CheckedFile[]): Promise<RegisterOutcome> {
  let verdict: SignatureVerdict = 'not_checked';
  let report: VerificationReport | null = null;
  if (r.channel === 'electronic' && ctx.signatures) {
    try {
      report = await verifyDocument(ctx.signatures, files[0]!.data);
    } catch (error) {
      if (error instanceof VerifyInputError) throw new AppError('documents.incoming.error.pdf_unreadable', 422);
      throw error;
    }
    verdict = report.status;
  }
  const decision = signatureDecision(verdict);
  const note = r.channel === 'paper' ? vi('documents.incoming.note.paper')
    : decision.note === 'valid' ? vi('documents.incoming.note.valid', { signers: signers(report!) })
      : decision.note === 'unsigned' ? vi('documents.incoming.note.unsigned')
        : decision.note === 'indeterminate' ? [vi('documents.incoming.note.indeterminate'), ...doubts(report!)].join(' ')
          : decision.note === 'not_checked' ? vi('documents.incoming.note.not_checked') : '';
  const signer = report?.signatures.find((s) => s.kind === 'signature' && s.status === 'valid' && s.signer?.commonName)?.signer ?? null;
  const kind = r.channel === 'paper' ? 'scan' as const : 'main' as const;
  const newFiles = files.map((f) => ({ kind, fileName: f.fileName, contentType: f.contentType, data: f.data, textContent: null }));

  return ctx.db.transaction().execute(async (trx): Promise<RegisterOutcome> => {
    if (!decision.register) {
      const reason = [vi('documents.incoming.note.invalid'), ...failureReasons(report!)].join(' ');
      const row = await documentsDb(trx).insertInto('documents').values({
        public_id: newPublicId(), unit_id: unitId, direction: 'incoming', type_code: r.typeCode, subject: r.subject, number_text: r.numberText,
        received_at: r.receivedAt, sender_name: r.senderName, channel: 'electronic', document_date: r.documentDate, urgency: r.urgency, confidential: r.confidential,
        page_count: r.pageCount, status: 'returned', search_text: searchTextOf([r.subject, r.numberText, r.senderName]), created_by_id: by.id, created_by_name: by.name,
      }).returning('id').executeTakeFirstOrThrow();
      const id = Number(row.id);
      await insertFilesInTrx(trx, id, unitId, newFiles, by.id);
      await insertEventInTrx(trx, { documentId: id, unitId, kind: 'returned', author: by, body: reason.slice(0, 4000), at: r.receivedAt });
      await recordAuditInTrx(trx, audit, { action: 'documents.incoming_returned', unitId, targetType: 'document', targetId: id, details: { sender: r.senderName, numberText: r.numberText, verdict, reasons: failureReasons(report!), fileSha256: report!.fileSha256 } });
      return { registered: false, id, reason };
    }
    const made = await registerIncomingInTrx(trx, {
      unitId, typeCode: r.typeCode, subject: r.subject, numberText: r.numberText, documentDate: r.documentDate, senderName: r.senderName, channel: r.channel,
      urgency: r.urgency, confidential: r.confidential, pageCount: r.pageCount, signerName: signer?.commonName ?? null, signerTitle: signer?.title ?? null,
      receivedAt: r.receivedAt, by, files: newFiles, note,
    });
    await recordAuditInTrx(trx, audit, {
      action: 'documents.incoming_registered', unitId, targetType: 'document', targetId: made.id,
      details: { incomingNumber: made.incomingNumber, year: made.incomingYear, channel: r.channel, files: files.length, verdict },
    });
    return { registered: true, id: made.id, incomingNumber: made.incomingNumber, incomingYear: made.incomingYear, verdict };
  });
}
