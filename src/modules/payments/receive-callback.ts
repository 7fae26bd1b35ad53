/**
 * The gateway's server-to-server message about a transaction. In order: the signature over the exact bytes
 * received, then the message (merchant, time of sending), then — under the payment's row lock — the
 * transaction, order, amount and currency, then the decision. Every message is logged
 * (`payment_callbacks`: the body's SHA-256, whether the signature held, what came of it); a refused one is
 * audited with its reason (`payments.callback_rejected`) and answered 4xx; a repeat of one already applied is
 * acknowledged without any change (a gateway delivers at least once). A payment is settled once: the row
 * lock makes concurrent deliveries wait for each other, and a unique index allows one applied callback per
 * payment and reported status.
 */
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { PaymentsContext } from './context.ts';
import type { CallbackRefusal, Headers } from './domain/gateway.ts';
import { decideCallback } from './domain/settlement.ts';
import type { PaymentStatus, ReportRefusal } from './domain/settlement.ts';
import { bodyHash } from './domain/signature.ts';
import { applyDecisionInTrx, gatewayActor } from './settle.ts';
import { findPaymentById, insertCallbackInTrx, lockPaymentByTxnInTrx } from './store.ts';

export type RejectReason = CallbackRefusal | ReportRefusal | 'unknown_transaction';

const REJECTIONS: Record<RejectReason, { status: 400 | 401 | 404 | 409 | 422; message: MessageKey }> = {
  missing_signature: { status: 401, message: 'payments.callback.bad_signature' },
  bad_signature: { status: 401, message: 'payments.callback.bad_signature' },
  malformed: { status: 400, message: 'payments.callback.malformed' },
  wrong_merchant: { status: 400, message: 'payments.callback.wrong_merchant' },
  stale: { status: 400, message: 'payments.callback.stale' },
  unknown_transaction: { status: 404, message: 'payments.callback.unknown_transaction' },
  order_mismatch: { status: 422, message: 'payments.callback.order_mismatch' },
  amount_mismatch: { status: 422, message: 'payments.callback.amount_mismatch' },
  wrong_currency: { status: 422, message: 'payments.callback.wrong_currency' },
  state_conflict: { status: 409, message: 'payments.callback.state_conflict' },
};

export interface CallbackAnswer {
  /** applied: the payment changed; duplicate: it had already; ignored: nothing to do. */
  result: 'applied' | 'duplicate' | 'ignored';
  paymentId: string;
  status: PaymentStatus;
}

export interface Caller {
  ip: string;
  userAgent: string;
}

/** Takes a callback; throws an `AppError` (after its refusal is logged and audited) when it is not taken. */
export async function receiveCallback(ctx: PaymentsContext, raw: Uint8Array, headers: Headers, caller: Caller, now = new Date()): Promise<CallbackAnswer> {
  const gateway = ctx.gateway;
  const audit = gatewayActor(gateway.name, caller.ip, caller.userAgent);
  const sha = bodyHash(raw);
  const verdict = gateway.verifyCallback(raw, headers, now);

  if (!verdict.ok) {
    const reason = verdict.reason;
    await ctx.db.transaction().execute(async (trx) => {
      await insertCallbackInTrx(trx, { gateway: gateway.name, paymentId: null, gatewayTxnId: null, bodySha256: sha, signatureOk: reason !== 'missing_signature' && reason !== 'bad_signature', reportedStatus: null, outcome: 'rejected', reason, ip: caller.ip });
      await recordAuditInTrx(trx, audit, { action: 'payments.callback_rejected', unitId: null, targetType: 'payment_callback', targetId: sha.slice(0, 16), details: { reason, gateway: gateway.name, bodySha256: sha, bytes: raw.length } });
    });
    throw new AppError(REJECTIONS[reason].message, REJECTIONS[reason].status);
  }

  const message = verdict.message;
  // Loaded before the transaction (records/deadlines.ts): a record waiting for payment resumes with its due date moved.
  const deadlines = await ctx.deadlines.at(now);
  type Outcome = { kind: 'rejected'; reason: RejectReason } | { kind: 'taken'; result: CallbackAnswer['result']; paymentId: number };
  const outcome = await ctx.db.transaction().execute(async (trx): Promise<Outcome> => {
    const log = (paymentId: number | null, outcome: 'applied' | 'duplicate' | 'ignored' | 'rejected', reason: string | null) =>
      insertCallbackInTrx(trx, { gateway: gateway.name, paymentId, gatewayTxnId: message.gatewayTxnId, bodySha256: sha, signatureOk: true, reportedStatus: message.status, outcome, reason, ip: caller.ip });
    const payment = await lockPaymentByTxnInTrx(trx, gateway.name, message.gatewayTxnId);
    if (!payment) {
      await log(null, 'rejected', 'unknown_transaction');
      await recordAuditInTrx(trx, audit, { action: 'payments.callback_rejected', unitId: null, targetType: 'payment_callback', targetId: message.gatewayTxnId, details: { reason: 'unknown_transaction', gateway: gateway.name, transaction: message.gatewayTxnId, bodySha256: sha } });
      return { kind: 'rejected', reason: 'unknown_transaction' };
    }
    const decision = decideCallback({ publicId: payment.public_id, status: payment.status, amount: Number(payment.amount), currency: payment.currency }, message);
    if (decision.kind === 'refuse') {
      await log(Number(payment.id), 'rejected', decision.reason);
      await recordAuditInTrx(trx, audit, {
        action: 'payments.callback_rejected', unitId: Number(payment.unit_id), targetType: 'payment', targetId: payment.public_id,
        details: { reason: decision.reason, gateway: gateway.name, transaction: message.gatewayTxnId, reported: { status: message.status, amount: message.amount, currency: message.currency, orderId: message.orderId }, expected: { status: payment.status, amount: Number(payment.amount), currency: payment.currency }, bodySha256: sha },
      });
      return { kind: 'rejected', reason: decision.reason };
    }
    const result = await applyDecisionInTrx(trx, payment, decision, { via: 'callback', paidAt: message.paidAt, now, deadlines, audit });
    await log(Number(payment.id), result, null);
    return { kind: 'taken', result, paymentId: Number(payment.id) };
  });

  if (outcome.kind === 'rejected') throw new AppError(REJECTIONS[outcome.reason].message, REJECTIONS[outcome.reason].status);
  const payment = (await findPaymentById(ctx.db, outcome.paymentId))!;
  return { result: outcome.result, paymentId: payment.public_id, status: payment.status };
}
