/**
 * Refunds of online payments, four eyes (rules: domain/refunds.ts): an official holding
 * `payments.refund_request` asks for an amount with a reason, another holding `payments.refund_approve`
 * approves or rejects it (the requester may withdraw), then the money sent back is recorded. Each step runs in
 * one transaction with the payment's row locked (the lock order of D29: payment first), so two requests cannot
 * both take the same money and two approvals of one request make one; each is audited. A refusal is an
 * AppError naming the rule (`payments.refund.error.*`): 403 for who may not, 404 for another unit's payment,
 * 409 for a request already decided, 400 otherwise.
 */
import { AppError } from '../../platform/errors.ts';
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import type { PaymentsContext } from './context.ts';
import { approveRefund, markRefundSent, refundableAmount, rejectRefund, requestRefund } from './domain/refunds.ts';
import type { Refund, RefundOfficial, RefundOutcome, RefundRefusal, RefundablePayment } from './domain/refunds.ts';
import { findRefund, insertRefundInTrx, listRefundsOf, updateRefundInTrx } from './refund-store.ts';
import type { RefundRow } from './refund-store.ts';
import { findPaymentById } from './store.ts';
import type { PaymentRow } from './store.ts';

/** Who acts: an official of a unit with their permissions. */
export interface RefundActor {
  id: number;
  name: string;
  unitId: number;
  permissions: ReadonlySet<string>;
}

const STATUS: Record<RefundRefusal['code'], 400 | 403 | 404 | 409> = {
  payment_not_paid: 400, reason_required: 400, reason_too_long: 400, amount_not_integer: 400, amount_not_positive: 400, amount_exceeds_refundable: 400,
  missing_permission: 403, same_official: 403, other_unit: 404, invalid_transition: 409,
};

function unwrap<T>(outcome: RefundOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  // The most telling refusal first: who may not, then what is wrong with the request.
  const order: RefundRefusal['code'][] = ['other_unit', 'same_official', 'missing_permission', 'invalid_transition', 'payment_not_paid', 'amount_exceeds_refundable', 'amount_not_integer', 'amount_not_positive', 'reason_required', 'reason_too_long'];
  const first = [...outcome.refusals].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))[0]!;
  const params: Record<string, string | number> = {};
  if (first.code === 'amount_exceeds_refundable') params.refundable = first.refundable;
  if (first.code === 'reason_too_long') params.max = first.max;
  throw new AppError(`payments.refund.error.${first.code}`, STATUS[first.code], params);
}

const refundable = (p: PaymentRow): RefundablePayment => ({ amount: Number(p.amount), paid: p.status === 'paid', unitId: Number(p.unit_id) });
const official = (a: RefundActor): RefundOfficial => ({ id: a.id, unitId: a.unitId, permissions: a.permissions });
const others = (rows: readonly RefundRow[], except?: number) => rows.filter((r) => Number(r.id) !== except).map((r) => ({ amount: Number(r.amount), state: r.state }));
const asRefund = (r: RefundRow): Refund => ({
  amount: Number(r.amount), state: r.state, reason: r.reason, requestedBy: Number(r.requested_by), requestedAt: r.requested_at,
  decidedBy: r.approved_by === null ? null : Number(r.approved_by), decidedAt: r.decided_at, decisionNote: r.note, sentAt: r.sent_at, sentReference: null,
});
const target = (p: PaymentRow, id: number) => ({ unitId: Number(p.unit_id), targetType: 'payment_refund', targetId: String(id) });

/** What can still be refunded of a payment (paid amount minus refunds not rejected). */
export async function refundableOf(ctx: PaymentsContext, payment: PaymentRow): Promise<number> {
  return payment.status === 'paid' ? refundableAmount(Number(payment.amount), others(await listRefundsOf(ctx.db, [Number(payment.id)]))) : 0;
}

/** Asks for a refund of `amount` đồng of the payment. */
export async function askRefund(ctx: PaymentsContext, by: RefundActor, audit: AuditActor, paymentId: number, input: { amount: unknown; reason: unknown }): Promise<RefundRow> {
  return ctx.db.transaction().execute(async (trx: Trx) => {
    const payment = await findPaymentById(trx, paymentId, { forUpdate: true });
    if (!payment) throw new AppError('payments.not_found', 404);
    const existing = await listRefundsOf(trx, [paymentId]);
    const now = new Date();
    const refund = unwrap(requestRefund({ payment: refundable(payment), others: others(existing), amount: input.amount, reason: input.reason, by: official(by), at: now }));
    const row = await insertRefundInTrx(trx, { payment_id: paymentId, unit_id: Number(payment.unit_id), amount: refund.amount, reason: refund.reason, requested_by: by.id, requested_by_name: by.name, requested_at: now });
    await recordAuditInTrx(trx, audit, { action: 'payments.refund_requested', ...target(payment, Number(row.id)), details: { payment: payment.public_id, record: payment.record_code, amount: refund.amount, reason: refund.reason, appliedToRecord: payment.applied_to_record } });
    return row;
  });
}

export type RefundDecision = { action: 'approve' } | { action: 'reject'; note: unknown } | { action: 'send'; reference?: string | null };

/** Approves, rejects (or withdraws) a request, or records the money sent back. */
export async function decideRefund(ctx: PaymentsContext, by: RefundActor, audit: AuditActor, refundId: number, decision: RefundDecision): Promise<RefundRow> {
  const first = await findRefund(ctx.db, refundId);
  if (!first) throw new AppError('payments.refund.not_found', 404);
  return ctx.db.transaction().execute(async (trx: Trx) => {
    // The payment first (the lock order), then the request as it is now: a concurrent decision has landed or waits.
    const payment = await findPaymentById(trx, Number(first.payment_id), { forUpdate: true });
    if (!payment) throw new AppError('payments.refund.not_found', 404);
    const all = await listRefundsOf(trx, [Number(payment.id)]);
    const row = all.find((r) => Number(r.id) === refundId)!;
    const now = new Date();
    const facts = { payment: payment.public_id, record: payment.record_code, amount: Number(row.amount) };
    switch (decision.action) {
      case 'approve': {
        const next = unwrap(approveRefund(asRefund(row), { by: official(by), at: now, payment: refundable(payment), others: others(all, refundId) }));
        await updateRefundInTrx(trx, refundId, { state: next.state, approved_by: by.id, decided_by_name: by.name, decided_at: now });
        await recordAuditInTrx(trx, audit, { action: 'payments.refund_approved', ...target(payment, refundId), details: { ...facts, requestedBy: row.requested_by_name } });
        break;
      }
      case 'reject': {
        const next = unwrap(rejectRefund(asRefund(row), { by: official(by), at: now, payment: refundable(payment), note: decision.note }));
        await updateRefundInTrx(trx, refundId, { state: next.state, decided_by_name: by.name, decided_at: now, note: next.decisionNote });
        await recordAuditInTrx(trx, audit, { action: 'payments.refund_rejected', ...target(payment, refundId), details: { ...facts, note: next.decisionNote, withdrawn: Number(row.requested_by) === by.id } });
        break;
      }
      case 'send': {
        // Recorded by whoever may approve (the money leaves the unit's account on their order).
        if (!by.permissions.has('payments.refund_approve')) unwrap({ ok: false, refusals: [{ code: 'missing_permission', permission: 'payments.refund_approve' }] });
        if (Number(payment.unit_id) !== by.unitId) unwrap({ ok: false, refusals: [{ code: 'other_unit' }] });
        const next = unwrap(markRefundSent(asRefund(row), { at: now, reference: decision.reference ?? null }));
        await updateRefundInTrx(trx, refundId, { state: next.state, sent_at: now, note: next.sentReference ?? row.note });
        await recordAuditInTrx(trx, audit, { action: 'payments.refund_sent', ...target(payment, refundId), details: { ...facts, reference: next.sentReference } });
        break;
      }
    }
    return (await findRefund(trx, refundId))!;
  });
}
