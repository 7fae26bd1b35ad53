/**
 * The fee of a record and its payment, as the national portal counts them (vn-rules §1 indicators 3.5 and
 * 3.6, §6): how it was paid (`DuocThanhToanTrucTuyen`) and when the applicant owes it. Pure.
 */
import type { FeeTiming } from '../../catalogue/index.ts';
import type { RecordStatus } from './status.ts';

/** `DuocThanhToanTrucTuyen`: 0 not online (cash or transfer at the desk), 1 the national payment platform (DVCQG), 2 a provincial or ministry platform. */
export type PaymentChannel = 0 | 1 | 2;
export const PAYMENT_CHANNELS: readonly PaymentChannel[] = [0, 1, 2];

/** How the money came: online through a payment platform, or at the desk in cash or by bank transfer. */
export type PaymentMethod = 'online' | 'cash' | 'transfer';
export const DESK_METHODS = ['cash', 'transfer'] as const;
export type DeskMethod = (typeof DESK_METHODS)[number];

/** Statuses in which a fee paid "at intake" (thu trước) is still owed, once filed and until the record closes. */
const OPEN_BEFORE_RESULT: readonly RecordStatus[] = [1, 2, 4, 5];

/**
 * Whether the applicant owes the record's fee now: there is one, it is unpaid, and either the office asked
 * for it (status 6), or the procedure takes it at intake (the catalogue's `feeTiming`) and the record is
 * open, or it takes it with the result and the result is ready (status 9).
 */
export function feeDue(r: { status: RecordStatus; feeAmount: number; paidAt: Date | null }, feeTiming: FeeTiming | null): boolean {
  if (!(r.feeAmount > 0) || r.paidAt !== null) return false;
  if (r.status === 6) return true;
  if (feeTiming === 'at_intake') return OPEN_BEFORE_RESULT.includes(r.status);
  if (feeTiming === 'on_result') return r.status === 9;
  return false;
}

/** Online payments come through a platform (channel 1 or 2); desk payments are channel 0. Amounts are whole đồng. */
export function checkPayment(p: { amount: number; channel: PaymentChannel; method: PaymentMethod }): string | null {
  if (!Number.isSafeInteger(p.amount) || p.amount < 0) return 'amount must be a whole number of đồng';
  if (!PAYMENT_CHANNELS.includes(p.channel)) return 'channel must be 0, 1 or 2';
  if ((p.method === 'online') !== (p.channel !== 0)) return 'an online payment has channel 1 or 2, a desk payment channel 0';
  return null;
}
