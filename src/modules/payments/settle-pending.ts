/**
 * The worker for payments that never heard back: a pending payment whose time is up (`PAYMENT_EXPIRY_MINUTES`
 * after it was made) is asked about at the gateway, outside any transaction, then settled under its row lock:
 * paid (the record is marked paid, as by a callback), cancelled or failed as the gateway says, or expired when
 * the gateway still has it pending or does not know it. A callback that arrives later for an expired payment
 * still settles it, once (`domain/settlement.ts`). A payment the gateway never gave a transaction id (its
 * creation failed half-way) fails. Several workers may run: each change is made under the lock and only from
 * the state the worker saw.
 */
import { recordAuditInTrx, SYSTEM_ACTOR } from '../audit/index.ts';
import type { PaymentsContext } from './context.ts';
import { decideQuery } from './domain/settlement.ts';
import { applyDecisionInTrx } from './settle.ts';
import { findPaymentById, listOverdue, updatePaymentInTrx } from './store.ts';
import type { PaymentRow } from './store.ts';

export interface SettleSummary {
  paid: number;
  expired: number;
  closed: number;
  /** The gateway could not be asked (it will be, next time). */
  errors: number;
}

type One = 'paid' | 'expired' | 'closed' | 'unchanged' | 'error';

/** Asks the gateway about one pending payment whose time is up and settles it. */
export async function settleOne(ctx: PaymentsContext, payment: PaymentRow, now: Date): Promise<One> {
  const id = Number(payment.id);
  if (!payment.gateway_txn_id) {
    return ctx.db.transaction().execute(async (trx): Promise<One> => {
      const locked = await findPaymentById(trx, id, { forUpdate: true });
      if (locked?.status !== 'pending' || locked.gateway_txn_id) return 'unchanged';
      await updatePaymentInTrx(trx, id, { status: 'failed', closed_at: now, reason: 'no transaction at the gateway' });
      await recordAuditInTrx(trx, SYSTEM_ACTOR, { action: 'payments.failed', unitId: Number(locked.unit_id), targetType: 'payment', targetId: locked.public_id, details: { record: locked.record_code, gateway: locked.gateway, error: 'NO_TRANSACTION' } });
      return 'closed';
    });
  }
  let answer;
  try {
    answer = await ctx.gateway.queryTransaction(payment.gateway_txn_id);
  } catch {
    return 'error';
  }
  const deadlines = await ctx.deadlines.at(now);
  return ctx.db.transaction().execute(async (trx): Promise<One> => {
    const locked = await findPaymentById(trx, id, { forUpdate: true });
    if (!locked || locked.status !== 'pending') return 'unchanged';
    const decision = decideQuery({ publicId: locked.public_id, status: locked.status, amount: Number(locked.amount), currency: locked.currency, expiresAt: locked.expires_at }, answer, now);
    if (decision.kind === 'refuse') {
      // The gateway reports money that is not ours (another amount or currency): not settled; left to reconciliation.
      await updatePaymentInTrx(trx, id, { status: 'failed', closed_at: now, reason: `gateway reports ${decision.reason}` });
      await recordAuditInTrx(trx, SYSTEM_ACTOR, {
        action: 'payments.failed', unitId: Number(locked.unit_id), targetType: 'payment', targetId: locked.public_id,
        details: { record: locked.record_code, gateway: locked.gateway, error: decision.reason, reported: { amount: answer.amount, currency: answer.currency } },
      });
      return 'closed';
    }
    const result = await applyDecisionInTrx(trx, locked, decision, { via: 'query', paidAt: answer.paidAt, now, deadlines, audit: SYSTEM_ACTOR });
    if (result !== 'applied') return 'unchanged';
    return decision.kind === 'settle_paid' ? 'paid' : decision.kind === 'expire' ? 'expired' : 'closed';
  });
}

/** Settles up to `limit` pending payments whose time is up. */
export async function settlePendingPayments(ctx: PaymentsContext, now = new Date(), options: { limit?: number } = {}): Promise<SettleSummary> {
  const summary: SettleSummary = { paid: 0, expired: 0, closed: 0, errors: 0 };
  for (const payment of await listOverdue(ctx.db, now, options.limit ?? 100)) {
    const one = await settleOne(ctx, payment, now);
    if (one === 'paid') summary.paid++;
    else if (one === 'expired') summary.expired++;
    else if (one === 'closed') summary.closed++;
    else if (one === 'error') summary.errors++;
  }
  return summary;
}

/** Runs `settlePendingPayments` every `everyMs` in this process, one run at a time; returns a stop function. */
export function startPaymentsWorker(ctx: PaymentsContext, everyMs = 60_000, onError: (error: unknown) => void = () => undefined): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    settlePendingPayments(ctx).catch(onError).finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
