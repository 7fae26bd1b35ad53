/**
 * A record's fee, paid: online (the payments module, once a payment platform confirmed it) or at the desk
 * (cash or transfer, the "confirm payment" action). The record keeps when, how much, the channel
 * (`DuocThanhToanTrucTuyen`) and the method, once; the payment is a line of its history; a record waiting
 * for payment (status 6) goes back to processing (4) with its clock resumed and the applicant told by SMS,
 * as every status change does (transition.ts).
 */
import type { Db, Trx } from '../../platform/db/database.ts';
import { findProcedureVersionById, formatDong } from '../catalogue/index.ts';
import type { FeeTiming } from '../catalogue/index.ts';
import { citizenScope, isCitizensRecord } from './citizen-scope.ts';
import type { DeadlineCalculator } from './deadlines.ts';
import { checkPayment, feeDue } from './domain/payment.ts';
import type { PaymentChannel, PaymentMethod } from './domain/payment.ts';
import { normaliseRecordCode } from './domain/record-code.ts';
import { STATUS } from './domain/status.ts';
import type { RecordStatus } from './domain/status.ts';
import { findRecordByCode, findRecordById, insertEventInTrx, updateRecordInTrx } from './store.ts';
import type { RecordChanges, RecordRow } from './store.ts';
import { transitionInTrx } from './transition.ts';
import type { Author } from './transition.ts';

export interface RecordPayment {
  /** Integer đồng. */
  amount: number;
  channel: PaymentChannel;
  method: PaymentMethod;
  /** When the money was paid (the platform's time for online payments). */
  paidAt: Date;
  /** Who records it: the platform (`system`, named after it) or the desk official. */
  author: Author;
}

/**
 * The record's payment columns and its history line, for a record the caller has locked. The caller
 * applies the changes: with the 6 → 4 transition when the record waits for payment, or alone.
 */
export async function notePaymentInTrx(trx: Trx, record: RecordRow, p: RecordPayment): Promise<RecordChanges> {
  const problem = checkPayment(p);
  if (problem) throw new RangeError(problem);
  await insertEventInTrx(trx, { recordId: Number(record.id), unitId: Number(record.unit_id), kind: 'payment', author: p.author, body: formatDong(p.amount) });
  return { paid_at: p.paidAt, paid_amount: p.amount, payment_channel: p.channel, payment_method: p.method };
}

export type RecordPaymentResult =
  /** Recorded; `resumed`: the record was waiting for payment (6) and is processing again (4). */
  | { outcome: 'recorded'; record: RecordRow; resumed: boolean }
  /** The record was paid before (another payment, or the desk): nothing changed. */
  | { outcome: 'already_paid'; record: RecordRow }
  | { outcome: 'not_found' };

/**
 * Records a payment of the record's fee, inside the caller's transaction (which also writes its audit
 * entry). The record is locked: two payments arriving together are recorded once, the second finds it
 * paid. A record in any other status than 6 keeps its status (a fee paid at intake, or a payment that
 * arrives after the record closed: the money is real and is recorded).
 */
export async function recordPaymentInTrx(trx: Trx, recordId: number, p: RecordPayment & { deadlines: DeadlineCalculator; now?: Date }): Promise<RecordPaymentResult> {
  const record = await findRecordById(trx, recordId, { forUpdate: true });
  if (!record) return { outcome: 'not_found' };
  if (record.paid_at !== null) return { outcome: 'already_paid', record };
  const changes = await notePaymentInTrx(trx, record, p);
  const resumed = record.status === STATUS.payment_requested;
  if (resumed) await transitionInTrx(trx, record, STATUS.processing, p.author, { now: p.now ?? new Date(), deadlines: p.deadlines, changes });
  else await updateRecordInTrx(trx, recordId, changes);
  return { outcome: 'recorded', record: (await findRecordById(trx, recordId))!, resumed };
}

/** What the payments module needs to know about a record to take its fee. */
export interface PayableRecord {
  id: number;
  code: string;
  unitId: number;
  status: RecordStatus;
  procedureName: string;
  /** Integer đồng, computed at filing from the procedure's fee lines. */
  feeAmount: number;
  feeTiming: FeeTiming | null;
  /** The applicant owes the fee now (`feeDue`). */
  due: boolean;
  paid: { at: Date; amount: number; channel: PaymentChannel; method: PaymentMethod } | null;
  applicantCitizenId: number | null;
  applicantIdNumber: string;
}

/** A record by its code (as typed: spaces and case forgiven), with its fee and payment; undefined when there is none. */
export async function findRecordForPayment(db: Db | Trx, code: string): Promise<PayableRecord | undefined> {
  const normalised = normaliseRecordCode(code);
  const r = normalised ? await findRecordByCode(db, normalised) : undefined;
  if (!r) return undefined;
  const procedure = await findProcedureVersionById(db, Number(r.procedure_id));
  const feeTiming = procedure?.feeTiming ?? null;
  const feeAmount = Number(r.fee_amount);
  return {
    id: Number(r.id), code: r.code, unitId: Number(r.unit_id), status: r.status, procedureName: r.procedure_name, feeAmount, feeTiming,
    due: feeDue({ status: r.status, feeAmount, paidAt: r.paid_at }, feeTiming),
    paid: r.paid_at ? { at: r.paid_at, amount: Number(r.paid_amount), channel: r.payment_channel!, method: r.payment_method! } : null,
    applicantCitizenId: r.applicant_citizen_id === null ? null : Number(r.applicant_citizen_id), applicantIdNumber: r.applicant_id_number,
  };
}

/** Whether the citizen is the record's applicant (filed it, or it was filed for the ID number their account verified). */
export async function citizenOwnsRecord(db: Db | Trx, citizenId: number, record: Pick<PayableRecord, 'applicantCitizenId' | 'applicantIdNumber'>): Promise<boolean> {
  return isCitizensRecord(await citizenScope(db, citizenId), { applicant_citizen_id: record.applicantCitizenId, applicant_id_number: record.applicantIdNumber });
}
