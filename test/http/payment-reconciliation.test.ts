/**
 * A unit's payments list and the daily reconciliation (đối soát) with the gateway's statement (issue #6), through
 * HTTP on a real database: real payments made through the sandbox flow (filed, started through the API, settled by
 * a signed callback), a statement that matches everything, one with a transaction missing on our side, one missing
 * in the statement and an amount that differs, a malformed file (400, problems by line, nothing kept), the kept
 * run re-opened and exported as CSV (audited, formula cells defused), and who may see what (another commune: 404;
 * a citizen or an official without the permission: refused; the province's administrator: every commune).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { encodeCallback } from '../../src/modules/payments/index.ts';

const COPY_EXTRACT = '2.000635';
const FEE = 8000;
const CALLBACK = '/api/v1/payments/callback';
const HEADER = 'Mã giao dịch,Mã hồ sơ,Mã đơn hàng,Số tiền,Trạng thái,Thời gian thanh toán';

interface Paid { publicId: string; txn: string; code: string; recordId: number; paidAt: Date }

/** "2026-10-27 09:32:05", Vietnam time. */
const vnTime = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const vnDay = (d: Date) => vnTime(d).slice(0, 10);

describe('payments list and daily reconciliation', () => {
  let t: TestApp;
  let md: number;
  let ph: number;
  let citizen: Client;
  let chairman: Client;
  let otherChairman: Client;
  let specialist: Client;
  let admin: Client;
  let supervisor: Client;
  const paid: Paid[] = [];
  let pendingCode = '';

  const db = () => t.database.db;
  const count = async (q: ReturnType<typeof sql>) => Number(((await q.execute(db())).rows[0] as { n: string }).n);
  const runs = () => count(sql`select count(*) as n from reconciliation_runs`);
  const base = (unit: number) => `/admin/units/${unit}/payments/reconciliation`;

  const startPayment = async (): Promise<{ publicId: string; txn: string; code: string; recordId: number }> => {
    const filed = await citizen.postJson('/api/v1/applications', {
      procedureCode: COPY_EXTRACT, unitId: md,
      values: { applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: 'Cấp 01 bản sao Giấy khai sinh' },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const code = filed.json().code as string;
    const res = await citizen.postJson('/api/v1/payments', { recordCode: code });
    assert.equal(res.statusCode, 201, res.body);
    const row = (await sql<{ public_id: string; gateway_txn_id: string; record_id: number }>`select public_id, gateway_txn_id, record_id from payments where public_id = ${res.json().paymentId}`.execute(db())).rows[0]!;
    return { publicId: row.public_id, txn: row.gateway_txn_id, code, recordId: Number(row.record_id) };
  };
  const pay = async (): Promise<Paid> => {
    const p = await startPayment();
    const m = encodeCallback(t.config.payments.secret, {
      merchantId: t.config.payments.merchantId, transactionId: p.txn, orderId: p.publicId, recordCode: p.code, amount: FEE, currency: 'VND', status: 'paid', paidAt: new Date(), sentAt: new Date(),
    });
    const res = await t.app.inject({ method: 'POST', url: CALLBACK, payload: m.body, headers: m.headers });
    assert.equal(res.statusCode, 200, res.body);
    const row = (await sql<{ paid_at: Date; status: string }>`select paid_at, status from payments where public_id = ${p.publicId}`.execute(db())).rows[0]!;
    assert.equal(row.status, 'paid');
    return { ...p, paidAt: row.paid_at };
  };
  const line = (p: Paid, over: { amount?: number | string; status?: string; code?: string } = {}) =>
    `${p.txn},${over.code ?? p.code},${p.publicId},${over.amount ?? FEE},${over.status ?? 'Thành công'},${vnTime(p.paidAt)}`;
  const upload = (client: Client, unit: number, day: string, text: string, options: { csrf?: string | null } = {}) =>
    client.postMultipart(base(unit), { day }, [{ name: 'statement', filename: 'sao-ke.csv', type: 'text/csv', data: new TextEncoder().encode(text) }], options);
  const runIdOf = (location: unknown) => {
    const m = /\/payments\/reconciliation\/(\d+)$/.exec(String(location));
    assert.ok(m, `redirected to a run: ${String(location)}`);
    return Number(m[1]);
  };

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    citizen = await t.signIn('0912000001');
    chairman = await t.signIn('chutich.muongdang');
    otherChairman = await t.signIn('chutich.phinho');
    specialist = await t.signIn('chuyenmon.muongdang');
    admin = await t.signIn('admin');
    supervisor = await t.signIn('giamsat');
    for (let i = 0; i < 3; i++) paid.push(await pay());
    pendingCode = (await startPayment()).code;
  });
  after(async () => t.close());

  it('the unit’s payments list: rows link to their records, totals in đồng, filtered by day and status', async () => {
    const page = await specialist.get(`/admin/units/${md}/payments`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    for (const p of paid) assert.ok(page.body.includes(`href="/admin/units/${md}/records/${p.recordId}">${p.code}</a>`), p.code);
    assert.ok(page.body.includes(pendingCode));
    assert.match(page.body, /data-count="4"/);
    assert.match(page.body, /data-paid-total="24000">24\.000 đ \(3\)/);
    assert.ok(!page.body.includes('/payments/reconciliation"'), 'no reconciliation link without the permission');

    const onlyPaid = await specialist.get(`/admin/units/${md}/payments?status=paid&day=${vnDay(new Date())}`);
    assert.equal(onlyPaid.statusCode, 200);
    assert.match(onlyPaid.body, /data-count="3"/);
    assert.ok(!onlyPaid.body.includes(pendingCode));
    const otherDay = await specialist.get(`/admin/units/${md}/payments?day=2020-01-01`);
    assert.match(otherDay.body, /data-count="0"/);
    assert.equal((await specialist.get(`/admin/units/${md}/payments?day=2026-02-30`)).statusCode, 400);
    assert.equal((await specialist.get(`/admin/units/${md}/payments?status=stolen`)).statusCode, 400);

    const own = await chairman.get('/admin/payments');
    assert.equal(own.statusCode, 303);
    assert.equal(String(own.headers.location), `/admin/units/${md}/payments`);
    assert.match((await chairman.get(`/admin/units/${md}/payments`)).body, /href="\/admin\/units\/\d+\/payments\/reconciliation"/);
    assert.equal((await supervisor.get(`/admin/units/${md}/payments`)).statusCode, 200, 'the province supervisor reads every commune');
    assert.equal((await otherChairman.get(`/admin/units/${md}/payments`)).statusCode, 404, 'another commune');
    assert.ok([403, 404].includes((await citizen.get(`/admin/units/${md}/payments`)).statusCode));
    assert.match((await specialist.get('/')).body, /href="\/admin\/payments"/, 'a nav item');
  });

  it('a statement that matches everything: no mismatch, the run kept and audited', async () => {
    const day = vnDay(paid[0]!.paidAt);
    const before = await runs();
    const res = await upload(chairman, md, day, [HEADER, ...paid.map((p) => line(p))].join('\n'));
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const id = runIdOf(res.headers.location);
    assert.equal(await runs(), before + 1);
    const page = await chairman.get(`${base(md)}/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-all-matched/);
    assert.match(page.body, /<dd data-matched>3<\/dd>/);
    assert.match(page.body, /<dd data-mismatches>0<\/dd>/);
    const run = (await sql<{ matched: number; statement_rows: number; file_sha256: string; created_by_name: string; day: string }>`select matched, statement_rows, file_sha256, created_by_name, to_char(day, 'YYYY-MM-DD') as day from reconciliation_runs where id = ${id}`.execute(db())).rows[0]!;
    assert.deepEqual([run.matched, run.statement_rows, run.created_by_name, run.day], [3, 3, 'Lường Văn Chính', day]);
    assert.match(run.file_sha256, /^[0-9a-f]{64}$/);
    assert.equal(await count(sql`select count(*) as n from audit_log where action = 'payments.reconciled' and target_id = ${String(id)}`), 1);
    // The list of runs links to it.
    assert.ok((await chairman.get(base(md))).body.includes(`href="${base(md)}/${id}"`));
  });

  it('missing on our side, missing in the statement, an amount that differs: each listed, and exported as CSV', async () => {
    const [a, b, c] = paid as [Paid, Paid, Paid];
    const unknown = `SBX${'Z'.repeat(20)}`;
    const text = [HEADER, line(a), line(b, { amount: 9000 }), `${unknown},"=HYPERLINK(""http://evil"")",,5000,Thành công,${vnTime(new Date())}`].join('\r\n');
    const res = await upload(chairman, md, vnDay(a.paidAt), text);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const id = runIdOf(res.headers.location);
    const page = await chairman.get(`${base(md)}/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<dd data-mismatches>3<\/dd>/);
    const section = (name: string) => new RegExp(`<section aria-labelledby="${name}" data-mismatch="${name}">([\\s\\S]*?)</section>`).exec(page.body)?.[1] ?? '';
    assert.ok(section('missing-ours').includes(`data-txn="${unknown}"`), 'the unknown transaction is missing on our side');
    assert.ok(section('missing-statement').includes(`data-txn="${c.txn}"`), 'our paid payment is missing in the statement');
    assert.ok(section('amount-differs').includes(`data-txn="${b.txn}"`), 'the amount differs');
    assert.match(section('amount-differs'), /8\.000 đ[\s\S]*9\.000 đ/);
    assert.ok(!page.body.includes('<a href="http://evil"'), 'file content is escaped');

    const csv = await chairman.get(`${base(md)}/${id}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /^attachment; filename="doi-soat-\d+-\d{4}-\d{2}-\d{2}-\d+\.csv"$/);
    assert.ok(csv.body.startsWith('\ufeff'), 'a byte-order mark for spreadsheet programs');
    const rows = csv.body.slice(1).trim().split('\r\n');
    assert.equal(rows.length, 4, csv.body);
    assert.match(rows[0]!, /^Loại chênh lệch,Mã giao dịch,/);
    assert.ok(rows.some((r) => r.startsWith('"Có trong sao kê, không có trong hệ thống"') && r.includes(unknown) && r.includes(`"'=HYPERLINK(""http://evil"")"`)), 'the formula is defused');
    assert.ok(rows.some((r) => r.includes(c.txn) && r.includes('Có trong hệ thống')));
    assert.ok(rows.some((r) => r.startsWith('Lệch số tiền') && r.includes(b.txn) && r.includes(',8000,9000,')));
    assert.equal(await count(sql`select count(*) as n from audit_log where action = 'payments.reconciliation_exported' and target_id = ${String(id)}`), 1);
  });

  it('a malformed statement: 400 with the problems by line, nothing kept', async () => {
    const [a, b] = paid as [Paid, Paid];
    const before = await runs();
    const res = await upload(chairman, md, vnDay(a.paidAt), [HEADER, line(a, { amount: '8.000' }), line(b, { status: 'maybe' }), line(a)].join('\n'));
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    assert.match(res.body, /data-problems/);
    assert.match(res.body, /data-line="2" data-code="amount_format"/);
    assert.match(res.body, /data-line="3" data-code="status"/);
    assert.match(res.body, /data-line="4" data-code="duplicate_transaction"/);
    assert.match(res.body, /Dòng 2/);
    assert.equal(await runs(), before, 'nothing kept');

    assert.equal((await upload(chairman, md, vnDay(a.paidAt), '')).statusCode, 400, 'an empty file');
    assert.equal((await upload(chairman, md, '2026-13-01', [HEADER, line(a)].join('\n'))).statusCode, 400, 'not a day');
    const binary = await chairman.postMultipart(base(md), { day: vnDay(a.paidAt) }, [{ name: 'statement', filename: 'x.csv', type: 'text/csv', data: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) }]);
    assert.equal(binary.statusCode, 400);
    assert.match(binary.body, /data-code="encoding"/);
    assert.equal((await upload(chairman, md, vnDay(a.paidAt), [HEADER, line(a)].join('\n'), { csrf: null })).statusCode, 403, 'CSRF');
    assert.equal(await runs(), before);
  });

  it('who may reconcile: the commune’s chairman and the province’s administrator; another commune is 404; others are refused', async () => {
    const [a] = paid as [Paid];
    const id = Number((await sql<{ id: number }>`select max(id) as id from reconciliation_runs where unit_id = ${md}`.execute(db())).rows[0]!.id);
    const before = await runs();
    for (const url of [base(md), `${base(md)}/${id}`, `${base(md)}/${id}.csv`]) {
      assert.equal((await otherChairman.get(url)).statusCode, 404, `another commune: ${url}`);
      assert.equal((await admin.get(url)).statusCode, 200, `the province's administrator: ${url}`);
      assert.ok([403, 404].includes((await citizen.get(url)).statusCode), `a citizen: ${url}`);
      assert.equal((await specialist.get(url)).statusCode, 403, `a specialist: ${url}`);
    }
    assert.equal((await upload(otherChairman, md, vnDay(a.paidAt), [HEADER, line(a)].join('\n'))).statusCode, 404);
    assert.ok([403, 404].includes((await upload(citizen, md, vnDay(a.paidAt), [HEADER, line(a)].join('\n'))).statusCode));
    assert.equal(await runs(), before, 'nothing stored by the refused');
    // A run of Mường Đăng does not exist under Phìn Hồ, even for its own chairman.
    assert.equal((await otherChairman.get(`${base(ph)}/${id}`)).statusCode, 404);
    assert.equal((await otherChairman.get(`${base(ph)}/${id}.csv`)).statusCode, 404);
    assert.equal((await otherChairman.get(base(ph))).statusCode, 200);
    assert.equal((await chairman.get(`${base(md)}/abc`)).statusCode, 404);
    assert.equal((await chairman.get(`${base(md)}/999999`)).statusCode, 404);
    // The province's administrator reconciles a commune.
    const res = await upload(admin, md, vnDay(a.paidAt), [HEADER, ...paid.map((p) => line(p))].join('\n'));
    assert.equal(res.statusCode, 303);
    assert.equal(await runs(), before + 1);
  });
});
