/**
 * End to end, in a real browser on a 360 × 740 phone screen: a citizen files a birth registration
 * online and tracks it, clicked through as a person would, once with JavaScript and once without.
 *
 *   home → Thủ tục hành chính → search "dang ky khai sinh" (no accents) → the procedure →
 *   "Nộp hồ sơ trực tuyến" → sign in (the redirect brings them back) → the form: no agency chosen
 *   (errors), then saved half-filled and submitted (errors listing every missing answer, each linking
 *   to its field) → the whole form → attach a real PDF to "Giấy chứng sinh" → declaration → "Nộp hồ sơ"
 *   → the receipt (code H11.35.0x-yymmdd-nnnn, "Mới đăng ký") → my records → sign out → "Tra cứu hồ sơ"
 *   with the code and the ID number → the status.
 *
 * The real server (createServer over a fresh demo-seeded test database) listens on a free port; Debian's
 * Chromium (never a downloaded browser) drives it through playwright-core. Every page visited is
 *   - saved as a full-page screenshot in test-results/citizen-screenshots/NN-pass-name.png (a folder of
 *     its own: official-journey.test.ts empties test-results/screenshots when it starts, and the two files
 *     may run at the same time),
 *   - checked with axe-core (the same WCAG 2.0/2.1 A and AA plus best-practice tags as the official journey):
 *     zero violations. axe cannot run in a page with JavaScript off, so in that pass the page's DOM as
 *     the browser built it without scripts is replayed, at the same URL, into a page with JavaScript on
 *     (its <script> elements removed, so it stays the no-script DOM) and audited there,
 *   - checked for browser console errors (a CSP violation shows up there),
 *   - checked for sideways scrolling at 360 px (document scrollWidth ≤ clientWidth).
 *
 *   node scripts/run-tests.mjs test/e2e/citizen-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';
import {
  assertHeading, axeViolations, CHROMIUM, CHROMIUM_ARGS, consoleErrors, describeViolations, expectStatusLine, follow, horizontalOverflow, newPage, pathOf, ROOT,
} from '../support/browser.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'citizen-screenshots');
const WIDTH = 360;
const HEIGHT = 740;
const BIRTH = '1.001193';
const CODE = /^H11\.35\.0\d-\d{6}-\d{4}$/;
const CITIZEN = { login: '0912000001', name: 'Lò Thị Mai', idNumber: '011190001234', phone: '0912000001' };

/** The <dd> of the <dt> named `term` in a description list under `scope` ("Trạng thái" → "Mới đăng ký"). */
async function factOf(scope: Locator, term: string): Promise<string> {
  const dd = scope.locator('dl > dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*:?\\s*$`) }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await dd.count(), 1, `one "${term}" in the list`);
  return (await dd.innerText()).trim();
}

/** An ISO date `days` before today: a child born recently (birth dates may not be in the future). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe('a citizen files a birth registration on a phone and tracks it (Chromium, axe-core, 360 px)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let pdfPath: string;
  /** A page with JavaScript on, in which the no-JavaScript pages are replayed for axe. */
  let auditContext: BrowserContext;
  let replay: Page | undefined;
  let shotNumber = 0;

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    // A real file on disk, chosen through the file input as a person would.
    pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-citizen-')), 'giay-chung-sinh.pdf');
    fs.writeFileSync(pdfPath, makePdf('Giay chung sinh Lo Van An'));
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object', 'the server listens on a TCP port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    auditContext = await browser.newContext({ baseURL: base, locale: 'vi-VN', viewport: { width: WIDTH, height: HEIGHT } });
  });

  after(async () => {
    await auditContext?.close();
    await browser?.close();
    await t?.close();
    if (pdfPath) fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
  });

  /** axe over the page; with JavaScript off, over its DOM replayed into a page with JavaScript on. */
  async function audit(page: Page, javaScript: boolean): Promise<void> {
    let target = page;
    if (!javaScript) {
      const url = page.url();
      const dom = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
      replay ??= await auditContext.newPage();
      await replay.unrouteAll();
      await replay.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: dom }));
      await replay.goto(url);
      await replay.waitForLoadState('load');
      assert.equal(await replay.getByRole('main').innerText(), await page.getByRole('main').innerText(), 'the replayed page is the page seen without JavaScript');
      target = replay;
    }
    const violations = await axeViolations(target);
    assert.equal(violations.length, 0, describeViolations(`${page.url()}${javaScript ? '' : ' (no JavaScript, replayed)'}`, violations));
  }

  async function screenshotOnly(page: Page, pass: string, name: string): Promise<void> {
    shotNumber += 1;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shotNumber).padStart(2, '0')}-${pass}-${name}.png`) });
  }

  /** Everything checked on every page: screenshot, accessibility, console errors, no sideways scrolling. */
  async function checkPage(page: Page, pass: string, name: string, javaScript: boolean): Promise<void> {
    await page.waitForLoadState('load');
    shotNumber += 1;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shotNumber).padStart(2, '0')}-${pass}-${name}.png`), fullPage: true });
    await audit(page, javaScript);
    const errors = consoleErrors.get(page) ?? [];
    assert.deepEqual(errors.splice(0), [], `browser console errors on ${name} (${page.url()})`);
    const o = await horizontalOverflow(page, WIDTH);
    assert.ok(o.scrollWidth <= o.clientWidth, `${name} (${pathOf(page)}) scrolls sideways at ${WIDTH} px: scrollWidth ${o.scrollWidth} > ${o.clientWidth}; ${o.culprits.join(', ')}`);
  }

  for (const javaScript of [true, false]) {
    const pass = javaScript ? 'js' : 'nojs';

    it(`${javaScript ? 'with' : 'without'} JavaScript: search without accents, sign in, fill the form (with a round of errors), attach a PDF, submit, sign out, track`, { timeout: 300_000 }, async () => {
      const context = await browser.newContext({
        baseURL: base, locale: 'vi-VN', viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, javaScriptEnabled: javaScript,
      });
      context.setDefaultTimeout(15_000);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        const check = (name: string) => checkPage(page, pass, name, javaScript);

        // 1. The public home page, then the catalogue from the main navigation.
        await page.goto('/');
        await assertHeading(page, 'Cổng dịch vụ công của xã');
        await check('home');
        await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Thủ tục hành chính' }).click(), '/thu-tuc');
        await check('procedures');

        // 2. Searching without accents finds "Thủ tục đăng ký khai sinh", first.
        await page.getByRole('search').getByLabel('Tên hoặc mã thủ tục').fill('dang ky khai sinh');
        await follow(page, () => page.getByRole('search').getByRole('button', { name: 'Tìm kiếm' }).click(), '/thu-tuc');
        assert.equal(new URL(page.url()).searchParams.get('q'), 'dang ky khai sinh');
        const results = main.locator('ol.procedure-list > li > a');
        assert.ok((await results.count()) > 0, 'the search finds procedures');
        assert.equal((await results.first().innerText()).trim(), 'Thủ tục đăng ký khai sinh', 'the birth registration is the first result');
        await check('search-results');
        await follow(page, () => main.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click(), `/thu-tuc/${BIRTH}`);
        await assertHeading(page, /đăng ký khai sinh/i);
        await check('procedure');

        // 3. "Nộp hồ sơ trực tuyến": not signed in, so the sign-in page, which brings the citizen back.
        await follow(page, () => main.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click(), '/login');
        assert.equal(new URL(page.url()).searchParams.get('next'), `/thu-tuc/${BIRTH}/nop`);
        await assertHeading(page, 'Đăng nhập');
        await check('sign-in');
        await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(CITIZEN.login);
        await main.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
        await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), `/thu-tuc/${BIRTH}/nop`);
        await assertHeading(page, /đăng ký khai sinh/i);
        assert.match(await main.innerText(), /Bước 1\/3: Điền tờ khai/);
        const applicant = main.getByRole('group', { name: 'Người nộp hồ sơ' });
        const child = main.getByRole('group', { name: 'Người được khai sinh' });
        assert.equal(await applicant.getByLabel('Họ, chữ đệm, tên').inputValue(), CITIZEN.name, 'the applicant is filled in from the account');
        await check('form');

        // The father's fields apply only when "Có": hidden by the script, shown with a note without it.
        const fatherName = main.getByLabel('Họ, chữ đệm, tên người cha');
        if (javaScript) {
          assert.equal(await fatherName.isVisible(), false, 'with JavaScript the father\'s fields wait for "Có"');
          await main.getByRole('group', { name: 'Có thông tin về người cha không?' }).getByRole('radio', { name: 'Có' }).check();
          assert.equal(await fatherName.isVisible(), true, 'choosing "Có" shows them');
        } else {
          assert.equal(await fatherName.isVisible(), true, 'without JavaScript every field shows');
          assert.match(await main.innerText(), /Chỉ điền khi “Có thông tin về người cha không\?” là: Có/);
        }

        // 4. A round of errors. "Lưu và tiếp tục" with no agency chosen: the form comes back (400).
        await follow(page, () => main.getByRole('button', { name: 'Lưu và tiếp tục' }).click(), `/thu-tuc/${BIRTH}/nop`);
        expectStatusLine(page, 400);
        const summary = page.getByRole('alert');
        assert.match(await summary.innerText(), /Có lỗi cần sửa[\s\S]*Hãy chọn xã, phường nhận hồ sơ/);
        assert.equal(await summary.locator('a[href="#f-unitId"]').count(), 1, 'the agency error links to its field');
        await check('form-no-agency');

        // Half-filled: "Lưu và tiếp tục" keeps what was typed as a draft and lists every missing answer at once.
        await main.getByLabel('Nộp hồ sơ tại (xã, phường)').selectOption({ label: 'Xã Mường Đăng' });
        await follow(page, () => main.getByRole('button', { name: 'Lưu và tiếp tục' }).click(), `/thu-tuc/${BIRTH}/nop`);
        expectStatusLine(page, 400);
        assert.match(await page.getByRole('status').innerText(), /Đã lưu bản nháp/);
        assert.match(await page.title(), /^Có lỗi cần sửa/);
        assert.match(await summary.innerText(), /Hãy nhập “Họ, chữ đệm, tên \(Người được khai sinh\)”/);
        const toChildName = summary.locator('a[href="#f-childName"]');
        assert.equal(await toChildName.count(), 1, 'the summary links to the child\'s name');
        for (const name of ['applicantId', 'childSex', 'childBirthDate', 'motherName']) {
          assert.equal(await summary.locator(`a[href="#f-${name}"]`).count(), 1, `the summary links to ${name}`);
        }
        await check('form-errors');
        // Following the link lands on the field itself.
        await toChildName.click();
        for (let i = 0; i < 20 && new URL(page.url()).hash !== '#f-childName'; i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(new URL(page.url()).hash, '#f-childName');
        assert.equal(await page.evaluate(() => document.querySelector(':target')?.id ?? null), 'f-childName', 'the link targets the input');
        assert.equal(await page.evaluate(() => document.querySelector(':target')?.tagName.toLowerCase() ?? null), 'input');
        assert.equal(await page.evaluate(() => document.activeElement?.id ?? null), 'f-childName', 'the input has the focus');
        // In view with its label and its error message above it (not scrolled to the top edge, label hidden).
        for (const [what, selector] of [['input', '#f-childName'], ['label', 'label[for=f-childName]'], ['error message', '#f-childName-error']] as const) {
          const box = await main.locator(selector).boundingBox();
          assert.ok(box && box.y >= 0 && box.y + box.height <= HEIGHT, `the child's name ${what} is in view after following the link (y = ${box?.y})`);
        }
        await screenshotOnly(page, pass, 'form-errors-link-followed');
        assert.equal(await main.locator('#f-childName').getAttribute('aria-invalid'), 'true');
        assert.match((await main.locator('#f-childName').getAttribute('aria-describedby')) ?? '', /f-childName-error/);

        // 5. The whole form.
        await applicant.getByLabel('Số định danh cá nhân').fill(CITIZEN.idNumber);
        await applicant.getByLabel('Số điện thoại').fill(CITIZEN.phone);
        await applicant.getByLabel('Nơi cư trú').fill('Bản Co Muông, xã Mường Đăng, tỉnh Điện Biên');
        await main.getByLabel('Quan hệ với người được khai sinh').selectOption({ label: 'Cha, mẹ' });
        await child.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill(`Lò Văn An ${pass}`);
        await child.getByRole('group', { name: 'Giới tính' }).getByRole('radio', { name: 'Nam' }).check();
        const birthDate = main.getByLabel('Ngày, tháng, năm sinh');
        assert.equal(await birthDate.getAttribute('placeholder'), 'dd/mm/yyyy', 'day before month, whatever the phone\'s language');
        await birthDate.fill(daysAgo(12).split('-').reverse().join('/'));
        await main.getByLabel('Nơi sinh (cơ sở y tế hoặc địa chỉ)').fill('Trạm y tế xã Mường Đăng');
        await main.getByLabel('Dân tộc').fill('Thái');
        await main.getByLabel('Quốc tịch').fill('Việt Nam');
        await main.getByLabel('Họ, chữ đệm, tên người mẹ').fill(CITIZEN.name);
        await main.getByRole('group', { name: 'Có thông tin về người cha không?' }).getByRole('radio', { name: 'Không' }).check();
        if (javaScript) assert.equal(await fatherName.isVisible(), false, '"Không" hides the father\'s fields again');
        await follow(page, () => main.getByRole('button', { name: 'Lưu và tiếp tục' }).click(), /^\/ho-so\/nhap\/[A-Za-z0-9_-]{22}$/);
        const draftPath = pathOf(page);
        assert.match(await main.innerText(), /Bước 2\/3: Đính kèm giấy tờ/);
        assert.match(await main.innerText(), new RegExp(`Lò Văn An ${pass}`), 'the answers are shown for review');
        await check('draft');

        // 6. A real file, chosen through the "Giấy chứng sinh" upload form.
        const birthCertificate = main.locator('ol.components > li').filter({ has: page.locator('p', { hasText: /^Giấy chứng sinh/ }) });
        assert.equal(await birthCertificate.count(), 1);
        await birthCertificate.locator('input[type=file]').setInputFiles(pdfPath);
        await follow(page, () => birthCertificate.getByRole('button', { name: 'Tải lên' }).click(), draftPath);
        assert.match(await page.getByRole('status').innerText(), /Đã tải tệp lên/);
        assert.equal(await main.locator('ol.components > li').filter({ has: page.locator('p', { hasText: /^Giấy chứng sinh/ }) }).getByRole('link', { name: 'giay-chung-sinh.pdf' }).count(), 1, 'the file is listed under its paper');
        await check('draft-with-file');

        // 7. Declaration, submit: the receipt.
        await main.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
        await follow(page, () => main.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click(), /^\/ho-so\/[^/]+$/);
        await assertHeading(page, 'Hồ sơ');
        const code = (await main.locator('.record-code').innerText()).trim();
        assert.match(code, CODE);
        assert.equal(decodeURIComponent(pathOf(page)), `/ho-so/${code}`);
        assert.match(await page.getByRole('status').innerText(), new RegExp(`Mã hồ sơ của bạn là ${code.replace(/\./g, '\\.')}`));
        assert.equal(await factOf(main, 'Trạng thái'), 'Mới đăng ký');
        assert.equal(await main.getByRole('link', { name: 'giay-chung-sinh.pdf' }).count(), 1, 'the file went with the record');
        await check('receipt');

        // 8. My records lists it.
        await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click(), '/ho-so');
        assert.equal(await main.getByRole('link', { name: code }).count(), 1);
        await check('my-records');

        // 9. Signed out, anyone with the code and the ID number sees the status.
        await follow(page, () => page.getByRole('banner').getByRole('button', { name: 'Đăng xuất' }).click(), '/login');
        assert.match(await page.getByRole('status').innerText(), /Bạn đã đăng xuất/);
        await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Tra cứu hồ sơ' }).click(), '/tra-cuu');
        await assertHeading(page, 'Tra cứu hồ sơ');
        await check('track');
        await main.getByLabel('Mã hồ sơ').fill(code);
        await main.getByLabel('Số định danh cá nhân').fill(CITIZEN.idNumber);
        await follow(page, () => main.getByRole('button', { name: 'Tra cứu' }).click(), '/tra-cuu');
        const result = main.getByRole('region', { name: `Hồ sơ ${code}` });
        assert.equal(await result.count(), 1, 'the result is shown');
        assert.equal(await factOf(result, 'Trạng thái'), 'Mới đăng ký');
        assert.match(await result.innerText(), /Thủ tục đăng ký khai sinh/);
        await check('track-result');
      } finally {
        await context.close();
      }
    });
  }
});
