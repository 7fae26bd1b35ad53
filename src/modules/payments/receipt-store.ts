/** The receipts' tables (002_receipts.sql), and the only code that names them. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { ReceiptPaymentMethod } from './receipt-pdf.ts';

export interface ReceiptTables {
  payment_receipt_sequences: { unit_id: number; year: number; last_number: number };
  payment_receipts: {
    id: Generated<number>;
    unit_id: number;
    record_id: number;
    record_code: string;
    payment_id: number | null;
    year: number;
    form_symbol: string;
    series: string;
    number: number;
    amount: number;
    method: ReceiptPaymentMethod;
    paid_at: Date;
    issued_at: Generated<Date>;
    pdf: Uint8Array | null;
    sha256: string | null;
  };
}

export type ReceiptRow = Selectable<ReceiptTables['payment_receipts']>;
const receiptsDb = (db: Db | Trx) => tables<ReceiptTables>(db);

/** Which receipt: an online payment's, or the record's payment at the desk. */
export type ReceiptKey = { paymentId: number } | { deskRecordId: number };

export async function findReceipt(db: Db | Trx, key: ReceiptKey): Promise<ReceiptRow | undefined> {
  let q = receiptsDb(db).selectFrom('payment_receipts').selectAll();
  q = 'paymentId' in key ? q.where('payment_id', '=', key.paymentId) : q.where('record_id', '=', key.deskRecordId).where('payment_id', 'is', null);
  return q.executeTakeFirst();
}

/** The receipts of a record (online and desk), oldest first, without their bytes. */
export async function listReceiptsOf(db: Db | Trx, recordId: number): Promise<Omit<ReceiptRow, 'pdf'>[]> {
  return receiptsDb(db).selectFrom('payment_receipts')
    .select(['id', 'unit_id', 'record_id', 'record_code', 'payment_id', 'year', 'form_symbol', 'series', 'number', 'amount', 'method', 'paid_at', 'issued_at', 'sha256'])
    .where('record_id', '=', recordId).orderBy('id').execute();
}

/**
 * The unit's sequence of the year, locked for this transaction (created at 0 the first time): receipts of a
 * unit are numbered one after the other, without gaps (the transaction that takes a number also inserts the receipt).
 */
export async function lockSequenceInTrx(trx: Trx, unitId: number, year: number): Promise<number> {
  await receiptsDb(trx).insertInto('payment_receipt_sequences').values({ unit_id: unitId, year, last_number: 0 }).onConflict((oc) => oc.columns(['unit_id', 'year']).doNothing()).execute();
  const row = await receiptsDb(trx).selectFrom('payment_receipt_sequences').select('last_number').where('unit_id', '=', unitId).where('year', '=', year).forUpdate().executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertReceiptInTrx(trx: Trx, r: Omit<ReceiptRow, 'id' | 'issued_at' | 'pdf' | 'sha256'>): Promise<ReceiptRow> {
  await receiptsDb(trx).updateTable('payment_receipt_sequences').set({ last_number: r.number }).where('unit_id', '=', r.unit_id).where('year', '=', r.year).execute();
  return receiptsDb(trx).insertInto('payment_receipts').values({ ...r, pdf: null, sha256: null }).returningAll().executeTakeFirstOrThrow();
}

/** Keeps the signed PDF, once: a concurrent first download that finished earlier wins, and both return its bytes. */
export async function keepReceiptPdf(db: Db | Trx, id: number, pdf: Uint8Array, sha256: string): Promise<void> {
  await receiptsDb(db).updateTable('payment_receipts').set({ pdf, sha256 }).where('id', '=', id).where('pdf', 'is', null).execute();
}

export const receiptYearOf = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
