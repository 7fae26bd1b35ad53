/**
 * Verified payment callbacks per second vs the same database update without verification (issue #6), in this
 * process, in one run, on a new test database (PGlite in memory, or a new database on the PostgreSQL server of
 * DATABASE_URL), migrated and seeded.
 *
 * Both settle fresh pending payments of the sandbox gateway (one record each, 8.000 đ due at intake, filed and
 * started through the HTTP API before any timing), one after the other:
 *   verified: `receiveCallback(ctx, raw, headers, caller)` — what the callback route runs once Fastify has the raw
 *             body: HMAC-SHA256 over the exact bytes (timing-safe), the message decoded and checked (merchant,
 *             time of sending), then one transaction: the payment locked (`for update`), transaction / order /
 *             amount / currency checked, the payment paid, the record marked paid under its lock, the audit
 *             entry (hash chain), the callback logged; then the payment read back for the answer;
 *   plain:    the same writes without any verification: the deadlines loaded as above, then one transaction that
 *             locks the payment by its transaction id, applies "paid" (`applyDecisionInTrx`: the record under
 *             its lock, the payment, the audit entry) and logs the callback.
 * The gateway's messages are signed before each round (not timed: signing is the gateway's work). The kinds
 * alternate in rounds, the plain kind first in odd rounds, and the median round of each is reported; also the
 * signature check and decoding alone (`gateway.verifyCallback`), per second.
 *
 * Part of `npm run bench` (bench/run.ts, measure 8); on its own: node --import tsx bench/payment-callbacks.ts
 *   BENCH_PAY_ROUNDS=5 BENCH_PAY_PER_ROUND=100
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestApp } from '../test/support/app.ts';
import type { Client, TestApp } from '../test/support/app.ts';
import { encodeCallback, paymentsContext, receiveCallback } from '../src/modules/payments/index.ts';
import type { PaymentsContext } from '../src/modules/payments/index.ts';
import { applyDecisionInTrx, gatewayActor } from '../src/modules/payments/settle.ts';
import { insertCallbackInTrx, lockPaymentByTxnInTrx } from '../src/modules/payments/store.ts';
import { verifyAuditLog } from '../src/modules/audit/index.ts';
import { median } from './lib.ts';

/** Cấp bản sao Trích lục hộ tịch: 8.000 đ, paid at intake (as test/http/payments.test.ts). */
const PROCEDURE = '2.000635';

export const PAYMENT_CALLBACK_OPTIONS = {
  rounds: Number(process.env.BENCH_PAY_ROUNDS ?? 5),
  perRound: Number(process.env.BENCH_PAY_PER_ROUND ?? 100),
};

export interface PaymentCallbackResult {
  database: string;
  rounds: number;
  perRound: number;
  /** Median round, payments settled per second. */
  verifiedPerSecond: number;
  plainPerSecond: number;
  /** verified / plain. */
  ratio: number;
  /** Extra milliseconds per callback that verification adds (median rounds). */
  extraMs: number;
  verifiedRounds: number[];
  plainRounds: number[];
  /** `gateway.verifyCallback` alone (HMAC over the raw body, decoding, merchant and time checks), per second. */
  verifyOnlyPerSecond: number;
}

interface Pending {
  publicId: string;
  txn: string;
  recordCode: string;
  amount: number;
}

async function setUp(t: TestApp, citizen: Client, unitId: number, count: number, log: (line: string) => void): Promise<Pending[]> {
  const out: Pending[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const filed = await citizen.postJson('/api/v1/applications', {
      procedureCode: PROCEDURE, unitId,
      values: { applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: `Cấp 01 bản sao Giấy khai sinh (${i})` },
    });
    if (filed.statusCode !== 201) throw new Error(`filing failed: ${filed.statusCode} ${filed.body.slice(0, 300)}`);
    const pay = await citizen.postJson('/api/v1/payments', { recordCode: filed.json().code });
    if (pay.statusCode !== 201) throw new Error(`starting a payment failed: ${pay.statusCode} ${pay.body.slice(0, 300)}`);
    const row = (await sql<{ public_id: string; gateway_txn_id: string; record_code: string; amount: string }>`select public_id, gateway_txn_id, record_code, amount from payments where public_id = ${pay.json().paymentId}`.execute(t.database.db)).rows[0]!;
    out.push({ publicId: row.public_id, txn: row.gateway_txn_id, recordCode: row.record_code, amount: Number(row.amount) });
    if ((i + 1) % 200 === 0) log(`  ${i + 1}/${count} pending payments ready (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return out;
}

export async function measurePaymentCallbacks(o: { rounds: number; perRound: number } = PAYMENT_CALLBACK_OPTIONS, log: (line: string) => void = () => {}): Promise<PaymentCallbackResult> {
  const t = await createTestApp();
  try {
    const unitId = t.unit('Xã Mường Đăng').id;
    const citizen = await t.signIn('0912000001');
    const ctx: PaymentsContext = paymentsContext(t.database.db, t.config.payments, t.config.publicUrl);
    const { secret, merchantId } = t.config.payments;
    const warm = 20;
    const total = 2 * (warm + o.rounds * o.perRound);
    log(`  filing ${total} records and starting their payments (not timed)…`);
    const queue = await setUp(t, citizen, unitId, total, log);
    const take = (n: number) => queue.splice(0, n);
    const caller = { ip: '127.0.0.1', userAgent: 'bench' };
    const sign = (p: Pending) => {
      const now = new Date();
      const m = encodeCallback(secret, { merchantId, transactionId: p.txn, orderId: p.publicId, recordCode: p.recordCode, amount: p.amount, currency: 'VND', status: 'paid', paidAt: now, sentAt: now });
      return { raw: Buffer.from(m.body), headers: m.headers };
    };

    const verified = async (batch: Pending[]) => {
      const messages = batch.map(sign);
      const began = performance.now();
      for (const m of messages) {
        const answer = await receiveCallback(ctx, m.raw, m.headers, caller);
        if (answer.result !== 'applied' || answer.status !== 'paid') throw new Error(`callback not applied: ${JSON.stringify(answer)}`);
      }
      return performance.now() - began;
    };
    const audit = gatewayActor(ctx.gateway.name, caller.ip, caller.userAgent);
    const plain = async (batch: Pending[]) => {
      const began = performance.now();
      for (const p of batch) {
        const now = new Date();
        const deadlines = await ctx.deadlines.at(now);
        await ctx.db.transaction().execute(async (trx) => {
          const payment = await lockPaymentByTxnInTrx(trx, ctx.gateway.name, p.txn);
          if (!payment || payment.status !== 'pending') throw new Error(`payment ${p.publicId} is not pending`);
          const result = await applyDecisionInTrx(trx, payment, { kind: 'settle_paid', late: false }, { via: 'callback', paidAt: now, now, deadlines, audit });
          await insertCallbackInTrx(trx, { gateway: ctx.gateway.name, paymentId: Number(payment.id), gatewayTxnId: p.txn, bodySha256: '0'.repeat(64), signatureOk: true, reportedStatus: 'paid', outcome: result, reason: null, ip: caller.ip });
        });
      }
      return performance.now() - began;
    };

    // The check alone: the same message verified again and again (nothing is written).
    const sample = sign(queue[0]!);
    const verifyOnce = () => {
      const v = ctx.gateway.verifyCallback(sample.raw, sample.headers, new Date());
      if (!v.ok) throw new Error(`verification failed: ${v.reason}`);
    };
    for (let i = 0; i < 2000; i++) verifyOnce();
    const checks = 20_000;
    const vStart = performance.now();
    for (let i = 0; i < checks; i++) verifyOnce();
    const verifyOnlyPerSecond = checks / ((performance.now() - vStart) / 1000);

    await plain(take(warm)); // warm-up: JIT, query plans, pages in cache
    await verified(take(warm));
    const verifiedRounds: number[] = [];
    const plainRounds: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const first = r % 2 === 0 ? 'plain' : 'verified';
      for (const kind of first === 'plain' ? ['plain', 'verified'] : ['verified', 'plain']) {
        const ms = kind === 'plain' ? await plain(take(o.perRound)) : await verified(take(o.perRound));
        (kind === 'plain' ? plainRounds : verifiedRounds).push(o.perRound / (ms / 1000));
      }
      log(`  round ${r + 1}/${o.rounds}: verified ${verifiedRounds.at(-1)!.toFixed(0)}/s, plain ${plainRounds.at(-1)!.toFixed(0)}/s`);
    }
    const paid = Number((await sql<{ n: string }>`select count(*) as n from payments where status = 'paid'`.execute(t.database.db)).rows[0]!.n);
    if (paid !== 2 * (warm + o.rounds * o.perRound)) throw new Error(`expected every payment paid once, found ${paid}`);
    const chain = await verifyAuditLog(t.database.db);
    if (!chain.ok) throw new Error(`audit chain broken after the benchmark: #${chain.seq} ${chain.reason}`);

    const verifiedPerSecond = median(verifiedRounds);
    const plainPerSecond = median(plainRounds);
    return {
      database: t.database.url ? `PostgreSQL ${new URL(t.database.url).host} (new database)` : 'PGlite in memory',
      rounds: o.rounds, perRound: o.perRound, verifiedPerSecond, plainPerSecond, ratio: verifiedPerSecond / plainPerSecond,
      extraMs: 1000 / verifiedPerSecond - 1000 / plainPerSecond, verifiedRounds, plainRounds, verifyOnlyPerSecond,
    };
  } finally {
    await t.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await measurePaymentCallbacks(PAYMENT_CALLBACK_OPTIONS, (line) => console.log(line));
  console.log(JSON.stringify(r, null, 2));
  console.log(`${r.database}: verified callbacks ${r.verifiedPerSecond.toFixed(0)}/s, the same update without verification ${r.plainPerSecond.toFixed(0)}/s, ratio ${r.ratio.toFixed(2)}× (+${r.extraMs.toFixed(2)} ms each); verification alone ${r.verifyOnlyPerSecond.toFixed(0)}/s`);
}
