/** Online payment without a database: signatures, the wire format, the settlement rules, the HTTP adapter, the settings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideCallback, decideQuery, decodeCallback, encodeCallback, GatewayError, nationalGateway, sign, verifySignature } from '../../src/modules/payments/index.ts';
import type { PaymentStatus } from '../../src/modules/payments/index.ts';
import { feeDue } from '../../src/modules/records/index.ts';
import { paymentsFrom } from '../../src/platform/config.ts';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const NOW = new Date('2026-11-28T03:15:03Z');

const fields = (over: Partial<Parameters<typeof encodeCallback>[1]> = {}) => ({
  merchantId: 'M1', transactionId: 'TXN-1', orderId: 'AAAAAAAAAAAAAAAAAAAAAA', recordCode: 'H11.35.01-261128-0001', amount: 8000, currency: 'VND',
  status: 'paid' as const, paidAt: new Date('2026-11-28T03:15:02Z'), sentAt: NOW, ...over,
});

describe('HMAC-SHA256 signatures over the exact bytes', () => {
  it('match RFC 4231 test case 2', () => {
    assert.equal(sign('Jefe', 'what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('verify in either case of hex, and refuse one changed byte, a short or non-hex signature, or none', () => {
    const body = Buffer.from('{"amount":8000}');
    const good = sign(SECRET, body);
    assert.equal(verifySignature(SECRET, body, good), 'ok');
    assert.equal(verifySignature(SECRET, body, good.toUpperCase()), 'ok');
    assert.equal(verifySignature(SECRET, Buffer.from('{"amount":8001}'), good), 'mismatch');
    assert.equal(verifySignature('another-secret-of-at-least-32-chars!!', body, good), 'mismatch');
    assert.equal(verifySignature(SECRET, body, good.slice(0, 62)), 'missing');
    assert.equal(verifySignature(SECRET, body, `${good.slice(0, 63)}g`), 'missing');
    assert.equal(verifySignature(SECRET, body, undefined), 'missing');
  });
});

describe('the callback on the wire', () => {
  it('reads back what was encoded, with Vietnam-time dates', () => {
    const m = encodeCallback(SECRET, fields());
    assert.match(m.body, /"paidAt":"2026-11-28T10:15:02\+07:00","sentAt":"2026-11-28T10:15:03\+07:00"/);
    const v = decodeCallback(SECRET, 'M1', Buffer.from(m.body), m.headers, NOW);
    assert.ok(v.ok);
    assert.deepEqual(v.message, { gatewayTxnId: 'TXN-1', orderId: 'AAAAAAAAAAAAAAAAAAAAAA', recordCode: 'H11.35.01-261128-0001', amount: 8000, currency: 'VND', status: 'paid', paidAt: new Date('2026-11-28T03:15:02Z'), sentAt: NOW });
  });

  it('refuses an altered body, another merchant, an old message, and signed nonsense — the signature first', () => {
    const m = encodeCallback(SECRET, fields());
    const reason = (body: string | Buffer, headers: Record<string, string | string[] | undefined> = m.headers, now = NOW) => {
      const v = decodeCallback(SECRET, 'M1', Buffer.from(body), headers, now);
      return v.ok ? 'ok' : v.reason;
    };
    assert.equal(reason(m.body.replace('8000', '9000')), 'bad_signature');
    assert.equal(reason(m.body, { 'content-type': 'application/json' }), 'missing_signature');
    assert.equal(reason(m.body, { 'x-paygate-signature': [m.headers['x-paygate-signature']!, m.headers['x-paygate-signature']!] }), 'missing_signature', 'a repeated header is no signature');
    const signed = (o: unknown) => {
      const body = typeof o === 'string' ? o : JSON.stringify(o);
      return reason(body, { 'x-paygate-signature': sign(SECRET, body) });
    };
    assert.equal(signed('not json'), 'malformed');
    assert.equal(signed([1, 2]), 'malformed');
    const good = JSON.parse(m.body) as Record<string, unknown>;
    assert.equal(signed({ ...good, amount: 8000.5 }), 'malformed', 'whole đồng only');
    assert.equal(signed({ ...good, amount: '8000' }), 'malformed');
    assert.equal(signed({ ...good, amount: 0 }), 'malformed');
    assert.equal(signed({ ...good, status: 'SUCCESS' }), 'malformed');
    assert.equal(signed({ ...good, paidAt: null }), 'malformed', 'paid says when');
    assert.equal(signed({ ...good, sentAt: '28/11/2026' }), 'malformed');
    assert.equal(signed({ ...good, merchantId: 'M2' }), 'wrong_merchant');
    assert.equal(reason(m.body, m.headers, new Date(NOW.getTime() + 11 * 60_000)), 'stale');
    assert.equal(reason(m.body, m.headers, new Date(NOW.getTime() - 11 * 60_000)), 'stale', 'from the future');
    assert.equal(reason(m.body, m.headers, new Date(NOW.getTime() + 9 * 60_000)), 'ok');
    assert.equal(reason(Buffer.concat([Buffer.from(m.body), Buffer.from([0xc3])]), { 'x-paygate-signature': sign(SECRET, Buffer.concat([Buffer.from(m.body), Buffer.from([0xc3])])) }), 'malformed', 'invalid UTF-8');
  });
});

describe('what a report means for a payment', () => {
  const payment = (status: PaymentStatus) => ({ publicId: 'P', status, amount: 8000, currency: 'VND' });
  const report = (status: 'paid' | 'cancelled' | 'failed', over: Partial<{ amount: number; currency: string; orderId: string }> = {}) => ({ orderId: 'P', amount: 8000, currency: 'VND', status, ...over });

  it('settles a pending or expired payment once; repeats are duplicates; final states are not contradicted', () => {
    assert.deepEqual(decideCallback(payment('pending'), report('paid')), { kind: 'settle_paid', late: false });
    assert.deepEqual(decideCallback(payment('expired'), report('paid')), { kind: 'settle_paid', late: true });
    assert.deepEqual(decideCallback(payment('paid'), report('paid')), { kind: 'duplicate' });
    assert.deepEqual(decideCallback(payment('cancelled'), report('paid')), { kind: 'refuse', reason: 'state_conflict' });
    assert.deepEqual(decideCallback(payment('failed'), report('paid')), { kind: 'refuse', reason: 'state_conflict' });
    assert.deepEqual(decideCallback(payment('pending'), report('cancelled')), { kind: 'close', to: 'cancelled' });
    assert.deepEqual(decideCallback(payment('cancelled'), report('cancelled')), { kind: 'duplicate' });
    assert.deepEqual(decideCallback(payment('expired'), report('failed')), { kind: 'ignore' });
    assert.deepEqual(decideCallback(payment('paid'), report('cancelled')), { kind: 'refuse', reason: 'state_conflict' });
  });

  it('checks order, currency and the exact amount before anything else', () => {
    assert.deepEqual(decideCallback(payment('pending'), report('paid', { amount: 7999 })), { kind: 'refuse', reason: 'amount_mismatch' });
    assert.deepEqual(decideCallback(payment('paid'), report('paid', { amount: 80000 })), { kind: 'refuse', reason: 'amount_mismatch' }, 'even a repeat must be ours');
    assert.deepEqual(decideCallback(payment('pending'), report('paid', { currency: 'vnd' })), { kind: 'refuse', reason: 'wrong_currency' });
    assert.deepEqual(decideCallback(payment('pending'), report('paid', { orderId: 'Q' })), { kind: 'refuse', reason: 'order_mismatch' });
  });

  it('asking the gateway: paid settles, pending or unknown after the time limit expires, before it waits', () => {
    const due = { ...payment('pending'), expiresAt: new Date(NOW.getTime() - 1) };
    const early = { ...payment('pending'), expiresAt: new Date(NOW.getTime() + 60_000) };
    const answer = (status: 'pending' | 'paid' | 'cancelled' | 'failed' | 'unknown', amount: number | null = 8000) => ({ status, amount, currency: status === 'unknown' ? null : 'VND', paidAt: null });
    assert.deepEqual(decideQuery(due, answer('paid'), NOW), { kind: 'settle_paid', late: false });
    assert.deepEqual(decideQuery(due, answer('paid', 5000), NOW), { kind: 'refuse', reason: 'amount_mismatch' });
    assert.deepEqual(decideQuery(due, answer('pending'), NOW), { kind: 'expire' });
    assert.deepEqual(decideQuery(due, answer('unknown', null), NOW), { kind: 'expire' });
    assert.deepEqual(decideQuery(early, answer('pending'), NOW), { kind: 'ignore' });
    assert.deepEqual(decideQuery(due, answer('cancelled'), NOW), { kind: 'close', to: 'cancelled' });
  });

  it('a record owes its fee: asked for (6), at intake while open, on result when ready; never twice, never nothing', () => {
    const due = (status: 1 | 2 | 4 | 5 | 6 | 9 | 10, timing: 'at_intake' | 'on_result' | null, feeAmount = 8000, paidAt: Date | null = null) => feeDue({ status, feeAmount, paidAt }, timing);
    assert.deepEqual([1, 2, 4, 5, 6, 9, 10].map((s) => due(s as 1, 'at_intake')), [true, true, true, true, true, false, false]);
    assert.deepEqual([1, 2, 4, 5, 6, 9, 10].map((s) => due(s as 1, 'on_result')), [false, false, false, false, true, true, false]);
    assert.equal(due(6, null), true);
    assert.equal(due(6, 'at_intake', 0), false);
    assert.equal(due(6, 'at_intake', 8000, NOW), false);
  });
});

describe('the national platform adapter (HTTP skeleton)', () => {
  const config = { url: 'https://paygate.example.vn/api/', merchantId: 'M1', secret: SECRET, channel: 1 as const, timeoutMs: 1000 };
  const signedAnswer = (o: unknown, status = 200, secret = SECRET) => {
    const body = JSON.stringify(o);
    return new Response(body, { status, headers: { 'content-type': 'application/json', 'x-paygate-signature': sign(secret, body) } });
  };

  it('posts signed requests and believes only signed answers', async () => {
    const seen: { url: string; body: string; signature: string | null }[] = [];
    let answer: Response = signedAnswer({ transactionId: 'T-9', paymentUrl: 'https://paygate.example.vn/pay/T-9' });
    const gateway = nationalGateway(config, (async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      seen.push({ url, body: String(init.body), signature: headers.get('x-paygate-signature') });
      assert.equal(init.redirect, 'error');
      return answer;
    }) as typeof fetch);
    const created = await gateway.createTransaction({ orderId: 'P', recordCode: 'H11.35.01-261128-0001', amount: 8000, currency: 'VND', returnUrl: 'https://xa.gov.vn/thanh-toan/P/ket-qua', merchantName: 'Xã', description: 'Phí', expiresAt: NOW });
    assert.deepEqual(created, { gatewayTxnId: 'T-9', redirectUrl: 'https://paygate.example.vn/pay/T-9' });
    assert.equal(seen[0]!.url, 'https://paygate.example.vn/api/transactions');
    assert.equal(seen[0]!.signature, sign(SECRET, seen[0]!.body));
    assert.deepEqual(JSON.parse(seen[0]!.body), { merchantId: 'M1', orderId: 'P', recordCode: 'H11.35.01-261128-0001', amount: 8000, currency: 'VND', description: 'Phí', returnUrl: 'https://xa.gov.vn/thanh-toan/P/ket-qua', expiresAt: '2026-11-28T10:15:03+07:00' });

    answer = signedAnswer({ transactionId: 'T-9', status: 'PAID', amount: 8000, currency: 'VND', paidAt: '2026-11-28T10:20:00+07:00' });
    assert.deepEqual(await gateway.queryTransaction('T-9'), { status: 'paid', amount: 8000, currency: 'VND', paidAt: new Date('2026-11-28T03:20:00Z') });
    assert.equal(seen[1]!.url, 'https://paygate.example.vn/api/transactions/query');

    answer = signedAnswer({ transactionId: 'T-9', status: 'PAID', amount: 8000, currency: 'VND' }, 200, 'a-forger-who-does-not-know-the-secret!!');
    await assert.rejects(gateway.queryTransaction('T-9'), (e: unknown) => e instanceof GatewayError && e.code === 'BAD_SIGNATURE');
    answer = signedAnswer({ status: 'PAID' }, 503);
    await assert.rejects(gateway.queryTransaction('T-9'), (e: unknown) => e instanceof GatewayError && e.code === 'HTTP_503');
    answer = signedAnswer({ transactionId: 'T-9', paymentUrl: 'http://paygate.example.vn/pay/T-9' });
    await assert.rejects(gateway.createTransaction({ orderId: 'P', recordCode: 'H11.35.01-261128-0001', amount: 8000, currency: 'VND', returnUrl: 'x', merchantName: '', description: '', expiresAt: NOW }), (e: unknown) => e instanceof GatewayError && e.code === 'MALFORMED', 'the payment page must be https');
  });

  it('reports an unreachable platform as a GatewayError', async () => {
    const gateway = nationalGateway(config, (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await assert.rejects(gateway.queryTransaction('T-9'), (e: unknown) => e instanceof GatewayError && e.code === 'UNREACHABLE');
  });
});

describe('PAYMENT_* settings', () => {
  it('default to the sandbox with a secret derived from the application secret', () => {
    const a = paymentsFrom({}, 'app-secret-one');
    assert.deepEqual([a.gateway, a.url, a.merchantId, a.channel, a.expiryMinutes], ['sandbox', null, 'SANDBOX', 1, 15]);
    assert.ok(a.secret.length >= 32);
    assert.notEqual(paymentsFrom({}, 'app-secret-two').secret, a.secret);
    assert.equal(paymentsFrom({ PAYMENT_SECRET: 'x'.repeat(32) }, 'app-secret-one').secret, 'x'.repeat(32));
  });

  it('the national platform needs its URL (https), merchant id and secret', () => {
    const env = { PAYMENT_GATEWAY: 'national', PAYMENT_GATEWAY_URL: 'https://paygate.example.vn/', PAYMENT_MERCHANT_ID: 'XA-TAVAN', PAYMENT_SECRET: 's'.repeat(40), PAYMENT_CHANNEL: '2' };
    assert.deepEqual(paymentsFrom(env), { gateway: 'national', url: 'https://paygate.example.vn', merchantId: 'XA-TAVAN', secret: 's'.repeat(40), channel: 2, expiryMinutes: 15, timeoutMs: 15000 });
    assert.throws(() => paymentsFrom({ ...env, PAYMENT_GATEWAY_URL: '' }), /PAYMENT_GATEWAY_URL/);
    assert.throws(() => paymentsFrom({ ...env, PAYMENT_GATEWAY_URL: 'http://paygate.example.vn' }), /https/);
    assert.throws(() => paymentsFrom({ ...env, PAYMENT_MERCHANT_ID: '' }), /PAYMENT_MERCHANT_ID/);
    assert.throws(() => paymentsFrom({ ...env, PAYMENT_SECRET: '' }), /PAYMENT_SECRET/);
    assert.throws(() => paymentsFrom({ ...env, PAYMENT_SECRET: 'short' }), /32/);
    assert.throws(() => paymentsFrom({ PAYMENT_GATEWAY: 'vnpay' }), /sandbox or national/);
    assert.throws(() => paymentsFrom({ PAYMENT_CHANNEL: '0' }), /PAYMENT_CHANNEL/);
  });
});
