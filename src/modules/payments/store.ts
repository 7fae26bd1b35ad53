/** The payments module's tables, and the only code that names them. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { PaymentStatus } from './domain/settlement.ts';
import type { ReportedStatus } from './domain/gateway.ts';

export type CallbackOutcome = 'applied' | 'duplicate' | 'ignored' | 'rejected';
export type SandboxStatus = 'pending' | 'paid' | 'cancelled';

export interface PaymentsTables {
  payments: {
    id: Generated<number>;
    public_id: string;
    record_id: number;
    record_code: string;
    unit_id: number;
    citizen_id: number | null;
    amount: number;
    currency: Generated<string>;
    gateway: string;
    channel: 1 | 2;
    gateway_txn_id: string | null;
    redirect_url: string | null;
    status: Generated<PaymentStatus>;
    return_url: string;
    created_at: Generated<Date>;
    expires_at: Date;
    paid_at: Date | null;
    closed_at: Date | null;
    settled_by: 'callback' | 'query' | null;
    applied_to_record: boolean | null;
    reason: string | null;
    version: Generated<number>;
  };
  payment_callbacks: {
    id: Generated<number>;
    gateway: string;
    payment_id: number | null;
    gateway_txn_id: string | null;
    body_sha256: string;
    signature_ok: boolean;
    reported_status: ReportedStatus | null;
    outcome: CallbackOutcome;
    reason: string | null;
    ip: Generated<string>;
    created_at: Generated<Date>;
  };
  payment_sandbox_transactions: {
    txn_id: string;
    merchant_id: string;
    merchant_name: string;
    order_id: string;
    record_code: string;
    description: string;
    amount: number;
    currency: string;
    return_url: string;
    status: Generated<SandboxStatus>;
    created_at: Generated<Date>;
    decided_at: Date | null;
    callbacks_sent: Generated<number>;
    last_callback_at: Date | null;
    last_callback_status: number | null;
  };
}

export const paymentsDb = (db: Db | Trx) => tables<PaymentsTables>(db);
export const at = (date: Date) => sql<Date>`${date}::timestamptz`;

export type PaymentRow = Selectable<PaymentsTables['payments']>;
export type SandboxRow = Selectable<PaymentsTables['payment_sandbox_transactions']>;

// --- payments --------------------------------------------------------------------------------------

export interface NewPayment {
  publicId: string;
  recordId: number;
  recordCode: string;
  unitId: number;
  citizenId: number | null;
  amount: number;
  gateway: string;
  channel: 1 | 2;
  returnUrl: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Inserts a pending payment; undefined when the record already has one pending (a concurrent or earlier "pay"). */
export async function insertPendingInTrx(trx: Trx, p: NewPayment): Promise<PaymentRow | undefined> {
  return paymentsDb(trx).insertInto('payments').values({
    public_id: p.publicId, record_id: p.recordId, record_code: p.recordCode, unit_id: p.unitId, citizen_id: p.citizenId, amount: p.amount, gateway: p.gateway, channel: p.channel,
    gateway_txn_id: null, redirect_url: null, return_url: p.returnUrl, created_at: at(p.createdAt), expires_at: at(p.expiresAt), paid_at: null, closed_at: null, settled_by: null, applied_to_record: null, reason: null,
  }).onConflict((oc) => oc.column('record_id').where('status', '=', 'pending').doNothing()).returningAll().executeTakeFirst();
}

export async function findPendingOf(db: Db | Trx, recordId: number, options: { forUpdate?: boolean } = {}): Promise<PaymentRow | undefined> {
  let q = paymentsDb(db).selectFrom('payments').selectAll().where('record_id', '=', recordId).where('status', '=', 'pending');
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findPaymentByPublicId(db: Db | Trx, publicId: string, options: { forUpdate?: boolean } = {}): Promise<PaymentRow | undefined> {
  let q = paymentsDb(db).selectFrom('payments').selectAll().where('public_id', '=', publicId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findPaymentById(db: Db | Trx, id: number, options: { forUpdate?: boolean } = {}): Promise<PaymentRow | undefined> {
  let q = paymentsDb(db).selectFrom('payments').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The payment of a gateway's transaction, locked for this transaction: callbacks about it are applied one after the other. */
export async function lockPaymentByTxnInTrx(trx: Trx, gateway: string, gatewayTxnId: string): Promise<PaymentRow | undefined> {
  return paymentsDb(trx).selectFrom('payments').selectAll().where('gateway', '=', gateway).where('gateway_txn_id', '=', gatewayTxnId).forUpdate().executeTakeFirst();
}

/** The record's payments, newest first. */
export async function listPaymentsOf(db: Db | Trx, recordId: number, limit = 20): Promise<PaymentRow[]> {
  return paymentsDb(db).selectFrom('payments').selectAll().where('record_id', '=', recordId).orderBy('id', 'desc').limit(limit).execute();
}

/** Pending payments whose time is up, oldest first. */
export async function listOverdue(db: Db | Trx, now: Date, limit: number): Promise<PaymentRow[]> {
  return paymentsDb(db).selectFrom('payments').selectAll().where('status', '=', 'pending').where('expires_at', '<=', at(now)).orderBy('expires_at').orderBy('id').limit(limit).execute();
}

export type PaymentChanges = Partial<Pick<PaymentRow, 'gateway_txn_id' | 'redirect_url' | 'status' | 'paid_at' | 'closed_at' | 'settled_by' | 'applied_to_record' | 'reason'>>;

/** Every change bumps the version. */
export async function updatePaymentInTrx(trx: Trx, id: number, changes: PaymentChanges): Promise<void> {
  await paymentsDb(trx).updateTable('payments').set({ ...changes, version: sql`version + 1` }).where('id', '=', id).execute();
}

// --- callbacks -------------------------------------------------------------------------------------

export async function insertCallbackInTrx(trx: Trx, c: { gateway: string; paymentId: number | null; gatewayTxnId: string | null; bodySha256: string; signatureOk: boolean; reportedStatus: ReportedStatus | null; outcome: CallbackOutcome; reason: string | null; ip: string }): Promise<void> {
  await paymentsDb(trx).insertInto('payment_callbacks').values({
    gateway: c.gateway, payment_id: c.paymentId, gateway_txn_id: c.gatewayTxnId, body_sha256: c.bodySha256, signature_ok: c.signatureOk, reported_status: c.reportedStatus,
    outcome: c.outcome, reason: c.reason, ip: [...c.ip].slice(0, 100).join(''),
  }).execute();
}

// --- the sandbox gateway's own books ---------------------------------------------------------------

export async function insertSandboxTransaction(db: Db | Trx, t: Omit<SandboxRow, 'status' | 'created_at' | 'decided_at' | 'callbacks_sent' | 'last_callback_at' | 'last_callback_status'>): Promise<SandboxRow> {
  return paymentsDb(db).insertInto('payment_sandbox_transactions').values({ ...t, decided_at: null, last_callback_at: null, last_callback_status: null })
    .onConflict((oc) => oc.columns(['merchant_id', 'order_id']).doUpdateSet({ merchant_id: t.merchant_id }))
    .returningAll().executeTakeFirstOrThrow();
}

export async function findSandboxTransaction(db: Db | Trx, txnId: string, options: { forUpdate?: boolean } = {}): Promise<SandboxRow | undefined> {
  let q = paymentsDb(db).selectFrom('payment_sandbox_transactions').selectAll().where('txn_id', '=', txnId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The citizen's decision on the sandbox page, once: false when the transaction was decided already. */
export async function decideSandboxTransaction(db: Db | Trx, txnId: string, status: 'paid' | 'cancelled', now: Date): Promise<boolean> {
  const r = await paymentsDb(db).updateTable('payment_sandbox_transactions').set({ status, decided_at: at(now) }).where('txn_id', '=', txnId).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function noteSandboxCallback(db: Db | Trx, txnId: string, httpStatus: number, now: Date): Promise<void> {
  await paymentsDb(db).updateTable('payment_sandbox_transactions').set({ callbacks_sent: sql`callbacks_sent + 1`, last_callback_at: at(now), last_callback_status: httpStatus }).where('txn_id', '=', txnId).execute();
}
