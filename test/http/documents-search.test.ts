import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { registerIncomingInTrx } from '../../src/modules/documents/register-incoming.ts';
import type { NewIncoming } from '../../src/modules/documents/register-incoming.ts';
import { makePng } from '../support/png.ts';

const SECRET_SUBJECT = 'Kế hoạch bảo vệ bí mật nhà nước năm 2026';

describe('searching documents', () => {
  let t: TestApp;
  let md: number;
  let ph: number;
  let ids: { decision: number; vaccination: number; other12: number; secret: number; phinho: number; scan: number };
  let chairman: Client;
  let specialist: Client;
  let specialistId: number;

  const register = async (d: Partial<NewIncoming> & Pick<NewIncoming, 'unitId' | 'subject'>) => (await t.database.db.transaction().execute((trx) => registerIncomingInTrx(trx, {
    typeCode: 'CV', numberText: null, documentDate: '2026-03-01', senderName: 'UBND tỉnh Điện Biên', channel: 'paper', receivedAt: new Date('2026-03-05T02:00:00Z'),
    by: { id: null, name: 'Văn thư' }, files: [], ...d,
  }))).id;

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    const db = t.database.db;
    specialistId = Number((await sql<{ id: string }>`select id from officials where username = 'chuyenmon.muongdang'`.execute(db)).rows[0]!.id);
    ids = {
      decision: await register({ unitId: md, typeCode: 'QĐ', subject: 'Quyết định phê duyệt kế hoạch phòng chống thiên tai năm 2026', numberText: '12/QĐ-UBND', documentDate: '2026-02-27' }),
      vaccination: await register({
        unitId: md, subject: 'V/v tăng cường công tác tiêm chủng mở rộng', numberText: '45/SYT-NVY', senderName: 'Sở Y tế tỉnh Điện Biên', receivedAt: new Date('2026-04-10T03:00:00Z'), documentDate: '2026-04-08',
        files: [{ kind: 'main', fileName: 'cv45.pdf', contentType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4 x'), textContent: 'Đề nghị trạm y tế tổ chức tiêm bù cho trẻ em bản Huổi Khon trước ngày 30/4.' }],
      }),
      other12: await register({ unitId: md, typeCode: 'QĐ', subject: 'Quyết định thành lập tổ công tác', numberText: '13/QĐ-UBND', documentDate: '2026-01-15', receivedAt: new Date('2026-01-20T02:00:00Z') }),
      secret: await register({ unitId: md, typeCode: 'KH', subject: SECRET_SUBJECT, numberText: '07/KH-CAT', senderName: 'Công an tỉnh Điện Biên', confidential: true }),
      phinho: await register({ unitId: ph, typeCode: 'QĐ', subject: 'Quyết định phê duyệt kế hoạch phòng chống thiên tai xã Phìn Hồ', numberText: '12/QĐ-UBND' }),
      scan: await register({ unitId: md, subject: 'Giấy mời họp giao ban', files: [{ kind: 'scan', fileName: 'scan.png', contentType: 'image/png', data: makePng(40, 40) }] }),
    };
    for (let i = 1; i <= 25; i++) await register({ unitId: md, typeCode: 'TB', subject: `Thông báo lịch họp tuần ${i}`, receivedAt: new Date(Date.UTC(2026, 5, i, 2)) });
    // The specialist is the main handler of the decision.
    await sql`insert into document_assignments (document_id, unit_id, official_id, official_name, role) values (${ids.decision}, ${md}, ${specialistId}, 'Cà Văn Tư', 'main')`.execute(db);
    await sql`update documents set status = 'assigned' where id = ${ids.decision}`.execute(db);
    chairman = await t.signIn('chutich.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
  });
  after(() => t.close());

  const page = (c: Client, unit: number, query: string) => c.get(`/admin/units/${unit}/documents/search?${query}`);
  const api = async (c: Client, unit: number, query: string) => {
    const res = await c.get(`/api/v1/units/${unit}/documents?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { total: number; page: number; words: string[]; items: { id: number; subject: string; snippet: string; numberText: string | null; confidential: boolean }[] };
  };
  const found = (body: string) => [...body.matchAll(/data-document="(\d+)"/g)].map((m) => Number(m[1]));

  it('finds subject words typed without diacritics, and highlights them as written', async () => {
    const res = await page(chairman, md, 'q=quyet+dinh+phong+chong+thien');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(found(res.body), [ids.decision]);
    assert.match(res.body, /<mark>Quyết<\/mark> <mark>định<\/mark>/);
    assert.match(res.body, /<mark>thiên<\/mark>/, 'the last word as a prefix');
    assert.match(res.body, /data-count="1"/);
    const withMarks = await api(chairman, md, 'q=QUYẾT+ĐỊNH');
    assert.deepEqual(withMarks.items.map((i) => i.id).sort(), [ids.decision, ids.other12].sort());
  });

  it('finds a document by its number and symbol, the exact one first', async () => {
    const r = await api(chairman, md, `q=${encodeURIComponent('12/QĐ-UBND')}`);
    assert.equal(r.items[0]!.id, ids.decision);
    assert.equal(r.items[0]!.numberText, '12/QĐ-UBND');
    assert.ok(!r.items.some((i) => i.id === ids.phinho), 'not Phìn Hồ’s 12/QĐ-UBND');
    assert.deepEqual(r.words, ['12', 'qd', 'ubnd']);
  });

  it('searches the files’ text and shows a snippet of it', async () => {
    const r = await api(chairman, md, 'q=huoi+kho');
    assert.deepEqual(r.items.map((i) => i.id), [ids.vaccination]);
    assert.match(r.items[0]!.snippet, /huoi khon/);
    const res = await page(chairman, md, 'q=Hu%E1%BB%95i+Khon');
    assert.match(res.body, /data-snippet/);
    assert.match(res.body, /<mark>huoi<\/mark> <mark>khon<\/mark>/);
  });

  it('filters by direction, type, sender, period, status and handler', async () => {
    const ids_ = async (query: string) => (await api(chairman, md, query)).items.map((i) => i.id).sort((a, b) => a - b);
    assert.deepEqual(await ids_('q=quyet&direction=outgoing'), []);
    assert.deepEqual(await ids_('q=quyet&direction=incoming&type=Q%C4%90'), [ids.decision, ids.other12].sort((a, b) => a - b));
    assert.deepEqual(await ids_('type=CV&sender=so+y+te'), [ids.vaccination]);
    assert.deepEqual(await ids_(`sender=${encodeURIComponent('SỞ Y TẾ')}`), [ids.vaccination], 'the sender ignoring diacritics and case');
    assert.deepEqual(await ids_('q=quyet&from=2026-01-01&to=2026-01-31'), [ids.other12], 'received in January (Vietnam days)');
    assert.deepEqual(await ids_('q=quyet&dateField=document&from=2026-02-27&to=2026-02-27'), [ids.decision], 'by the document’s own date');
    assert.deepEqual(await ids_('status=assigned'), [ids.decision]);
    assert.deepEqual(await ids_(`handler=${specialistId}`), [ids.decision]);
    const res = await page(chairman, md, `handler=${specialistId}&status=assigned`);
    assert.match(res.body, new RegExp(`<option value="${specialistId}" selected>`), 'the handler is offered and kept selected');
  });

  it('pages the results: 20 a page, relevance then newest first, with links', async () => {
    const first = await api(chairman, md, 'q=thong+bao+lich+hop');
    assert.equal(first.total, 25);
    assert.equal(first.items.length, 20);
    assert.equal(first.items[0]!.subject, 'Thông báo lịch họp tuần 25', 'equal relevance: newest first');
    const second = await api(chairman, md, 'q=thong+bao+lich+hop&page=2');
    assert.equal(second.items.length, 5);
    assert.equal(second.items.at(-1)!.subject, 'Thông báo lịch họp tuần 1');
    assert.equal(new Set([...first.items, ...second.items].map((i) => i.id)).size, 25, 'no document on both pages');
    const html = await page(chairman, md, 'q=thong+bao+lich+hop');
    assert.match(html.body, /rel="next" href="\/admin\/units\/\d+\/documents\/search\?q=thong\+bao\+lich\+hop&amp;dateField=received&amp;page=2"|rel="next" href="[^"]*page=2"/);
    const beyond = await api(chairman, md, 'q=thong+bao+lich+hop&page=3');
    assert.equal(beyond.total, 25);
    assert.equal(beyond.items.length, 0);
  });

  it('shows confidential documents to the leaders and to those assigned, not to the other officials', async () => {
    const leader = await api(chairman, md, 'q=bi+mat+nha+nuoc');
    assert.deepEqual(leader.items.map((i) => [i.id, i.confidential]), [[ids.secret, true]]);
    const other = await page(specialist, md, 'q=bi+mat+nha+nuoc');
    assert.equal(other.statusCode, 200);
    assert.ok(!other.body.includes(SECRET_SUBJECT));
    assert.match(other.body, /data-count="0"/, 'not even counted');
    assert.equal((await api(specialist, md, 'type=KH')).total, 0);
    await sql`insert into document_assignments (document_id, unit_id, official_id, official_name, role) values (${ids.secret}, ${md}, ${specialistId}, 'Cà Văn Tư', 'co')`.execute(t.database.db);
    assert.deepEqual((await api(specialist, md, 'q=bi+mat+nha+nuoc')).items.map((i) => i.id), [ids.secret], 'once assigned, he finds it');
  });

  it('says when files wait for their text', async () => {
    const res = await page(chairman, md, '');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-pending="1"/, 'the scan registered without text');
    assert.match(res.body, /Nhập từ khóa hoặc chọn bộ lọc/);
  });

  it('refuses bad filters with a 400 and a message, and units that hold no documents with a 404', async () => {
    const bad = await page(chairman, md, 'from=2026-13-01');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Ngày không hợp lệ/);
    assert.equal((await chairman.get(`/api/v1/units/${md}/documents?status=nowhere`)).statusCode, 400);
    const village = t.units.find((u) => u.kind === 'village' && u.name === 'Bản Co Muông')!;
    assert.equal((await page(chairman, village.id, 'q=quyet')).statusCode, 404);
    const digital = await t.signIn('tocns.muongdang');
    assert.equal((await page(digital, md, 'q=quyet')).statusCode, 403, 'the digital team does not read documents');
  });

  it('keeps communes apart: Phìn Hồ’s officials never see Mường Đăng’s documents, on the page or through the API', async () => {
    const phChairman = await t.signIn('chutich.phinho');
    for (const url of [`/admin/units/${md}/documents/search?q=quyet+dinh`, `/api/v1/units/${md}/documents?q=quyet+dinh`, `/api/v1/units/${md}/documents`]) {
      const res = await phChairman.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.ok(!res.body.includes('thiên tai năm 2026') && !res.body.includes('tiêm chủng'), url);
    }
    const own = await api(phChairman, ph, 'q=quyet+dinh+phong+chong');
    assert.deepEqual(own.items.map((i) => i.id), [ids.phinho]);
    const everything = await api(phChairman, ph, '');
    assert.deepEqual(everything.items.map((i) => i.id), [ids.phinho], 'only Phìn Hồ’s one document, whatever the filters');
    const mdSide = await api(chairman, md, `q=${encodeURIComponent('Phìn Hồ')}`);
    assert.equal(mdSide.total, 0, 'and the other way round');
  });
});
