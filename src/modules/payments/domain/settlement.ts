/**
 * What a gateway's report means for one of our payments: the amount, currency, transaction and order
 * checks, and the states a payment may move between. Pure; the use cases apply the decision under the
 * payment's row lock, so the same report applied twice finds the payment already moved (a duplicate).
 *
 *   pending ──paid──▶ paid            (callback or query: the record is marked paid)
 *   pending ──cancelled / failed──▶ cancelled / failed
 *   pending ──(our time limit, the gateway still says pending or does not know it)──▶ expired
 *   expired ──paid──▶ paid            (late: expiry is our own timer; money the platform took is never ignored)
 *
 * paid, cancelled and failed are final: a report that contradicts one is a conflict (refused and audited, left
 * for reconciliation); a report that repeats it is a duplicate (acknowledged, nothing changes).
 */
import { CURRENCY } from './gateway.ts';
import type { CallbackMessage, QueriedTransaction } from './gateway.ts';

export const PAYMENT_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A whole, positive number of đồng that JavaScript and bigint agree on. */
export function isDong(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
}

export interface PaymentFacts {
  publicId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
}

/** Why a verified report cannot be applied to the payment it names. */
export type ReportRefusal = 'order_mismatch' | 'amount_mismatch' | 'wrong_currency' | 'state_conflict';

export type Decision =
  | { kind: 'settle_paid'; late: boolean }
  | { kind: 'close'; to: 'cancelled' | 'failed' }
  | { kind: 'expire' }
  | { kind: 'duplicate' }
  /** Nothing to do (a cancellation of a payment we already expired; a query that says "still pending" in time). */
  | { kind: 'ignore' }
  | { kind: 'refuse'; reason: ReportRefusal };

/** The money must be exactly ours: same integer amount, our currency. */
function moneyRefusal(payment: PaymentFacts, amount: number | null, currency: string | null): ReportRefusal | null {
  if (currency !== CURRENCY || currency !== payment.currency) return 'wrong_currency';
  if (amount !== payment.amount) return 'amount_mismatch';
  return null;
}

function onReport(payment: PaymentFacts, status: 'paid' | 'cancelled' | 'failed'): Decision {
  if (status === 'paid') {
    if (payment.status === 'paid') return { kind: 'duplicate' };
    if (payment.status === 'pending' || payment.status === 'expired') return { kind: 'settle_paid', late: payment.status === 'expired' };
    return { kind: 'refuse', reason: 'state_conflict' };
  }
  if (payment.status === status) return { kind: 'duplicate' };
  if (payment.status === 'pending') return { kind: 'close', to: status };
  if (payment.status === 'expired') return { kind: 'ignore' };
  return { kind: 'refuse', reason: 'state_conflict' };
}

/** A verified callback about `payment` (found by the gateway's transaction id). */
export function decideCallback(payment: PaymentFacts, message: Pick<CallbackMessage, 'orderId' | 'amount' | 'currency' | 'status'>): Decision {
  if (message.orderId !== payment.publicId) return { kind: 'refuse', reason: 'order_mismatch' };
  const money = moneyRefusal(payment, message.amount, message.currency);
  if (money) return { kind: 'refuse', reason: money };
  return onReport(payment, message.status);
}

/**
 * What asking the gateway about a pending payment whose time is up (`now >= expiresAt`) leads to. A "paid"
 * answer is checked like a callback (the amount it reports, when it reports one, must be ours).
 */
export function decideQuery(payment: PaymentFacts & { expiresAt: Date }, answer: QueriedTransaction, now: Date): Decision {
  if (answer.status === 'paid') {
    const money = moneyRefusal(payment, answer.amount ?? payment.amount, answer.currency ?? payment.currency);
    if (money) return { kind: 'refuse', reason: money };
    return onReport(payment, 'paid');
  }
  if (answer.status === 'cancelled' || answer.status === 'failed') return onReport(payment, answer.status);
  if (payment.status !== 'pending') return { kind: 'ignore' };
  return now.getTime() >= payment.expiresAt.getTime() ? { kind: 'expire' } : { kind: 'ignore' };
}
