/**
 * Refunds of online payments (issue #6), four eyes, through HTTP on a real database: the late online payment
 * kept for a refund (the record was paid at the desk meanwhile, D29) is flagged on the record's payments page;
 * the desk asks for a refund (amount, reason), the requester cannot approve it (403 with the four-eyes message,
 * and the database refuses it too), more than is refundable is refused (400), two concurrent approvals make one,
 * the money sent back is recorded; everything audited; another commune's officials see nothing (404).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { encodeCallback } from '../../src/modules/payments/index.ts';

const COPY_EXTRACT = '2.000635';
const FEE = 8000;

interface PaymentRow { id: number; public_id: string; record_code: string; amount: number; status: string; gateway_txn_id: string | null; applied_to_record: boolean | null }
interface RefundRow { id: number; state: string; amount: number; approved_by: number | null; decided_by_name: string | null; note: string | null; version: number }

describe('refunds of payments, four eyes', () => {
  let t: TestApp;
  let md: number;
  let citizen: Client;
  let desk: Client;
  let specialist: Client;
  let chairman: Client;
  const ids: Record<string, number> = {};
  const db = () => t.database.db;
  const record = async (code: string) => (await sql<{ id: number; version: number; status: number }>`select id, version, status from records where code = ${code}`.execute(db())).rows[0]!;
  const payment = async (publicId: string) => (await sql<PaymentRow>`select * from payments where public_id = ${publicId}`.execute(db())).rows[0]!;
  const refunds = async (paymentId: number) => (await sql<RefundRow>`select * from payment_refunds where payment_id = ${paymentId} order by id`.execute(db())).rows;
  const audits = async (action: string) => Number((await sql<{ n: string }>`select count(*) as n from audit_log where action = ${action}`.execute(db())).rows[0]!.n);

  const file = async (): Promise<string> => {
    const res = await citizen.postJson('/api/v1/applications', {
      procedureCode: COPY_EXTRACT, unitId: md,
      values: { applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: 'Cấp 01 bản sao Giấy khai sinh' },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().code;
  };
  const act = async (client: Client, code: string, action: string, fields: Record<string, string> = {}) => {
    const r = await record(code);
    return client.postForm(`/admin/units/${md}/records/${r.id}/act`, { action, version: String(r.version), ...fields });
  };
  const deliver = (p: PaymentRow): Promise<LightMyRequestResponse> => {
    const m = encodeCallback(t.config.payments.secret, {
      merchantId: t.config.payments.merchantId, transactionId: p.gateway_txn_id!, orderId: p.public_id, recordCode: p.record_code,
      amount: Number(p.amount), currency: 'VND', status: 'paid', paidAt: new Date(), sentAt: new Date(),
    });
    return t.app.inject({ method: 'POST', url: '/api/v1/payments/callback', payload: m.body, headers: { ...m.headers, 'user-agent': 'test gateway' } });
  };
  /** A record paid at the desk while its online payment was pending; the payment then arrives: kept for a refund. */
  const latePayment = async (): Promise<{ code: string; recordId: number; p: PaymentRow }> => {
    const code = await file();
    assert.equal((await act(desk, code, 'accept')).statusCode, 303);
    assert.equal((await act(desk, code, 'forward', { toOfficialId: String(ids['chuyenmon.muongdang']) })).statusCode, 303);
    assert.equal((await act(specialist, code, 'request_payment')).statusCode, 303);
    const started = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal((await act(desk, code, 'confirm_payment', { method: 'cash' })).statusCode, 303);
    const pending = await payment(started.json().paymentId);
    assert.equal((await deliver(pending)).statusCode, 200);
    const p = await payment(pending.public_id);
    assert.deepEqual([p.status, p.applied_to_record], ['paid', false]);
    return { code, recordId: (await record(code)).id, p };
  };
  const page = (client: Client, recordId: number) => client.get(`/admin/units/${md}/records/${recordId}/thanh-toan`);
  const ask = (client: Client, recordId: number, publicId: string, fields: Record<string, string>) => client.postForm(`/admin/units/${md}/records/${recordId}/thanh-toan/${publicId}/hoan-tien`, fields);
  const decide = (client: Client, recordId: number, refundId: number, fields: Record<string, string>) => client.postForm(`/admin/units/${md}/records/${recordId}/thanh-toan/hoan-tien/${refundId}`, fields);

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    citizen = await t.signIn('0912000001');
    desk = await t.signIn('motcua.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    chairman = await t.signIn('chutich.muongdang');
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(db())).rows) ids[o.username] = Number(o.id);
  });
  after(async () => t.close());

  it('the late payment is flagged; the desk asks, cannot approve its own request; too much is refused; the chairman approves; sent', async () => {
    const { recordId, p } = await latePayment();
    const official = await desk.get(`/admin/units/${md}/records/${recordId}`);
    assert.ok(official.body.includes(`/admin/units/${md}/records/${recordId}/thanh-toan`), 'the record page links its payments');
    const shown = await page(desk, recordId);
    assert.equal(shown.statusCode, 200, shown.body.slice(0, 300));
    assert.match(shown.body, new RegExp(`data-payment="${p.public_id}" data-to-refund`), 'flagged for a refund');
    assert.match(shown.body, /Cần hoàn tiền/);
    assert.match(shown.body, /data-desk-payment/);
    assert.match(shown.body, /name="reason"/, 'the desk may ask');
    assert.doesNotMatch((await page(specialist, recordId)).body, /name="reason"/, 'the specialist may not');

    // Refused requests: more than was paid, no reason, not a number; someone without the permission.
    const tooMuch = await ask(desk, recordId, p.public_id, { amount: String(FEE + 1), reason: 'Nộp trùng' });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.body, /vượt quá số còn có thể hoàn \(8000 đồng\)/);
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '8000', reason: '  ' })).statusCode, 400);
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '12abc', reason: 'Nộp trùng' })).statusCode, 400);
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '0', reason: 'Nộp trùng' })).statusCode, 400);
    assert.equal((await ask(specialist, recordId, p.public_id, { amount: '8000', reason: 'Nộp trùng' })).statusCode, 403);
    assert.equal((await refunds(p.id)).length, 0);

    const asked = await ask(desk, recordId, p.public_id, { amount: '8.000', reason: 'Nộp trùng: đã nộp tiền mặt tại bộ phận một cửa' });
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
    const [refund] = await refunds(p.id);
    assert.ok(refund);
    assert.deepEqual([refund.state, Number(refund.amount)], ['requested', FEE]);
    assert.equal(await audits('payments.refund_requested'), 1);
    // The waiting request reserves the money: a second one finds nothing left.
    const second = await ask(desk, recordId, p.public_id, { amount: '1', reason: 'Lần nữa' });
    assert.equal(second.statusCode, 400);
    assert.match(second.body, /\(0 đồng\)/);

    // Four eyes: the requester cannot approve, whatever they post.
    const self = await decide(desk, recordId, refund.id, { action: 'approve' });
    assert.equal(self.statusCode, 403);
    assert.match(self.body, /không được tự phê duyệt/);
    assert.equal((await refunds(p.id))[0]!.state, 'requested');
    await assert.rejects(sql`update payment_refunds set state = 'approved', approved_by = requested_by, decided_at = now() where id = ${refund.id}`.execute(db()), /check/i, 'the database refuses it too');

    const listed = await page(chairman, recordId);
    assert.match(listed.body, new RegExp(`data-refund="${refund.id}" data-refund-state="requested"`));
    assert.match(listed.body, /Phê duyệt hoàn tiền/);
    assert.equal((await decide(chairman, recordId, refund.id, { action: 'approve' })).statusCode, 303);
    const approved = (await refunds(p.id))[0]!;
    assert.deepEqual([approved.state, Number(approved.approved_by)], ['approved', ids['chutich.muongdang']]);
    assert.equal((await decide(chairman, recordId, refund.id, { action: 'approve' })).statusCode, 409, 'decided once');
    assert.equal((await decide(desk, recordId, refund.id, { action: 'send' })).statusCode, 403, 'the desk does not order the money out');
    assert.equal((await decide(chairman, recordId, refund.id, { action: 'send', reference: 'UNC-2026-001' })).statusCode, 303);
    const sent = (await refunds(p.id))[0]!;
    assert.deepEqual([sent.state, sent.note], ['sent', 'UNC-2026-001']);
    assert.equal(await audits('payments.refund_approved'), 1);
    assert.equal(await audits('payments.refund_sent'), 1);
    const after = await page(desk, recordId);
    assert.doesNotMatch(after.body, /data-to-refund/, 'refunded: no longer flagged');
    assert.match(after.body, /Đã hoàn 8\.000 đ/);
  });

  it('two approvals at once make one; a rejection needs a note; the requester may withdraw', async () => {
    const { recordId, p } = await latePayment();
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '3000', reason: 'Hoàn một phần' })).statusCode, 303);
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '5000', reason: 'Hoàn phần còn lại' })).statusCode, 303);
    const [a, b] = await refunds(p.id);
    // The chairman from two browsers at once (the vice-chairman does not hold payments.refund_approve).
    assert.equal((await decide(await t.signIn('phochutich.muongdang'), recordId, a!.id, { action: 'approve' })).statusCode, 403);
    const otherBrowser = await t.signIn('chutich.muongdang');
    const both = await Promise.all([decide(chairman, recordId, a!.id, { action: 'approve' }), decide(otherBrowser, recordId, a!.id, { action: 'approve' })]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [303, 409], 'one approval, the other finds it decided');
    assert.equal((await refunds(p.id))[0]!.state, 'approved');
    assert.equal(await audits('payments.refund_approved'), 2, 'one more (the first test approved one)');

    assert.equal((await decide(chairman, recordId, b!.id, { action: 'reject', note: ' ' })).statusCode, 400, 'a rejection needs a note');
    assert.equal((await decide(desk, recordId, b!.id, { action: 'reject', note: 'Đề nghị nhầm' })).statusCode, 303, 'the requester withdraws');
    const withdrawn = (await refunds(p.id))[1]!;
    assert.deepEqual([withdrawn.state, withdrawn.note, withdrawn.approved_by], ['rejected', 'Đề nghị nhầm', null]);
    assert.equal(await audits('payments.refund_rejected'), 1);
    assert.equal((await decide(chairman, recordId, b!.id, { action: 'approve' })).statusCode, 409);
  });

  it('another commune: 404 for the page, the request and the decision', async () => {
    const { recordId, p } = await latePayment();
    assert.equal((await ask(desk, recordId, p.public_id, { amount: '1000', reason: 'Kiểm tra' })).statusCode, 303);
    const [refund] = await refunds(p.id);
    const ph = t.unit('Xã Phìn Hồ').id;
    for (const login of ['motcua.phinho', 'chutich.phinho']) {
      const other = await t.signIn(login);
      assert.equal((await page(other, recordId)).statusCode, 404, login);
      assert.equal((await other.get(`/admin/units/${ph}/records/${recordId}/thanh-toan`)).statusCode, 404, login);
      assert.equal((await ask(other, recordId, p.public_id, { amount: '1000', reason: 'x' })).statusCode, 404, login);
      assert.equal((await other.postForm(`/admin/units/${ph}/records/${recordId}/thanh-toan/${p.public_id}/hoan-tien`, { amount: '1000', reason: 'x' })).statusCode, 404, login);
      assert.equal((await decide(other, recordId, refund!.id, { action: 'approve' })).statusCode, 404, login);
      assert.equal((await other.postForm(`/admin/units/${ph}/records/${recordId}/thanh-toan/hoan-tien/${refund!.id}`, { action: 'approve' })).statusCode, 404, login);
    }
    assert.equal((await refunds(p.id))[0]!.state, 'requested');
    // A citizen has no business here at all.
    assert.notEqual((await page(citizen, recordId)).statusCode, 200);
  });
});
