/**
 * The applicant starts paying a record's fee online: a pending payment of the fee (integer đồng), a
 * transaction at the gateway, and the gateway's page to send them to. One pending payment per record: asking
 * again while one is pending (a double click, a second tab, the API retried) returns that one; one whose
 * time is up is first settled with the gateway (it may have been paid) before another is made.
 */
import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { citizenOwnsRecord, findRecordForPayment } from '../records/index.ts';
import type { PayableRecord } from '../records/index.ts';
import { findUnit } from '../tenancy/index.ts';
import type { PaymentsContext } from './context.ts';
import { CURRENCY, GatewayError } from './domain/gateway.ts';
import { settleOne } from './settle-pending.ts';
import { findPaymentById, findPendingOf, insertPendingInTrx, updatePaymentInTrx } from './store.ts';
import type { PaymentRow } from './store.ts';

export interface StartedPayment {
  payment: PaymentRow;
  /** The gateway's page. */
  redirectUrl: string;
  /** A pending payment made earlier was returned. */
  reused: boolean;
}

/** The record of `code` when the citizen is its applicant; 404 otherwise (whether it exists or not). */
export async function ownPayableRecord(ctx: PaymentsContext, citizenId: number, code: string): Promise<PayableRecord> {
  const record = await findRecordForPayment(ctx.db, code);
  if (!record || !(await citizenOwnsRecord(ctx.db, citizenId, record))) throw new AppError('records.not_found', 404);
  return record;
}

const newPublicId = () => crypto.randomBytes(16).toString('base64url').slice(0, 22);

export async function startPayment(ctx: PaymentsContext, citizen: { id: number }, audit: AuditActor, code: string, now = new Date()): Promise<StartedPayment> {
  let record = await ownPayableRecord(ctx, citizen.id, code);
  let pending = await findPendingOf(ctx.db, record.id);
  if (pending && pending.expires_at.getTime() <= now.getTime()) {
    // Its time is up: the gateway may have taken the money meanwhile. Settle it first (paid, or expired).
    await settleOne(ctx, pending, now);
    record = await ownPayableRecord(ctx, citizen.id, code);
    pending = await findPendingOf(ctx.db, record.id);
  }
  if (record.paid) throw new AppError('payments.already_paid', 409);
  if (pending?.redirect_url) return { payment: pending, redirectUrl: pending.redirect_url, reused: true };
  if (pending) throw new AppError('payments.in_progress', 409);
  if (!record.due) throw new AppError('payments.not_due', 409);

  const unit = await findUnit(ctx.db, record.unitId);
  const publicId = newPublicId();
  const expiresAt = new Date(now.getTime() + ctx.expiryMinutes * 60_000);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const row = await insertPendingInTrx(trx, {
      publicId, recordId: record.id, recordCode: record.code, unitId: record.unitId, citizenId: citizen.id, amount: record.feeAmount,
      gateway: ctx.gateway.name, channel: ctx.gateway.channel, returnUrl: `${ctx.publicUrl}/thanh-toan/${publicId}/ket-qua`, createdAt: now, expiresAt,
    });
    if (row) {
      await recordAuditInTrx(trx, audit, {
        action: 'payments.created', unitId: record.unitId, targetType: 'payment', targetId: publicId,
        details: { record: record.code, amount: record.feeAmount, currency: CURRENCY, gateway: ctx.gateway.name, expiresAt: expiresAt.toISOString() },
      });
    }
    return row;
  });
  if (!created) {
    // Another request made one a moment ago.
    const other = await findPendingOf(ctx.db, record.id);
    if (other?.redirect_url) return { payment: other, redirectUrl: other.redirect_url, reused: true };
    throw new AppError('payments.in_progress', 409);
  }

  // The gateway is called outside any transaction (it may be slow, and the sandbox writes its own books).
  let transaction;
  try {
    transaction = await ctx.gateway.createTransaction({
      orderId: publicId, recordCode: record.code, amount: record.feeAmount, currency: CURRENCY, returnUrl: created.return_url,
      merchantName: unit?.name ?? '', description: record.procedureName, expiresAt,
    });
  } catch (error) {
    const code = error instanceof GatewayError ? error.code : 'UNEXPECTED';
    await ctx.db.transaction().execute(async (trx) => {
      await updatePaymentInTrx(trx, Number(created.id), { status: 'failed', closed_at: new Date(), reason: `gateway: ${code}` });
      await recordAuditInTrx(trx, audit, { action: 'payments.failed', unitId: record.unitId, targetType: 'payment', targetId: publicId, details: { record: record.code, gateway: ctx.gateway.name, error: code } });
    });
    throw new AppError('payments.gateway_unavailable', 409);
  }
  await ctx.db.transaction().execute((trx) => updatePaymentInTrx(trx, Number(created.id), { gateway_txn_id: transaction.gatewayTxnId, redirect_url: transaction.redirectUrl }));
  return { payment: (await findPaymentById(ctx.db, Number(created.id)))!, redirectUrl: transaction.redirectUrl, reused: false };
}
