/**
 * Electronic receipts (biên lai) of payments (issue #6): one for every payment — online through the sandbox
 * gateway, and cash or transfer at the desk —, numbered per unit and year without gaps, drawn with the
 * receipt's layout and signed by the unit; made on first download and kept (the same bytes every time);
 * downloadable by the applicant (result page, record page) and the unit's officials, nobody else (404).
 * Read back with poppler (pdftotext: Vietnamese text, the amount in words) and checked with pdfsig (valid,
 * trusted with the install's root).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import type { Client, TestApp } from '../support/app.ts';

const COPY_EXTRACT = '2.000635';



const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('electronic receipts of payments', () => {
  let t: TestApp;
  let md: number;
  let citizen: Client;
  let desk: Client;
  let specialist: Client;
  const ids: Record<string, number> = {};
  const db = () => t.database.db;
  const record = async (code: string) => (await sql<{ id: number; version: number; status: number }>`select id, version, status from records where code = ${code}`.execute(db())).rows[0]!;
  const receipts = async (code: string) => (await sql<{ number: number; series: string; year: number; method: string; payment_id: number | null; amount: number }>`select number, series, year, method, payment_id, amount from payment_receipts where record_code = ${code} order by id`.execute(db())).rows;

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
  /** Filed and paid online through the sandbox page: the payment's public id. */
  const paidOnline = async (code: string): Promise<string> => {
    const go = await citizen.postForm(`/ho-so/${code}/thanh-toan`, {});
    assert.equal(go.statusCode, 303, go.body.slice(0, 300));
    const gatewayPath = new URL(String(go.headers.location), 'http://x').pathname;
    const confirmed = await citizen.postForm(gatewayPath, { decision: 'confirm' });
    assert.equal(confirmed.statusCode, 303);
    const publicId = String(confirmed.headers.location).split('/').at(-2)!;
    const status = (await sql<{ status: string }>`select status from payments where public_id = ${publicId}`.execute(db())).rows[0]!.status;
    assert.equal(status, 'paid');
    return publicId;
  };

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    citizen = await t.signIn('0912000001');
    desk = await t.signIn('motcua.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(db())).rows) ids[o.username] = Number(o.id);
  });
  after(async () => t.close());

  it('an online payment: the receipt from the result page, signed by the commune, the same bytes from every page', async () => {
    const code = await file();
    const unpaid = await citizen.get(`/ho-so/${code}/bien-lai.pdf`);
    assert.equal(unpaid.statusCode, 404, 'no receipt before the payment');
    const publicId = await paidOnline(code);

    const result = await citizen.get(`/thanh-toan/${publicId}/ket-qua`);
    assert.match(result.body, /Đã thanh toán/);
    assert.ok(result.body.includes(`href="/thanh-toan/${publicId}/bien-lai.pdf"`), 'the result page links the receipt');
    const page = await citizen.get(`/ho-so/${code}`);
    assert.ok(page.body.includes(`href="/ho-so/${code}/bien-lai.pdf"`), 'the record page links the receipt');

    const res = await citizen.get(`/thanh-toan/${publicId}/bien-lai.pdf`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /bien-lai-BL\d{2}E-\d{7}\.pdf/);
    const text = pdfText(res.rawPayload);
    assert.match(text, /BIÊN LAI THU PHÍ, LỆ PHÍ/);
    assert.match(text, /ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/);
    assert.match(text, /Lò Thị Mai/);
    assert.ok(text.includes(code), 'the record code');
    assert.match(text, /8\.000/);
    assert.match(text, /Tám nghìn đồng/, 'the amount in words');
    assert.match(text, /Trực tuyến/);
    assert.match(text, /SBX[A-Za-z0-9]{20}/, 'the gateway transaction');
    const [row] = await receipts(code);
    assert.ok(row);
    assert.equal(row.method, 'online');
    assert.match(text, new RegExp(String(row.number).padStart(7, '0')), 'its number');

    const rootDer = (await sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`.execute(db())).rows[0]!.certificate;
    const report = pdfsigReport(res.rawPayload, rootDer);
    assert.match(report, /Signer Certificate Common Name: ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/);
    assert.match(report, /Signature is Valid\.[\s\S]*Certificate is Trusted\./);

    // Kept: the same bytes again, from the record page, and for the unit's officials.
    const again = await citizen.get(`/thanh-toan/${publicId}/bien-lai.pdf`);
    const fromRecord = await citizen.get(`/ho-so/${code}/bien-lai.pdf`);
    const r = await record(code);
    const official = await desk.get(`/admin/units/${md}/records/${r.id}/bien-lai.pdf`);
    const officialViaPayment = await desk.get(`/thanh-toan/${publicId}/bien-lai.pdf`);
    for (const other of [again, fromRecord, official, officialViaPayment]) {
      assert.equal(other.statusCode, 200);
      assert.equal(sha(other.rawPayload), sha(res.rawPayload));
    }
    assert.equal((await receipts(code)).length, 1);
    const issued = (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'payments.receipt_issued'`.execute(db())).rows[0]!.n;
    assert.ok(Number(issued) >= 1);

    const officialPage = await desk.get(`/admin/units/${md}/records/${r.id}`);
    assert.ok(officialPage.body.includes(`/admin/units/${md}/records/${r.id}/bien-lai.pdf`), 'the official record page links the receipt');

    // Nobody else: another citizen, an official of another commune (404, as for nothing).
    const stranger = await t.signIn('0912000002');
    assert.equal((await stranger.get(`/thanh-toan/${publicId}/bien-lai.pdf`)).statusCode, 404);
    assert.equal((await stranger.get(`/ho-so/${code}/bien-lai.pdf`)).statusCode, 404);
    const elsewhere = await t.signIn('motcua.phinho');
    assert.equal((await elsewhere.get(`/thanh-toan/${publicId}/bien-lai.pdf`)).statusCode, 404);
    assert.equal((await elsewhere.get(`/admin/units/${md}/records/${r.id}/bien-lai.pdf`)).statusCode, 404);
    const phinho = t.unit('Xã Phìn Hồ').id;
    assert.equal((await elsewhere.get(`/admin/units/${phinho}/records/${r.id}/bien-lai.pdf`)).statusCode, 404);
    assert.equal((await t.anonymous().get(`/thanh-toan/${publicId}/bien-lai.pdf`)).statusCode === 200, false);
  });

  it('cash at the desk: a receipt too, next number of the unit’s year; concurrent first downloads make one receipt', async () => {
    const code = await file();
    assert.equal((await act(desk, code, 'accept')).statusCode, 303);
    assert.equal((await act(desk, code, 'forward', { toOfficialId: String(ids['chuyenmon.muongdang']) })).statusCode, 303);
    assert.equal((await act(specialist, code, 'request_payment')).statusCode, 303);
    assert.equal((await act(desk, code, 'confirm_payment', { method: 'cash' })).statusCode, 303);
    const r = await record(code);
    const before = (await sql<{ last: number | null }>`select max(number) as last from payment_receipts where unit_id = ${md}`.execute(db())).rows[0]!.last;

    const both = await Promise.all([desk.get(`/admin/units/${md}/records/${r.id}/bien-lai.pdf`), citizen.get(`/ho-so/${code}/bien-lai.pdf`)]);
    for (const res of both) assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    assert.equal(sha(both[0].rawPayload), sha(both[1].rawPayload), 'one receipt, whoever asked first');
    const rows = await receipts(code);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.method, rows[0]!.payment_id, Number(rows[0]!.amount)], ['cash', null, 8000]);
    assert.equal(rows[0]!.number, Number(before ?? 0) + 1, 'numbered after the previous receipt of the unit, no gap');
    const text = pdfText(both[0].rawPayload);
    assert.match(text, /Tiền mặt/);
    assert.match(text, /Tám nghìn đồng/);
    assert.doesNotMatch(text, /Mã giao dịch/);
  });
});
