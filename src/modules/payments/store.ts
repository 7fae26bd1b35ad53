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

// --- the unit's payments list and daily reconciliation (reconcile-statement.ts) --------------------

export interface PaymentListFilter {
  unitId: number;
  /** Created within [from, to). */
  from?: Date;
  to?: Date;
  status?: string;
  limit: number;
}

/** A unit's payments, newest first, with the totals per status of all that match (not only the page). */
export async function listUnitPayments(db: Db | Trx, f: PaymentListFilter): Promise<{ rows: PaymentRow[]; totals: { status: string; count: number; amount: number }[] }> {
  let q = paymentsDb(db).selectFrom('payments').where('unit_id', '=', f.unitId);
  if (f.from) q = q.where('created_at', '>=', at(f.from));
  if (f.to) q = q.where('created_at', '<', at(f.to));
  if (f.status) q = q.where('status', '=', f.status as PaymentStatus);
  const [rows, totals] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute(),
    q.select(['status', sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(amount), 0)`.as('amount')]).groupBy('status').execute(),
  ]);
  return { rows, totals: totals.map((t) => ({ status: t.status, count: Number(t.n), amount: Number(t.amount) })) };
}

/**
 * What a statement of `period` is matched against: the unit's payments through `gateway` that the gateway knows
 * (a transaction id) and that were paid or created within the period, or that the statement names.
 */
export async function listPaymentsToReconcile(db: Db | Trx, unitId: number, gateway: string, period: { from: Date; to: Date }, txnIds: readonly string[]): Promise<PaymentRow[]> {
  return paymentsDb(db).selectFrom('payments').selectAll()
    .where('unit_id', '=', unitId).where('gateway', '=', gateway).where('gateway_txn_id', 'is not', null)
    .where((eb) => eb.or([
      eb.and([eb('paid_at', '>=', at(period.from)), eb('paid_at', '<', at(period.to))]),
      eb.and([eb('created_at', '>=', at(period.from)), eb('created_at', '<', at(period.to))]),
      ...(txnIds.length > 0 ? [sql<boolean>`gateway_txn_id = any(${[...txnIds]}::text[])`] : []),
    ]))
    .orderBy('id').execute();
}

export interface ReconciliationTables {
  reconciliation_runs: {
    id: Generated<number>;
    unit_id: number;
    day: string;
    gateway: string;
    file_sha256: string;
    file_bytes: number;
    statement_rows: number;
    matched: number;
    missing_on_our_side: number;
    missing_in_statement: number;
    amount_differs: number;
    status_differs: number;
    reference_differs: number;
    statement_paid: number;
    recorded_paid: number;
    mismatches: unknown;
    created_by: number;
    created_by_name: string;
    created_at: Generated<Date>;
  };
}

export type ReconciliationRunRow = Selectable<ReconciliationTables['reconciliation_runs']>;
export type NewReconciliationRun = Omit<ReconciliationRunRow, 'id' | 'created_at'>;

const runsDb = (db: Db | Trx) => tables<ReconciliationTables>(db);
/** `day` as text "YYYY-MM-DD", whatever the driver makes of a date column. */
const runColumns = ['id', 'unit_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'gateway', 'file_sha256', 'file_bytes', 'statement_rows', 'matched', 'missing_on_our_side', 'missing_in_statement', 'amount_differs', 'status_differs', 'reference_differs', 'statement_paid', 'recorded_paid', 'mismatches', 'created_by', 'created_by_name', 'created_at'] as const;

export async function insertReconciliationRunInTrx(trx: Trx, run: NewReconciliationRun): Promise<number> {
  const row = await runsDb(trx).insertInto('reconciliation_runs').values({ ...run, mismatches: JSON.stringify(run.mismatches) }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findReconciliationRun(db: Db | Trx, unitId: number, id: number): Promise<ReconciliationRunRow | undefined> {
  return runsDb(db).selectFrom('reconciliation_runs').select([...runColumns]).where('unit_id', '=', unitId).where('id', '=', id).executeTakeFirst();
}

export async function listReconciliationRuns(db: Db | Trx, unitId: number, limit = 30): Promise<Omit<ReconciliationRunRow, 'mismatches'>[]> {
  return runsDb(db).selectFrom('reconciliation_runs').select(runColumns.filter((c) => c !== 'mismatches') as Exclude<(typeof runColumns)[number], 'mismatches'>[])
    .where('unit_id', '=', unitId).orderBy('day', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
