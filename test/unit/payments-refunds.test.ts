/** Refund rules: reason, amount against what is left, four eyes, and the state machine. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  approveRefund, checkReason, markRefundSent, nextRefundState, REFUND_PERMISSIONS, refundableAmount, rejectRefund, requestRefund,
  type Refund, type RefundOfficial, type RefundOutcome, type RefundRefusal,
} from '../../src/modules/payments/domain/refunds.ts';

const at = new Date('2026-10-27T03:00:00Z');
const later = new Date('2026-10-27T04:00:00Z');
const payment = { amount: 50000, paid: true, unitId: 7 };
const officer: RefundOfficial = { id: 1, unitId: 7, permissions: [REFUND_PERMISSIONS.request] };
const chair: RefundOfficial = { id: 2, unitId: 7, permissions: new Set([REFUND_PERMISSIONS.approve, REFUND_PERMISSIONS.request]) };
const clerk: RefundOfficial = { id: 3, unitId: 7, permissions: ['records.view'] };

function value<T>(o: RefundOutcome<T>): T {
  assert.ok(o.ok, `refused: ${JSON.stringify(!o.ok && o.refusals)}`);
  return o.value;
}
function refusals<T>(o: RefundOutcome<T>): RefundRefusal[] {
  assert.ok(!o.ok, 'should have been refused');
  return o.refusals;
}
const codes = <T>(o: RefundOutcome<T>) => refusals(o).map((r) => r.code);

const request = (over: Partial<Parameters<typeof requestRefund>[0]> = {}) =>
  requestRefund({ payment, others: [], amount: 20000, reason: 'Nộp trùng lệ phí chứng thực', by: officer, at, ...over });

describe('refunds: request', () => {
  it('makes a requested refund with a trimmed NFC reason', () => {
    const r = value(request({ reason: '  Nop tru\u0300ng phi\u0301  ' }));
    assert.deepEqual(r, {
      amount: 20000, state: 'requested', reason: 'Nop trùng phí', requestedBy: 1, requestedAt: at,
      decidedBy: null, decidedAt: null, decisionNote: null, sentAt: null, sentReference: null,
    });
  });

  it('needs a reason of 1–500 characters', () => {
    assert.deepEqual(codes(request({ reason: '   ' })), ['reason_required']);
    assert.deepEqual(codes(request({ reason: undefined })), ['reason_required']);
    assert.deepEqual(refusals(request({ reason: 'ệ'.repeat(501) })), [{ code: 'reason_too_long', max: 500 }]);
    // 500 Vietnamese letters, each one code point after NFC though two in NFD: accepted.
    assert.equal(value(request({ reason: 'ệ'.normalize('NFD').repeat(500) })).reason.length, 500);
    assert.equal(value(checkReason('x')), 'x');
  });

  it('needs a whole, positive number of đồng', () => {
    assert.deepEqual(codes(request({ amount: 1000.5 })), ['amount_not_integer']);
    assert.deepEqual(codes(request({ amount: '1000' })), ['amount_not_integer']);
    assert.deepEqual(codes(request({ amount: Number.NaN })), ['amount_not_integer']);
    assert.deepEqual(codes(request({ amount: 0 })), ['amount_not_positive']);
    assert.deepEqual(codes(request({ amount: -1 })), ['amount_not_positive']);
  });

  it('allows at most the paid amount minus every refund not rejected', () => {
    const others = [{ amount: 20000, state: 'sent' as const }, { amount: 10000, state: 'requested' as const }, { amount: 50000, state: 'rejected' as const }];
    assert.equal(refundableAmount(50000, others), 20000);
    assert.equal(value(request({ others, amount: 20000 })).amount, 20000);
    assert.deepEqual(refusals(request({ others, amount: 20001 })), [{ code: 'amount_exceeds_refundable', refundable: 20000 }]);
    assert.deepEqual(refusals(request({ amount: 50001 })), [{ code: 'amount_exceeds_refundable', refundable: 50000 }]);
    assert.equal(refundableAmount(10, [{ amount: 30, state: 'approved' }]), 0);
  });

  it('needs a paid payment, the requesting permission and the payment’s unit; lists every refusal', () => {
    assert.deepEqual(codes(request({ payment: { ...payment, paid: false } })), ['payment_not_paid']);
    assert.deepEqual(refusals(request({ by: clerk })), [{ code: 'missing_permission', permission: 'payments.refund_request' }]);
    assert.deepEqual(codes(request({ by: { ...officer, unitId: 8 } })), ['other_unit']);
    assert.deepEqual(codes(request({ by: clerk, reason: '', amount: 0 })), ['missing_permission', 'reason_required', 'amount_not_positive']);
  });

  it('takes other permission names', () => {
    const o = { ...clerk, permissions: ['records.approve'] };
    assert.equal(requestRefund({ payment, others: [], amount: 1000, reason: 'x', by: o, at }, { permissions: { request: 'records.approve' } }).ok, true);
  });
});

describe('refunds: decisions (four eyes)', () => {
  const requested = (): Refund => value(request());
  const decide = { at: later, payment, others: [] };

  it('a second official with the approving permission approves', () => {
    const approved = value(approveRefund(requested(), { ...decide, by: chair }));
    assert.equal(approved.state, 'approved');
    assert.equal(approved.decidedBy, 2);
    assert.equal(approved.decidedAt, later);
  });

  it('the requester cannot approve their own request, whatever they hold', () => {
    const own = value(request({ by: chair }));
    assert.deepEqual(codes(approveRefund(own, { ...decide, by: chair })), ['same_official']);
    // The id compares as text: "2" is the same official as 2.
    assert.deepEqual(codes(approveRefund(own, { ...decide, by: { ...chair, id: '2' } })), ['same_official']);
  });

  it('approving needs the permission, the unit, a paid payment and the money still there', () => {
    assert.deepEqual(refusals(approveRefund(requested(), { ...decide, by: clerk })), [{ code: 'missing_permission', permission: 'payments.refund_approve' }]);
    assert.deepEqual(codes(approveRefund(requested(), { ...decide, by: { ...chair, unitId: 9 } })), ['other_unit']);
    assert.deepEqual(codes(approveRefund(requested(), { ...decide, payment: { ...payment, paid: false }, by: chair })), ['payment_not_paid']);
    assert.deepEqual(refusals(approveRefund(requested(), { ...decide, others: [{ amount: 40000, state: 'sent' }], by: chair })), [{ code: 'amount_exceeds_refundable', refundable: 10000 }]);
  });

  it('rejecting needs a note and the approving permission, but the requester may withdraw', () => {
    const rejected = value(rejectRefund(requested(), { at: later, payment, by: chair, note: ' Hồ sơ đã được xử lý ' }));
    assert.equal(rejected.state, 'rejected');
    assert.equal(rejected.decisionNote, 'Hồ sơ đã được xử lý');
    assert.equal(value(rejectRefund(requested(), { at: later, payment, by: officer, note: 'Rút đề nghị' })).decidedBy, 1);
    assert.deepEqual(codes(rejectRefund(requested(), { at: later, payment, by: clerk, note: 'x' })), ['missing_permission']);
    assert.deepEqual(codes(rejectRefund(requested(), { at: later, payment, by: chair, note: '' })), ['reason_required']);
  });
});

describe('refunds: states', () => {
  it('requested → approved → sent, or requested → rejected; nothing else', () => {
    assert.equal(nextRefundState('requested', 'approve'), 'approved');
    assert.equal(nextRefundState('requested', 'reject'), 'rejected');
    assert.equal(nextRefundState('requested', 'send'), null);
    assert.equal(nextRefundState('approved', 'send'), 'sent');
    assert.equal(nextRefundState('approved', 'approve'), null);
    assert.equal(nextRefundState('approved', 'reject'), null);
    for (const action of ['approve', 'reject', 'send'] as const) {
      assert.equal(nextRefundState('sent', action), null);
      assert.equal(nextRefundState('rejected', action), null);
    }
  });

  it('refuses an action from the wrong state, before anything else', () => {
    const r = value(request());
    assert.deepEqual(refusals(markRefundSent(r, { at: later })), [{ code: 'invalid_transition', from: 'requested', action: 'send' }]);
    const approved = value(approveRefund(r, { at: later, payment, others: [], by: chair }));
    assert.deepEqual(codes(approveRefund(approved, { at: later, payment, others: [], by: chair })), ['invalid_transition']);
    assert.deepEqual(codes(rejectRefund(approved, { at: later, payment, by: chair, note: 'x' })), ['invalid_transition']);
    const sent = value(markRefundSent(approved, { at: later, reference: ' SBX-R-1 ' }));
    assert.equal(sent.state, 'sent');
    assert.equal(sent.sentReference, 'SBX-R-1');
    assert.equal(sent.sentAt, later);
    assert.deepEqual(refusals(markRefundSent(sent, { at: later })), [{ code: 'invalid_transition', from: 'sent', action: 'send' }]);
    const rejected = value(rejectRefund(value(request()), { at: later, payment, by: chair, note: 'x' }));
    assert.deepEqual(codes(approveRefund(rejected, { at: later, payment, others: [], by: chair })), ['invalid_transition']);
  });
});
