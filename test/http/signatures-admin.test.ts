/**
 * Signing certificates administration (issue #5, "Keys and certificates") and the official's own signature
 * page: issue and renew from the built-in CA, revoke with a reason, import a PKCS#12 made by `openssl pkcs12
 * -export` (right and wrong password, garbage, unsupported algorithm and key, too large, twice), download the
 * DER certificate and read it back with `openssl x509`, the bulk issuance for officials without one, who may
 * do it (tenant isolation, permissions, CSRF), and the signature image upload with its preview.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { makePng } from '../support/png.ts';
import { makeTestPki, openssl } from '../support/test-pki.ts';
import type { TestPki } from '../support/test-pki.ts';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** The text of a page's main element, tags dropped. */
const mainText = (body: string) => unescape(body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

interface CertRow {
  id: string;
  unit_id: string;
  official_id: string | null;
  purpose: string;
  source: string;
  subject_name: string;
  serial: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
}

const P12_PASSWORD = 'Mật khẩu của tệp 2026!';

describe('signing certificates administration and the official’s signature page', () => {
  let t: TestApp;
  let md: Unit;
  let ph: Unit;
  let province: Unit;
  let chairman: Client;
  let admin: Client;
  let phChairman: Client;
  let clerk: Client;
  let pki: TestPki;
  let dir: string;

  const db = () => t.database.db;
  const page = () => `/admin/units/${md.id}/certificates`;
  const officialId = async (username: string) => Number((await sql<{ id: string }>`select id from officials where username = ${username}`.execute(db())).rows[0]!.id);
  const certsOf = async (owner: { officialId: number } | { sealOf: number }) =>
    (await ('officialId' in owner
      ? sql<CertRow>`select * from signing_certificates where official_id = ${owner.officialId} order by id`
      : sql<CertRow>`select * from signing_certificates where unit_id = ${owner.sealOf} and purpose = 'seal' order by id`).execute(db())).rows;
  const current = async (owner: { officialId: number } | { sealOf: number }) => (await certsOf(owner)).find((r) => r.revoked_at === null);
  const auditOf = async (action: string) =>
    (await sql<{ action: string; target_id: string; unit_id: string; details: Record<string, unknown> }>`select action, target_id, unit_id, details from audit_log where action = ${action} order by seq`.execute(db())).rows;
  /** Everything a refused request must leave alone. */
  const snapshot = async () => ({
    certificates: (await sql<{ r: string }>`select json_build_array(id, official_id, serial, revoked_at, revocation_reason)::text as r from signing_certificates order by id`.execute(db())).rows.map((r) => r.r),
    images: (await sql<{ r: string }>`select json_build_array(official_id, md5(image))::text as r from signature_images order by official_id`.execute(db())).rows.map((r) => r.r),
    audit: Number((await sql<{ n: string }>`select count(*)::text as n from audit_log where action like 'signatures.%'`.execute(db())).rows[0]!.n),
  });
  const refused = async (status: number, send: () => Promise<LightMyRequestResponse>, body?: RegExp) => {
    const before = await snapshot();
    const res = await send();
    assert.equal(res.statusCode, status, res.body.replace(/\s+/g, ' ').slice(0, 400));
    if (body) assert.match(mainText(res.body), body);
    assert.deepEqual(await snapshot(), before, 'nothing was written');
    return res;
  };
  const p12Upload = (data: Uint8Array, filename = 'chu-tich.p12') => [{ name: 'p12', filename, type: 'application/x-pkcs12', data }];
  /** A PKCS#12 of the test PKI's official (key, certificate, intermediate and root), by `openssl pkcs12 -export`. */
  const exportP12 = (name: string, password: string, ...args: string[]) => {
    const out = path.join(dir, `${name}.p12`);
    openssl(['pkcs12', '-export', '-inkey', pki.official.keyPath, '-in', pki.official.certPath, '-certfile', pki.chainPath, '-passout', `pass:${password}`, '-out', out, ...args]);
    return fs.readFileSync(out);
  };
  const subjectOf = (der: Uint8Array) => {
    const file = path.join(dir, `${crypto.randomBytes(4).toString('hex')}.cer`);
    fs.writeFileSync(file, der);
    return openssl(['x509', '-inform', 'DER', '-in', file, '-noout', '-subject', '-nameopt', 'utf8']).toString('utf8');
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-signatures-admin-'));
    pki = makeTestPki(path.join(dir, 'pki'), 'RSA');
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng');
    ph = t.unit('Xã Phìn Hồ');
    province = t.units.find((u) => u.kind === 'province')!;
    chairman = await t.signIn('chutich.muongdang');
    admin = await t.signIn('admin');
    phChairman = await t.signIn('chutich.phinho');
    clerk = await t.signIn('vanthu.muongdang');
  });
  after(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the seal and every official of the commune, reached from the navigation', async () => {
    const home = await chairman.get('/');
    assert.match(home.body, /href="\/admin\/certificates"/, 'the chairman has the “Chữ ký số” link');
    assert.doesNotMatch((await clerk.get('/')).body, /href="\/admin\/certificates"/, 'the clerk has not');
    const go = await chairman.get('/admin/certificates');
    assert.equal(go.statusCode, 303);
    assert.equal(go.headers.location, page());
    const res = await chairman.get(page());
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const text = mainText(res.body);
    for (const name of ['Lường Văn Chính', 'Quàng Thị Phó', 'Lò Thị Hoa', 'Cà Văn Tư', 'Tòng Thị Thư', 'Lò Văn Số']) assert.ok(text.includes(name), name);
    assert.match(text, /Con dấu: ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/);
    assert.match(text, /Chưa có chứng thư số/);
    assert.match(text, /khi ký số lần đầu, hoặc ngay khi bấm nút/, 'the page says how new officials get theirs');
    assert.match(res.body, /<input id="f-password" name="password" type="password" autocomplete="off"/);
    // In English too, with the same structure.
    const en = await chairman.get(`/lang/en?next=${encodeURIComponent(page())}`);
    assert.equal(en.statusCode, 303);
    assert.match(mainText((await chairman.get(page())).body), /Signing certificates: Xã Mường Đăng/);
    await chairman.get(`/lang/vi?next=${encodeURIComponent(page())}`);
  });

  it('issues an official’s certificate from the built-in CA: shown, audited, and downloadable as DER that openssl reads', async () => {
    const tu = await officialId('chuyenmon.muongdang');
    const res = await chairman.postForm(`${page()}/issue`, { owner: String(tu) });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, page());
    const row = (await current({ officialId: tu }))!;
    assert.ok(row, 'a certificate in use');
    assert.deepEqual([row.source, row.purpose, row.subject_name, Number(row.unit_id)], ['built_in', 'official', 'Cà Văn Tư', md.id]);
    const shown = await chairman.get(page());
    const text = mainText(shown.body);
    assert.match(text, /Đã cấp chứng thư số cho Cà Văn Tư\./);
    assert.ok(text.includes(row.serial), 'the serial is shown');
    assert.match(text, /Công chức Tư pháp – Hộ tịch/, 'the title from the certificate');
    assert.match(text, /CA tích hợp của tỉnh/);
    assert.match(text, /Còn hiệu lực/);
    assert.match(text, /RSA 2048|ECDSA P-256/);
    // Valid from today (Vietnam time), three years.
    const today = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    assert.ok(text.includes(today), `valid from ${today}`);
    const audit = (await auditOf('signatures.certificate_issued')).filter((a) => a.target_id === row.serial);
    assert.equal(audit.length, 1);
    assert.equal(Number(audit[0]!.unit_id), md.id);

    const download = await chairman.get(`${page()}/${row.id}/download`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pkix-cert');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="chung-thu-so-[0-9a-f]+\.cer"$/);
    const subject = subjectOf(download.rawPayload);
    assert.match(subject, /CN\s*=\s*Cà Văn Tư/, subject);
    assert.match(subject, /title\s*=\s*Công chức Tư pháp – Hộ tịch/, subject);
    assert.match(subject, /O\s*=\s*ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/, subject);
  });

  it('renews: the new certificate replaces the old, which is revoked as superseded and listed in the history', async () => {
    const tu = await officialId('chuyenmon.muongdang');
    const old = (await current({ officialId: tu }))!;
    assert.equal((await chairman.postForm(`${page()}/issue`, { owner: String(tu) })).statusCode, 303);
    const rows = await certsOf({ officialId: tu });
    assert.equal(rows.length, 2);
    const [first, second] = rows as [CertRow, CertRow];
    assert.equal(first.serial, old.serial);
    assert.ok(first.revoked_at, 'the old one is revoked');
    assert.equal(first.revocation_reason, 'superseded');
    assert.equal(second.revoked_at, null);
    assert.notEqual(second.serial, first.serial);
    const text = mainText((await chairman.get(page())).body);
    const history = text.slice(text.indexOf('Chứng thư đã thu hồi hoặc đã được thay thế'));
    assert.ok(history.includes(first.serial), 'the old serial is in the history');
    assert.match(history, /Đã được thay bằng chứng thư mới/);
    // The old one can still be downloaded (e.g. to check an old signature).
    assert.equal((await chairman.get(`${page()}/${first.id}/download`)).statusCode, 200);
  });

  it('revokes with a reason, once; refuses other reasons and other units’ certificates', async () => {
    const tu = await officialId('chuyenmon.muongdang');
    const row = (await current({ officialId: tu }))!;
    await refused(400, () => chairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'superseded' }));
    await refused(400, () => chairman.postForm(`${page()}/${row.id}/revoke`, { reason: '' }));
    const res = await chairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const after = (await certsOf({ officialId: tu })).find((r) => r.id === row.id)!;
    assert.ok(after.revoked_at);
    assert.equal(after.revocation_reason, 'keyCompromise');
    assert.equal(await current({ officialId: tu }), undefined, 'no certificate in use any more');
    const audit = (await auditOf('signatures.certificate_revoked')).filter((a) => a.target_id === row.serial);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.details.reason, 'keyCompromise');
    const text = mainText((await chairman.get(page())).body);
    assert.match(text, new RegExp(`Đã thu hồi chứng thư số số hiệu ${row.serial}`));
    assert.match(text, /Lộ khoá bí mật/);
    await refused(409, () => chairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' }), /đã bị thu hồi trước đó/);
    // A Phìn Hồ certificate is not found through Mường Đăng's page, even by the administrator who may reach both.
    const phChair = await officialId('chutich.phinho');
    assert.equal((await phChairman.postForm(`/admin/units/${ph.id}/certificates/issue`, { owner: String(phChair) })).statusCode, 303);
    const phRow = (await current({ officialId: phChair }))!;
    await refused(404, () => admin.postForm(`${page()}/${phRow.id}/revoke`, { reason: 'keyCompromise' }));
    assert.equal((await admin.get(`${page()}/${phRow.id}/download`)).statusCode, 404);
    assert.equal((await admin.get(`/admin/units/${ph.id}/certificates/${phRow.id}/download`)).statusCode, 200);
  });

  it('issues the seal’s certificate (CN: the name on the seal)', async () => {
    assert.equal((await chairman.postForm(`${page()}/issue`, { owner: 'seal' })).statusCode, 303);
    const row = (await current({ sealOf: md.id }))!;
    assert.deepEqual([row.purpose, row.official_id, row.subject_name], ['seal', null, 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG']);
    const subject = subjectOf((await chairman.get(`${page()}/${row.id}/download`)).rawPayload);
    assert.match(subject, /CN\s*=\s*ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/);
  });

  it('issues certificates to every active official without one, one audit entry each, and then has nothing to do', async () => {
    const officials = (await sql<{ id: string; full_name: string }>`select id, full_name from officials where unit_id = ${md.id} and disabled_at is null`.execute(db())).rows;
    const missing = [];
    for (const o of officials) if (!(await current({ officialId: Number(o.id) }))) missing.push(o);
    assert.ok(missing.length >= 5, `${missing.length} without a certificate`);
    const auditBefore = (await auditOf('signatures.certificate_issued')).length;
    const res = await chairman.postForm(`${page()}/issue-missing`, {});
    assert.equal(res.statusCode, 303);
    for (const o of officials) assert.ok(await current({ officialId: Number(o.id) }), `${o.full_name} has one`);
    assert.equal((await auditOf('signatures.certificate_issued')).length - auditBefore, missing.length, 'one audit entry per certificate');
    assert.match(mainText((await chairman.get(page())).body), new RegExp(`Đã cấp ${missing.length} chứng thư số\\.`));
    assert.equal((await chairman.postForm(`${page()}/issue-missing`, {})).statusCode, 303);
    assert.match(mainText((await chairman.get(page())).body), /Mọi cán bộ, công chức và con dấu đã có chứng thư số\./);
  });

  it('imports a PKCS#12 from a real CA with the right password, replacing the certificate in use; never echoes the password', async () => {
    const chinh = await officialId('chutich.muongdang');
    const before = (await current({ officialId: chinh }))!;
    assert.equal(before.source, 'built_in');
    const p12 = exportP12('official', P12_PASSWORD);
    const res = await chairman.postMultipart(`${page()}/import`, { owner: String(chinh), password: P12_PASSWORD }, p12Upload(p12));
    assert.equal(res.statusCode, 303, mainText(res.body).slice(0, 400));
    const row = (await current({ officialId: chinh }))!;
    assert.deepEqual([row.source, row.subject_name], ['pkcs12', 'Nguyễn Văn Ánh']);
    const old = (await certsOf({ officialId: chinh })).find((r) => r.id === before.id)!;
    assert.equal(old.revocation_reason, 'superseded');
    const shown = await chairman.get(page());
    const text = mainText(shown.body);
    assert.match(text, /Đã nhập chứng thư số của Lường Văn Chính\./);
    assert.match(text, /Nhập từ tệp PKCS#12/);
    assert.match(text, /Commune CA Mường Đăng \(TEST\)/, 'the issuer');
    assert.match(text, /Chủ tịch/);
    assert.ok(!shown.body.includes(P12_PASSWORD));
    const audit = (await auditOf('signatures.certificate_imported')).filter((a) => a.target_id === row.serial);
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit).includes(P12_PASSWORD), 'the password is not in the audit log');
    const download = await chairman.get(`${page()}/${row.id}/download`);
    assert.deepEqual(new Uint8Array(download.rawPayload), pki.official.certDer, 'the very certificate of the file');
    // The same file again: already imported.
    await refused(409, () => chairman.postMultipart(`${page()}/import`, { owner: String(chinh), password: P12_PASSWORD }, p12Upload(p12)), /đã được nhập trước đây/);
  });

  it('refuses a wrong password, garbage, an unsupported algorithm or key, a missing or too large file with a 400 and a clear message', async () => {
    const phoId = String(await officialId('phochutich.muongdang'));
    const p12 = exportP12('official-2', P12_PASSWORD);
    const wrong = await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: 'mat khau sai' }, p12Upload(p12)), /Sai mật khẩu của tệp PKCS#12/);
    assert.match(wrong.body, /href="#f-password"/);
    assert.match(wrong.body, /<option value="\d+" selected>Quàng Thị Phó/, 'the owner chosen is kept');
    assert.ok(!wrong.body.includes('mat khau sai'), 'the password is never echoed');
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: P12_PASSWORD }, p12Upload(Buffer.from('<html><script>alert(1)</script></html>'), 'x.p12')), /không phải tệp PKCS#12 \(\.p12, \.pfx\) hợp lệ/);
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: P12_PASSWORD }, p12Upload(makePng(100, 100), 'x.pfx')), /không phải tệp PKCS#12/);
    const rc4 = exportP12('rc4', 'x', '-legacy', '-certpbe', 'PBE-SHA1-RC4-128');
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: 'x' }, p12Upload(rc4)), /thuật toán chưa được hỗ trợ: pbeWithSHAAnd128BitRC4/);
    const key = path.join(dir, 'p384.key');
    fs.writeFileSync(key, crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    const cert = path.join(dir, 'p384.pem');
    openssl(['req', '-x509', '-key', key, '-subj', '/CN=Quàng Thị Phó', '-utf8', '-days', '30', '-out', cert]);
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:x', '-out', path.join(dir, 'p384.p12')]);
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: 'x' }, p12Upload(fs.readFileSync(path.join(dir, 'p384.p12')))), /Loại khoá chưa được hỗ trợ: EC-secp384r1/);
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: P12_PASSWORD }, []), /Hãy chọn tệp \.p12 hoặc \.pfx/);
    await refused(400, () => chairman.postMultipart(`${page()}/import`, { owner: phoId, password: P12_PASSWORD }, p12Upload(Buffer.concat([p12, Buffer.alloc(101 * 1024)]))), /tối đa 100 KB/);
    // An owner that is not of this unit does not exist here; a made-up one is a bad request.
    const phOfficial = String(await officialId('motcua.phinho'));
    await refused(404, () => chairman.postMultipart(`${page()}/import`, { owner: phOfficial, password: P12_PASSWORD }, p12Upload(p12)));
    await refused(404, () => chairman.postForm(`${page()}/issue`, { owner: phOfficial }));
    await refused(400, () => chairman.postForm(`${page()}/issue`, { owner: 'admin' }));
  });

  it('tenant isolation: Phìn Hồ’s chairman gets 404 on Mường Đăng’s page and posts; the clerk gets 403; the province administrator reaches both', async () => {
    const tu = String(await officialId('chuyenmon.muongdang'));
    const row = (await current({ sealOf: md.id }))!;
    await refused(404, () => phChairman.get(page()));
    await refused(404, () => phChairman.postForm(`${page()}/issue`, { owner: tu }));
    await refused(404, () => phChairman.postForm(`${page()}/issue`, { owner: 'seal' }));
    await refused(404, () => phChairman.postForm(`${page()}/issue-missing`, {}));
    await refused(404, () => phChairman.postMultipart(`${page()}/import`, { owner: tu, password: P12_PASSWORD }, p12Upload(exportP12('attack', P12_PASSWORD))));
    await refused(404, () => phChairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' }));
    await refused(404, () => phChairman.get(`${page()}/${row.id}/download`));
    await refused(404, () => phChairman.get(`/admin/units/${province.id}/certificates`));
    // Through his own commune's path, Mường Đăng's certificate is not found either.
    await refused(404, () => phChairman.postForm(`/admin/units/${ph.id}/certificates/${row.id}/revoke`, { reason: 'keyCompromise' }));
    await refused(404, () => phChairman.get(`/admin/units/${ph.id}/certificates/${row.id}/download`));
    await refused(404, () => phChairman.postForm(`/admin/units/${ph.id}/certificates/issue`, { owner: tu }));
    // The clerk of Mường Đăng holds no signatures.manage.
    await refused(403, () => clerk.get(page()));
    await refused(403, () => clerk.get('/admin/certificates'));
    await refused(403, () => clerk.postForm(`${page()}/issue`, { owner: tu }));
    await refused(403, () => clerk.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' }));
    await refused(403, () => clerk.postMultipart(`${page()}/import`, { owner: tu, password: P12_PASSWORD }, p12Upload(exportP12('clerk', P12_PASSWORD))));
    // A village has no certificates page.
    await refused(404, () => chairman.get(`/admin/units/${t.units.find((u) => u.parentId === md.id)!.id}/certificates`));
    // The administrator: the province's own page lists the communes, and each commune's page opens.
    const home = await admin.get('/admin/certificates');
    assert.equal(home.headers.location, `/admin/units/${province.id}/certificates`);
    const provincePage = await admin.get(`/admin/units/${province.id}/certificates`);
    assert.equal(provincePage.statusCode, 200);
    assert.ok(provincePage.body.includes(`href="/admin/units/${md.id}/certificates"`) && provincePage.body.includes(`href="/admin/units/${ph.id}/certificates"`));
    for (const unit of [md, ph]) assert.equal((await admin.get(`/admin/units/${unit.id}/certificates`)).statusCode, 200);
    assert.equal((await admin.postForm(`/admin/units/${ph.id}/certificates/issue`, { owner: 'seal' })).statusCode, 303);
  });

  it('refuses posts without a valid CSRF token with 403, writing nothing', async () => {
    const tu = String(await officialId('chuyenmon.muongdang'));
    const row = (await current({ sealOf: md.id }))!;
    await refused(403, () => chairman.postForm(`${page()}/issue`, { owner: tu }, { csrf: null }));
    await refused(403, () => chairman.postForm(`${page()}/issue-missing`, {}, { csrf: null }));
    await refused(403, () => chairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' }, { csrf: null }));
    await refused(403, () => chairman.postForm(`${page()}/${row.id}/revoke`, { reason: 'keyCompromise' }, { csrf: 'A'.repeat(43) }));
    await refused(403, () => chairman.postMultipart(`${page()}/import`, { owner: tu, password: P12_PASSWORD }, p12Upload(exportP12('csrf', P12_PASSWORD)), { csrf: null }));
    await refused(403, () => clerk.postMultipart('/account/signature', {}, [{ name: 'image', filename: 'chu-ky.png', type: 'image/png', data: makePng(200, 80) }], { csrf: null }));
  });

  it('an official sees their certificate, downloads it, and uploads their signature image with a preview', async () => {
    // The clerk has had a certificate since the bulk issuance; the account page links to her signature page.
    assert.match((await clerk.get('/account')).body, /href="\/account\/signature"/);
    const res = await clerk.get('/account/signature');
    assert.equal(res.statusCode, 200);
    const text = mainText(res.body);
    assert.match(text, /Chứng thư số đang dùng/);
    assert.match(text, /Tòng Thị Thư/);
    assert.match(text, /Bạn chưa tải lên ảnh chữ ký\./);
    const cer = await clerk.get('/account/signature/certificate.cer');
    assert.equal(cer.statusCode, 200);
    assert.match(subjectOf(cer.rawPayload), /CN\s*=\s*Tòng Thị Thư/);
    assert.equal((await clerk.get('/account/signature.png')).statusCode, 404, 'no image yet');

    const image = makePng(300, 100);
    const up = await clerk.postMultipart('/account/signature', {}, [{ name: 'image', filename: 'chu-ky.png', type: 'image/png', data: image }]);
    assert.equal(up.statusCode, 303, mainText(up.body).slice(0, 300));
    const after = await clerk.get('/account/signature');
    assert.match(after.body, /<img class="seal-image" src="\/account\/signature\.png"/);
    assert.match(mainText(after.body), /Đã lưu ảnh chữ ký\./);
    const preview = await clerk.get('/account/signature.png');
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'image/png');
    assert.equal(preview.headers['x-content-type-options'], 'nosniff');
    assert.ok(Buffer.compare(preview.rawPayload, image) === 0, 'her image is served to her');
    const clerkId = String(await officialId('vanthu.muongdang'));
    assert.ok((await auditOf('signatures.signature_image_uploaded')).some((a) => a.target_id === clerkId), 'the upload is audited');

    // A JPEG renamed .png, an empty upload, a tiny image: 400 with the message, the image in place is kept.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const bad = await refused(400, () => clerk.postMultipart('/account/signature', {}, [{ name: 'image', filename: 'chu-ky.png', type: 'image/png', data: jpeg }]), /Ảnh chữ ký phải là tệp PNG/);
    assert.match(bad.body, /href="#f-image"/);
    assert.match(bad.body, /aria-invalid="true"/);
    await refused(400, () => clerk.postMultipart('/account/signature', {}, []), /Hãy chọn tệp ảnh chữ ký/);
    await refused(400, () => clerk.postMultipart('/account/signature', {}, [{ name: 'image', filename: 'a.png', type: 'image/png', data: makePng(20, 20) }]), /từ 50 đến 2000 điểm ảnh/);
    assert.ok(Buffer.compare((await clerk.get('/account/signature.png')).rawPayload, image) === 0);

    // Each official sees only their own; an official without a certificate is told how they get one; citizens have none.
    const other = await t.signIn('motcua.phinho');
    assert.equal((await other.get('/account/signature.png')).statusCode, 404);
    assert.match(mainText((await other.get('/account/signature')).body), /Bạn chưa có chứng thư số: chứng thư được cấp khi bạn ký số lần đầu, hoặc do Chủ tịch cấp\./);
    assert.equal((await other.get('/account/signature/certificate.cer')).statusCode, 404);
    const citizen = await t.signIn('0912000001');
    assert.equal((await citizen.get('/account/signature')).statusCode, 403);
    assert.doesNotMatch((await citizen.get('/account')).body, /href="\/account\/signature"/);
  });
});
