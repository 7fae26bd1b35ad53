/**
 * Status packages a unit sends back for a document it received by edXML (vn-rules.md §8): 03 đã tiếp nhận once it
 * is registered, 04 phân công and 05 đang xử lý as it is handled, 06 hoàn thành when completed, 02 trả lại (with the
 * reason) for one not yet presented — which returns it — or one already returned (a failed signature check). Each
 * package made is a 'delivery_status' event and an audit entry; the clerk sends the file over the axis.
 */
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n/index.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { DocumentsContext } from './context.ts';
import { buildStatus, isStatusCode } from './domain/edxml-status.ts';
import type { StatusCode } from './domain/edxml-status.ts';
import { MAX_STATUS_NOTE, organOf, statusLabelVi } from './exchange-dispatch.ts';
import { bumpVersionInTrx, documentOfUnit } from './exchange-store.ts';
import { dayOf } from './incoming-store.ts';
import { insertEventInTrx } from './store.ts';
import type { DocumentRow, DocumentStatus } from './store.ts';

const vi = translator('vi');

/** The codes a received document may answer with, in its state. */
export function statusCodesFor(status: DocumentStatus): StatusCode[] {
  switch (status) {
    case 'registered': return ['03', '02'];
    case 'presented': return ['03'];
    case 'assigned': return ['03', '04'];
    case 'in_progress': return ['03', '04', '05'];
    case 'completed': return ['03', '06'];
    case 'returned': return ['02'];
    default: return [];
  }
}

/** Whether a document can answer by status package at all: received by edXML, with its sender's code. */
export const answersByEdxml = (doc: Pick<DocumentRow, 'direction' | 'channel' | 'sender_organ_id' | 'number_text'>) =>
  doc.direction === 'incoming' && doc.channel === 'edxml' && !!doc.sender_organ_id && !!doc.number_text;

export async function statusPackageBack(ctx: DocumentsContext, by: { id: number; name: string }, audit: AuditActor, unitId: number, documentId: number, version: number, codeText: string, reasonText: string): Promise<{ data: Uint8Array; fileName: string }> {
  const doc = await documentOfUnit(ctx.db, unitId, documentId);
  if (!doc) throw new AppError('error.not_found', 404);
  if (!answersByEdxml(doc)) throw new AppError('documents.exchange.error.not_edxml', 409);
  if (!isStatusCode(codeText) || !statusCodesFor(doc.status).includes(codeText)) throw new AppError('documents.exchange.error.status_not_now', 409);
  const code: StatusCode = codeText;
  const reason = reasonText.trim();
  if (reason.length > MAX_STATUS_NOTE) throw new AppError('documents.exchange.error.note_too_long', 422);
  if (code === '02' && reason === '') throw new AppError('documents.exchange.error.reason_required', 422);
  const unit = (await findUnit(ctx.db, unitId))!;
  const at = ctx.now();
  const description = reason || vi(`documents.exchange.status.${code}` as MessageKey);
  const data = buildStatus({
    responseFor: { organId: doc.sender_organ_id!, code: doc.number_text!, promulgationDate: doc.document_date ? dayOf(doc.document_date) : '', documentId: doc.public_id },
    from: organOf(unit), statusCode: code, description, timestamp: at, staff: { department: unit.name, staff: by.name },
  });
  await ctx.db.transaction().execute(async (trx) => {
    // Trả lại before it is presented returns it; every other answer only tells the sender.
    const returning = code === '02' && doc.status === 'registered';
    if (!(await bumpVersionInTrx(trx, documentId, version, at, returning ? { status: 'returned' } : {}))) throw new AppError('documents.exchange.error.stale', 409);
    if (returning) await insertEventInTrx(trx, { documentId, unitId, kind: 'returned', author: by, body: reason.slice(0, 4000), at });
    await insertEventInTrx(trx, { documentId, unitId, kind: 'delivery_status', author: by, body: vi('documents.exchange.event.status_sent', { status: statusLabelVi(code), organ: doc.sender_organ_id!, note: reason }).slice(0, 4000), at });
    await recordAuditInTrx(trx, audit, { action: 'documents.status_package_made', unitId, targetType: 'document', targetId: documentId, details: { code, to: doc.sender_organ_id, returned: returning } });
  });
  return { data, fileName: `trang-thai-${code}-${doc.number_text!.replace(/[^\p{L}\p{N}-]+/gu, '-')}.edxml` };
}
