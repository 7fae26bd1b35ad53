/**
 * Applying a decision (`domain/settlement.ts`) to a payment its caller has locked: the payment's new state,
 * the record marked paid (`recordPaymentInTrx`, which resumes a record waiting for payment) and the audit
 * entry, in the caller's transaction. Used by the callback and by the worker that asks the gateway.
 */
import type { Trx } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { recordPaymentInTrx } from '../records/index.ts';
import type { DeadlineCalculator } from '../records/index.ts';
import { gatewayActorName } from './context.ts';
import type { Decision } from './domain/settlement.ts';
import { updatePaymentInTrx } from './store.ts';
import type { PaymentRow } from './store.ts';

export interface Settling {
  via: 'callback' | 'query';
  /** When the citizen paid, as the gateway says; `now` when it does not say. */
  paidAt: Date | null;
  now: Date;
  deadlines: DeadlineCalculator;
  audit: AuditActor;
}

/** What became of the payment: changed (`applied`), or left as it was. */
export type SettleResult = 'applied' | 'duplicate' | 'ignored';

const target = (p: PaymentRow) => ({ unitId: Number(p.unit_id), targetType: 'payment', targetId: p.public_id });

export async function applyDecisionInTrx(trx: Trx, payment: PaymentRow, decision: Exclude<Decision, { kind: 'refuse' }>, s: Settling): Promise<SettleResult> {
  const id = Number(payment.id);
  const facts = { record: payment.record_code, amount: Number(payment.amount), currency: payment.currency, gateway: payment.gateway, transaction: payment.gateway_txn_id, via: s.via };
  switch (decision.kind) {
    case 'settle_paid': {
      const paidAt = s.paidAt ?? s.now;
      const recorded = await recordPaymentInTrx(trx, Number(payment.record_id), {
        amount: Number(payment.amount), channel: payment.channel, method: 'online', paidAt, now: s.now, deadlines: s.deadlines,
        author: { kind: 'system', id: null, name: gatewayActorName(payment.gateway) },
      });
      const applied = recorded.outcome === 'recorded';
      await updatePaymentInTrx(trx, id, { status: 'paid', paid_at: paidAt, closed_at: payment.closed_at ?? s.now, settled_by: s.via, applied_to_record: applied });
      await recordAuditInTrx(trx, s.audit, {
        action: 'payments.paid', ...target(payment),
        details: { ...facts, paidAt: paidAt.toISOString(), late: decision.late, recordResumed: recorded.outcome === 'recorded' && recorded.resumed, recordAlreadyPaid: !applied },
      });
      return 'applied';
    }
    case 'close':
      await updatePaymentInTrx(trx, id, { status: decision.to, closed_at: s.now, reason: `reported ${decision.to}` });
      await recordAuditInTrx(trx, s.audit, { action: decision.to === 'cancelled' ? 'payments.cancelled' : 'payments.failed', ...target(payment), details: facts });
      return 'applied';
    case 'expire':
      await updatePaymentInTrx(trx, id, { status: 'expired', closed_at: s.now, reason: 'not confirmed in time' });
      await recordAuditInTrx(trx, s.audit, { action: 'payments.expired', ...target(payment), details: { ...facts, expiresAt: payment.expires_at.toISOString() } });
      return 'applied';
    case 'duplicate':
      return 'duplicate';
    case 'ignore':
      return 'ignored';
  }
}

/** The audit actor of what a gateway's message changes. */
export function gatewayActor(gateway: string, ip = '', userAgent = ''): AuditActor {
  return { kind: 'system', id: null, name: gatewayActorName(gateway), unitId: null, ip, userAgent };
}
