/**
 * Online payment (issue #6) end to end through HTTP, on a real database: the sandbox gateway's whole flow
 * (create → gateway page → confirm → signed callback → record paid, 6 → 4), the return URL that marks nothing
 * paid, forged, altered and mismatching callbacks (each 4xx and audited), replay ×100 and concurrent
 * deliveries (one payment, one audit entry), the callback before the browser's return, the worker that asks
 * the gateway (paid, cancelled, expired) and the late callback after expiry, and cash at the desk.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { encodeCallback, paymentsContext, settlePendingPayments } from '../../src/modules/payments/index.ts';
import type { CallbackFields, PaymentsContext } from '../../src/modules/payments/index.ts';
import { drainPortalSync, simulatorClient } from '../../src/modules/portal-sync/index.ts';

/** Cấp bản sao Trích lục hộ tịch: 8.000 đ, paid at intake, filed online with the applicant's details only. */
const COPY_EXTRACT = '2.000635';
const FEE = 8000;
const CALLBACK = '/api/v1/payments/callback';

interface RecordRow { id: number; code: string; status: number; version: number; paid_at: Date | null; paid_amount: number | null; payment_channel: number | null; payment_method: string | null; due_at: Date | null; paused_at: Date | null }
interface PaymentRow { id: number; public_id: string; record_code: string; amount: number; status: string; gateway: string; gateway_txn_id: string | null; paid_at: Date | null; settled_by: string | null; applied_to_record: boolean | null; expires_at: Date; redirect_url: string | null }

describe('online payment through the sandbox gateway', () => {
  let t: TestApp;
  let md: number;
  let citizen: Client;
  let desk: Client;
  let specialist: Client;
  let ctx: PaymentsContext;
  const ids: Record<string, number> = {};

  const db = () => t.database.db;
  const record = async (code: string) => (await sql<RecordRow>`select * from records where code = ${code}`.execute(db())).rows[0]!;
  const payment = async (publicId: string) => (await sql<PaymentRow>`select * from payments where public_id = ${publicId}`.execute(db())).rows[0]!;
  const count = async (q: ReturnType<typeof sql>) => Number(((await q.execute(db())).rows[0] as { n: string }).n);
  const audits = (action: string, target: string) => count(sql`select count(*) as n from audit_log where action = ${action} and target_id = ${target}`);
  const lastRejection = async () => (await sql<{ details: { reason: string }; target_id: string; unit_id: number | null }>`select details, target_id, unit_id from audit_log where action = 'payments.callback_rejected' order by seq desc limit 1`.execute(db())).rows[0]!;
  const rejections = () => count(sql`select count(*) as n from audit_log where action = 'payments.callback_rejected'`);
  const pathOf = (location: unknown) => {
    const url = new URL(String(location), 'http://localhost:3000');
    return `${url.pathname}${url.search}`;
  };

  /** A new record of the citizen's, 8.000 đ due at intake (status 1). */
  const file = async (): Promise<string> => {
    const res = await citizen.postJson('/api/v1/applications', {
      procedureCode: COPY_EXTRACT, unitId: md,
      values: { applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: 'Cấp 01 bản sao Giấy khai sinh' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().feeAmount, FEE);
    return res.json().code;
  };
  const act = async (client: Client, code: string, action: string, fields: Record<string, string> = {}) => {
    const r = await record(code);
    return client.postForm(`/admin/units/${md}/records/${r.id}/act`, { action, version: String(r.version), ...fields });
  };
  /** Received, forwarded to the specialist, and asked for payment: status 6. */
  const waitingForPayment = async (): Promise<string> => {
    const code = await file();
    assert.equal((await act(desk, code, 'accept')).statusCode, 303);
    assert.equal((await act(desk, code, 'forward', { toOfficialId: String(ids['chuyenmon.muongdang']) })).statusCode, 303);
    assert.equal((await act(specialist, code, 'request_payment')).statusCode, 303);
    assert.equal((await record(code)).status, 6);
    return code;
  };
  /** A pending payment started through the API; its row. */
  const started = async (code: string): Promise<PaymentRow> => {
    const res = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(res.statusCode, 201, res.body);
    return payment(res.json().paymentId);
  };
  /** The gateway's message about a payment, signed as the sandbox signs it (or with another secret). */
  const message = (p: PaymentRow, over: Partial<CallbackFields> = {}, secret = t.config.payments.secret) => encodeCallback(secret, {
    merchantId: t.config.payments.merchantId, transactionId: p.gateway_txn_id!, orderId: p.public_id, recordCode: p.record_code,
    amount: Number(p.amount), currency: 'VND', status: 'paid', paidAt: new Date(), sentAt: new Date(), ...over,
  });
  const deliver = (m: { body: string | Buffer; headers: Record<string, string> }): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'POST', url: CALLBACK, payload: m.body, headers: { ...m.headers, 'user-agent': 'test gateway' } });

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    citizen = await t.signIn('0912000001');
    desk = await t.signIn('motcua.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(db())).rows) ids[o.username] = Number(o.id);
    ctx = paymentsContext(db(), t.config.payments, t.config.publicUrl);
  });
  after(async () => t.close());

  it('the whole flow: the record page offers payment → the gateway page → confirm → signed callback → the record is paid and back in processing (6 → 4)', async () => {
    const code = await waitingForPayment();
    const before = await record(code);
    assert.ok(before.paused_at, 'the clock stopped while waiting for payment');

    const page = await citizen.get(`/ho-so/${code}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Thanh toán trực tuyến/);
    assert.ok(page.body.includes(`href="/ho-so/${code}/thanh-toan"`));
    assert.match(page.body, /Chưa nộp/);
    const pay = await citizen.get(`/ho-so/${code}/thanh-toan`);
    assert.equal(pay.statusCode, 200);
    assert.match(pay.body, /8\.000 đ/);
    assert.match(pay.body, /data-state="due"/);

    const go = await citizen.postForm(`/ho-so/${code}/thanh-toan`, {});
    assert.equal(go.statusCode, 303, go.body.slice(0, 300));
    const gatewayPath = pathOf(go.headers.location);
    assert.match(gatewayPath, /^\/sandbox-gateway\/pay\/SBX[A-Za-z0-9]{20}$/);
    const pending = (await sql<PaymentRow>`select * from payments where record_code = ${code}`.execute(db())).rows;
    assert.equal(pending.length, 1);
    assert.deepEqual([pending[0]!.status, Number(pending[0]!.amount), pending[0]!.gateway, pending[0]!.gateway_txn_id], ['pending', FEE, 'sandbox', gatewayPath.split('/').pop()]);
    assert.equal(await audits('payments.created', pending[0]!.public_id), 1);

    // The gateway's page: the commune as payee, the record, the amount in đồng; Confirm and Cancel without JavaScript.
    const gateway = await citizen.get(gatewayPath);
    assert.equal(gateway.statusCode, 200);
    assert.match(gateway.body, /<dd data-merchant>Xã Mường Đăng<\/dd>/);
    assert.ok(gateway.body.includes(code));
    assert.match(gateway.body, /data-amount="8000">8\.000 đ/);
    assert.match(gateway.body, /name="_csrf"/);
    assert.match(gateway.body, /name="decision" value="confirm"/);
    assert.equal((await citizen.postForm(gatewayPath, { decision: 'confirm' }, { csrf: null })).statusCode, 403, 'the gateway form is CSRF-protected');
    assert.equal((await payment(pending[0]!.public_id)).status, 'pending');

    const confirmed = await citizen.postForm(gatewayPath, { decision: 'confirm' });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(String(confirmed.headers.location), `${t.config.publicUrl}/thanh-toan/${pending[0]!.public_id}/ket-qua`, 'back to the return URL');

    const paid = await payment(pending[0]!.public_id);
    assert.deepEqual([paid.status, paid.settled_by, paid.applied_to_record], ['paid', 'callback', true]);
    const r = await record(code);
    assert.deepEqual([r.status, Number(r.paid_amount), r.payment_channel, r.payment_method], [4, FEE, 1, 'online']);
    assert.ok(r.paid_at && r.paused_at === null);
    if (before.due_at) assert.ok(r.due_at && r.due_at.getTime() >= before.due_at.getTime(), 'the due date moved by the time spent waiting');
    assert.equal(await audits('payments.paid', paid.public_id), 1);
    const events = (await sql<{ kind: string; from_status: number | null; to_status: number | null }>`select kind, from_status, to_status from record_events where record_id = ${r.id} order by id`.execute(db())).rows;
    assert.deepEqual(events.slice(-2).map((e) => [e.kind, e.from_status, e.to_status]), [['payment', null, null], ['status', 6, 4]]);
    const sms = await count(sql`select count(*) as n from outbox where template = 'records.status_changed' and params->>'code' = ${code} and params->>'status' = 'Dang xu ly'`);
    assert.ok(sms >= 2, 'the applicant is told by SMS that processing goes on (again)');
    assert.equal(await count(sql`select count(*) as n from payment_callbacks where payment_id = ${paid.id} and outcome = 'applied' and signature_ok`), 1);

    // The return page reads the payment: paid, and no more reloading.
    const back = await citizen.get(pathOf(confirmed.headers.location));
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /data-payment-status="paid"/);
    assert.doesNotMatch(back.body, /http-equiv="refresh"/);
    // Both sides of the record show how it was paid.
    const own = await citizen.get(`/ho-so/${code}`);
    assert.match(own.body, /data-paid="online">Đã nộp 8\.000 đ — Trực tuyến \(Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia\)/);
    assert.doesNotMatch(own.body, /href="\/ho-so\/[^"]+\/thanh-toan"/, 'nothing more to pay');
    const official = await desk.get(`/admin/units/${md}/records/${r.id}`);
    assert.match(official.body, /data-paid="online">Đã nộp 8\.000 đ — Trực tuyến/);
    assert.match(official.body, /Đã nộp phí, lệ phí/, 'the payment is a line of the history');
    assert.equal((await citizen.postJson('/api/v1/payments', { recordCode: code })).statusCode, 409, 'paid once');

    // The national portal learns it: DuocThanhToanTrucTuyen = 1 on the record's messages after the payment.
    await drainPortalSync(db(), simulatorClient(db()), new Date(), { gapGraceMs: 0 });
    const sent = (await sql<{ payload: { TrangThaiHoSo: number; DuocThanhToanTrucTuyen: number }; accepted: boolean }>`select payload, accepted from portal_sync_simulator_inbox where ma_ho_so = ${code} order by id`.execute(db())).rows;
    assert.ok(sent.every((m) => m.accepted), JSON.stringify(sent));
    assert.deepEqual(sent.map((m) => m.payload.TrangThaiHoSo), [1, 2, 4, 6, 6, 4]);
    assert.deepEqual(sent.map((m) => m.payload.DuocThanhToanTrucTuyen), [1, 1, 1, 1, 1, 1], 'the mirror reads the record as it is now: paid online');
  });

  it('the browser coming back to the return URL marks nothing paid, whatever its address says', async () => {
    const code = await file();
    const created = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(created.statusCode, 201, created.body);
    const { paymentId, redirectUrl, amount, currency, status } = created.json();
    assert.deepEqual([amount, currency, status], [FEE, 'VND', 'pending']);
    assert.match(pathOf(redirectUrl), /^\/sandbox-gateway\/pay\/SBX/);
    const again = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(again.statusCode, 200, 'while one is pending, the same one comes back');
    assert.equal(again.json().paymentId, paymentId);

    for (const query of ['', '?status=success&vnp_ResponseCode=00&paid=1', `?result=PAID&amount=${FEE}&signature=${'a'.repeat(64)}`]) {
      const back = await citizen.get(`/thanh-toan/${paymentId}/ket-qua${query}`);
      assert.equal(back.statusCode, 200);
      assert.match(back.body, /data-payment-status="pending"/);
      assert.match(back.body, /<meta http-equiv="refresh" content="3">/, 'it reloads itself while pending');
    }
    assert.equal((await payment(paymentId)).status, 'pending');
    assert.equal((await record(code)).paid_at, null);
    const api = await citizen.get(`/api/v1/payments/${paymentId}`);
    assert.equal(api.statusCode, 200);
    assert.deepEqual([api.json().status, api.json().recordCode, api.json().amount], ['pending', code, FEE]);
    // Someone else's payment does not exist for them.
    const other = await t.signIn('0912000002');
    assert.equal((await other.get(`/thanh-toan/${paymentId}/ket-qua`)).statusCode, 404);
    assert.equal((await other.get(`/api/v1/payments/${paymentId}`)).statusCode, 404);
    assert.equal((await other.postJson('/api/v1/payments', { recordCode: code })).statusCode, 404);
    assert.equal((await t.anonymous().get(`/api/v1/payments/${paymentId}`)).statusCode, 401);
    // Officials who read the commune's records see it (the commune's desk, the provincial supervisor); another commune's do not.
    assert.equal((await desk.get(`/api/v1/payments/${paymentId}`)).json().status, 'pending');
    assert.equal((await (await t.signIn('giamsat')).get(`/api/v1/payments/${paymentId}`)).statusCode, 200);
    const elsewhere = await t.signIn('chutich.phinho');
    assert.equal((await elsewhere.get(`/api/v1/payments/${paymentId}`)).statusCode, 404);
    assert.equal((await elsewhere.get(`/thanh-toan/${paymentId}/ket-qua`)).statusCode, 404);
  });

  it('a forged signature, a missing one, or a body altered after signing: 401, audited with the reason, nothing paid', async () => {
    const code = await file();
    const p = await started(code);
    const before = await rejections();

    const forged = await deliver(message(p, {}, 'not-the-secret-of-this-install-0123456789'));
    assert.equal(forged.statusCode, 401, forged.body);
    assert.equal(forged.json().error.code, 'payments.callback.bad_signature');
    assert.equal((await lastRejection()).details.reason, 'bad_signature');

    const genuine = message(p);
    const unsigned = await deliver({ body: genuine.body, headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.statusCode, 401);
    assert.equal((await lastRejection()).details.reason, 'missing_signature');

    // The amount changed on the way, the signature kept: the bytes no longer match.
    const altered = genuine.body.replace(`"amount":${FEE}`, '"amount":800');
    assert.notEqual(altered, genuine.body);
    const res = await deliver({ body: altered, headers: genuine.headers });
    assert.equal(res.statusCode, 401);
    assert.equal((await lastRejection()).details.reason, 'bad_signature');
    // Even a re-serialisation of the same JSON (another key order, spaces) is not the signed bytes.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(genuine.body)).reverse()), null, 1);
    assert.equal((await deliver({ body: reordered, headers: genuine.headers })).statusCode, 401);

    assert.equal(await rejections(), before + 4);
    assert.equal((await payment(p.public_id)).status, 'pending');
    assert.equal((await record(code)).paid_at, null);
    assert.equal(await count(sql`select count(*) as n from payment_callbacks where outcome = 'rejected' and not signature_ok and created_at > now() - interval '1 minute'`), 4);
  });

  it('a correctly signed message with another amount, another currency, another order, or an unknown transaction: 4xx, audited, nothing paid', async () => {
    const code = await file();
    const p = await started(code);
    const cases: [Partial<CallbackFields>, number, string][] = [
      [{ amount: FEE - 1 }, 422, 'amount_mismatch'],
      [{ amount: FEE * 10 }, 422, 'amount_mismatch'],
      [{ currency: 'USD' }, 422, 'wrong_currency'],
      [{ orderId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 422, 'order_mismatch'],
      [{ transactionId: 'SBXnoSuchTransaction0' }, 404, 'unknown_transaction'],
      [{ merchantId: 'SOMEONE-ELSE' }, 400, 'wrong_merchant'],
      [{ sentAt: new Date(Date.now() - 3600_000) }, 400, 'stale'],
    ];
    for (const [over, status, reason] of cases) {
      const res = await deliver(message(p, over));
      assert.equal(res.statusCode, status, `${reason}: ${res.body}`);
      const audit = await lastRejection();
      assert.equal(audit.details.reason, reason);
      if (reason === 'amount_mismatch') assert.equal(Number(audit.unit_id), md, 'the refusal is filed under the commune whose payment it names');
    }
    const garbage = await deliver({ body: Buffer.from([0xff, 0xfe, 0x00, 0x41]), headers: { 'content-type': 'application/octet-stream', 'x-paygate-signature': 'zz' } });
    assert.equal(garbage.statusCode, 401);
    assert.equal((await payment(p.public_id)).status, 'pending');
    assert.equal((await record(code)).paid_at, null);
    assert.equal(await audits('payments.paid', p.public_id), 0);
  });

  it('the same callback replayed 100 times: one payment, one audit entry, one history line; every repeat acknowledged', async () => {
    const code = await file();
    const p = await started(code);
    const m = message(p);
    const answers: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await deliver(m);
      assert.equal(res.statusCode, 200, res.body);
      answers.push(res.json().result);
    }
    assert.deepEqual([answers[0], new Set(answers.slice(1))], ['applied', new Set(['duplicate'])]);
    assert.equal((await payment(p.public_id)).status, 'paid');
    assert.equal(await audits('payments.paid', p.public_id), 1);
    const r = await record(code);
    assert.equal(Number(r.paid_amount), FEE);
    assert.equal(r.status, 1, 'paid at intake: the status stays');
    assert.equal(await count(sql`select count(*) as n from record_events where record_id = ${r.id} and kind = 'payment'`), 1);
    assert.equal(await count(sql`select count(*) as n from payment_callbacks where payment_id = ${p.id}`), 100, 'every delivery is logged');
    assert.equal(await count(sql`select count(*) as n from payment_callbacks where payment_id = ${p.id} and outcome = 'applied'`), 1);
  });

  it('two deliveries at the same moment (Promise.all): one applied, one duplicate, one payment', async () => {
    const code = await waitingForPayment();
    const p = await started(code);
    const m = message(p);
    const [a, b] = await Promise.all([deliver(m), deliver(message(p))]);
    assert.deepEqual([a.statusCode, b.statusCode], [200, 200], `${a.body} ${b.body}`);
    assert.deepEqual([a.json().result, b.json().result].sort(), ['applied', 'duplicate']);
    assert.equal(await audits('payments.paid', p.public_id), 1);
    const r = await record(code);
    assert.equal(r.status, 4);
    assert.equal(await count(sql`select count(*) as n from record_events where record_id = ${r.id} and kind = 'status' and from_status = 6 and to_status = 4`), 1, 'resumed once');
  });

  it('the callback arrives before the browser comes back: the return page shows it paid; a return before the callback shows it waiting', async () => {
    const code = await file();
    const p = await started(code);
    const early = await citizen.get(`/thanh-toan/${p.public_id}/ket-qua`);
    assert.match(early.body, /data-payment-status="pending"/);
    const res = await deliver(message(p));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { result: 'applied', paymentId: p.public_id, status: 'paid' });
    const back = await citizen.get(`/thanh-toan/${p.public_id}/ket-qua`);
    assert.match(back.body, /data-payment-status="paid"/);
    // The gateway page, opened afterwards, still asks (it is the gateway's own book); confirming there again changes nothing here.
    const confirm = await citizen.postForm(pathOf(p.redirect_url), { decision: 'confirm' });
    assert.equal(confirm.statusCode, 303);
    assert.equal(await audits('payments.paid', p.public_id), 1);
  });

  it('cancelled at the gateway: the payment is cancelled, the record unpaid, and a new payment can start', async () => {
    const code = await file();
    const p = await started(code);
    const res = await citizen.postForm(pathOf(p.redirect_url), { decision: 'cancel' });
    assert.equal(res.statusCode, 303);
    assert.equal((await payment(p.public_id)).status, 'cancelled');
    assert.equal(await audits('payments.cancelled', p.public_id), 1);
    assert.equal((await record(code)).paid_at, null);
    assert.match((await citizen.get(pathOf(res.headers.location))).body, /data-payment-status="cancelled"/);
    // A "paid" for it afterwards contradicts the gateway's own final word: refused and left to reconciliation.
    const late = await deliver(message(p));
    assert.equal(late.statusCode, 409);
    assert.equal((await lastRejection()).details.reason, 'state_conflict');
    const next = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(next.statusCode, 201);
    assert.notEqual(next.json().paymentId, p.public_id);
  });

  it('the worker: a lost callback is settled by asking the gateway; a payment still pending there expires; a late callback after expiry still settles it, once', async () => {
    // Paid at the gateway, its callback lost: the worker asks and settles it.
    const lostCode = await waitingForPayment();
    const lost = await started(lostCode);
    assert.equal((await citizen.postForm(pathOf(lost.redirect_url), { decision: 'confirm', silent: '1' })).statusCode, 303);
    assert.equal((await payment(lost.public_id)).status, 'pending', 'no callback, nothing paid yet');
    assert.deepEqual(await settlePendingPayments(ctx, new Date()), { paid: 0, expired: 0, closed: 0, errors: 0 }, 'not asked before its time is up');

    // Never confirmed: times out.
    const slowCode = await file();
    const slow = await started(slowCode);
    const later = new Date(slow.expires_at.getTime() + 60_000);
    await settlePendingPayments(ctx, later);
    const settled = await payment(lost.public_id);
    assert.deepEqual([settled.status, settled.settled_by, settled.applied_to_record], ['paid', 'query', true]);
    assert.equal((await record(lostCode)).status, 4, 'settled by asking: the record resumes too');
    assert.equal((await payment(slow.public_id)).status, 'expired');
    assert.equal(await audits('payments.expired', slow.public_id), 1);
    assert.equal((await record(slowCode)).paid_at, null);
    assert.match((await citizen.get(`/thanh-toan/${slow.public_id}/ket-qua`)).body, /data-payment-status="expired"/);

    // The citizen pays at the gateway after all: the late callback settles the expired payment (our rule), exactly once.
    const confirmed = await citizen.postForm(pathOf(slow.redirect_url), { decision: 'confirm' });
    assert.equal(confirmed.statusCode, 303);
    const paid = await payment(slow.public_id);
    assert.deepEqual([paid.status, paid.settled_by], ['paid', 'callback']);
    assert.equal(Number((await record(slowCode)).paid_amount), FEE);
    assert.equal(await audits('payments.paid', slow.public_id), 1);
    const entry = (await sql<{ details: { late: boolean } }>`select details from audit_log where action = 'payments.paid' and target_id = ${slow.public_id}`.execute(db())).rows[0]!;
    assert.equal(entry.details.late, true);
    const replay = await deliver(message(paid));
    assert.equal(replay.json().result, 'duplicate');
    assert.equal(await audits('payments.paid', slow.public_id), 1);
    await settlePendingPayments(ctx, new Date(later.getTime() + 3600_000));
    assert.equal((await payment(slow.public_id)).status, 'paid', 'the worker leaves a settled payment alone');
  });

  it('cash at the desk: "confirm payment" records the method; a payment arriving online afterwards is kept but not counted twice', async () => {
    const code = await waitingForPayment();
    // The citizen had started paying online, then paid at the desk.
    const online = await started(code);
    assert.equal((await act(desk, code, 'confirm_payment', { method: 'bitcoin' })).statusCode, 400);
    const form = await desk.get(`/admin/units/${md}/records/${(await record(code)).id}`);
    assert.match(form.body, /name="method" value="cash" checked/);
    assert.match(form.body, /name="method" value="transfer"/);
    assert.equal((await act(desk, code, 'confirm_payment', { method: 'cash' })).statusCode, 303);
    const r = await record(code);
    assert.deepEqual([r.status, Number(r.paid_amount), r.payment_channel, r.payment_method], [4, FEE, 0, 'cash']);
    const audit = (await sql<{ details: { payment: { amount: number; method: string } } }>`select details from audit_log where action = 'records.confirm_payment' and target_id = ${code}`.execute(db())).rows;
    assert.deepEqual(audit.map((a) => a.details.payment), [{ amount: FEE, method: 'cash' }]);
    assert.match((await desk.get(`/admin/units/${md}/records/${r.id}`)).body, /data-paid="cash">Đã nộp 8\.000 đ — Tiền mặt tại bộ phận một cửa/);
    assert.equal((await citizen.postJson('/api/v1/payments', { recordCode: code })).statusCode, 409);

    // The online payment is paid at the gateway after all: recorded as money received, flagged (the record was paid), not applied.
    const res = await deliver(message(online));
    assert.equal(res.statusCode, 200);
    const p = await payment(online.public_id);
    assert.deepEqual([p.status, p.applied_to_record], ['paid', false]);
    const again = await record(code);
    assert.deepEqual([again.payment_method, again.status], ['cash', 4], 'the record keeps its one payment');
    const entry = (await sql<{ details: { recordAlreadyPaid: boolean } }>`select details from audit_log where action = 'payments.paid' and target_id = ${online.public_id}`.execute(db())).rows[0]!;
    assert.equal(entry.details.recordAlreadyPaid, true);

    // Bank transfer on another record.
    const transfer = await waitingForPayment();
    assert.equal((await act(desk, transfer, 'confirm_payment', { method: 'transfer' })).statusCode, 303);
    assert.deepEqual([(await record(transfer)).payment_method, (await record(transfer)).payment_channel], ['transfer', 0]);
  });
});
