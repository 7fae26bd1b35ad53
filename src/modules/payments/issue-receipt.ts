/**
 * The electronic receipt (biên lai) of a payment: numbered in the unit's sequence of the payment's year, drawn
 * with `renderPaymentReceipt` and signed by the unit (its seal certificate, `signAsUnit`), then kept.
 *
 * When (D29, receipts): never inside the payment's transaction — signing takes milliseconds and calls the certificate
 * store; a callback must stay short and cannot fail because of a PDF. The receipt is made on its first download
 * (the result page, the record's pages) and kept: its number is taken in a short transaction of its own (the
 * unit's sequence locked, the receipt row inserted), the PDF is drawn and signed outside any transaction, then
 * stored once (a concurrent first download's copy is discarded, both return the stored bytes). The receipt's
 * date is the payment's: it records when the money was received, not when someone first asked for the file.
 */
import crypto from 'node:crypto';
import { translator } from '../../platform/i18n/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findRecordById } from '../records/index.ts';
import type { RecordRow } from '../records/index.ts';
import { signAsUnit } from '../signatures/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { PaymentsContext } from './context.ts';
import { renderPaymentReceipt } from './receipt-pdf.ts';
import type { ReceiptPaymentMethod } from './receipt-pdf.ts';
import { findReceipt, insertReceiptInTrx, keepReceiptPdf, lockSequenceInTrx, receiptYearOf } from './receipt-store.ts';
import type { ReceiptKey, ReceiptRow } from './receipt-store.ts';
import { paymentsDb } from './store.ts';
import type { PaymentRow } from './store.ts';

/**
 * Ký hiệu mẫu and ký hiệu of the receipts. The numbering rule of the form symbol and series registered with the
 * tax office is not verified here (receipt-pdf.ts); these follow its common shape: the series carries the year.
 */
export const RECEIPT_FORM_SYMBOL = '01BLP0-001';
export const receiptSeries = (year: number) => `BL${String(year % 100).padStart(2, '0')}E`;
export const receiptNumberText = (n: number) => String(n).padStart(7, '0');

const vi = translator('vi');

/** What was received, and from which source. */
interface Money {
  key: ReceiptKey;
  record: RecordRow;
  amount: number;
  method: ReceiptPaymentMethod;
  paidAt: Date;
  channel: 1 | 2 | null;
  transactionId: string | null;
}

/** A paid online payment's money. */
async function onlineMoney(ctx: PaymentsContext, payment: PaymentRow): Promise<Money> {
  if (payment.status !== 'paid' || !payment.paid_at) throw new AppError('payments.receipt.none', 404);
  const record = await findRecordById(ctx.db, Number(payment.record_id));
  if (!record) throw new AppError('payments.receipt.none', 404);
  return { key: { paymentId: Number(payment.id) }, record, amount: Number(payment.amount), method: 'online', paidAt: payment.paid_at, channel: payment.channel, transactionId: payment.gateway_txn_id };
}

/**
 * The record's own payment: online (the paid payment applied to it) or at the desk (cash, transfer). None when
 * the record is not paid.
 */
async function recordMoney(ctx: PaymentsContext, record: RecordRow): Promise<Money> {
  if (record.paid_at === null || record.paid_amount === null) throw new AppError('payments.receipt.none', 404);
  if (record.payment_method === 'online') {
    const payment = await paymentsDb(ctx.db).selectFrom('payments').selectAll().where('record_id', '=', Number(record.id)).where('status', '=', 'paid').where('applied_to_record', '=', true).orderBy('id').executeTakeFirst();
    if (!payment) throw new AppError('payments.receipt.none', 404);
    return onlineMoney(ctx, payment);
  }
  return { key: { deskRecordId: Number(record.id) }, record, amount: Number(record.paid_amount), method: record.payment_method ?? 'cash', paidAt: record.paid_at, channel: null, transactionId: null };
}

/** The receipt's row: found, or numbered now (unit's sequence locked, no gap, once per payment). */
async function numbered(ctx: PaymentsContext, audit: AuditActor, m: Money): Promise<ReceiptRow> {
  const found = await findReceipt(ctx.db, m.key);
  if (found) return found;
  const unitId = Number(m.record.unit_id);
  const year = receiptYearOf(m.paidAt);
  return ctx.db.transaction().execute(async (trx: Trx) => {
    const last = await lockSequenceInTrx(trx, unitId, year);
    // Looked for again under the sequence's lock: a concurrent first download numbered it meanwhile.
    const again = await findReceipt(trx, m.key);
    if (again) return again;
    const row = await insertReceiptInTrx(trx, {
      unit_id: unitId, record_id: Number(m.record.id), record_code: m.record.code, payment_id: 'paymentId' in m.key ? m.key.paymentId : null,
      year, form_symbol: RECEIPT_FORM_SYMBOL, series: receiptSeries(year), number: last + 1, amount: m.amount, method: m.method, paid_at: m.paidAt,
    });
    await recordAuditInTrx(trx, audit, {
      action: 'payments.receipt_issued', unitId, targetType: 'payment_receipt', targetId: `${row.series}-${receiptNumberText(row.number)}`,
      details: { record: m.record.code, amount: m.amount, method: m.method, payment: 'paymentId' in m.key ? m.key.paymentId : null },
    });
    return row;
  });
}

function agencyLines(unitName: string, parentName: string | null) {
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  return { name: `Ủy ban nhân dân ${lower(unitName)}`, parent: parentName ? `Ủy ban nhân dân ${lower(parentName)}` : null };
}

/** Draws and signs the receipt of a numbered row. */
async function draw(ctx: PaymentsContext, audit: AuditActor, row: ReceiptRow, m: Money): Promise<Uint8Array> {
  const unit = await findUnit(ctx.db, Number(row.unit_id));
  if (!unit) throw new AppError('payments.receipt.none', 404);
  const parent = unit.parentId ? await findUnit(ctx.db, unit.parentId) : undefined;
  const number = receiptNumberText(row.number);
  const pdf = await renderPaymentReceipt({
    unit: { ...agencyLines(unit.name, parent?.name ?? null), address: unit.address || null },
    formSymbol: row.form_symbol, series: row.series, number, issuedAt: row.paid_at,
    payer: { name: m.record.applicant_name, address: m.record.applicant_address || null },
    recordCode: m.record.code, procedureName: m.record.procedure_name,
    lines: [{ name: vi('payments.receipt.line'), amount: Number(row.amount) }],
    method: row.method, channel: m.channel ? vi(`payments.channel.${m.channel}`) : null, transactionId: m.transactionId,
    paidAt: row.paid_at, verificationUrl: `${ctx.publicUrl}/xac-thuc`, lookupCode: `${row.series}-${number}`,
  });
  if (!ctx.signatures) return pdf;
  return signAsUnit(ctx.signatures, audit, { unitId: Number(row.unit_id), pdf, labels: { signedBy: vi('signatures.appearance.signed_by'), time: vi('signatures.appearance.time') } });
}

export interface IssuedReceipt {
  pdf: Uint8Array;
  fileName: string;
  row: ReceiptRow;
}

async function issue(ctx: PaymentsContext, audit: AuditActor, m: Money): Promise<IssuedReceipt> {
  let row = await numbered(ctx, audit, m);
  if (!row.pdf) {
    const pdf = await draw(ctx, audit, row, m);
    await keepReceiptPdf(ctx.db, Number(row.id), pdf, crypto.createHash('sha256').update(pdf).digest('hex'));
    row = (await findReceipt(ctx.db, m.key))!;
  }
  return { pdf: row.pdf!, fileName: `bien-lai-${row.series}-${receiptNumberText(row.number)}.pdf`, row };
}

/** The receipt of a paid online payment (applied to its record, or kept for a refund). */
export async function paymentReceipt(ctx: PaymentsContext, audit: AuditActor, payment: PaymentRow): Promise<IssuedReceipt> {
  return issue(ctx, audit, await onlineMoney(ctx, payment));
}

/** The receipt of the record's payment, online or at the desk. */
export async function recordReceipt(ctx: PaymentsContext, audit: AuditActor, record: RecordRow): Promise<IssuedReceipt> {
  return issue(ctx, audit, await recordMoney(ctx, record));
}
