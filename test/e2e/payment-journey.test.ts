/**
 * End to end, in a real browser: a citizen files a fee-paying procedure online, pays the fee through the
 * built-in sandbox gateway and downloads the electronic receipt — on a 360 px phone and on a 1280 px desktop.
 *
 *   sign in → "Cấp bản sao Trích lục hộ tịch" (2.000635, 8.000 đ taken at intake) → the form → declaration →
 *   "Nộp hồ sơ" → the record page offers "Thanh toán trực tuyến" → the payment page ("Thanh toán 8.000 đ") →
 *   the sandbox gateway's page (payee, record, amount) → "Xác nhận thanh toán" → back to the result page,
 *   "Đã thanh toán" (the gateway's signed callback settled it before the browser came back) → the receipt link:
 *   a PDF (poppler reads the amount and the amount in words) → the record page shows the payment.
 *
 * Every page: a full-page screenshot in test-results/payment-screenshots/, axe-core (WCAG 2.0/2.1 A and AA plus
 * best practice: zero violations), no browser console errors, no sideways scrolling at the viewport's width.
 * The server listens on a port chosen before it starts, so that PUBLIC_URL — on which the gateway's return URL
 * is built — is the address the browser uses.
 *
 *   node scripts/run-tests.mjs test/e2e/payment-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`) and pdftotext (poppler-utils).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { assertHeading, CHROMIUM, CHROMIUM_ARGS, follow, newPage, pageChecker, ROOT } from '../support/browser.ts';
import { pdfText } from '../support/pdf-tools.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'payment-screenshots');
const COPY_EXTRACT = '2.000635';
const CITIZEN = { login: '0912000001', name: 'Lò Thị Mai', idNumber: '011190001234' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}


describe('a citizen pays a fee online in the sandbox and downloads the receipt (Chromium, axe-core, 360 and 1280 px)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ publicUrl: base });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Screenshot, axe, console errors and sideways scrolling of every page (test/support/browser.ts). */
  const checkPage = pageChecker(SCREENSHOTS);

  for (const screen of [{ pass: 'phone', width: 360, height: 740, mobile: true }, { pass: 'desktop', width: 1280, height: 900, mobile: false }]) {
    it(`${screen.pass} (${screen.width} px): file, pay in the sandbox, land on "Đã thanh toán", download the receipt`, { timeout: 300_000 }, async () => {
      const context = await browser.newContext({
        baseURL: base, locale: 'vi-VN', viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1, isMobile: screen.mobile, hasTouch: screen.mobile,
      });
      context.setDefaultTimeout(15_000);
      const check = (page: Page, name: string) => checkPage(page, screen.pass, name, screen.width);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');

        // 1. Signed in, the procedure's form (the applicant's details come from the account).
        await page.goto(`/login?next=${encodeURIComponent(`/thu-tuc/${COPY_EXTRACT}/nop`)}`);
        await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(CITIZEN.login);
        await main.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
        await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), `/thu-tuc/${COPY_EXTRACT}/nop`);
        await assertHeading(page, /Cấp bản sao Trích lục hộ tịch/);
        await check(page, 'form');
        await main.getByLabel('Nộp hồ sơ tại (xã, phường)').selectOption({ label: 'Xã Mường Đăng' });
        await main.getByLabel(/Số định danh cá nhân/).fill(CITIZEN.idNumber);
        await main.getByLabel('Nơi cư trú').fill('Bản Co Muông, xã Mường Đăng, tỉnh Điện Biên');
        await main.getByLabel('Nội dung yêu cầu giải quyết').fill(`Cấp 01 bản sao Giấy khai sinh (${screen.pass})`);
        await follow(page, () => main.getByRole('button', { name: 'Lưu và tiếp tục' }).click(), /^\/ho-so\/nhap\/[A-Za-z0-9_-]{22}$/);
        await check(page, 'draft');
        await main.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
        await follow(page, () => main.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click(), /^\/ho-so\/[^/]+$/);
        const code = (await main.locator('.record-code').innerText()).trim();
        assert.match(code, /^H11\.35\.0\d-\d{6}-\d{4}$/);

        // 2. The record owes 8.000 đ at intake: "Thanh toán trực tuyến".
        const offer = main.getByRole('region', { name: 'Thanh toán trực tuyến' });
        assert.match(await offer.innerText(), /8\.000 đ/);
        await check(page, 'record-due');
        await follow(page, () => offer.getByRole('link', { name: 'Thanh toán trực tuyến' }).click(), `/ho-so/${code}/thanh-toan`);
        await assertHeading(page, 'Thanh toán phí, lệ phí trực tuyến');
        await check(page, 'pay');

        // 3. "Thanh toán 8.000 đ" → the sandbox gateway's page.
        await follow(page, () => main.getByRole('button', { name: 'Thanh toán 8.000 đ' }).click(), /^\/sandbox-gateway\/pay\/SBX[A-Za-z0-9]{20}$/);
        assert.ok((await main.innerText()).includes(code), 'the gateway shows the record');
        assert.match(await main.innerText(), /Xã Mường Đăng/);
        await check(page, 'gateway');

        // 4. Confirmed: back on the result page, paid (the gateway's signed callback came first).
        await follow(page, () => main.getByRole('button', { name: /^Xác nhận thanh toán/ }).click(), /^\/thanh-toan\/[A-Za-z0-9_-]{22}\/ket-qua$/);
        await assertHeading(page, 'Kết quả thanh toán');
        assert.match(await page.getByRole('status').innerText(), /Đã thanh toán/);
        await check(page, 'result-paid');

        // 5. The receipt: a signed PDF with the amount, in figures and in words.
        const link = main.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' });
        const href = await link.getAttribute('href');
        assert.match(href ?? '', /^\/thanh-toan\/[A-Za-z0-9_-]{22}\/bien-lai\.pdf$/);
        const receipt = await context.request.get(href!);
        assert.equal(receipt.status(), 200);
        assert.equal(receipt.headers()['content-type'], 'application/pdf');
        const bytes = await receipt.body();
        assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
        const text = pdfText(bytes);
        assert.match(text, /BIÊN LAI THU PHÍ, LỆ PHÍ/);
        assert.match(text, /8\.000/);
        assert.match(text, /Tám nghìn đồng/);
        assert.ok(text.includes(code));
        fs.writeFileSync(path.join(SCREENSHOTS, `${screen.pass}-bien-lai.pdf`), bytes);

        // 6. The record page: paid online, with the receipt.
        await follow(page, () => main.getByRole('link', { name: 'Quay lại hồ sơ' }).click(), `/ho-so/${code}`);
        assert.match(await main.innerText(), /Đã nộp 8\.000 đ — Trực tuyến/);
        assert.equal(await main.getByRole('region', { name: 'Thanh toán trực tuyến' }).count(), 0, 'nothing more to pay');
        assert.equal(await main.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' }).getAttribute('href'), `/ho-so/${code}/bien-lai.pdf`);
        await check(page, 'record-paid');
      } finally {
        await context.close();
      }
    });
  }
});
