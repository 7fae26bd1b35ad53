import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { seedCatalogue } from '../../src/modules/catalogue/index.ts';

const names = (body: string) => [...body.matchAll(/<li><a href="\/thu-tuc\/([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ code: m[1]!, name: m[2]! }));

describe('procedure catalogue: public pages and API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('is loaded once, audited, and not loaded again', async () => {
    const count = Number((await sql<{ n: string }>`select count(*) as n from procedures`.execute(t.database.db)).rows[0]!.n);
    assert.ok(count >= 25, String(count));
    assert.equal(await seedCatalogue(t.database.db), 0);
    const audit = (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'catalogue.seeded'`.execute(t.database.db)).rows[0]!.n;
    assert.equal(Number(audit), 1);
  });

  it('finds "Đăng ký kết hôn" from "dang ky ket hon", first', async () => {
    const res = await t.anonymous().get('/thu-tuc?q=dang+ky+ket+hon');
    assert.equal(res.statusCode, 200);
    const found = names(res.body);
    assert.ok(found.length >= 2, res.body.slice(0, 500));
    assert.equal(found[0]!.name, 'Thủ tục đăng ký kết hôn');
    assert.ok(found.every((p) => /kết hôn/i.test(p.name)), JSON.stringify(found));
  });

  it('ignores diacritics and case both ways: đ ≡ d', async () => {
    const api = async (q: string) => (await t.anonymous().get(`/api/v1/procedures?limit=100&q=${encodeURIComponent(q)}`)).json() as { total: number; items: { code: string }[] };
    const plain = await api('dang ky khai tu');
    const accented = await api('ĐĂNG KÝ KHAI TỬ');
    const decomposed = await api('đăng ký khai tử'.normalize('NFD'));
    assert.ok(plain.total >= 3);
    assert.deepEqual(accented.items.map((i) => i.code), plain.items.map((i) => i.code));
    assert.deepEqual(decomposed.items.map((i) => i.code), plain.items.map((i) => i.code));
    assert.ok(plain.items.some((i) => i.code === '1.000656'));
    assert.equal((await api('chứng thực bản sao')).items[0]!.code, '2.000815');
    assert.equal((await api('1.004873')).items[0]!.code, '1.004873', 'by code');
    assert.equal((await api('khai sinh xyzzy')).total, 0, 'every word must match');
  });

  it('filters by field and by online level', async () => {
    const all = (await t.anonymous().get('/api/v1/procedures?limit=100')).json() as { total: number; items: { field: string; onlineLevel: string }[] };
    const ht = (await t.anonymous().get(`/api/v1/procedures?limit=100&field=${encodeURIComponent('Chứng thực')}`)).json() as typeof all;
    assert.ok(ht.total >= 10 && ht.total < all.total);
    assert.ok(ht.items.every((i) => i.field === 'Chứng thực'));
    const none = (await t.anonymous().get('/api/v1/procedures?limit=100&level=none')).json() as typeof all;
    assert.ok(none.total > 0 && none.total < all.total);
    assert.ok(none.items.every((i) => i.onlineLevel === 'none'));
    const page = await t.anonymous().get(`/thu-tuc?q=&field=${encodeURIComponent('Chứng thực')}&level=`);
    assert.equal(page.statusCode, 200);
    assert.ok(names(page.body).length >= 10);
    assert.match(page.body, /<option value="Chứng thực" selected>/);
    assert.match(page.body, /2\.000 đ\/trang/);
  });

  it('pages through the whole catalogue', async () => {
    const first = await t.anonymous().get('/thu-tuc');
    assert.equal(names(first.body).length, 20);
    assert.match(first.body, /href="\/thu-tuc\?page=2" rel="next"/);
    const second = await t.anonymous().get('/thu-tuc?page=2');
    assert.equal(names(second.body).length, 20);
    assert.equal(names(first.body).filter((a) => names(second.body).some((b) => b.code === a.code)).length, 0);
  });

  it('shows the seven parts, components, fees and legal basis', async () => {
    const res = await t.anonymous().get('/thu-tuc/2.000815');
    assert.equal(res.statusCode, 200);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) assert.match(res.body, new RegExp(`<h2 id="part-${n}">${n}\\. `), `part ${n}`);
    for (const text of ['Trình tự thực hiện', 'Cách thức thực hiện', 'Thành phần, số lượng hồ sơ', 'Đối tượng thực hiện', 'Cơ quan thực hiện', 'Ủy ban nhân dân cấp xã', 'Bản chính giấy tờ', 'tối đa 200.000 đ/bản', '226/2016/TT-BTC', 'Căn cứ pháp lý']) {
      assert.ok(res.body.includes(text), text);
    }
    // 5 pages: 2 × 2.000 + 3 × 1.000 = 7.000 đ a copy; 2 copies.
    assert.ok(res.body.includes('2 bản sao: 14.000 đ'), 'fee example');
    const en = await t.anonymous().get('/thu-tuc/1.001193', { cookie: 'sc_lang=en' });
    assert.match(en.body, /How to file/);
    assert.match(en.body, /Free/);
  });

  it('answers the API with the documented shapes', async () => {
    const one = await t.anonymous().get('/api/v1/procedures/1.001193');
    assert.equal(one.statusCode, 200);
    const p = one.json();
    assert.equal(p.name, 'Thủ tục đăng ký khai sinh');
    assert.deepEqual(p.fee, { status: 'free', lines: [] });
    assert.equal(p.effectiveFrom, '2025-07-01');
    assert.ok(p.components.length >= 5 && p.steps.length >= 4);
    assert.ok(p.formDefinition.sections.flatMap((s: { fields: unknown[] }) => s.fields).some((f: { name: string }) => f.name === 'childName'));
    const list = (await t.anonymous().get('/api/v1/procedures?q=khai+sinh&limit=2&offset=1')).json();
    assert.deepEqual(Object.keys(list).sort(), ['items', 'limit', 'offset', 'total']);
    assert.equal(list.items.length, 2);
    assert.deepEqual(Object.keys(list.items[0]).sort(), ['code', 'fee', 'field', 'implementingLevel', 'name', 'onlineLevel', 'processingTime']);
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    assert.equal(doc.paths['/api/v1/procedures'].get.operationId, 'listProcedures');
    assert.equal(doc.paths['/api/v1/procedures/{code}'].get.operationId, 'getProcedure');
  });

  it('answers an unknown code with 404 and a message', async () => {
    const api = await t.anonymous().get('/api/v1/procedures/9.999999');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'catalogue.not_found');
    assert.match(api.json().error.message.vi, /9\.999999/);
    assert.match(api.json().error.message.en, /no procedure/);
    const page = await t.anonymous().get('/thu-tuc/9.999999');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Không có thủ tục mang mã 9\.999999/);
    assert.equal((await t.anonymous().get('/thu-tuc/%3Cscript%3E')).statusCode, 404);
  });

  it('answers hostile query strings with 4xx, never 5xx, and escapes what it echoes', async () => {
    const urls = [
      `/thu-tuc?q=${'a'.repeat(201)}`, '/thu-tuc?page=0', '/thu-tuc?page=abc', '/thu-tuc?page=99999', '/thu-tuc?level=bogus', '/thu-tuc?q=a&q=b',
      '/thu-tuc?q=%00', '/thu-tuc?q=%E0%A4%A', `/api/v1/procedures?limit=1000`, '/api/v1/procedures?offset=-1', '/api/v1/procedures?level=',
      `/api/v1/procedures/${'1'.repeat(100)}`, '/api/v1/procedures?q=%ff',
    ];
    for (const url of urls) {
      const res = await t.anonymous().get(url);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url} → ${res.statusCode}`);
    }
    for (const q of ['%', '_', '\\', "' or 1=1 --", '%%%___', '<script>alert(1)</script>', 'đ'.repeat(200)]) {
      const res = await t.anonymous().get(`/thu-tuc?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q);
      assert.ok(!res.body.includes('<script>alert'), 'echoed query is escaped');
    }
    const sqlish = (await t.anonymous().get(`/api/v1/procedures?q=${encodeURIComponent("' or 1=1 --")}`)).json();
    assert.equal(sqlish.total, 0);
  });

  it('is linked from the public home page and the navigation', async () => {
    const home = await t.anonymous().get('/');
    assert.match(home.body, /href="\/thu-tuc"/);
    assert.match(home.body, /<nav[^>]*>.*href="\/thu-tuc"/s);
  });
});
