/**
 * Unit management: the province's system administrator adds communes and villages; a commune's chairman
 * keeps his commune's details and seal right and adds villages, and cannot reach beyond his commune.
 * Every refused request is checked to have written nothing (units, including seal images, and the audit log).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { makePng } from '../support/png.ts';

interface UnitRow {
  id: string;
  parent_id: string | null;
  kind: string;
  code: string | null;
  name: string;
  address: string;
  path: string;
  seal_name: string;
  seal_image: Uint8Array | null;
  seal_image_type: string | null;
}

describe('unit management', () => {
  let t: TestApp;
  let province: Unit;
  let md: Unit;
  let ph: Unit;
  let admin: Client;
  let chairman: Client;

  const row = async (where: { id?: number; name?: string }): Promise<UnitRow | undefined> => {
    const q = where.id !== undefined ? sql<UnitRow>`select * from units where id = ${where.id}` : sql<UnitRow>`select * from units where name = ${where.name!}`;
    return (await q.execute(t.database.db)).rows[0];
  };
  const auditOf = async (unitId: number) =>
    (await sql<{ action: string; actor_name: string; details: Record<string, unknown> }>`select action, actor_name, details from audit_log where unit_id = ${unitId} and action like 'tenancy.%' order by seq`.execute(t.database.db)).rows;
  /** Every unit (seal images included) and the length of the audit log. */
  const snapshot = async () => ({
    units: (await sql<{ r: string }>`select row_to_json(u)::text as r from units u order by id`.execute(t.database.db)).rows.map((r) => r.r),
    audit: Number((await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(t.database.db)).rows[0]!.n),
  });
  /** Sends a request that must be refused with `status`, and checks that it wrote nothing. */
  const refused = async (status: number, send: () => Promise<LightMyRequestResponse>, body?: RegExp) => {
    const before = await snapshot();
    const res = await send();
    assert.equal(res.statusCode, status, res.body.replace(/\s+/g, ' ').slice(0, 400));
    if (body) assert.match(res.body, body);
    assert.deepEqual(await snapshot(), before, 'nothing was written');
    return res;
  };
  const png = (data: Uint8Array, filename = 'con-dau.png', type = 'image/png') => [{ name: 'seal', filename, type, data }];

  before(async () => {
    t = await createTestApp();
    province = t.units.find((u) => u.kind === 'province')!;
    md = t.unit('Xã Mường Đăng');
    ph = t.unit('Xã Phìn Hồ');
    admin = await t.signIn('admin');
    chairman = await t.signIn('chutich.muongdang');
  });
  after(() => t.close());

  it('the units list links every unit to its page, which shows its details and the units below it', async () => {
    const list = await admin.get('/units');
    assert.equal(list.statusCode, 200);
    for (const u of t.units) assert.ok(list.body.includes(`<a href="/admin/units/${u.id}">${u.name}</a>`), u.name);
    const page = await chairman.get(`/admin/units/${md.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Xã Mường Đăng<\/h1>/);
    for (const text of ['H11.35.01', 'Bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên', 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG', 'Tỉnh Điện Biên', 'class="seal-image"']) assert.ok(page.body.includes(text), text);
    for (const v of t.units.filter((u) => u.parentId === md.id)) assert.ok(page.body.includes(`<a href="/admin/units/${v.id}">${v.name}</a>`), v.name);
    assert.ok(!page.body.includes(`href="/admin/units/${province.id}"`), 'the province is named, not linked: it is outside his scope');
    assert.ok(page.body.includes(`action="/admin/units/${md.id}"`) && page.body.includes(`action="/admin/units/${md.id}/children"`), 'edit and add forms');
    assert.match(page.body, /enctype="multipart\/form-data"/);
    // One who may only look gets no forms.
    const specialist = await t.signIn('chuyenmon.muongdang');
    const readOnly = await specialist.get(`/admin/units/${md.id}`);
    assert.equal(readOnly.statusCode, 200);
    assert.ok(readOnly.body.includes('H11.35.01'));
    assert.doesNotMatch(readOnly.body, /action="\/admin\/units/);
    await refused(403, () => specialist.postForm(`/admin/units/${md.id}`, { name: 'Xã X', code: 'H11.35.01', address: '', sealName: '' }));
    await refused(403, () => specialist.postForm(`/admin/units/${md.id}/children`, { childKind: 'village', childName: 'Bản X' }));
    await refused(403, () => specialist.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(100, 100))));
    // In English too.
    const english = await t.signIn('chutich.muongdang');
    await english.get(`/lang/en?next=/admin/units/${md.id}`);
    const en = await english.get(`/admin/units/${md.id}`);
    for (const text of ['Edit the unit', 'Upload the seal image', 'Add a unit below', 'Kind of unit: Village', 'Units below', 'Seal image']) assert.ok(en.body.includes(text), text);
  });

  it('the system administrator adds a commune below the province and a village below it', async () => {
    const page = await admin.get(`/admin/units/${province.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /type="radio" id="kind-commune" name="childKind" value="commune" checked/);
    assert.match(page.body, /value="ward"/);
    const res = await admin.postForm(`/admin/units/${province.id}/children`, {
      childKind: 'commune', childName: '  Xã   Mường Mươn ', childCode: 'h11.35.04', childAddress: 'Bản Mường Mươn, xã Mường Mươn, tỉnh Điện Biên', childSealName: 'ỦY BAN NHÂN DÂN XÃ MƯỜNG MƯƠN',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, `/admin/units/${province.id}`);
    const back = await admin.get(String(res.headers.location));
    assert.match(back.body, /Đã thêm Xã Mường Mươn\./);
    const commune = (await row({ name: 'Xã Mường Mươn' }))!;
    assert.ok(commune, 'stored with the name cleaned');
    assert.equal(commune.kind, 'commune');
    assert.equal(commune.code, 'H11.35.04', 'code stored in capitals');
    assert.equal(Number(commune.parent_id), province.id);
    assert.equal(commune.path, `${province.path}${commune.id}/`);
    assert.ok(back.body.includes(`<a href="/admin/units/${commune.id}">Xã Mường Mươn</a>`), 'listed below the province');
    assert.deepEqual((await auditOf(Number(commune.id))).map((a) => [a.action, a.actor_name, a.details.kind, a.details.code]), [['tenancy.unit_created', 'Lò Văn Quản', 'commune', 'H11.35.04']]);

    const communePage = await admin.get(`/admin/units/${commune.id}`);
    assert.equal(communePage.statusCode, 200);
    assert.match(communePage.body, /<input type="hidden" name="childKind" value="village">/);
    assert.doesNotMatch(communePage.body, /name="childCode"/, 'villages have no agency code');
    const village = await admin.postForm(`/admin/units/${commune.id}/children`, { childKind: 'village', childName: 'Bản Nà Pen', childAddress: '', childCode: 'IGNORED' });
    assert.equal(village.statusCode, 303);
    const stored = (await row({ name: 'Bản Nà Pen' }))!;
    assert.equal(stored.kind, 'village');
    assert.equal(stored.code, null);
    assert.equal(Number(stored.parent_id), commune.id);
    assert.equal(stored.path, `${commune.path}${stored.id}/`);
    assert.deepEqual((await auditOf(Number(stored.id))).map((a) => a.action), ['tenancy.unit_created']);

    // The new commune's officials can be added at once: it is a unit like the others.
    const officials = await admin.get(`/admin/units/${commune.id}/officials`);
    assert.equal(officials.statusCode, 200);
  });

  it('refuses a kind that cannot sit there, and a child of a village, writing nothing', async () => {
    const village = t.units.find((u) => u.parentId === md.id)!;
    const wrong = await refused(400, () => admin.postForm(`/admin/units/${province.id}/children`, { childKind: 'village', childName: 'Bản Lạc', childCode: 'H11.99' }));
    assert.match(wrong.body, /href="#f-childKind"/);
    assert.match(wrong.body, /dưới tỉnh là xã, phường/);
    await refused(400, () => admin.postForm(`/admin/units/${province.id}/children`, { childKind: 'province', childName: 'Tỉnh Lạc', childCode: 'H99' }));
    await refused(400, () => admin.postForm(`/admin/units/${md.id}/children`, { childKind: 'commune', childName: 'Xã Lạc', childCode: 'H11.99.01' }), /href="#f-childKind"/);
    await refused(400, () => admin.postForm(`/admin/units/${village.id}/children`, { childKind: 'village', childName: 'Xóm Lạc' }), /Thôn, bản không có đơn vị trực thuộc/);
    const empty = await refused(400, () => admin.postForm(`/admin/units/${province.id}/children`, { childKind: 'ward', childName: ' ', childCode: '' }));
    for (const field of ['childName', 'childCode']) assert.match(empty.body, new RegExp(`href="#f-${field}"`));
    assert.match(empty.body, /value="ward" checked/, 'what was chosen stays chosen');
  });

  it('refuses an agency code that is taken (in any case) or malformed, and a name a sibling has, writing nothing', async () => {
    for (const code of ['H11.35.01', 'h11.35.01', ' H11.35.02 ']) {
      const res = await refused(400, () => admin.postForm(`/admin/units/${province.id}/children`, { childKind: 'commune', childName: `Xã Trùng Mã ${code.trim()}`, childCode: code }));
      assert.match(res.body, /href="#f-childCode"/);
      assert.match(res.body, /Mã định danh này đã được dùng cho một đơn vị khác/);
      assert.ok(res.body.includes(`value="Xã Trùng Mã ${code.trim()}"`), 'the form keeps what was typed');
    }
    for (const code of ['H11..35', 'H11 35 09', 'H11-35-09', 'H', `H${'1'.repeat(40)}`, 'Đ11.35.09']) {
      await refused(400, () => admin.postForm(`/admin/units/${province.id}/children`, { childKind: 'commune', childName: 'Xã Mã Sai', childCode: code }), /Mã định danh gồm 2–40 ký tự/);
    }
    // Editing a unit to another's code.
    const edit = await refused(400, () => admin.postForm(`/admin/units/${ph.id}`, { name: ph.name, code: 'H11.35.01', address: ph.address, sealName: ph.sealName }));
    assert.match(edit.body, /href="#f-code"/);
    // A village name the commune already has, written differently.
    await refused(400, () => chairman.postForm(`/admin/units/${md.id}/children`, { childKind: 'village', childName: 'bản  CO muông' }), /cùng tên/);
  });

  it('the Mường Đăng chairman edits his commune’s address and seal name, and adds a village', async () => {
    const res = await chairman.postForm(`/admin/units/${md.id}`, {
      name: md.name, code: md.code!, address: 'Trụ sở UBND xã, bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN  XÃ MƯỜNG ĐĂNG – TỈNH ĐIỆN BIÊN',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const page = await chairman.get(String(res.headers.location));
    assert.match(page.body, /Đã lưu thông tin Xã Mường Đăng\./);
    assert.ok(page.body.includes('Trụ sở UBND xã, bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên'));
    const stored = (await row({ id: md.id }))!;
    assert.equal(stored.address, 'Trụ sở UBND xã, bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên');
    assert.equal(stored.seal_name, 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG – TỈNH ĐIỆN BIÊN');
    assert.equal(stored.code, 'H11.35.01');
    assert.equal(stored.name, 'Xã Mường Đăng');
    const updates = (await auditOf(md.id)).filter((a) => a.action === 'tenancy.unit_updated');
    assert.equal(updates.length, 1);
    assert.equal(updates[0]!.actor_name, 'Lường Văn Chính');
    assert.deepEqual(Object.keys(updates[0]!.details.changes as object).sort(), ['address', 'sealName'], 'only what changed is recorded');

    // Saving again unchanged writes nothing (and is not an error).
    const before = await snapshot();
    assert.equal((await chairman.postForm(`/admin/units/${md.id}`, { name: stored.name, code: stored.code!, address: stored.address, sealName: stored.seal_name })).statusCode, 303);
    assert.deepEqual(await snapshot(), before);

    // The commune's name and agency code are the province's to change: a forged post changes neither.
    const ownPage = await chairman.get(`/admin/units/${md.id}`);
    assert.doesNotMatch(ownPage.body, /name="code"|name="name"/);
    assert.equal((await chairman.postForm(`/admin/units/${md.id}`, { name: 'Xã Đổi Tên', code: 'H11.99.99', address: stored.address, sealName: stored.seal_name })).statusCode, 303);
    assert.deepEqual(await snapshot(), before);

    const village = await chairman.postForm(`/admin/units/${md.id}/children`, { childKind: 'village', childName: 'Bản Phì Cao', childAddress: 'Đầu đường liên xã' });
    assert.equal(village.statusCode, 303);
    const created = (await row({ name: 'Bản Phì Cao' }))!;
    assert.equal(Number(created.parent_id), md.id);
    assert.equal(created.kind, 'village');
    assert.ok((await chairman.get(`/admin/units/${md.id}`)).body.includes(`<a href="/admin/units/${created.id}">Bản Phì Cao</a>`));
    // A village: name and address only.
    const villagePage = await chairman.get(`/admin/units/${created.id}`);
    assert.equal(villagePage.statusCode, 200);
    assert.doesNotMatch(villagePage.body, /name="code"|name="sealName"|enctype="multipart|\/children"/);
    assert.equal((await chairman.postForm(`/admin/units/${created.id}`, { name: 'Bản Phì Cao Mới', address: '' })).statusCode, 303);
    assert.equal((await row({ id: Number(created.id) }))!.name, 'Bản Phì Cao Mới');
  });

  it('he cannot create a commune, nor touch Xã Phìn Hồ or its villages', async () => {
    await refused(404, () => chairman.postForm(`/admin/units/${province.id}/children`, { childKind: 'commune', childName: 'Xã Của Tôi', childCode: 'H11.35.77' }));
    await refused(404, () => chairman.get(`/admin/units/${province.id}`));
    await refused(400, () => chairman.postForm(`/admin/units/${md.id}/children`, { childKind: 'commune', childName: 'Xã Của Tôi', childCode: 'H11.35.77' }), /href="#f-childKind"/);
    for (const u of [ph, ...t.units.filter((x) => x.parentId === ph.id)]) {
      const page = await refused(404, () => chairman.get(`/admin/units/${u.id}`));
      assert.ok(!page.body.includes(u.name), `${u.name} is not named`);
      await refused(404, () => chairman.postForm(`/admin/units/${u.id}`, { name: 'Đã bị sửa', code: 'H11.35.66', address: 'x', sealName: 'x' }));
      await refused(404, () => chairman.postForm(`/admin/units/${u.id}/children`, { childKind: 'village', childName: 'Bản Xâm Nhập' }));
      await refused(404, () => chairman.postMultipart(`/admin/units/${u.id}/seal`, {}, png(makePng(100, 100))));
      await refused(404, () => chairman.get(`/admin/units/${u.id}/seal.png`));
    }
  });

  it('he uploads a real PNG seal and downloads it back byte for byte', async () => {
    const seal = makePng(160, 160);
    const res = await chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(seal, '../../etc/passwd<script>.png'));
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const page = await chairman.get(String(res.headers.location));
    assert.match(page.body, /Đã cập nhật ảnh con dấu\./);
    assert.ok(page.body.includes(`<img class="seal-image" src="/admin/units/${md.id}/seal.png" alt="Ảnh con dấu của Xã Mường Đăng">`));
    assert.ok(!page.body.includes('passwd'), 'the file name is ignored');

    const download = await chairman.get(`/admin/units/${md.id}/seal.png`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.ok(Buffer.compare(download.rawPayload, seal) === 0, 'the same bytes come back');
    const stored = (await row({ id: md.id }))!;
    assert.equal(stored.seal_image_type, 'image/png');
    // The demo seed's own seal came first (by the system); this upload is the chairman's.
    const uploads = (await auditOf(md.id)).filter((a) => a.action === 'tenancy.seal_uploaded' && a.actor_name !== SYSTEM_ACTOR.name);
    assert.equal(uploads.length, 1);
    assert.deepEqual([uploads[0]!.details.bytes, uploads[0]!.details.width, uploads[0]!.details.height], [seal.length, 160, 160]);
    // Anyone of the commune who may view units sees it; Phìn Hồ does not.
    const clerk = await t.signIn('vanthu.muongdang');
    assert.equal((await clerk.get(`/admin/units/${md.id}/seal.png`)).statusCode, 200);
    const phChairman = await t.signIn('chutich.phinho');
    assert.equal((await phChairman.get(`/admin/units/${md.id}/seal.png`)).statusCode, 404);
    // Units without one answer 404.
    assert.equal((await chairman.get(`/admin/units/${t.units.find((u) => u.parentId === md.id)!.id}/seal.png`)).statusCode, 404);
    assert.equal((await admin.get(`/admin/units/${t.units.find((u) => u.parentId === null)!.id}/seal.png`)).statusCode, 404, 'the province has none in the demo');
  });

  it('refuses other files, over-large files and odd uploads with a 400 and a message, writing nothing', async () => {
    const before = (await row({ id: md.id }))!.seal_image;
    assert.ok(before, 'a seal is in place from the previous test');
    const notPng = await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(Buffer.from(`<html><script>alert(document.cookie)</script></html>${' '.repeat(200)}`), 'seal.png')));
    assert.match(notPng.body, /href="#f-seal"/);
    assert.match(notPng.body, /Tệp đã chọn không phải ảnh PNG hợp lệ/);
    assert.match(notPng.body, /aria-invalid="true"/);
    const jpegBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(jpegBytes, 'seal.png')), /không phải ảnh PNG/);
    // A PNG with something appended (a polyglot) is not a PNG either.
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(Buffer.concat([makePng(100, 100), Buffer.from('<script>')]))), /không phải ảnh PNG/);

    const big = makePng(400, 450, { noise: true });
    assert.ok(big.length > 512 * 1024);
    const tooBig = await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(big)));
    assert.match(tooBig.body, /Tệp ảnh con dấu quá lớn: tối đa 512 KB/);
    const huge = Buffer.concat([makePng(100, 100), Buffer.alloc(3 * 1024 * 1024)]);
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(huge)), /quá lớn/);
    // Beyond 4 MB the request is not read at all (multipart is outside Fastify's bodyLimit).
    const enormous = Buffer.concat([makePng(100, 100), Buffer.alloc(5 * 1024 * 1024)]);
    await refused(413, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(enormous)), /quá lớn \(tối đa 4 MB\)/);
    // Nor is an upload of unstated length.
    const form = new FormData();
    form.append('_csrf', await chairman.csrfToken());
    form.append('seal', new Blob([new Uint8Array(makePng(100, 100))], { type: 'image/png' }), 'seal.png');
    const encoded = new Request('http://localhost/', { method: 'POST', body: form });
    const chunked = Buffer.from(await encoded.arrayBuffer());
    await refused(400, () => chairman.request({
      method: 'POST', url: `/admin/units/${md.id}/seal`, payload: Readable.from([chunked]),
      headers: { 'content-type': encoded.headers.get('content-type')!, 'transfer-encoding': 'chunked' },
    }), /Không đọc được tệp tải lên/);

    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(30, 30))), /từ 50 đến 2000 điểm ảnh/);
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(Buffer.alloc(0), '')), /Chọn một tệp ảnh con dấu/);
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, []), /Chọn một tệp ảnh con dấu/);
    await refused(400, () => chairman.postForm(`/admin/units/${md.id}/seal`, {}), /Chọn một tệp ảnh con dấu/);
    // Two files, a malformed body: the upload cannot be read.
    await refused(400, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, [...png(makePng(100, 100)), ...png(makePng(100, 100))]), /Không đọc được tệp tải lên/);
    const token = await chairman.csrfToken();
    await refused(400, () => chairman.request({
      method: 'POST', url: `/admin/units/${md.id}/seal`, headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'x-csrf-token': token },
      payload: '--xyz\r\nContent-Disposition: form-data; name="seal"; filename="a.png"\r\n\r\nnot closed',
    }));
    // Uploads go only where a route takes them.
    await refused(415, () => chairman.postMultipart(`/admin/units/${md.id}`, { name: 'Xã Qua Tệp', code: 'H11.35.01', address: '', sealName: '' }, []));
    await refused(415, () => chairman.postMultipart(`/admin/units/${md.id}/children`, { childKind: 'village', childName: 'Bản Qua Tệp' }, png(makePng(100, 100))));
    // A village has no seal.
    await refused(404, () => chairman.postMultipart(`/admin/units/${t.units.find((u) => u.parentId === md.id)!.id}/seal`, {}, png(makePng(100, 100))));
    assert.deepEqual((await row({ id: md.id }))!.seal_image, before, 'the seal in place is still the first one');
  });

  it('refuses an upload without a valid CSRF token with 403, writing nothing', async () => {
    await refused(403, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(100, 100)), { csrf: null }));
    await refused(403, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(100, 100)), { csrf: 'A'.repeat(43) }));
    const other = await t.signIn('chutich.muongdang');
    const othersToken = await other.csrfToken();
    await refused(403, () => chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(100, 100)), { csrf: othersToken }), /Biểu mẫu đã hết hạn/);
    await refused(403, () => chairman.postForm(`/admin/units/${md.id}`, { name: 'Xã Giả', code: 'H11.35.01', address: '', sealName: '' }, { csrf: null }));
    await refused(403, () => chairman.postForm(`/admin/units/${md.id}/children`, { childKind: 'village', childName: 'Bản Giả' }, { csrf: null }));
    // And the very same upload with the token works.
    assert.equal((await chairman.postMultipart(`/admin/units/${md.id}/seal`, {}, png(makePng(100, 100)))).statusCode, 303);
  });

  it('a renamed unit shows its new name to its signed-in officials at once', async () => {
    const dbp = t.unit('Phường Điện Biên Phủ');
    const ward = await t.signIn('chutich.dienbienphu');
    assert.match((await ward.get('/')).body, /<span class="unit-name">Phường Điện Biên Phủ<\/span>/);
    const res = await admin.postForm(`/admin/units/${dbp.id}`, { name: 'Phường Mường Thanh', code: dbp.code!, address: dbp.address, sealName: dbp.sealName });
    assert.equal(res.statusCode, 303);
    assert.match((await ward.get('/')).body, /<span class="unit-name">Phường Mường Thanh<\/span>/);
  });
});
