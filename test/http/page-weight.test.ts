/**
 * Page weight on a cheap phone and a slow connection: every page a citizen meets on the way from the
 * home page to a filed record, with everything it makes the browser fetch (stylesheets, scripts,
 * images, the icon), stays under a budget; and nothing is loaded from, or sent to, another host.
 *
 * Measured uncompressed (bytes as the application sends them, before any proxy compresses them), through
 * app.inject over a real, demo-seeded database.
 *
 *   ARGON2_FAST=1 node --import tsx --test test/http/page-weight.test.ts
 */
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';

/** HTML plus everything it references, per page, uncompressed. */
const BUDGET_BYTES = 60_000;
const BIRTH = '1.001193';

/** Attributes holding a URL the browser fetches, navigates to or posts to. */
const URL_ATTRIBUTE = /\s(src|href|action|formaction|srcset|poster|data|xlink:href|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
/**
 * A scheme (http:, https:, javascript:, …) or a protocol-relative `//host`: anything not on this site.
 * data:, mailto:, tel: and sms: name no host to fetch from and are allowed.
 */
const OFF_SITE = /^\s*(?:(?!(?:data|mailto|tel|sms):)[a-z][a-z0-9+.-]*:|\/\/|\\\\|\/\\)/i;

interface Subresource {
  url: string;
  kind: 'stylesheet' | 'script' | 'image' | 'icon';
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** What the browser fetches to show the page: <link rel=stylesheet|icon>, <script src>, <img src>. */
function subresources(page: string): Subresource[] {
  const found: Subresource[] = [];
  for (const [tag] of page.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(tag, 'href');
    if (!href) continue;
    if (rel.includes('stylesheet')) found.push({ url: href, kind: 'stylesheet' });
    else if (rel.includes('icon') || rel.includes('preload') || rel.includes('modulepreload')) found.push({ url: href, kind: 'icon' });
  }
  for (const [tag] of page.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src) found.push({ url: src, kind: 'script' });
  }
  for (const [tag] of page.matchAll(/<img\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src) found.push({ url: src, kind: 'image' });
  }
  return found;
}

/** Every URL-valued attribute pointing off this site (the `content` of meta tags only when it is a URL). */
function offSiteUrls(page: string): string[] {
  const bad: string[] = [];
  for (const m of page.matchAll(URL_ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    const value = (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&');
    if (name === 'content' && !/^\s*(?:[a-z][a-z0-9+.-]*:\/\/|\/\/|\d+\s*;\s*url=)/i.test(value)) continue;
    const urls = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [name === 'content' ? value.replace(/^\s*\d+\s*;\s*url=/i, '') : value];
    for (const url of urls) if (OFF_SITE.test(url)) bad.push(`${name}="${value}"`);
  }
  return bad;
}

describe('page weight of the citizen pages (HTML + CSS + JS + images ≤ 60 000 bytes, nothing from other hosts)', () => {
  let t: TestApp;
  let anonymous: Client;
  let citizen: Client;
  let draftUrl: string;
  let receiptUrl: string;
  const sizes = new Map<string, number>();

  before(async () => {
    t = await createTestApp();
    anonymous = t.anonymous();
    citizen = await t.signIn('0912000001');
    const unitId = String(t.unit('Xã Mường Đăng').id);
    const saved = await citizen.postForm(`/thu-tuc/${BIRTH}/nop`, {
      unitId,
      applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông, xã Mường Đăng',
      relation: 'cha_me', childName: 'Lò Văn An', childSex: 'nam', childBirthDate: '2026-01-20', childBirthPlace: 'Trạm y tế xã Mường Đăng',
      childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong', next: 'attach',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    draftUrl = String(saved.headers.location);
    assert.match(draftUrl, /^\/ho-so\/nhap\/[A-Za-z0-9_-]{22}$/);
    const up = await citizen.postMultipart(`${draftUrl}/tep`, { component: '4' }, [{ name: 'file', filename: 'giay-chung-sinh.pdf', type: 'application/pdf', data: makePdf() }]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 400));
    // The draft page is measured before submitting turns it into a record; a second draft for the receipt.
    const second = await citizen.postForm(`/thu-tuc/${BIRTH}/nop`, { unitId, applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', relation: 'cha_me', childName: 'Lò Thị Bình', childSex: 'nu', childBirthDate: '2026-02-03', childBirthPlace: 'Trạm y tế xã Mường Đăng', childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong', next: 'attach' });
    assert.equal(second.statusCode, 303, second.body.slice(0, 400));
    const done = await citizen.postForm(`${second.headers.location}/nop`, { declaration: 'on' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    receiptUrl = String(done.headers.location);
    assert.match(receiptUrl, /^\/ho-so\/H11\.35\.01-\d{6}-\d{4}$/);
  });

  after(async () => {
    if (sizes.size > 0) {
      const width = Math.max(...[...sizes.keys()].map((k) => k.length));
      console.log(`# page weight (bytes, uncompressed; budget ${BUDGET_BYTES}):\n${[...sizes].map(([k, v]) => `#   ${k.padEnd(width)}  ${String(v).padStart(6)}`).join('\n')}`);
    }
    await t?.close();
  });

  /** Fetches the page and what it references; asserts the budget and that nothing is off-site. */
  async function weigh(tc: TestContext, name: string, client: Client, fetchPage: () => ReturnType<Client['get']>): Promise<void> {
    const page = await fetchPage();
    assert.equal(page.statusCode, 200, `${name}: ${page.body.slice(0, 300)}`);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const htmlBytes = page.rawPayload.length;
    assert.ok(htmlBytes > 500, `${name}: an HTML page (${htmlBytes} bytes)`);

    assert.deepEqual(offSiteUrls(page.body), [], `${name}: URLs pointing to another host`);

    const resources = subresources(page.body);
    assert.ok(resources.some((r) => r.kind === 'stylesheet' && r.url.startsWith('/static/')), `${name}: the stylesheet is referenced (found ${JSON.stringify(resources)})`);
    let total = htmlBytes;
    const parts = [`HTML ${htmlBytes}`];
    for (const r of new Map(resources.map((x) => [x.url, x])).values()) {
      const res = await client.get(r.url);
      assert.equal(res.statusCode, 200, `${name}: ${r.kind} ${r.url} answers ${res.statusCode}`);
      assert.ok(res.rawPayload.length > 0, `${name}: ${r.url} is empty`);
      total += res.rawPayload.length;
      parts.push(`${r.url} ${res.rawPayload.length}`);
      if (r.kind === 'stylesheet') {
        // What the stylesheet itself loads (fonts, images) counts too; data: URIs are already in its bytes.
        const css = res.body;
        assert.doesNotMatch(css, /@import/i, `${r.url} imports another stylesheet`);
        for (const [, url] of css.matchAll(/url\(\s*['"]?([^'")\s]+)/gi)) {
          assert.doesNotMatch(url!, OFF_SITE, `${r.url} loads ${url} from another host`);
          if (/^data:/i.test(url!)) continue;
          const ref = new URL(url!, `http://localhost${r.url}`).pathname;
          const loaded = await client.get(ref);
          assert.equal(loaded.statusCode, 200, `${name}: ${ref} (from ${r.url}) answers ${loaded.statusCode}`);
          total += loaded.rawPayload.length;
          parts.push(`${ref} ${loaded.rawPayload.length}`);
        }
      }
    }
    sizes.set(name, total);
    tc.diagnostic(`${name}: ${total} bytes (${parts.join(', ')})`);
    assert.ok(total > htmlBytes, `${name}: the referenced files were counted`);
    assert.ok(total <= BUDGET_BYTES, `${name}: ${total} bytes is over the budget of ${BUDGET_BYTES} (${parts.join(', ')})`);
  }

  it('the public pages: home, procedures, a search, a procedure, tracking, sign-in', async (tc) => {
    await weigh(tc, 'home (anonymous) /', anonymous, () => anonymous.get('/'));
    await weigh(tc, '/thu-tuc', anonymous, () => anonymous.get('/thu-tuc'));
    await weigh(tc, '/thu-tuc?q=dang ky khai sinh', anonymous, () => anonymous.get('/thu-tuc?q=dang+ky+khai+sinh'));
    await weigh(tc, `/thu-tuc/${BIRTH}`, anonymous, () => anonymous.get(`/thu-tuc/${BIRTH}`));
    await weigh(tc, '/tra-cuu', anonymous, () => anonymous.get('/tra-cuu'));
    await weigh(tc, '/login', anonymous, () => anonymous.get('/login'));
  });

  it('the signed-in citizen pages: home, the form, a draft with a file, a receipt, my records, a tracking result', async (tc) => {
    await weigh(tc, 'home (citizen) /', citizen, () => citizen.get('/'));
    await weigh(tc, `/thu-tuc/${BIRTH}/nop (form)`, citizen, () => citizen.get(`/thu-tuc/${BIRTH}/nop`));
    await weigh(tc, '/ho-so/nhap/… (draft)', citizen, () => citizen.get(draftUrl));
    await weigh(tc, '/ho-so/… (receipt)', citizen, () => citizen.get(receiptUrl));
    await weigh(tc, '/ho-so', citizen, () => citizen.get('/ho-so'));
    const code = decodeURIComponent(receiptUrl.replace('/ho-so/', ''));
    await weigh(tc, '/tra-cuu (result)', anonymous, () => anonymous.postForm('/tra-cuu', { code, idNumber: '011190001234' }));
  });

  it('the checks can fail: an off-site URL and a missing stylesheet are caught', () => {
    assert.deepEqual(offSiteUrls('<a href="/thu-tuc">a</a><form action="/tra-cuu"><img src="/static/x.png"></form>'), []);
    assert.equal(offSiteUrls('<script src="https://cdn.example.com/x.js"></script>').length, 1);
    assert.equal(offSiteUrls('<img src="//cdn.example.com/x.png">').length, 1);
    assert.equal(offSiteUrls("<link rel=stylesheet href='http://fonts.example.com/a.css'>").length, 1);
    assert.equal(offSiteUrls('<meta http-equiv="refresh" content="0; url=https://evil.example/">').length, 1);
    assert.equal(offSiteUrls('<a href="javascript:alert(1)">x</a>').length, 1);
    assert.deepEqual(offSiteUrls('<a href="tel:0215383xxxx">gọi</a><img src="data:image/png;base64,AAAA" alt="">'), []);
    assert.deepEqual(subresources('<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js"></script>').map((r) => r.kind), ['stylesheet', 'script']);
    assert.deepEqual(subresources('<p>no styles</p>'), []);
  });
});
