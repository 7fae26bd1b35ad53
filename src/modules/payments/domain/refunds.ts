/**
 * Refund rules as pure functions: what a request needs, who may decide it, and which state follows which.
 * The caller loads the payment and its other refunds, calls these inside the transaction that writes the
 * result (with the payment row locked, so that two requests cannot both take the same money), and maps a
 * refusal's `code` to a catalogue key.
 *
 *   requested ──approve──▶ approved ──send──▶ sent
 *       └──────reject────▶ rejected
 *
 * - a refund needs a reason of 1–500 characters (after trimming, counted in Unicode code points);
 * - its amount is a whole number of đồng, > 0, and at most the paid amount minus every other refund not
 *   rejected: a request still waiting reserves its amount, so that two requests cannot over-refund;
 * - four eyes: one official requests (needs `request` permission), another approves (needs `approve`); the
 *   requester can never approve their own request, whatever their permissions; both in the payment's unit;
 * - rejecting needs the approving permission too, except that the requester may withdraw their own request
 *   (it only stops money going out); a rejection needs a note (same 1–500 rule);
 * - `sent` is recorded once the money has gone back (the gateway's refund call or a transfer at the desk).
 */

export const REFUND_REASON_MAX = 500;

/** Permission names; the identity module's role table decides who holds them. */
export const REFUND_PERMISSIONS = { request: 'payments.refund_request', approve: 'payments.refund_approve' } as const;

export type RefundState = 'requested' | 'approved' | 'sent' | 'rejected';
export type RefundAction = 'approve' | 'reject' | 'send';
export type OfficialId = number | string;

export const REFUND_TRANSITIONS: Readonly<Record<RefundState, Partial<Record<RefundAction, RefundState>>>> = {
  requested: { approve: 'approved', reject: 'rejected' },
  approved: { send: 'sent' },
  sent: {},
  rejected: {},
};

export interface RefundOfficial {
  id: OfficialId;
  /** The unit the official acts for; compared with the payment's when both are given. */
  unitId?: OfficialId | null;
  permissions: ReadonlySet<string> | readonly string[];
}

export interface RefundablePayment {
  /** What was paid, in đồng. */
  amount: number;
  /** Whether the payment is settled (paid or partly refunded); only those can be refunded. */
  paid: boolean;
  unitId?: OfficialId | null;
}

/** What the rules need to know of another refund of the same payment. */
export interface RefundLike {
  amount: number;
  state: RefundState;
}

export interface Refund extends RefundLike {
  reason: string;
  requestedBy: OfficialId;
  requestedAt: Date;
  decidedBy: OfficialId | null;
  decidedAt: Date | null;
  /** The rejection's note. */
  decisionNote: string | null;
  sentAt: Date | null;
  /** The gateway's refund id or the transfer's reference, once sent. */
  sentReference: string | null;
}

export type RefundRefusal =
  | { code: 'payment_not_paid' }
  | { code: 'reason_required' }
  | { code: 'reason_too_long'; max: number }
  | { code: 'amount_not_integer' }
  | { code: 'amount_not_positive' }
  | { code: 'amount_exceeds_refundable'; refundable: number }
  | { code: 'missing_permission'; permission: string }
  | { code: 'same_official' }
  | { code: 'other_unit' }
  | { code: 'invalid_transition'; from: RefundState; action: RefundAction };

export type RefundOutcome<T> = { ok: true; value: T } | { ok: false; refusals: RefundRefusal[] };

export interface RefundOptions {
  /** Permission names other than the defaults. */
  permissions?: Partial<Record<keyof typeof REFUND_PERMISSIONS, string>>;
}

const same = (a: OfficialId, b: OfficialId) => String(a) === String(b);
const holds = (o: RefundOfficial, permission: string) =>
  Array.isArray(o.permissions) ? o.permissions.includes(permission) : (o.permissions as ReadonlySet<string>).has(permission);
const fail = <T>(...refusals: RefundRefusal[]): RefundOutcome<T> => ({ ok: false, refusals });

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextRefundState(state: RefundState, action: RefundAction): RefundState | null {
  return REFUND_TRANSITIONS[state][action] ?? null;
}

/** The text of a reason or note, or why it is refused. */
export function checkReason(text: unknown): RefundOutcome<string> {
  const clean = typeof text === 'string' ? text.normalize('NFC').trim() : '';
  if (clean === '') return fail({ code: 'reason_required' });
  if ([...clean].length > REFUND_REASON_MAX) return fail({ code: 'reason_too_long', max: REFUND_REASON_MAX });
  return { ok: true, value: clean };
}

/** What can still be refunded: the paid amount minus every refund not rejected (waiting ones included). */
export function refundableAmount(paidAmount: number, refunds: readonly RefundLike[]): number {
  const taken = refunds.reduce((sum, r) => (r.state === 'rejected' ? sum : sum + r.amount), 0);
  return Math.max(0, paidAmount - taken);
}

function checkAmount(amount: unknown, payment: RefundablePayment, others: readonly RefundLike[]): RefundRefusal | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return { code: 'amount_not_integer' };
  if (amount <= 0) return { code: 'amount_not_positive' };
  const refundable = refundableAmount(payment.amount, others);
  return amount > refundable ? { code: 'amount_exceeds_refundable', refundable } : null;
}

function checkUnit(official: RefundOfficial, payment: RefundablePayment | undefined): RefundRefusal | null {
  const a = official.unitId;
  const b = payment?.unitId;
  return a !== undefined && a !== null && b !== undefined && b !== null && !same(a, b) ? { code: 'other_unit' } : null;
}

export interface RefundRequestInput {
  payment: RefundablePayment;
  /** The payment's other refunds, whatever their state. */
  others: readonly RefundLike[];
  amount: unknown;
  reason: unknown;
  by: RefundOfficial;
  at: Date;
}

/** A new refund in state `requested`, or every reason it cannot be asked for. */
export function requestRefund(input: RefundRequestInput, options: RefundOptions = {}): RefundOutcome<Refund> {
  const permission = options.permissions?.request ?? REFUND_PERMISSIONS.request;
  const refusals: RefundRefusal[] = [];
  if (!holds(input.by, permission)) refusals.push({ code: 'missing_permission', permission });
  const unit = checkUnit(input.by, input.payment);
  if (unit) refusals.push(unit);
  if (!input.payment.paid) refusals.push({ code: 'payment_not_paid' });
  const reason = checkReason(input.reason);
  if (!reason.ok) refusals.push(...reason.refusals);
  const amount = checkAmount(input.amount, input.payment, input.others);
  if (amount && (input.payment.paid || amount.code !== 'amount_exceeds_refundable')) refusals.push(amount);
  if (refusals.length > 0 || !reason.ok) return fail(...refusals);
  return {
    ok: true,
    value: {
      amount: input.amount as number, state: 'requested', reason: reason.value, requestedBy: input.by.id, requestedAt: input.at,
      decidedBy: null, decidedAt: null, decisionNote: null, sentAt: null, sentReference: null,
    },
  };
}

function transition(refund: Refund, action: RefundAction): RefundOutcome<RefundState> {
  const next = nextRefundState(refund.state, action);
  return next ? { ok: true, value: next } : fail({ code: 'invalid_transition', from: refund.state, action });
}

export interface RefundDecisionInput {
  by: RefundOfficial;
  at: Date;
  payment: RefundablePayment;
  /** The payment's refunds other than this one (checked again: the money may have gone meanwhile). */
  others: readonly RefundLike[];
}

/** Approval by a second official holding the approving permission. */
export function approveRefund(refund: Refund, input: RefundDecisionInput, options: RefundOptions = {}): RefundOutcome<Refund> {
  const next = transition(refund, 'approve');
  if (!next.ok) return next;
  const permission = options.permissions?.approve ?? REFUND_PERMISSIONS.approve;
  const refusals: RefundRefusal[] = [];
  if (same(input.by.id, refund.requestedBy)) refusals.push({ code: 'same_official' });
  if (!holds(input.by, permission)) refusals.push({ code: 'missing_permission', permission });
  const unit = checkUnit(input.by, input.payment);
  if (unit) refusals.push(unit);
  if (!input.payment.paid) refusals.push({ code: 'payment_not_paid' });
  else {
    const amount = checkAmount(refund.amount, input.payment, input.others);
    if (amount) refusals.push(amount);
  }
  if (refusals.length > 0) return fail(...refusals);
  return { ok: true, value: { ...refund, state: next.value, decidedBy: input.by.id, decidedAt: input.at } };
}

/** Rejection with a note: by an official holding the approving permission, or the requester withdrawing. */
export function rejectRefund(refund: Refund, input: Omit<RefundDecisionInput, 'others'> & { note: unknown }, options: RefundOptions = {}): RefundOutcome<Refund> {
  const next = transition(refund, 'reject');
  if (!next.ok) return next;
  const permission = options.permissions?.approve ?? REFUND_PERMISSIONS.approve;
  const refusals: RefundRefusal[] = [];
  if (!same(input.by.id, refund.requestedBy) && !holds(input.by, permission)) refusals.push({ code: 'missing_permission', permission });
  const unit = checkUnit(input.by, input.payment);
  if (unit) refusals.push(unit);
  const note = checkReason(input.note);
  if (!note.ok) refusals.push(...note.refusals);
  if (refusals.length > 0 || !note.ok) return fail(...refusals);
  return { ok: true, value: { ...refund, state: next.value, decidedBy: input.by.id, decidedAt: input.at, decisionNote: note.value } };
}

/** The money has gone back: `reference` is the gateway's refund id or the transfer's. */
export function markRefundSent(refund: Refund, input: { at: Date; reference?: string | null }): RefundOutcome<Refund> {
  const next = transition(refund, 'send');
  if (!next.ok) return next;
  return { ok: true, value: { ...refund, state: next.value, sentAt: input.at, sentReference: input.reference?.trim() || null } };
}
