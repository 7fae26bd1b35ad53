/**
 * End to end, in a real browser: an official's first session, clicked through as a person would.
 *
 * The real server (createServer over a fresh, demo-seeded test database: PGlite, or PostgreSQL when
 * DATABASE_URL is set) listens on a free port; Debian's Chromium (never a downloaded browser) drives
 * it through playwright-core. Every page visited is
 *   - saved as a full-page screenshot in test-results/screenshots/NN-name.png,
 *   - checked with axe-core (WCAG 2.0/2.1 A and AA plus best practices): zero violations,
 *   - checked for browser console errors (a Content Security Policy violation shows up there).
 * Separately: at 360 px wide nothing scrolls sideways, and with JavaScript off an official can still
 * sign in, reach the home page and sign out.
 *
 *   ARGON2_FAST=1 node --import tsx --test test/e2e/official-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { assertHeading, axeViolations, CHROMIUM, CHROMIUM_ARGS, consoleErrors, describeViolations, follow, horizontalOverflow, newPage, pathOf, ROOT } from '../support/browser.ts';
import { currentTotp } from '../../src/modules/identity/index.ts';
import { devSinkSender, drainOutbox, listOutbox } from '../../src/modules/notifications/index.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

let shotNumber = 0;

/** The page's screenshot, as test-results/screenshots/NN-name.png. */
async function screenshot(page: Page, name: string): Promise<void> {
  shotNumber += 1;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shotNumber).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Everything we check on every page visited: screenshot, accessibility, console. */
async function checkPage(page: Page, name: string, options: { axe?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('load');
  await screenshot(page, name);
  if (options.axe ?? true) {
    const violations = await axeViolations(page);
    if (violations.length > 0) console.error(describeViolations(`${name} (${page.url()})`, violations));
    assert.equal(violations.length, 0, describeViolations(`${name} (${page.url()})`, violations));
  }
  const errors = consoleErrors.get(page) ?? [];
  assert.deepEqual(errors.splice(0), [], `browser console errors on ${name} (${page.url()})`);
}

function origin(t: TestApp): string {
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object', 'the server listens on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

/** Fills in the sign-in form and submits it; `expected` is the path it should land on. */
async function signIn(page: Page, login: string, password: string, expected: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(login);
  await main.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), expected);
}

async function signOut(page: Page): Promise<void> {
  await follow(page, () => page.getByRole('banner').getByRole('button', { name: 'Đăng xuất' }).click(), '/login');
  await assertHeading(page, 'Đăng nhập');
  assert.match(await page.getByRole('status').innerText(), /Bạn đã đăng xuất/);
}

describe('an official in a real browser (Chromium, axe-core)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: base, locale: 'vi-VN', ...options });
    context.setDefaultTimeout(15_000);
    return context;
  }

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = origin(t);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, turns on two-step verification, signs in again with a code, switches language, visits the admin pages and signs out', { timeout: 120_000 }, async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await newPage(context);

      // The public home page, as typed into the address bar.
      await page.goto('/');
      await assertHeading(page, 'Cổng dịch vụ công của xã');
      assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
      await checkPage(page, 'public-home');

      // Sign in from the header link.
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Đăng nhập' }).click(), '/login');
      await assertHeading(page, 'Đăng nhập');
      await checkPage(page, 'sign-in');

      await signIn(page, 'chutich.muongdang', DEMO_PASSWORD, '/');
      await assertHeading(page, 'Xin chào, Lường Văn Chính');
      assert.match(await page.getByRole('main').innerText(), /Tài khoản chưa bật xác thực hai bước/);
      await checkPage(page, 'home');

      // Account → turn on two-step verification.
      await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Tài khoản' }).click(), '/account');
      await assertHeading(page, 'Tài khoản của tôi');
      assert.match(await page.getByRole('main').innerText(), /Xác thực hai bước: chưa bật/);
      await checkPage(page, 'account');

      await follow(page, () => page.getByRole('main').getByRole('link', { name: 'Bật xác thực hai bước' }).click(), '/account/two-factor');
      await assertHeading(page, 'Bật xác thực hai bước');
      assert.equal(await page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' }).count(), 1);
      await checkPage(page, 'two-factor-enrol');

      const secret = (await page.locator('[data-testid=totp-secret]').innerText()).trim();
      assert.match(secret, /^[A-Z2-7]{32}$/, 'a base32 secret is shown for manual entry');
      // The code of the current 30-second step; the server records that step as used.
      await page.getByLabel('Mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục').fill(currentTotp(secret));
      await follow(page, () => page.getByRole('main').getByRole('button', { name: 'Bật xác thực hai bước' }).click(), '/account/two-factor');
      await assertHeading(page, 'Mã khôi phục');
      const codes = await page.locator('[data-testid=recovery-codes] li').allInnerTexts();
      assert.equal(codes.length, 10);
      for (const code of codes) assert.match(code.trim(), /^[a-z2-9]{5}-[a-z2-9]{5}$/);
      await checkPage(page, 'recovery-codes');

      await follow(page, () => page.getByRole('link', { name: 'Tôi đã cất giữ các mã, tiếp tục' }).click(), '/');
      await assertHeading(page, 'Xin chào, Lường Văn Chính');
      assert.doesNotMatch(await page.getByRole('main').innerText(), /chưa bật xác thực hai bước/);

      await signOut(page);
      await checkPage(page, 'signed-out');

      // Password, then the second factor.
      await signIn(page, 'chutich.muongdang', DEMO_PASSWORD, '/login/two-factor');
      await assertHeading(page, 'Xác thực hai bước');
      await checkPage(page, 'two-factor-sign-in');

      // The step used at enrolment cannot be replayed; the next step's code is inside the server's
      // one-step drift window and later than the used step, so it is accepted without waiting.
      await page.getByLabel('Mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục').fill(currentTotp(secret, Date.now() + 30_000));
      await follow(page, () => page.getByRole('main').getByRole('button', { name: 'Xác nhận' }).click(), '/');
      await assertHeading(page, 'Xin chào, Lường Văn Chính');
      await checkPage(page, 'home-after-two-factor');

      // English, from the header link, and back.
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Switch to English' }).click(), '/');
      await assertHeading(page, 'Hello, Lường Văn Chính');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await checkPage(page, 'home-english');

      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click(), '/');
      await assertHeading(page, 'Xin chào, Lường Văn Chính');
      assert.equal(await page.locator('html').getAttribute('lang'), 'vi');

      // The officials of the commune: the chairman's own row now shows two-step verification on.
      await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Cán bộ, công chức' }).click(), /^\/admin\/units\/\d+\/officials$/);
      await assertHeading(page, 'Cán bộ, công chức — Xã Mường Đăng');
      const chairmanRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'chutich.muongdang', exact: true }) });
      assert.equal(await chairmanRow.count(), 1);
      assert.equal((await chairmanRow.getByRole('cell').nth(4).innerText()).trim(), 'Có');
      await checkPage(page, 'officials');

      // The audit log records what just happened.
      await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Nhật ký hệ thống' }).click(), '/audit');
      await assertHeading(page, 'Nhật ký hệ thống');
      assert.ok((await page.getByRole('row').count()) > 3, 'the audit log lists entries');
      assert.match(await page.getByRole('table').innerText(), /Lường Văn Chính/);
      await checkPage(page, 'audit-log');

      await signOut(page);
      assert.equal(pathOf(page), '/login');
    } finally {
      await context.close();
    }
  });

  it('fits a 360 px wide phone screen: no page scrolls sideways', { timeout: 120_000 }, async () => {
    const width = 360;
    const context = await newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    const overflowing: string[] = [];
    async function checkNarrow(page: Page, name: string): Promise<void> {
      await checkPage(page, `360-${name}`);
      const o = await horizontalOverflow(page, width);
      if (o.scrollWidth > width) overflowing.push(`${name} (${pathOf(page)}): scrollWidth ${o.scrollWidth}; ${o.culprits.join(', ')}`);
    }
    try {
      const page = await newPage(context);
      await page.goto('/');
      await checkNarrow(page, 'public-home');
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Đăng nhập' }).click(), '/login');
      await checkNarrow(page, 'sign-in');

      // The signed-in pages too (another chairman, so the first test's account is left alone).
      await signIn(page, 'chutich.dienbienphu', DEMO_PASSWORD, '/');
      await assertHeading(page, 'Xin chào, Trần Văn Phủ');
      await checkNarrow(page, 'home');
      for (const [label, name, expected] of [
        ['Cán bộ, công chức', 'officials', /^\/admin\/units\/\d+\/officials$/],
        ['Nhật ký hệ thống', 'audit-log', '/audit'],
        ['Đơn vị', 'units', '/units'],
        ['Tài khoản', 'account', '/account'],
      ] as const) {
        await follow(page, () => page.getByRole('navigation').getByRole('link', { name: label }).click(), expected);
        await checkNarrow(page, name);
      }
      // A unit's page, with its edit, seal and add forms; then the add form's errors; then a village added.
      await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Đơn vị' }).click(), '/units');
      await follow(page, () => page.getByRole('main').getByRole('link', { name: 'Phường Điện Biên Phủ' }).click(), /^\/admin\/units\/\d+$/);
      await assertHeading(page, 'Phường Điện Biên Phủ');
      await checkNarrow(page, 'unit');
      const addForm = page.getByRole('region', { name: 'Thêm đơn vị trực thuộc' });
      await follow(page, () => addForm.getByRole('button', { name: 'Thêm đơn vị' }).click(), /^\/admin\/units\/\d+\/children$/);
      assert.match(await page.getByRole('alert').innerText(), /Cần nhập tên đơn vị/);
      // The form comes back with status 400, which Chromium reports on the console: expected here, and only once.
      const logged = consoleErrors.get(page)!;
      const statusLine = logged.findIndex((e) => /responded with a status of 400/.test(e));
      assert.ok(statusLine >= 0, `the page with the errors answers 400: ${logged.join(' | ')}`);
      logged.splice(statusLine, 1);
      await checkNarrow(page, 'unit-add-errors');
      await page.getByRole('region', { name: 'Thêm đơn vị trực thuộc' }).getByLabel('Tên').fill('Tổ dân phố 2');
      await follow(page, () => page.getByRole('region', { name: 'Thêm đơn vị trực thuộc' }).getByRole('button', { name: 'Thêm đơn vị' }).click(), /^\/admin\/units\/\d+$/);
      assert.match(await page.getByRole('status').innerText(), /Đã thêm Tổ dân phố 2/);
      assert.equal(await page.getByRole('main').getByRole('link', { name: 'Tổ dân phố 2' }).count(), 1);
      await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Tài khoản' }).click(), '/account');
      await follow(page, () => page.getByRole('main').getByRole('link', { name: 'Bật xác thực hai bước' }).click(), '/account/two-factor');
      await checkNarrow(page, 'two-factor-enrol');

      assert.deepEqual(overflowing, [], `pages wider than ${width} px:\n${overflowing.join('\n')}`);
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: sign in, reach the home page, switch language, sign out', { timeout: 60_000 }, async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
    try {
      const page = await newPage(context);
      await page.goto('/');
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Đăng nhập' }).click(), '/login');
      // axe needs scripts; these pages were audited above with JavaScript on.
      await checkPage(page, 'nojs-sign-in', { axe: false });
      await signIn(page, 'motcua.muongdang', DEMO_PASSWORD, '/');
      await assertHeading(page, 'Xin chào, Lò Thị Hoa');
      await checkPage(page, 'nojs-home', { axe: false });
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Switch to English' }).click(), '/');
      await assertHeading(page, 'Hello, Lò Thị Hoa');
      await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click(), '/');
      await assertHeading(page, 'Xin chào, Lò Thị Hoa');
      await signOut(page);
    } finally {
      await context.close();
    }
  });

  it('a citizen registers with a phone number and a one-time code on a 360 px screen (axe on every page)', { timeout: 60_000 }, async () => {
    const width = 360;
    const context = await newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    try {
      const page = await newPage(context);
      const narrow = async (name: string) => {
        await checkPage(page, name);
        const o = await horizontalOverflow(page, width);
        assert.ok(o.scrollWidth <= width, `${name} scrolls sideways: ${o.culprits.join(', ')}`);
      };
      await page.goto('/login');
      await follow(page, () => page.getByRole('main').getByRole('link', { name: 'Đăng ký tài khoản' }).click(), '/register');
      await assertHeading(page, 'Đăng ký tài khoản');
      await narrow('register');
      const main = page.getByRole('main');
      // A mismatched password first: the form comes back (status 400) with an error summary.
      await main.getByLabel('Họ và tên').fill('Vàng Thị Dân');
      await main.getByLabel('Số điện thoại hoặc email').fill('0966 123 456');
      await main.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-cua-dan-2026');
      await main.getByLabel('Nhập lại mật khẩu').fill('mat-khau-khac-2026');
      await follow(page, () => main.getByRole('button', { name: 'Gửi mã xác nhận' }).click(), '/register');
      assert.match(await page.getByRole('alert').innerText(), /Hai mật khẩu không khớp nhau/);
      const logged = consoleErrors.get(page)!;
      const statusLine = logged.findIndex((e) => /responded with a status of 400/.test(e));
      assert.ok(statusLine >= 0, 'the page with the errors answers 400');
      logged.splice(statusLine, 1);
      await narrow('register-errors');
      await main.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-cua-dan-2026');
      await main.getByLabel('Nhập lại mật khẩu').fill('mat-khau-cua-dan-2026');
      await follow(page, () => main.getByRole('button', { name: 'Gửi mã xác nhận' }).click(), '/register/verify');
      await assertHeading(page, 'Nhập mã xác nhận');
      await narrow('register-verify');

      await drainOutbox(t.database.db, devSinkSender);
      const text = (await listOutbox(t.database.db)).find((e) => e.recipient === '0966123456')?.text ?? '';
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      assert.ok(code, `the development sink holds the code: ${text}`);
      await main.getByLabel('Mã xác nhận').fill(code);
      await follow(page, () => main.getByRole('button', { name: 'Xác nhận và tạo tài khoản' }).click(), '/');
      await assertHeading(page, 'Xin chào, Vàng Thị Dân');
      assert.match(await page.getByRole('status').innerText(), /Đã tạo tài khoản/);
      await narrow('registered-home');
    } finally {
      await context.close();
    }
  });

  it('anyone finds a procedure without accents and reads its seven parts, at 360 px and without JavaScript (axe on every page)', { timeout: 60_000 }, async () => {
    for (const [label, options] of [
      ['catalogue', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }],
      ['catalogue-nojs', { viewport: { width: 360, height: 740 }, javaScriptEnabled: false }],
    ] as const) {
      const context = await newContext(options);
      try {
        const page = await newPage(context);
        await page.goto('/');
        await follow(page, () => page.getByRole('banner').getByRole('link', { name: 'Thủ tục hành chính' }).click(), '/thu-tuc');
        await checkPage(page, `${label}-search`, { axe: label === 'catalogue' });
        await page.getByLabel('Tên hoặc mã thủ tục').fill('dang ky ket hon');
        await follow(page, () => page.getByRole('search').getByRole('button').click(), '/thu-tuc');
        const first = page.getByRole('main').locator('ol a, ul a').filter({ hasText: /kết hôn/i }).first();
        assert.match(await first.innerText(), /Đăng ký kết hôn/i);
        await checkPage(page, `${label}-results`, { axe: label === 'catalogue' });
        await follow(page, () => first.click(), /^\/thu-tuc\/[0-9.A-Z]+$/);
        await assertHeading(page, /kết hôn/i);
        await checkPage(page, `${label}-procedure`, { axe: label === 'catalogue' });
        const overflow = await horizontalOverflow(page, 360);
        assert.ok(overflow.scrollWidth <= 360, `the procedure page scrolls sideways: ${overflow.culprits.join(', ')}`);
      } finally {
        await context.close();
      }
    }
  });
});
