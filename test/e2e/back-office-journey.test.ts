/**
 * End to end, in a real browser: the one-stop back office (issue #4), clicked through by the desk, the
 * specialist and the chairman, at a desktop width (1280 × 800) and on a 360 × 740 phone screen.
 *
 *   (a) A citizen's online birth registration (filed through the JSON API to save time): the desk sees it
 *       counted under "Mới đăng ký" on the home page and in the queue tab, opens it, receives it
 *       ("Tiếp nhận hồ sơ") and forwards it to Cà Văn Tư ("Chuyển xử lý"); the specialist finds it under
 *       "Tôi đang giữ" and submits it to the chairman; the chairman approves it with a result PDF (signed with his
 *       certificate); the clerk seals it; the desk returns it electronically; the citizen sees "Đã trả kết quả", downloads the result and rates it.
 *   (b) A record that runs late: its appointment is moved a few hours ahead in the database; the specialist
 *       finds it under "Sắp đến hạn", first gives a date before the appointment (refused, the form comes
 *       back), then apologises and extends it (Mẫu 04); the record page shows the new appointment.
 *   (c) A paper record at the counter: the desk goes from "Nộp hồ sơ cho người dân" to the procedure,
 *       fills the form for a citizen, uploads a scan for each paper, submits, and receives the record.
 *
 * Every page visited is saved as a full-page screenshot in test-results/back-office-screenshots/, audited
 * with axe-core (WCAG 2.0/2.1 A and AA plus best practices: zero violations), checked for browser console
 * errors and for sideways scrolling at the width of the pass.
 *
 *   node scripts/run-tests.mjs test/e2e/back-office-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';
import {
  assertHeading, axeViolations, CHROMIUM, CHROMIUM_ARGS, consoleErrors, describeViolations, expectStatusLine, follow, horizontalOverflow, newPage, pathOf, ROOT,
} from '../support/browser.ts';
import { formatDateTime } from '../../src/platform/i18n/format.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'back-office-screenshots');
const BIRTH = '1.001193';
const DESK = { login: 'motcua.muongdang', name: 'Lò Thị Hoa' };
const SPECIALIST = { login: 'chuyenmon.muongdang', name: 'Cà Văn Tư' };
const CHAIRMAN = { login: 'chutich.muongdang', name: 'Lường Văn Chính' };
const CLERK = { login: 'vanthu.muongdang', name: 'Tòng Thị Thư' };
const CITIZEN = { login: '0912000001', name: 'Lò Thị Mai', idNumber: '011190001234' };

interface Viewport {
  name: string;
  width: number;
  height: number;
  phone: boolean;
}
const VIEWPORTS: Viewport[] = [
  { name: 'desktop', width: 1280, height: 800, phone: false },
  { name: 'phone', width: 360, height: 740, phone: true },
];

interface RecordRow {
  id: number;
  code: string;
  status: number;
  version: number;
  due_at: Date | null;
  result_sealed_at: Date | null;
  original_due_at: Date | null;
  extended_at: Date | null;
  holder_name: string | null;
  awaiting_approval: boolean;
  returned_via: string | null;
  rating: number | null;
  channel: number;
  assisted_by_name: string | null;
}

/** The <dd> of the <dt> named `term` in a description list under `scope` ("Trạng thái" → "Mới đăng ký"). */
async function factOf(scope: Locator, term: string): Promise<string> {
  const dd = scope.locator('dl > dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*:?\\s*$`) }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await dd.count(), 1, `one "${term}" in the list`);
  return (await dd.innerText()).trim();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** DD/MM/YYYY of a date `days` from now, in Vietnam. */
const vnDate = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('/');

describe('the one-stop back office in a real browser (Chromium, axe-core, 1280 px and 360 px)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let md: number;
  let citizenApi: Client;
  let deskApi: Client;
  let work: string;
  let resultPdf: string;
  let scanPdf: string;
  const officialIds: Record<string, number> = {};
  let shotNumber = 0;

  const row = async (code: string) => (await sql<RecordRow>`select * from records where code = ${code}`.execute(t.database.db)).rows[0]!;
  const countWhere = async (status: number) => (await sql<{ n: number }>`select count(*)::int as n from records where unit_id = ${md} and status = ${status}`.execute(t.database.db)).rows[0]!.n;

  /** A birth registration filed online by the demo citizen, through the JSON API (as one-stop.test.ts does). */
  async function fileOnline(childName: string): Promise<string> {
    const res = await citizenApi.postJson('/api/v1/applications', {
      procedureCode: BIRTH, unitId: md,
      values: {
        applicantName: CITIZEN.name, applicantId: CITIZEN.idNumber, applicantPhone: CITIZEN.login, applicantAddress: 'Bản Co Muông, xã Mường Đăng', relation: 'cha_me',
        childName, childSex: 'nam', childBirthDate: new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10), childBirthPlace: 'Trạm y tế xã Mường Đăng',
        childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: CITIZEN.name, fatherKnown: 'khong',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return JSON.parse(res.body).code;
  }

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-back-office-'));
    resultPdf = path.join(work, 'trich-luc-khai-sinh.pdf');
    fs.writeFileSync(resultPdf, makePdf('Trich luc khai sinh'));
    scanPdf = path.join(work, 'ban-quet.pdf');
    fs.writeFileSync(scanPdf, makePdf('Ban quet giay to'));
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(t.database.db)).rows) officialIds[o.username] = Number(o.id);
    citizenApi = await t.signIn(CITIZEN.login);
    deskApi = await t.signIn(DESK.login);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object', 'the server listens on a TCP port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A browser context of its own for each person (their own cookies), at the pass's size. */
  async function contextFor(vp: Viewport): Promise<BrowserContext> {
    const context = await browser.newContext({
      baseURL: base, locale: 'vi-VN', viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: 1,
      ...(vp.phone ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultTimeout(20_000);
    return context;
  }

  /** Everything checked on every page: screenshot, accessibility, console errors, no sideways scrolling. */
  async function checkPage(page: Page, vp: Viewport, name: string): Promise<void> {
    await page.waitForLoadState('load');
    shotNumber += 1;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shotNumber).padStart(2, '0')}-${vp.name}-${name}.png`), fullPage: true });
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(`${name} (${page.url()}, ${vp.name})`, violations));
    const errors = consoleErrors.get(page) ?? [];
    assert.deepEqual(errors.splice(0), [], `browser console errors on ${name} (${page.url()})`);
    const placeholder = /\{\w+\}/.exec(await page.getByRole('main').innerText());
    assert.equal(placeholder, null, `${name}: a message shown with its placeholder ${placeholder?.[0]} unfilled`);
    const o = await horizontalOverflow(page, vp.width);
    assert.ok(o.scrollWidth <= o.clientWidth, `${name} (${pathOf(page)}) scrolls sideways at ${vp.width} px: scrollWidth ${o.scrollWidth} > ${o.clientWidth}; ${o.culprits.join(', ')}`);
  }

  /** Signs in through the form; lands on the home page. */
  async function signIn(page: Page, vp: Viewport, login: string, name: string): Promise<void> {
    await page.goto('/login');
    await assertHeading(page, 'Đăng nhập');
    const main = page.getByRole('main');
    await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(login);
    await main.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), '/');
    await assertHeading(page, `Xin chào, ${name}`);
    await checkPage(page, vp, `home-${login}`);
  }

  async function signOut(page: Page): Promise<void> {
    await follow(page, () => page.getByRole('banner').getByRole('button', { name: 'Đăng xuất' }).click(), '/login');
    assert.match(await page.getByRole('status').innerText(), /Bạn đã đăng xuất/);
  }

  /** The home page's count for a queue, and the link to it. */
  function homeQueue(page: Page, label: string): Locator {
    return page.getByRole('main').locator('ul.queue-counts > li > a').filter({ hasText: new RegExp(`^\\s*\\d+\\s+${escape(label)}\\s*$`) });
  }

  /** From the home page into a queue; checks the count on the home page and on the tab, and that `code` is listed. */
  async function openQueue(page: Page, vp: Viewport, label: string, queue: string, code: string, expectedCount?: number): Promise<void> {
    const link = homeQueue(page, label);
    assert.equal(await link.count(), 1, `the home page links to "${label}"`);
    const homeCount = Number((await link.locator('.count').innerText()).trim());
    if (expectedCount !== undefined) assert.equal(homeCount, expectedCount, `the home page counts ${expectedCount} under "${label}"`);
    assert.ok(homeCount >= 1, `"${label}" counts the record`);
    await follow(page, () => link.click(), `/admin/units/${md}/records`);
    assert.equal(new URL(page.url()).searchParams.get('queue'), queue);
    const tab = page.getByRole('navigation', { name: 'Danh sách việc' }).locator('a[aria-current="page"]');
    assert.equal(await tab.count(), 1, 'one tab is current');
    assert.match(await tab.innerText(), new RegExp(`${escape(label)}\\s+${homeCount}`), 'the tab shows the same count as the home page');
    const main = page.getByRole('main');
    assert.equal(await main.getByRole('link', { name: code, exact: true }).count(), 1, `${code} is listed under "${label}"`);
    await checkPage(page, vp, `queue-${queue}`);
    const recordLink = main.getByRole('link', { name: code, exact: true });
    await follow(page, () => recordLink.click(), new RegExp(`^/admin/units/${md}/records/\\d+$`));
    await assertHeading(page, `Hồ sơ ${code}`);
  }

  /** Opens the <details> of an action, fills it with `fill`, and submits it; lands back on the record. */
  async function doAction(page: Page, vp: Viewport, label: string, name: string, fill: (form: Locator) => Promise<void> = async () => undefined, options: { refused?: boolean; alreadyOpen?: boolean } = {}): Promise<void> {
    const panel = page.getByRole('main').locator('section.action-box');
    const details = panel.locator('details.action').filter({ has: page.locator('summary', { hasText: label }) });
    assert.equal(await details.count(), 1, `"${label}" is offered`);
    const form = details.locator('form');
    if (options.alreadyOpen) assert.equal(await form.isVisible(), true, 'the form of a refused action comes back open');
    else {
      assert.equal(await form.isVisible(), false, 'the form is folded away until asked for');
      await details.locator('summary').click();
      assert.equal(await form.isVisible(), true, 'clicking the summary opens the form');
    }
    await fill(form);
    await checkPage(page, vp, `${name}-open`);
    // From the record page, or from the page a refused action brought back (its URL ends in /act).
    const recordPath = pathOf(page).replace(/\/act$/, '');
    // Done: redirected back to the record. Refused: the record page comes back as the answer to the post.
    await follow(page, () => form.getByRole('button', { name: label, exact: true }).click(), options.refused ? `${recordPath}/act` : recordPath);
  }

  /** A one-click action (a form with its button, no <details>). */
  async function doOneClick(page: Page, label: string): Promise<void> {
    const form = page.getByRole('main').locator('section.action-box form.action-form').filter({ has: page.getByRole('button', { name: label, exact: true }) });
    assert.equal(await form.count(), 1, `"${label}" is offered`);
    const recordPath = pathOf(page);
    await follow(page, () => form.getByRole('button', { name: label, exact: true }).click(), recordPath);
  }

  async function expectDone(page: Page, label: string): Promise<void> {
    assert.match(await page.getByRole('status').innerText(), new RegExp(`Đã thực hiện: ${escape(label)}`));
  }

  /** Links to the printed forms (Mẫu 01–07) may appear on the record page as they land: each must be a PDF. */
  async function formLinksArePdfs(page: Page): Promise<number> {
    const links = page.getByRole('main').getByRole('link', { name: /Mẫu 0\d/ });
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const res = await page.context().request.get(href);
      assert.equal(res.status(), 200, href);
      assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/, `${href} is a PDF`);
      assert.equal((await res.body()).subarray(0, 5).toString('latin1'), '%PDF-', `${href} starts like a PDF`);
    }
    return hrefs.length;
  }

  for (const vp of VIEWPORTS) {
    it(`(a) ${vp.name}: received, forwarded, submitted, approved with a result, returned electronically; the citizen downloads it and rates it`, { timeout: 600_000 }, async () => {
      const code = await fileOnline(`Lò Văn Bình ${vp.name}`);
      const newCount = await countWhere(1);

      // 1. The desk: the home page counts it, the queue lists it; received, forwarded to Cà Văn Tư.
      const deskContext = await contextFor(vp);
      try {
        const page = await newPage(deskContext);
        const main = page.getByRole('main');
        await signIn(page, vp, DESK.login, DESK.name);
        await openQueue(page, vp, 'Mới đăng ký', 'new', code, newCount);
        assert.equal(await factOf(main, 'Trạng thái'), 'Mới đăng ký');
        assert.equal(await factOf(main, 'Hình thức nộp'), 'Trực tuyến');
        await checkPage(page, vp, 'record-new');

        await doOneClick(page, 'Tiếp nhận hồ sơ');
        await expectDone(page, 'Tiếp nhận hồ sơ');
        assert.equal(await factOf(main, 'Trạng thái'), 'Được tiếp nhận');
        const received = await row(code);
        assert.equal(received.status, 2);
        assert.ok(received.due_at, 'the appointment is set at intake');
        assert.equal(await factOf(main, 'Ngày hẹn trả'), formatDateTime('vi', received.due_at!), 'the page shows the appointment');
        await formLinksArePdfs(page);
        await checkPage(page, vp, 'record-received');

        await doAction(page, vp, 'Chuyển xử lý', 'forward', async (form) => {
          const to = form.getByLabel('Người nhận');
          assert.ok((await to.locator('option').allInnerTexts()).includes(SPECIALIST.name), 'the specialist is offered');
          await to.selectOption({ label: SPECIALIST.name });
        });
        await expectDone(page, 'Chuyển xử lý');
        assert.equal(await factOf(main, 'Trạng thái'), 'Đang xử lý');
        assert.equal(await factOf(main, 'Người đang xử lý'), SPECIALIST.name);
        assert.match(await main.getByRole('region', { name: 'Quá trình xử lý' }).innerText(), new RegExp(`Chuyển hồ sơ cho ${SPECIALIST.name}`), 'the history names who received it');
        await checkPage(page, vp, 'record-forwarded');
        await signOut(page);
      } finally {
        await deskContext.close();
      }

      // 2. The specialist finds it under "Tôi đang giữ" and submits it to the chairman.
      const specialistContext = await contextFor(vp);
      try {
        const page = await newPage(specialistContext);
        const main = page.getByRole('main');
        await signIn(page, vp, SPECIALIST.login, SPECIALIST.name);
        await openQueue(page, vp, 'Tôi đang giữ', 'mine', code);
        await checkPage(page, vp, 'record-held');
        await doAction(page, vp, 'Trình lãnh đạo phê duyệt', 'submit', async (form) => {
          await form.getByLabel('Người nhận').selectOption({ label: CHAIRMAN.name });
          await form.getByLabel('Ghi chú (nếu có)').fill('Đã kiểm tra giấy chứng sinh; đề nghị đồng chí Chủ tịch ký trích lục.');
        });
        await expectDone(page, 'Trình lãnh đạo phê duyệt');
        assert.equal(await factOf(main, 'Người đang xử lý'), CHAIRMAN.name);
        assert.equal((await row(code)).awaiting_approval, true);
        await checkPage(page, vp, 'record-submitted');
        await signOut(page);
      } finally {
        await specialistContext.close();
      }

      // 3. The chairman approves it with the electronic result.
      const chairmanContext = await contextFor(vp);
      try {
        const page = await newPage(chairmanContext);
        const main = page.getByRole('main');
        await signIn(page, vp, CHAIRMAN.login, CHAIRMAN.name);
        await openQueue(page, vp, 'Tôi đang giữ', 'mine', code);
        await checkPage(page, vp, 'record-to-approve');
        await doAction(page, vp, 'Phê duyệt, có kết quả', 'approve', async (form) => {
          await form.getByLabel('Tệp kết quả điện tử (PDF)').setInputFiles(resultPdf);
        });
        await expectDone(page, 'Phê duyệt, có kết quả');
        assert.equal(await factOf(main, 'Trạng thái'), 'Đã xử lý xong');
        assert.equal(await main.getByRole('region', { name: 'Giấy tờ đính kèm' }).getByRole('link', { name: 'trich-luc-khai-sinh.pdf' }).count(), 1, 'the result is among the files');
        await checkPage(page, vp, 'record-approved');
        await signOut(page);
      } finally {
        await chairmanContext.close();
      }

      // 3b. The clerk seals the signed result (the desk may not return it before).
      const clerkContext = await contextFor(vp);
      try {
        const page = await newPage(clerkContext);
        const main = page.getByRole('main');
        await signIn(page, vp, CLERK.login, CLERK.name);
        await openQueue(page, vp, 'Chờ trả kết quả', 'to_return', code, await countWhere(9));
        await checkPage(page, vp, 'record-to-seal');
        await doOneClick(page, 'Đóng dấu (ký số của cơ quan) vào kết quả');
        await expectDone(page, 'Đóng dấu (ký số của cơ quan) vào kết quả');
        assert.ok((await row(code)).result_sealed_at, 'sealed');
        assert.equal(await main.getByRole('link', { name: 'Xác thực chữ ký số của kết quả' }).count(), 1, 'the record links to the result\'s verification');
        await checkPage(page, vp, 'record-sealed');
        await signOut(page);
      } finally {
        await clerkContext.close();
      }

      // 4. The desk returns it electronically.
      const deskAgain = await contextFor(vp);
      try {
        const page = await newPage(deskAgain);
        const main = page.getByRole('main');
        await signIn(page, vp, DESK.login, DESK.name);
        await openQueue(page, vp, 'Chờ trả kết quả', 'to_return', code, await countWhere(9));
        await checkPage(page, vp, 'record-to-return');
        await doAction(page, vp, 'Trả kết quả', 'return', async (form) => {
          await form.getByRole('radio', { name: 'Bản điện tử (kho dữ liệu của người dân)' }).check();
        });
        await expectDone(page, 'Trả kết quả');
        assert.equal(await factOf(main, 'Trạng thái'), 'Đã trả kết quả');
        assert.match(await main.getByRole('region', { name: 'Xử lý hồ sơ' }).innerText(), /Bạn không có thao tác nào/);
        await formLinksArePdfs(page);
        await checkPage(page, vp, 'record-returned');
        await signOut(page);
      } finally {
        await deskAgain.close();
      }
      const returned = await row(code);
      assert.equal(returned.status, 10);
      assert.equal(returned.returned_via, 'electronic');

      // 5. The citizen: "Đã trả kết quả", the result downloaded, a rating.
      const citizenContext = await contextFor(vp);
      try {
        const page = await newPage(citizenContext);
        const main = page.getByRole('main');
        await signIn(page, vp, CITIZEN.login, CITIZEN.name);
        await follow(page, () => page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click(), '/ho-so');
        const listed = main.locator('tr').filter({ has: page.getByRole('link', { name: code, exact: true }) });
        assert.match(await listed.innerText(), /Đã trả kết quả/);
        await checkPage(page, vp, 'citizen-records');
        await follow(page, () => main.getByRole('link', { name: code, exact: true }).click(), `/ho-so/${code}`);
        assert.equal(await factOf(main, 'Trạng thái'), 'Đã trả kết quả');
        await checkPage(page, vp, 'citizen-record-returned');

        const download = page.waitForEvent('download');
        await main.getByRole('link', { name: 'trich-luc-khai-sinh.pdf' }).click();
        const file = await download;
        assert.equal(file.suggestedFilename(), 'trich-luc-khai-sinh.pdf');
        // What the chairman attached, signed by him and sealed: two signatures, his name drawn on the page.
        const received = fs.readFileSync(await file.path());
        assert.equal((received.toString('latin1').match(/\/ByteRange/g) ?? []).length, 2, 'signed twice');
        const text = execFileSync('pdftotext', [await file.path(), '-'], { encoding: 'utf8' });
        assert.match(text, /Trich luc khai sinh/, 'the chairman\'s document');
        assert.match(text, /Ký bởi: Lường Văn Chính/);

        const rating = main.getByRole('region', { name: 'Đánh giá mức độ hài lòng' });
        await rating.getByRole('radio', { name: 'Rất hài lòng' }).check();
        await rating.getByLabel('Góp ý (nếu có)').fill('Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.');
        await follow(page, () => rating.getByRole('button', { name: 'Gửi đánh giá' }).click(), `/ho-so/${code}`);
        assert.match(await page.getByRole('status').innerText(), /Cảm ơn bạn đã đánh giá/);
        assert.match(await main.innerText(), /Bạn đã đánh giá: 5\/5/);
        assert.equal(await main.getByRole('region', { name: 'Đánh giá mức độ hài lòng' }).count(), 0, 'rated once');
        await checkPage(page, vp, 'citizen-rated');
      } finally {
        await citizenContext.close();
      }
      assert.equal((await row(code)).rating, 5);
      const statuses = (await sql<{ to_status: number }>`select to_status from record_events where record_id = ${returned.id} and kind = 'status' order by id`.execute(t.database.db)).rows.map((e) => e.to_status);
      assert.deepEqual(statuses, [1, 2, 4, 9, 10], 'each step is in the history');
    });

    it(`(b) ${vp.name}: a record about to run late: apology and extension (Mẫu 04), the new appointment on the record page`, { timeout: 300_000 }, async () => {
      const code = await fileOnline(`Lò Văn Chậm ${vp.name}`);
      // Received and forwarded through HTTP (the browser pass above clicks these); then its appointment
      // is moved to three hours from now, as if the record had been waiting.
      const act = async (action: string, fields: Record<string, string> = {}) => {
        const r = await row(code);
        const res = await deskApi.postForm(`/admin/units/${md}/records/${r.id}/act`, { action, version: String(r.version), ...fields });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      };
      await act('accept');
      await act('forward', { toOfficialId: String(officialIds[SPECIALIST.login]) });
      await sql`update records set due_at = now() + interval '3 hours', original_due_at = now() + interval '3 hours' where code = ${code}`.execute(t.database.db);
      const due = (await row(code)).due_at!;

      const context = await contextFor(vp);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        await signIn(page, vp, SPECIALIST.login, SPECIALIST.name);
        await openQueue(page, vp, 'Sắp đến hạn', 'due_soon', code);
        assert.equal(await factOf(main, 'Ngày hẹn trả'), formatDateTime('vi', due));
        await checkPage(page, vp, 'record-due-soon');

        // A date that is not after the current appointment: the page comes back with the reason.
        await doAction(page, vp, 'Xin lỗi và gia hạn (Mẫu 04)', 'extend-wrong-date', async (form) => {
          await form.getByLabel('Ngày hẹn trả mới').fill(vnDate(-1));
          await form.getByLabel('Lý do chậm và lời xin lỗi').fill('Cần xác minh thêm nơi cư trú.');
        }, { refused: true });
        expectStatusLine(page, 400);
        assert.match(await page.getByRole('alert').innerText(), /Ngày hẹn mới phải là một ngày có thật, sau ngày hẹn hiện tại/);
        assert.equal((await row(code)).extended_at, null);
        await checkPage(page, vp, 'extend-refused');

        // The refused form comes back open, with what was typed; the date is corrected and it goes through.
        const newDate = vnDate(5);
        await doAction(page, vp, 'Xin lỗi và gia hạn (Mẫu 04)', 'extend', async (form) => {
          assert.equal(await form.getByLabel('Ngày hẹn trả mới').inputValue(), vnDate(-1), 'the date typed is kept');
          assert.equal(await form.getByLabel('Lý do chậm và lời xin lỗi').inputValue(), 'Cần xác minh thêm nơi cư trú.', 'the reason typed is kept');
          assert.match((await form.getByLabel('Ngày hẹn trả mới').getAttribute('aria-describedby')) ?? '', /hint/, 'the date format hint is announced with the field');
          await form.getByLabel('Ngày hẹn trả mới').fill(newDate);
          await form.getByLabel('Lý do chậm và lời xin lỗi').fill('Xin lỗi ông/bà: hồ sơ cần xác minh thêm nơi cư trú tại bản Co Muông.');
        }, { alreadyOpen: true });
        await expectDone(page, 'Xin lỗi và gia hạn (Mẫu 04)');
        const extended = await row(code);
        assert.ok(extended.extended_at, 'the extension is recorded');
        assert.equal(extended.due_at!.toISOString(), new Date(`${newDate.split('/').reverse().join('-')}T17:00:00+07:00`).toISOString(), 'the new appointment: the end of the chosen day');
        assert.equal(extended.original_due_at!.getTime(), due.getTime(), 'the first appointment is kept');
        const shown = await factOf(main, 'Ngày hẹn trả');
        assert.equal(shown, formatDateTime('vi', extended.due_at!), 'the record page shows the new appointment');
        assert.ok(shown.includes(newDate), `${shown} is on ${newDate}`);
        assert.match(await main.getByRole('region', { name: 'Quá trình xử lý' }).innerText(), /hồ sơ cần xác minh thêm nơi cư trú/, 'the apology is in the history');
        assert.equal(await main.locator('details.action summary', { hasText: 'Xin lỗi và gia hạn' }).count(), 0, 'once only');
        await formLinksArePdfs(page);
        await checkPage(page, vp, 'record-extended');
      } finally {
        await context.close();
      }
    });

    it(`(c) ${vp.name}: a paper record at the counter: filed by the desk for a citizen with a scan of each paper, then received`, { timeout: 600_000 }, async () => {
      const context = await contextFor(vp);
      const applicant = { name: `Quàng Thị Lan ${vp.name}`, idNumber: vp.phone ? '011190005678' : '011190005679', phone: '0912777888' };
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        await signIn(page, vp, DESK.login, DESK.name);

        // Home → "Nộp hồ sơ cho người dân" → the catalogue → the procedure → its button for the desk.
        await follow(page, () => main.getByRole('link', { name: 'Nộp hồ sơ cho người dân' }).click(), '/thu-tuc');
        await page.getByRole('search').getByLabel('Tên hoặc mã thủ tục').fill('khai sinh');
        await follow(page, () => page.getByRole('search').getByRole('button', { name: 'Tìm kiếm' }).click(), '/thu-tuc');
        await checkPage(page, vp, 'desk-procedures');
        await follow(page, () => main.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click(), `/thu-tuc/${BIRTH}`);
        await checkPage(page, vp, 'desk-procedure');
        await follow(page, () => main.getByRole('link', { name: 'Nộp hồ sơ cho người dân' }).click(), `/thu-tuc/${BIRTH}/nop`);
        assert.match(await main.innerText(), /đang nộp hồ sơ thay cho người dân/);
        const agency = main.getByLabel('Nộp hồ sơ tại (xã, phường)');
        assert.deepEqual(await agency.locator('option').allInnerTexts(), ['Xã Mường Đăng'], 'the desk files with its own commune only');
        await checkPage(page, vp, 'desk-form');

        // The form, filled from the paper declaration.
        const applicantGroup = main.getByRole('group', { name: 'Người nộp hồ sơ' });
        const child = main.getByRole('group', { name: 'Người được khai sinh' });
        await applicantGroup.getByLabel('Họ, chữ đệm, tên').fill(applicant.name);
        await applicantGroup.getByLabel('Số định danh cá nhân').fill(applicant.idNumber);
        await applicantGroup.getByLabel('Số điện thoại').fill(applicant.phone);
        await applicantGroup.getByLabel('Nơi cư trú').fill('Bản Hua Ná, xã Mường Đăng, tỉnh Điện Biên');
        await main.getByLabel('Quan hệ với người được khai sinh').selectOption({ label: 'Cha, mẹ' });
        await child.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill(`Quàng Văn Minh ${vp.name}`);
        await child.getByRole('group', { name: 'Giới tính' }).getByRole('radio', { name: 'Nam' }).check();
        await main.getByLabel('Ngày, tháng, năm sinh').fill(vnDate(-20));
        await main.getByLabel('Nơi sinh (cơ sở y tế hoặc địa chỉ)').fill('Trạm y tế xã Mường Đăng');
        await main.getByLabel('Dân tộc').fill('Thái');
        await main.getByLabel('Quốc tịch').fill('Việt Nam');
        await main.getByLabel('Họ, chữ đệm, tên người mẹ').fill(applicant.name);
        await main.getByRole('group', { name: 'Có thông tin về người cha không?' }).getByRole('radio', { name: 'Không' }).check();
        await follow(page, () => main.getByRole('button', { name: 'Lưu và tiếp tục' }).click(), /^\/ho-so\/nhap\/[A-Za-z0-9_-]{22}$/);
        const draftPath = pathOf(page);
        assert.match(await main.innerText(), /Bước 2\/3: Đính kèm giấy tờ/);
        await checkPage(page, vp, 'desk-draft');

        // A scan of each paper of the procedure, one upload each.
        const papers = main.locator('ol.components > li');
        const components = (await papers.count()) - 1; // the last is "Giấy tờ khác"
        assert.ok(components >= 1, 'the procedure lists its papers');
        for (let n = 1; n <= components; n++) {
          const paper = papers.nth(n - 1);
          await paper.getByLabel(`Chọn tệp cho giấy tờ số ${n}`).setInputFiles(scanPdf);
          await follow(page, () => paper.getByRole('button', { name: 'Tải lên' }).click(), draftPath);
          assert.match(await page.getByRole('status').innerText(), /Đã tải tệp lên/);
          assert.equal(await main.locator('ol.components > li').nth(n - 1).getByRole('link', { name: 'ban-quet.pdf' }).count(), 1, `paper ${n} has its scan`);
        }
        assert.equal(await main.getByText('Chưa đính kèm các giấy tờ bắt buộc sau').count(), 0, 'nothing required is missing');
        await checkPage(page, vp, 'desk-draft-scanned');

        await main.getByRole('checkbox', { name: /Người dân đã xác nhận/ }).check();
        await follow(page, () => main.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click(), /^\/ho-so\/[^/]+$/);
        const code = (await main.locator('.record-code').innerText()).trim();
        assert.match(code, /^H11\.35\.01-\d{6}-\d{4}$/);
        assert.equal(await factOf(main, 'Trạng thái'), 'Mới đăng ký');
        assert.equal(await factOf(main, 'Hình thức nộp'), 'Trực tiếp');
        assert.match(await factOf(main, 'Người hỗ trợ nộp'), new RegExp(escape(DESK.name)));
        await checkPage(page, vp, 'desk-filed');
        const filed = await row(code);
        assert.equal(filed.channel, 1, 'filed at the desk');
        assert.equal(filed.assisted_by_name, DESK.name);
        const scans = (await sql<{ n: number }>`select count(*)::int as n from record_files where record_id = ${filed.id}`.execute(t.database.db)).rows[0]!.n;
        assert.equal(scans, components, 'every scan went with the record');

        // Received at once: home → "Mới đăng ký" → the record → "Tiếp nhận hồ sơ".
        await follow(page, () => page.getByRole('banner').locator('a.brand').click(), '/');
        await openQueue(page, vp, 'Mới đăng ký', 'new', code, await countWhere(1));
        assert.equal(await main.getByRole('region', { name: 'Giấy tờ đính kèm' }).getByRole('link', { name: 'ban-quet.pdf' }).count(), components, 'the desk sees the scans');
        await checkPage(page, vp, 'desk-record-new');
        await doOneClick(page, 'Tiếp nhận hồ sơ');
        await expectDone(page, 'Tiếp nhận hồ sơ');
        assert.equal(await factOf(main, 'Trạng thái'), 'Được tiếp nhận');
        assert.equal((await row(code)).status, 2);
        await formLinksArePdfs(page);
        await checkPage(page, vp, 'desk-record-received');
      } finally {
        await context.close();
      }
    });
  }
});
