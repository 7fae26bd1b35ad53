/**
 * End to end, in a real browser on a 360 × 740 phone screen, with and without JavaScript: someone checks a
 * signed result on the public verification page, as a person would: /xac-thuc → choose the sealed PDF →
 * "Kiểm tra chữ ký" → "Hợp lệ" with the chairman and the seal; the same with a copy a later revision painted
 * over (→ "Không hợp lệ", the change named above the details); a file that is no PDF (→ 422, the form again
 * with the message); and the QR link of the original (its title, its report, its download link).
 *
 * Every page: axe-core (WCAG 2.0/2.1 A and AA and best practice; with JavaScript off, the page's DOM replayed
 * into a scripted page, as in citizen-journey.test.ts), no console errors, no sideways scrolling at 360 px,
 * and a full-page screenshot in test-results/verify-screenshots/.
 *
 *   node scripts/run-tests.mjs test/e2e/verify-document.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { CHAIRMAN, SEAL, TITLE, paintOver, signedResult } from '../support/signed-pdf.ts';
import {
  assertHeading, axeViolations, CHROMIUM, CHROMIUM_ARGS, consoleErrors, describeViolations, expectStatusLine, follow, horizontalOverflow, newPage, pathOf, ROOT,
} from '../support/browser.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'verify-screenshots');
const WIDTH = 360;
const HEIGHT = 740;

describe('anyone checks a signed result on a phone (Chromium, axe-core, 360 px)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dir: string;
  let publicId: string;
  let auditContext: BrowserContext;
  let replay: Page | undefined;
  let shotNumber = 0;

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    t = await createTestApp();
    const signed = await signedResult(t.database.db, t.config);
    publicId = signed.publicId;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-verify-e2e-'));
    fs.writeFileSync(path.join(dir, 'ket-qua.pdf'), signed.pdf);
    fs.writeFileSync(path.join(dir, 'ban-bi-sua.pdf'), await paintOver(signed.pdf));
    fs.writeFileSync(path.join(dir, 'anh-chup.pdf'), '<html>not a PDF</html>');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    auditContext = await browser.newContext({ baseURL: base, locale: 'vi-VN', viewport: { width: WIDTH, height: HEIGHT } });
  });

  after(async () => {
    await auditContext?.close();
    await browser?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
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
      target = replay;
    }
    const violations = await axeViolations(target);
    assert.equal(violations.length, 0, describeViolations(`${page.url()}${javaScript ? '' : ' (no JavaScript, replayed)'}`, violations));
  }

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

    it(`${javaScript ? 'with' : 'without'} JavaScript: upload a sealed result, a painted-over copy and a non-PDF; open the QR link`, { timeout: 300_000 }, async () => {
      const context = await browser.newContext({
        baseURL: base, locale: 'vi-VN', viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, javaScriptEnabled: javaScript,
      });
      context.setDefaultTimeout(30_000);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        const check = (name: string) => checkPage(page, pass, name, javaScript);
        const submit = async (file: string) => {
          await main.getByLabel('Tệp PDF cần kiểm tra').setInputFiles(path.join(dir, file));
          await follow(page, () => main.getByRole('button', { name: 'Kiểm tra chữ ký' }).click(), '/xac-thuc');
        };

        await page.goto('/xac-thuc');
        await assertHeading(page, 'Xác thực văn bản điện tử');
        await check('form');

        // The sealed result: valid, both signers named.
        await submit('ket-qua.pdf');
        await assertHeading(page, 'Kết quả xác thực văn bản');
        assert.match((await page.getByRole('heading', { level: 2, name: /Kết luận/ }).innerText()).trim(), /^Kết luận:\s*Hợp lệ$/);
        const text = await main.innerText();
        assert.ok(text.includes(CHAIRMAN) && text.includes(SEAL), 'both signers are named');
        assert.equal(await page.getByRole('heading', { level: 2, name: /^Chữ ký \d/ }).count(), 2);
        await check('valid');

        // A copy painted over after signing: not valid, and the change is said before the details.
        await page.goto('/xac-thuc');
        await submit('ban-bi-sua.pdf');
        assert.match((await page.getByRole('heading', { level: 2, name: /Kết luận/ }).innerText()).trim(), /^Kết luận:\s*Không hợp lệ$/);
        const changed = page.getByRole('region', { name: 'Văn bản đã bị thay đổi sau khi ký' });
        assert.equal(await changed.count(), 1, 'one warning');
        assert.match(await changed.innerText(), new RegExp(`Sau chữ ký của ${CHAIRMAN}[^\\n]*nội dung trang 1[\\s\\S]*Sau chữ ký của ${SEAL}`));
        await check('changed');

        // Not a PDF: the form again, with the message, as a 422.
        await page.goto('/xac-thuc');
        await submit('anh-chup.pdf');
        expectStatusLine(page, 422);
        assert.match(await page.getByRole('alert').innerText(), /Tệp này không phải là PDF/);
        await check('not-pdf');

        // The QR link of the original.
        await page.goto(`/xac-thuc/${publicId}`);
        assert.match(await main.innerText(), new RegExp(TITLE));
        assert.equal(await main.getByRole('link', { name: 'Tải bản gốc đã ký (PDF)' }).getAttribute('href'), `/xac-thuc/${publicId}/tai-ve`);
        await check('qr-link');
      } finally {
        await context.close();
      }
    });
  }
});
