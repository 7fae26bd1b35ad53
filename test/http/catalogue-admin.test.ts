/**
 * The province's catalogue editor: drafts, versions with effective dates, publication, import and export.
 * Every refused request is checked to have written nothing (procedures, components and the audit log).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { zip } from '../support/zip.ts';
import { makePng } from '../support/png.ts';
import { findProcedureByCode, findProcedureVersionById } from '../../src/modules/catalogue/index.ts';
import { todayInVietnam } from '../../src/modules/catalogue/store.ts';
import { workbookCells } from '../../src/modules/catalogue/exchange/xlsx.ts';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** The text of a page's main element, tags dropped. */
const mainText = (body: string) => unescape(body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

/**
 * The fields a browser would submit for the first form posting to `action` on the page: inputs (checked ones only
 * for radios and checkboxes), textareas, and the selected option of each select.
 */
function formFields(body: string, action: string): Record<string, string> {
  const start = body.indexOf(`<form method="post" action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const form = body.slice(start, body.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const type = /type="([^"]*)"/.exec(attrs)?.[1] ?? 'text';
    if (!name || name === '_csrf' || type === 'file') continue;
    if ((type === 'radio' || type === 'checkbox') && !/ checked/.test(attrs)) continue;
    fields[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = unescape(m[2]!);
  for (const m of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    fields[m[1]!] = unescape(selected?.[1] ?? '');
  }
  return fields;
}

/** A new provincial procedure as typed into the form: every kind of field, an empty row left in the middle. */
const NEW_CODE = '1.000948.H38';
const newProcedureForm = (extra: Record<string, string> = {}): Record<string, string> => ({
  code: NEW_CODE,
  name: 'Thủ tục cấp bản sao trích lục hộ tịch (tỉnh Điện Biên)',
  field: 'Hộ tịch',
  level: 'Cấp xã',
  agencies: 'Ủy ban nhân dân cấp xã\r\nTrung tâm Phục vụ hành chính công cấp xã',
  legalBasis: '123/2015/NĐ-CP\r\n\r\n04/2020/TT-BTP',
  steps: 'Nộp hồ sơ.\r\nNhận kết quả.',
  methods: 'Trực tiếp\r\nTrực tuyến',
  subjects: 'Cá nhân có yêu cầu',
  'processingTime.value': '0,5',
  'processingTime.unit': 'working_days',
  'processingTime.note': '',
  feeStatus: 'set_by_province',
  'feeLines.0.label': 'Lệ phí', 'feeLines.0.amount': '8.000', 'feeLines.0.basis': 'per_case', 'feeLines.0.unitLabel': 'đồng/bản',
  'feeLines.0.fromPage.page': '', 'feeLines.0.fromPage.amount': '', 'feeLines.0.capPerCopy': '',
  'feeLines.1.label': '', 'feeLines.1.amount': '', 'feeLines.1.basis': 'per_case', 'feeLines.1.unitLabel': '',
  feeTiming: 'at_intake',
  feeNote: 'Nghị quyết số 12/2025/NQ-HĐND của HĐND tỉnh Điện Biên',
  paperResultRequired: '1',
  resultDocument: 'Bản sao trích lục hộ tịch',
  onlineLevel: 'full',
  'internalSteps.0.name': 'Tiếp nhận', 'internalSteps.0.hours': '1',
  'internalSteps.1.name': 'Xử lý, ký', 'internalSteps.1.hours': '3',
  'components.0.name': 'Tờ khai', 'components.0.originals': '1', 'components.0.copies': '0', 'components.0.required': '1', 'components.0.templateFile': 'to-khai.docx',
  'components.1.name': '', 'components.1.originals': '', 'components.1.copies': '', 'components.1.required': '1', 'components.1.templateFile': '',
  'components.2.name': 'Văn bản ủy quyền', 'components.2.originals': '1', 'components.2.copies': '', 'components.2.required': '0', 'components.2.templateFile': '',
  formDefinition: JSON.stringify({ sections: [{ title: 'Người yêu cầu', fields: [{ name: 'hoTen', type: 'text', label: 'Họ và tên', required: true }] }] }),
  source: 'Quyết định công bố của Chủ tịch UBND tỉnh Điện Biên',
  ...extra,
});

interface ProcedureRow {
  id: number;
  code: string;
  version: number;
  status: string;
  effective_from: string | null;
  name: string;
  revision: number;
}

describe('the catalogue editor (/admin/procedures)', () => {
  let t: TestApp;
  let admin: Client;
  let chairman: Client;
  // Vietnam's date, read again before each test so that a run across midnight does not compare with yesterday.
  let today = todayInVietnam();
  let tomorrow = addDays(today, 1);
  beforeEach(() => {
    today = todayInVietnam();
    tomorrow = addDays(today, 1);
  });

  const rows = async (code: string) =>
    (await sql<ProcedureRow>`select id, code, version, status, effective_from::text as effective_from, name, revision from procedures where code = ${code} order by version`.execute(t.database.db)).rows
      .map((r) => ({ ...r, id: Number(r.id) }));
  const auditOf = async (code: string) =>
    (await sql<{ action: string; actor_name: string; details: Record<string, unknown> }>`select action, actor_name, details from audit_log where target_type = 'procedure' and target_id = ${code} order by seq`.execute(t.database.db)).rows;
  /** Every procedure version with its components, and the length of the audit log. */
  const snapshot = async () => ({
    procedures: (await sql<{ r: string }>`select row_to_json(p)::text as r from procedures p order by id`.execute(t.database.db)).rows.map((r) => r.r),
    components: (await sql<{ r: string }>`select row_to_json(c)::text as r from procedure_components c order by procedure_id, position`.execute(t.database.db)).rows.map((r) => r.r),
    audit: Number((await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(t.database.db)).rows[0]!.n),
  });
  /** Sends a request that must be refused with `status`, and checks that it wrote nothing. */
  const refused = async (status: number, send: () => Promise<LightMyRequestResponse>, body?: RegExp) => {
    const before = await snapshot();
    const res = await send();
    assert.equal(res.statusCode, status, mainText(res.body).slice(0, 600));
    if (body) assert.match(mainText(res.body), body);
    assert.deepEqual(await snapshot(), before, 'nothing was written');
    return res;
  };
  const upload = (client: Client, filename: string, data: Uint8Array, type = 'application/octet-stream') =>
    client.postMultipart('/admin/procedures/import', {}, [{ name: 'file', filename, type, data }]);
  /** Deletes every open draft through the editor, so that an import may make new ones. */
  const deleteDrafts = async () => {
    const drafts = (await sql<{ code: string; version: number }>`select code, version from procedures where status = 'draft'`.execute(t.database.db)).rows;
    for (const d of drafts) assert.equal((await admin.postForm(`/admin/procedures/${d.code}/versions/${d.version}/delete`, {})).statusCode, 303);
  };
  /** A document's procedures without what differs between two installs or two exports: number, status, date. */
  const contents = (doc: { procedures: Record<string, unknown>[] }) =>
    doc.procedures.map(({ version: _v, status: _s, effectiveFrom: _e, ...content }) => content).sort((a, b) => String(a.code).localeCompare(String(b.code)));

  before(async () => {
    t = await createTestApp();
    admin = await t.signIn('admin');
    chairman = await t.signIn('chutich.phinho');
  });
  after(() => t.close());

  it('is the system administrator’s: others get 403, the anonymous are sent to sign in, and nothing is written', async () => {
    const anonymous = t.anonymous();
    const pages = ['/admin/procedures', '/admin/procedures/new', '/admin/procedures/1.001193', '/admin/procedures/1.001193/versions/1', '/admin/procedures/export.json', '/admin/procedures/export.xlsx'];
    for (const url of pages) {
      assert.equal((await chairman.get(url)).statusCode, 403, url);
      const res = await anonymous.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.match(String(res.headers.location), /^\/login\?next=/);
    }
    const api = await chairman.get('/api/v1/admin/procedures/export');
    assert.equal(api.statusCode, 403);
    assert.equal(api.json().error.code, 'error.forbidden');
    await refused(403, () => chairman.postForm('/admin/procedures', newProcedureForm()));
    await refused(403, () => chairman.postForm('/admin/procedures/1.001193/versions', {}));
    await refused(403, () => chairman.postForm('/admin/procedures/1.001193/versions/1/publish', { effectiveFrom: today }));
    await refused(403, () => chairman.postForm('/admin/procedures/1.001193/versions/1/delete', {}));
    await refused(403, () => upload(chairman, 'c.json', Buffer.from('[]')));
    await refused(401, () => anonymous.postForm('/admin/procedures', newProcedureForm()));
    // The navigation offers the editor to the administrator only.
    assert.match((await admin.get('/')).body, /href="\/admin\/procedures"/);
    assert.doesNotMatch((await chairman.get('/')).body, /href="\/admin\/procedures"/);
  });

  it('lists every version with its state and effective date, filters by state and finds without accents', async () => {
    const all = await admin.get('/admin/procedures');
    assert.equal(all.statusCode, 200);
    const count = Number((await sql<{ n: string }>`select count(*)::text as n from procedures`.execute(t.database.db)).rows[0]!.n);
    assert.match(mainText(all.body), new RegExp(`${count} phiên bản`));
    assert.match(all.body, /<td>Đang có hiệu lực<\/td><td>Hiệu lực từ 01\/07\/2025<\/td>/);
    assert.match((await admin.get('/admin/procedures?status=published')).body, new RegExp(`${count} phiên bản`), 'every seeded version is in force');
    assert.match(mainText((await admin.get('/admin/procedures?status=draft')).body), /0 phiên bản/);
    const found = await admin.get('/admin/procedures?q=dang+ky+khai+sinh');
    assert.match(found.body, /<a href="\/admin\/procedures\/1\.001193">1\.001193<\/a>/);
    assert.doesNotMatch(found.body, /1\.000894/);
    assert.equal((await admin.get('/admin/procedures?status=bogus')).statusCode, 400);
    const en = await admin.get('/admin/procedures', { cookie: `${[...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; sc_lang=en` });
    assert.match(en.body, /Manage the procedure catalogue/);
    assert.match(en.body, /In force from 01\/07\/2025/);
  });

  it('creates a draft of a new provincial procedure from the form; a draft is never shown to the public', async () => {
    const form = await admin.get('/admin/procedures/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="components\.2\.name"/, 'empty rows to fill');
    const res = await admin.postForm('/admin/procedures', newProcedureForm());
    assert.equal(res.statusCode, 303, mainText(res.body).slice(0, 500));
    assert.equal(res.headers.location, `/admin/procedures/${NEW_CODE}`);
    const history = await admin.get(String(res.headers.location));
    assert.match(mainText(history.body), new RegExp(`Đã tạo bản nháp thủ tục ${NEW_CODE.replace(/\./g, '\\.')}`));
    assert.match(history.body, /action="\/admin\/procedures\/1\.000948\.H38\/versions\/1\/publish"/);
    const [row] = await rows(NEW_CODE);
    assert.deepEqual([row!.version, row!.status, row!.effective_from], [1, 'draft', null]);
    const stored = (await findProcedureVersionById(t.database.db, row!.id))!;
    assert.deepEqual(stored.feeLines, [{ label: 'Lệ phí', amount: 8000, basis: 'per_case', unitLabel: 'đồng/bản' }]);
    assert.deepEqual(stored.legalBasis, ['123/2015/NĐ-CP', '04/2020/TT-BTP'], 'empty lines dropped');
    assert.deepEqual(stored.processingTime, { value: 0.5, unit: 'working_days', note: null });
    assert.deepEqual(stored.components.map((c) => [c.name, c.originals, c.copies, c.required, c.templateFile]), [['Tờ khai', 1, 0, true, 'to-khai.docx'], ['Văn bản ủy quyền', 1, 0, false, null]], 'the empty row is dropped');
    assert.deepEqual(stored.internalSteps, [{ name: 'Tiếp nhận', hours: 1 }, { name: 'Xử lý, ký', hours: 3 }]);
    assert.equal(stored.formDefinition.sections[0]!.fields[0]!.name, 'hoTen');
    assert.deepEqual([stored.feeStatus, stored.onlineLevel, stored.paperResultRequired], ['set_by_province', 'full', true]);
    assert.deepEqual((await auditOf(NEW_CODE)).map((a) => [a.action, a.actor_name, a.details.version]), [['catalogue.procedure_created', 'Lò Văn Quản', 1]]);
    // Drafts stay out of everything public.
    assert.equal((await t.anonymous().get(`/thu-tuc/${NEW_CODE}`)).statusCode, 404);
    assert.equal((await t.anonymous().get(`/api/v1/procedures/${NEW_CODE}`)).statusCode, 404);
    assert.equal((await t.anonymous().get('/api/v1/procedures?q=trich+luc+dien+bien')).json().total, 0);
    // The preview shows it as the public would see it, marked as a draft.
    const preview = await admin.get(`/admin/procedures/${NEW_CODE}/versions/1`);
    assert.equal(preview.statusCode, 200);
    assert.match(mainText(preview.body), /Bản nháp phiên bản 1: chưa công bố/);
    assert.match(mainText(preview.body), /Lệ phí: 8\.000 đ/);
  });

  it('refuses bad input with a summary linking to each field, keeps what was typed, and writes nothing', async () => {
    const bad = await refused(400, () => admin.postForm('/admin/procedures', newProcedureForm({
      code: '2.000001.H38', name: '', 'feeLines.0.amount': 'tám nghìn', 'internalSteps.1.hours': '30', 'components.0.templateFile': '../../etc/passwd',
      formDefinition: '{"sections": [{"title": "A", "fields": [{"name": "x", "type": "slider", "label": "X"}]}]}',
    })));
    for (const anchor of ['name', 'feeLines.0.amount', 'internalSteps', 'components.0.templateFile', 'formDefinition']) {
      assert.match(bad.body, new RegExp(`<a href="#f-${anchor.replace(/\./g, '\\.')}">`), anchor);
      assert.match(bad.body, new RegExp(`id="f-${anchor.replace(/\./g, '\\.')}"`), `${anchor} is on the page`);
    }
    const text = mainText(bad.body);
    assert.match(text, /Tên thủ tục: không được để trống/);
    assert.match(text, /Các dòng phí, lệ phí – dòng 1 – Số tiền \(đồng\): phải là số nguyên/);
    assert.match(text, /tổng số giờ các bước \(31 giờ\) vượt thời hạn giải quyết \(4 giờ làm việc\)/);
    assert.match(text, /trường x có kiểu không hợp lệ/);
    assert.match(bad.body, /value="tám nghìn"/, 'what was typed stays');
    assert.match(bad.body, /aria-invalid="true"/);
    await refused(400, () => admin.postForm('/admin/procedures', newProcedureForm()), /mã này đã có trong danh mục/);
    await refused(400, () => admin.postForm('/admin/procedures', newProcedureForm({ code: '1.001193' })), /mã này đã có trong danh mục/);
    await refused(400, () => admin.postForm('/admin/procedures', newProcedureForm({ code: '1.0009' })), /mã phải có dạng 1\.001193/);
    await refused(400, () => admin.postForm('/admin/procedures', newProcedureForm({ code: '2.000001.H38', feeStatus: 'charged', 'feeLines.0.label': '', 'feeLines.0.amount': '', 'feeLines.0.unitLabel': '' })), /cần ít nhất một dòng phí/);
    await refused(400, () => admin.postForm('/admin/procedures', { ...newProcedureForm({ code: '2.000001.H38' }), name: ['A', 'B'] }));
    // CSRF: without the token, or with another session's, nothing happens.
    await refused(403, () => admin.postForm('/admin/procedures', newProcedureForm({ code: '2.000001.H38' }), { csrf: null }));
    await refused(403, () => admin.postForm('/admin/procedures', newProcedureForm({ code: '2.000001.H38' }), { csrf: 'x'.repeat(43) }));
    await refused(403, () => admin.postMultipart('/admin/procedures/import', {}, [{ name: 'file', filename: 'c.json', type: 'application/json', data: Buffer.from('[]') }], { csrf: null }));
  });

  it('saves the draft as served unchanged, saves edits, and refuses a save based on an older revision (409, typed values kept)', async () => {
    const url = `/admin/procedures/${NEW_CODE}/versions/1`;
    const page = await admin.get(`${url}/edit`);
    assert.equal(page.statusCode, 200);
    const fields = formFields(page.body, url);
    assert.equal(fields.revision, '1');
    const [before] = await rows(NEW_CODE);
    const contentBefore = await findProcedureVersionById(t.database.db, before!.id);
    // Submitting the form as served changes nothing of the content.
    assert.equal((await admin.postForm(url, fields)).statusCode, 303);
    const same = (await findProcedureVersionById(t.database.db, before!.id))!;
    assert.deepEqual({ ...same, updatedAt: null, revision: null }, { ...contentBefore, updatedAt: null, revision: null });
    assert.deepEqual((await auditOf(NEW_CODE)).at(-1)!.details.changed, []);

    const edited = await admin.postForm(url, { ...fields, revision: '2', name: 'Thủ tục cấp bản sao trích lục hộ tịch', 'processingTime.value': '0,5', 'feeLines.0.amount': '5000' });
    assert.equal(edited.statusCode, 303);
    assert.equal(edited.headers.location, `${url}/edit`);
    assert.match(mainText((await admin.get(`${url}/edit`)).body), /Đã lưu bản nháp phiên bản 1/);
    const [after] = await rows(NEW_CODE);
    assert.deepEqual([after!.name, after!.revision, after!.id], ['Thủ tục cấp bản sao trích lục hộ tịch', 3, before!.id]);
    assert.deepEqual((await auditOf(NEW_CODE)).at(-1)!.details.changed, ['name', 'feeLines']);

    const stale = await refused(409, () => admin.postForm(url, { ...fields, revision: '2', name: 'Tên của người đến sau' }), /Người khác vừa lưu bản nháp phiên bản 1/);
    assert.match(stale.body, /Tên của người đến sau/, 'what they typed is still on the page');
    assert.match(stale.body, /name="revision" value="3"/, 'saving again overwrites knowingly');
    assert.equal((await admin.get('/admin/procedures/1.001193/versions/1/edit')).statusCode, 409, 'a published version has no edit form');
  });

  it('a new version published for tomorrow: the public keeps the version in force until then; the old version never changes', async () => {
    const code = '1.001193';
    const [v1] = await rows(code);
    const v1Json = (await sql<{ r: string }>`select row_to_json(p)::text as r from procedures p where id = ${v1!.id}`.execute(t.database.db)).rows[0]!.r;
    const v1Content = await findProcedureVersionById(t.database.db, v1!.id);

    const started = await admin.postForm(`/admin/procedures/${code}/versions`, {});
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, `/admin/procedures/${code}/versions/2/edit`);
    // Asking again opens the same draft.
    const again = await admin.postForm(`/admin/procedures/${code}/versions`, {});
    assert.equal(again.headers.location, `/admin/procedures/${code}/versions/2/edit`);
    assert.match(mainText((await admin.get(String(again.headers.location))).body), /đã có bản nháp phiên bản 2/);
    assert.deepEqual((await rows(code)).map((r) => [r.version, r.status]), [[1, 'published'], [2, 'draft']]);
    assert.deepEqual((await auditOf(code)).map((a) => [a.action, a.details.version, a.details.basedOn]), [['catalogue.procedure_created', 2, 1]]);

    // The province's overrides: a shorter time and full online filing.
    const url = `/admin/procedures/${code}/versions/2`;
    const fields = formFields((await admin.get(`${url}/edit`)).body, url);
    const saved = await admin.postForm(url, { ...fields, 'processingTime.value': '0,5', 'processingTime.unit': 'working_days', onlineLevel: 'full' });
    assert.equal(saved.statusCode, 303, mainText(saved.body).slice(0, 400));
    const history = await admin.get(`/admin/procedures/${code}`);
    assert.match(mainText(history.body), /Khác với phiên bản 1 ở: Thời hạn giải quyết, Mức độ dịch vụ công trực tuyến/);

    const published = await admin.postForm(`${url}/publish`, { effectiveFrom: dmy(tomorrow) });
    assert.equal(published.statusCode, 303, mainText(published.body).slice(0, 400));
    assert.match(mainText((await admin.get(String(published.headers.location))).body), new RegExp(`Đã công bố phiên bản 2, hiệu lực từ ${dmy(tomorrow)}`));
    assert.deepEqual((await rows(code)).map((r) => [r.version, r.status, r.effective_from]), [[1, 'published', '2025-07-01'], [2, 'published', tomorrow]]);
    assert.match(mainText((await admin.get(`/admin/procedures/${code}`)).body), /2 Đã công bố, chưa đến ngày hiệu lực/);

    // Today the public still reads version 1, told that version 2 is coming.
    const page = await t.anonymous().get(`/thu-tuc/${code}`);
    assert.match(mainText(page.body), /Áp dụng từ ngày 01\/07\/2025, phiên bản 1/);
    assert.match(mainText(page.body), new RegExp(`Từ ngày ${dmy(tomorrow)} áp dụng phiên bản 2`));
    const api = (await t.anonymous().get(`/api/v1/procedures/${code}`)).json();
    assert.deepEqual([api.version, api.onlineLevel], [1, 'partial']);
    assert.equal((await findProcedureByCode(t.database.db, code, today))!.version, 1);
    // From tomorrow, version 2.
    const tomorrowsVersion = (await findProcedureByCode(t.database.db, code, tomorrow))!;
    assert.deepEqual([tomorrowsVersion.version, tomorrowsVersion.onlineLevel, tomorrowsVersion.processingTime.value], [2, 'full', 0.5]);

    // Version 1 — what records filed under it keep — is exactly as it was.
    assert.equal((await sql<{ r: string }>`select row_to_json(p)::text as r from procedures p where id = ${v1!.id}`.execute(t.database.db)).rows[0]!.r, v1Json);
    assert.deepEqual(await findProcedureVersionById(t.database.db, v1!.id), v1Content);
    // A published version cannot be edited, published again or deleted, here or in the database.
    await refused(409, () => admin.postForm(url, fields), /đã được công bố nên không sửa hay xóa được/);
    await refused(409, () => admin.postForm(`${url}/publish`, { effectiveFrom: tomorrow }));
    await refused(409, () => admin.postForm(`${url}/delete`, {}));
    await assert.rejects(sql`update procedures set name = 'Đổi tên' where id = ${v1!.id}`.execute(t.database.db), /published/);
    await assert.rejects(sql`delete from procedure_components where procedure_id = ${v1!.id}`.execute(t.database.db), /published/);
    await assert.rejects(sql`delete from procedures where id = ${v1!.id}`.execute(t.database.db), /published/);

    // Version 3: not before version 2's date, not in the past, and with all seven parts.
    await admin.postForm(`/admin/procedures/${code}/versions`, {});
    const v3 = `/admin/procedures/${code}/versions/3`;
    const early = await refused(400, () => admin.postForm(`${v3}/publish`, { effectiveFrom: today }), new RegExp(`không được trước ngày hiệu lực của phiên bản 2 \\(${dmy(tomorrow).replace(/\//g, '\\/')}\\)`));
    assert.match(early.body, /href="#f-effectiveFrom"/);
    await refused(400, () => admin.postForm(`${v3}/publish`, { effectiveFrom: addDays(today, -1) }), /không được trước hôm nay/);
    await refused(400, () => admin.postForm(`${v3}/publish`, { effectiveFrom: '30/02/2027' }), /nhập ngày dạng ngày\/tháng\/năm/);
    const v3Fields = formFields((await admin.get(`${v3}/edit`)).body, v3);
    assert.equal((await admin.postForm(v3, { ...v3Fields, steps: '' })).statusCode, 303);
    const incomplete = await refused(400, () => admin.postForm(`${v3}/publish`, { effectiveFrom: tomorrow }), /thủ tục công bố phải có trình tự thực hiện/);
    assert.match(incomplete.body, /href="\/admin\/procedures\/1\.001193\/versions\/3\/edit#f-steps"/);
    // Deleted: gone, audited; versions 1 and 2 stay.
    const deleted = await admin.postForm(`${v3}/delete`, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, `/admin/procedures/${code}`);
    assert.deepEqual((await rows(code)).map((r) => r.version), [1, 2]);
    assert.equal((await sql<{ n: string }>`select count(*)::text as n from procedure_components where procedure_id not in (select id from procedures)`.execute(t.database.db)).rows[0]!.n, '0');
    assert.deepEqual((await auditOf(code)).map((a) => a.action), [
      'catalogue.procedure_created', 'catalogue.procedure_updated', 'catalogue.procedure_published', 'catalogue.procedure_created', 'catalogue.procedure_updated', 'catalogue.draft_deleted',
    ]);
    await refused(404, () => admin.postForm(`${v3}/delete`, {}));
    assert.match((await admin.get('/admin/procedures?status=scheduled')).body, /<a href="\/admin\/procedures\/1\.001193">/);
  });

  it('published today, a new procedure is in force at once, with the province’s fees and online level', async () => {
    const res = await admin.postForm(`/admin/procedures/${NEW_CODE}/versions/1/publish`, { effectiveFrom: today });
    assert.equal(res.statusCode, 303, mainText(res.body).slice(0, 400));
    const page = await t.anonymous().get(`/thu-tuc/${NEW_CODE}`);
    assert.equal(page.statusCode, 200);
    assert.match(mainText(page.body), /Lệ phí: 5\.000 đ/);
    const api = (await t.anonymous().get(`/api/v1/procedures/${NEW_CODE}`)).json();
    assert.deepEqual([api.version, api.effectiveFrom, api.onlineLevel, api.fee.status, api.fee.lines[0].amount], [1, today, 'full', 'set_by_province', 5000]);
    assert.equal((await t.anonymous().get('/api/v1/procedures?q=trich+luc+ho+tich&level=full')).json().items.some((p: { code: string }) => p.code === NEW_CODE), true);
    const [row] = await rows(NEW_CODE);
    const published = (await sql<{ published_by_name: string; published_at: Date | null }>`select published_by_name, published_at from procedures where id = ${row!.id}`.execute(t.database.db)).rows[0]!;
    assert.equal(published.published_by_name, 'Lò Văn Quản');
    assert.ok(published.published_at);
  });

  it('two people at once: one new version, one publication, never two versions with one number and never a 500', async () => {
    const code = '1.000656';
    const starts = await Promise.all([admin.postForm(`/admin/procedures/${code}/versions`, {}), admin.postForm(`/admin/procedures/${code}/versions`, {})]);
    for (const r of starts) assert.ok([303, 409].includes(r.statusCode), `${r.statusCode}: ${mainText(r.body).slice(0, 300)}`);
    assert.deepEqual((await rows(code)).map((r) => [r.version, r.status]), [[1, 'published'], [2, 'draft']]);
    assert.equal((await auditOf(code)).filter((a) => a.action === 'catalogue.procedure_created').length, 1);

    const url = `/admin/procedures/${code}/versions/2/publish`;
    const publishes = await Promise.all([admin.postForm(url, { effectiveFrom: tomorrow }), admin.postForm(url, { effectiveFrom: tomorrow })]);
    assert.deepEqual(publishes.map((r) => r.statusCode).sort(), [303, 409]);
    assert.equal((await auditOf(code)).filter((a) => a.action === 'catalogue.procedure_published').length, 1);
    const versions = (await sql<{ version: number; n: string }>`select version, count(*)::text as n from procedures group by code, version having count(*) > 1`.execute(t.database.db)).rows;
    assert.deepEqual(versions, []);
  });

  it('export → import → export gives the same content (JSON); a second import is refused while the drafts are open', async () => {
    await deleteDrafts();
    const exported = await admin.get('/admin/procedures/export.json');
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-type']), /^application\/json/);
    assert.match(String(exported.headers['content-disposition']), /^attachment; filename="thu-tuc-published-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = JSON.parse(exported.body);
    assert.deepEqual([doc.format, doc.formatVersion, doc.selection], ['smart-commune.procedures', 1, 'published']);
    const inForce = Number((await sql<{ n: string }>`select count(distinct code)::text as n from procedures where status = 'published' and effective_from <= ${today}`.execute(t.database.db)).rows[0]!.n);
    assert.equal(doc.procedures.length, inForce);
    assert.equal(doc.procedures.find((p: { code: string }) => p.code === '1.001193').version, 1, 'the version in force, not tomorrow’s');
    const all = JSON.parse((await admin.get('/admin/procedures/export.json?status=all')).body);
    assert.ok(all.procedures.some((p: { code: string; version: number }) => p.code === '1.001193' && p.version === 2));

    const before = new Map((await sql<{ code: string; max: number }>`select code, max(version) as max from procedures group by code`.execute(t.database.db)).rows.map((r) => [r.code, Number(r.max)]));
    const res = await upload(admin, 'danh-muc.json', Buffer.from(exported.body), 'application/json');
    assert.equal(res.statusCode, 303, mainText(res.body).slice(0, 800));
    assert.equal(res.headers.location, '/admin/procedures?status=draft');
    assert.match(mainText((await admin.get('/admin/procedures?status=draft')).body), new RegExp(`Đã nhập ${inForce} thủ tục thành bản nháp`));
    const drafts = (await sql<{ code: string; version: number }>`select code, version from procedures where status = 'draft'`.execute(t.database.db)).rows;
    assert.equal(drafts.length, inForce);
    for (const d of drafts) assert.equal(d.version, before.get(d.code)! + 1, `${d.code} gets the next number`);
    const audit = (await sql<{ details: { count: number; format: string; sha256: string } }>`select details from audit_log where action = 'catalogue.imported'`.execute(t.database.db)).rows;
    assert.deepEqual(audit.map((a) => [a.details.count, a.details.format, a.details.sha256.length]), [[inForce, 'json', 64]]);

    const again = JSON.parse((await admin.get('/admin/procedures/export.json?status=draft')).body);
    assert.deepEqual(contents(again), contents(doc), 'the imported drafts hold exactly what was exported');
    assert.ok(again.procedures.every((p: { status: string; effectiveFrom: unknown }) => p.status === 'draft' && p.effectiveFrom === null));
    // Drafts are open for every code: importing again writes nothing and says why, row by row.
    const refusedAgain = await refused(400, () => upload(admin, 'danh-muc.json', Buffer.from(exported.body)), /thủ tục 1\.001193 đang có bản nháp phiên bản 3/);
    assert.match(mainText(refusedAgain.body), new RegExp(`${inForce} thủ tục trong tệp có lỗi`));
    // The public is unaffected by drafts.
    assert.equal((await t.anonymous().get('/api/v1/procedures/1.001193')).json().version, 1);
  });

  it('export → import → export gives the same workbook (XLSX), in the documented layout, with the same content as JSON', async () => {
    await deleteDrafts();
    const json = JSON.parse((await admin.get('/admin/procedures/export.json')).body);
    const exported = await admin.get('/admin/procedures/export.xlsx');
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(exported.rawPayload.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
    const cells = await workbookCells(exported.rawPayload);
    assert.deepEqual(Object.keys(cells), ['Thủ tục', 'Thành phần', 'Hướng dẫn']);
    const header = cells['Thủ tục']![0]!;
    for (const column of ['code', 'version', 'name', 'agencies', 'feeLines', 'formDefinition', 'onlineLevel']) assert.ok(header.includes(column), column);
    assert.deepEqual(cells['Thành phần']![0], ['code', 'version', 'position', 'name', 'originals', 'copies', 'required', 'templateFile']);
    assert.equal(cells['Thủ tục']!.length - 1, json.procedures.length);
    const copy = cells['Thủ tục']!.find((r) => r[0] === '2.000815')!;
    assert.deepEqual(JSON.parse(String(copy[header.indexOf('feeLines')])), [{ label: 'Phí chứng thực', amount: 2000, basis: 'per_page', unitLabel: 'đồng/trang', fromPage: { page: 3, amount: 1000 }, capPerCopy: 200_000 }]);
    assert.ok(cells['Hướng dẫn']!.some((r) => r[1] === 'feeLines' && String(r[4]).includes('JSON')));

    const res = await upload(admin, 'danh-muc.xlsx', exported.rawPayload);
    assert.equal(res.statusCode, 303, mainText(res.body).slice(0, 800));
    const again = await admin.get('/admin/procedures/export.xlsx?status=draft');
    const cellsAgain = await workbookCells(again.rawPayload);
    // Same cells except the version number, status and date of each row.
    const strip = (sheet: (string | number | boolean | null)[][], drop: string[]) => {
      const keep = sheet[0]!.map((h, i) => (drop.includes(String(h)) ? -1 : i)).filter((i) => i >= 0);
      return sheet.map((row) => keep.map((i) => row[i] ?? null)).sort((a, b) => String(a.join('|')).localeCompare(String(b.join('|'))));
    };
    assert.deepEqual(strip(cellsAgain['Thủ tục']!, ['version', 'status', 'effectiveFrom']), strip(cells['Thủ tục']!, ['version', 'status', 'effectiveFrom']));
    assert.deepEqual(strip(cellsAgain['Thành phần']!, ['version']), strip(cells['Thành phần']!, ['version']));
    assert.deepEqual(cellsAgain['Hướng dẫn'], cells['Hướng dẫn']);
    // And what the workbook carried is what the JSON export says.
    assert.deepEqual(contents(JSON.parse((await admin.get('/admin/procedures/export.json?status=draft')).body)), contents(json));
    await deleteDrafts();
  });

  it('refuses fake, oversized and garbage files with a 4xx and a message, writing nothing', async () => {
    const workbook = (await admin.get('/admin/procedures/export.xlsx')).rawPayload;
    const bomb = zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: Buffer.alloc(80 * 1024 * 1024) }]);
    assert.ok(bomb.length < 200_000, `the bomb is small (${bomb.length} bytes)`);
    const cases: [string, Uint8Array, RegExp][] = [
      ['seal.xlsx', makePng(40, 40), /đuôi \.xlsx nhưng nội dung không phải bảng tính Excel/],
      ['danh-muc.json', workbook, /đuôi \.json nhưng nội dung là tệp nén/],
      ['danh-muc.txt', Buffer.from('[]'), /Chỉ nhận tệp \.json hoặc \.xlsx/],
      ['danh-muc.json', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]), /phải là văn bản mã hóa UTF-8/],
      ['danh-muc.json', Buffer.from('xin chào'), /Tệp không phải JSON/],
      ['danh-muc.json', Buffer.from('{"procedures": ['), /lỗi cú pháp/],
      ['danh-muc.json', Buffer.from('{"format": "other", "procedures": []}'), /Tệp không phải danh mục thủ tục/],
      ['danh-muc.json', Buffer.from('{"procedures": []}'), /không có thủ tục nào/],
      ['danh-muc.json', Buffer.from('[{"code": "1.001193", "name": "\\u0000"}]'), /ký tự không lưu được/],
      ['danh-muc.json', Buffer.from(JSON.stringify(Array.from({ length: 2001 }, () => ({})))), /quá 2000 thủ tục/],
      ['danh-muc.xlsx', zip([{ name: 'readme.txt', data: Buffer.from('hello') }]), /Không đọc được tệp XLSX/],
      ['danh-muc.xlsx', bomb, /giải nén quá lớn/],
      ['danh-muc.xlsx', workbook.subarray(0, workbook.length - 100), /Không đọc được tệp XLSX/],
      ['danh-muc.json', Buffer.alloc(3 * 1024 * 1024 + 10, 0x20), /Tệp lớn quá 3 MB/],
    ];
    for (const [name, data, message] of cases) {
      const res = await refused(400, () => upload(admin, name, data), message);
      assert.match(res.body, /<input id="f-file" name="file" type="file"/, `${name}: the form to try again`);
    }
    await refused(400, () => admin.postMultipart('/admin/procedures/import', {}, []), /Chưa chọn tệp/);
    await refused(413, () => upload(admin, 'huge.json', Buffer.alloc(5 * 1024 * 1024, 0x20)));
    // Not a file upload at all: there is no file.
    await refused(400, () => admin.postJson('/admin/procedures/import', { procedures: [] }), /Chưa chọn tệp/);
  });

  it('lists the problems of every bad row, with the field, and imports none of the good rows', async () => {
    const doc = JSON.parse((await admin.get('/admin/procedures/export.json')).body);
    const items = doc.procedures.slice(0, 3);
    items[1] = { ...items[1], feeStatus: 'charged', feeLines: [{ label: 'Phí', amount: 'năm nghìn', basis: 'per_case', unitLabel: 'đồng' }], colour: 'red' };
    items[2] = { ...items[2], formDefinition: { sections: [{ title: 'A', fields: [{ name: 'a', type: 'text', label: 'A', showIf: { field: 'b', in: ['x'] } }] }] } };
    items.push({ ...items[0] });
    const res = await refused(400, () => upload(admin, 'sai.json', Buffer.from(JSON.stringify({ ...doc, procedures: items }))));
    const text = mainText(res.body);
    assert.match(text, /3 thủ tục trong tệp có lỗi/);
    assert.match(text, new RegExp(`Mục số 2 \\(${items[1].code.replace(/\./g, '\\.')}\\) .*Các dòng phí, lệ phí – dòng 1 – Số tiền \\(đồng\\): phải là số nguyên`));
    assert.match(text, /Mã thủ tục: có trường không được hỗ trợ: colour/);
    assert.match(text, /Mục số 3 .*Tờ khai trực tuyến \(JSON\): trường a phụ thuộc vào trường "b" không có trong tờ khai/);
    assert.match(text, new RegExp(`Mục số 4 \\(${items[0].code.replace(/\./g, '\\.')}\\) Mã thủ tục: mã ${items[0].code.replace(/\./g, '\\.')} xuất hiện nhiều lần`));
    assert.doesNotMatch(text, /Mục số 1 /, 'the first row is right');

    // A workbook edited by hand: a broken JSON cell and a component of no procedure.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await admin.get('/admin/procedures/export.xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Thủ tục')!;
    const feeColumn = (sheet.getRow(1).values as string[]).indexOf('feeLines');
    sheet.getRow(5).getCell(feeColumn).value = '[{"label": "Phí", ';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    await refused(400, () => upload(admin, 'sua-tay.xlsx', broken), /Trang "Thủ tục", dòng 5 \(\d\.\d{6}\) Các dòng phí, lệ phí: ô này phải chứa JSON hợp lệ/);
    wb.getWorksheet('Thành phần')!.addRow(['9.999999', 1, 1, 'Giấy tờ lạc', 1, 0, true]);
    const orphan = Buffer.from(await wb.xlsx.writeBuffer());
    await refused(400, () => upload(admin, 'sua-tay.xlsx', orphan), /không có thủ tục mã 9\.999999/);
  });

  it('answers the export API with the same document, documented in OpenAPI', async () => {
    const api = await admin.get('/api/v1/admin/procedures/export?status=all');
    assert.equal(api.statusCode, 200);
    const page = JSON.parse((await admin.get('/admin/procedures/export.json?status=all')).body);
    assert.deepEqual({ ...(api.json() as object), exportedAt: null }, { ...page, exportedAt: null });
    assert.equal((await admin.get('/api/v1/admin/procedures/export?status=bogus')).statusCode, 400);
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    assert.equal(doc.paths['/api/v1/admin/procedures/export'].get.operationId, 'exportProcedures');
  });

  it('shows no message key and no unescaped markup on any editor page', async () => {
    const evil = '<script>alert(1)</script>';
    const res = await admin.postForm('/admin/procedures', newProcedureForm({ code: '2.000002.H38', name: evil, field: evil }));
    assert.equal(res.statusCode, 303);
    const urls = ['/admin/procedures', '/admin/procedures?status=draft', '/admin/procedures/new', '/admin/procedures/new?from=2.000815', '/admin/procedures/2.000002.H38',
      '/admin/procedures/2.000002.H38/versions/1', '/admin/procedures/2.000002.H38/versions/1/edit', '/admin/procedures/1.001193', '/admin/procedures/1.001193/versions/2'];
    for (const url of urls) {
      for (const cookie of ['', 'sc_lang=en']) {
        const page = await admin.get(url, { cookie: `${[...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}${cookie ? `; ${cookie}` : ''}` });
        assert.equal(page.statusCode, 200, url);
        assert.doesNotMatch(page.body, /catalogue_admin\.|catalogue\.[a-z_]+\.[a-z_]+/, `${url} ${cookie}: a message key is shown`);
        assert.ok(!page.body.includes(evil), `${url}: escaped`);
      }
    }
    assert.equal((await admin.get('/admin/procedures/9.999999')).statusCode, 404);
    assert.equal((await admin.get('/admin/procedures/%3Cb%3E')).statusCode, 404);
    assert.equal((await admin.get('/admin/procedures/1.001193/versions/99')).statusCode, 404);
    assert.equal((await admin.get('/admin/procedures/1.001193/versions/abc')).statusCode, 404);
    assert.equal((await admin.get('/admin/procedures/new?from=9.999999')).statusCode, 404);
  });
});
