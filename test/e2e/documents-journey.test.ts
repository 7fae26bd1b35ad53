/**
 * End to end, in a real browser: an incoming paper document becomes an issued reply that arrives in another commune
 * (issue #8), clicked through the real pages by four people, each signed in in their own browser context — on a
 * 360 px phone and on a 1280 px desktop.
 *
 *   1. The clerk of Xã Mường Đăng (vanthu.muongdang) opens "Văn bản" → "Vào sổ văn bản đến", registers a scanned
 *      paper document (a PDF page and a JPEG page), sees its incoming number, and presents it to the chairman.
 *   2. The chairman (chutich.muongdang) finds it under "Chờ phân công" and fills the leader's part of the phiếu giải
 *      quyết: main handler Cà Văn Tư (chuyenmon.muongdang), a deadline, an opinion.
 *   3. The specialist finds it under "Cần xử lý", records an opinion, clicks "Soạn văn bản trả lời", fills the
 *      template (Thông báo, subject, body, recipient Xã Phìn Hồ inside the install), saves and submits it to the chairman.
 *   4. The chairman opens "Văn bản đi" → "Chờ tôi cho ý kiến" (a submitted draft is there, in review; "Chờ tôi ký"
 *      lists only approved ones), approves it ("Duyệt") on the document page, then signs it ("Ký số"). No certificate
 *      is issued beforehand: the install's CA enrols the chairman at his first signature (signatures/enrolment.ts,
 *      officialSigner) and the unit's seal at the first seal, as in test/http/documents-outgoing.test.ts.
 *   5. The clerk finds it under "Chờ cấp số, phát hành", clicks "Cấp số, đóng dấu và phát hành": the page shows the
 *      number (01/TB-UBND, or the next one); the issued PDF downloads; pdftotext reads "Số: 01/TB-UBND" and pdfsig
 *      finds two valid signatures trusted under the install's root (the chairman's and the seal).
 *   6. The clerk of Xã Phìn Hồ (vanthu.phinho) sees it in Phìn Hồ's "Chờ trình" with Phìn Hồ's own incoming number,
 *      opens it, and its file downloads: the very PDF Mường Đăng issued.
 *
 * Every page: a full-page screenshot in test-results/documents-screenshots/, axe-core (WCAG 2.0/2.1 A and AA plus
 * best practice: zero violations), no browser console errors, no sideways scrolling at the viewport's width.
 * Links and buttons are found by their catalogue texts (translator('vi')).
 *
 *   node scripts/run-tests.mjs test/e2e/documents-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`), pdftotext and pdfsig (poppler-utils), certutil (libnss3-tools).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { assertHeading, CHROMIUM, CHROMIUM_ARGS, consoleErrors, follow, newPage, pageChecker, pathOf, ROOT } from '../support/browser.ts';
import { makeJpeg, makePdf } from '../support/files.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import { translator } from '../../src/platform/i18n/index.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'documents-screenshots');
const t = translator('vi');
const CLERK = { login: 'vanthu.muongdang', name: 'Tòng Thị Thư' };
const CHAIRMAN = { login: 'chutich.muongdang', name: 'Lường Văn Chính' };
const SPECIALIST = { login: 'chuyenmon.muongdang', name: 'Cà Văn Tư' };
const PH_CLERK = { login: 'vanthu.phinho', name: 'Vàng A Dình' };

const vnDay = (plusDays = 0) => new Date(Date.now() + 7 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('an incoming scan becomes an issued reply that arrives in Phìn Hồ (Chromium, axe-core, 360 and 1280 px)', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let md: number;
  let ph: number;

  const db = () => app.database.db;

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    app = await createTestApp();
    md = app.unit('Xã Mường Đăng').id;
    ph = app.unit('Xã Phìn Hồ').id;
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Screenshot, axe, console errors and sideways scrolling of every page (test/support/browser.ts). */
  const checkPage = pageChecker(SCREENSHOTS);

  /** Clicks a download link and returns the file's bytes and suggested name (Playwright's download event). */
  async function download(page: Page, link: Locator, saveAs: string): Promise<{ bytes: Buffer; name: string }> {
    const started = page.waitForEvent('download');
    await link.click();
    const file = await started;
    const target = path.join(SCREENSHOTS, saveAs);
    await file.saveAs(target);
    assert.equal(await file.failure(), null, `the download of ${saveAs} completed`);
    return { bytes: fs.readFileSync(target), name: file.suggestedFilename() };
  }

  /** The value shown next to `label` in the document's facts (dl.answers). */
  const fact = async (main: Locator, label: string) => (await main.locator('dl.answers').first().locator(`dt:text-is("${label}") + dd`).innerText()).trim();
  const notice = async (page: Page) => (await page.getByRole('status').innerText()).trim();
  const documentPath = (unit: number) => new RegExp(`^/admin/units/${unit}/documents/(\\d+)$`);
  const idOf = (page: Page, unit: number) => Number(documentPath(unit).exec(pathOf(page))![1]);

  for (const screen of [{ pass: 'phone', width: 360, height: 740, mobile: true }, { pass: 'desktop', width: 1280, height: 900, mobile: false }]) {
    const newContext = (): Promise<BrowserContext> => browser.newContext({
      baseURL: base, locale: 'vi-VN', viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1, isMobile: screen.mobile, hasTouch: screen.mobile, acceptDownloads: true,
    });
    const check = (page: Page, name: string) => checkPage(page, screen.pass, name, screen.width);

    /** A new browser context for `who`, signed in on the login page, on the home page. */
    async function signedIn(who: { login: string; name: string }): Promise<{ context: BrowserContext; page: Page; main: Locator }> {
      const context = await newContext();
      context.setDefaultTimeout(20_000);
      const page = await newPage(context);
      const main = page.getByRole('main');
      await page.goto('/login');
      await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(who.login);
      await main.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
      await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), '/');
      await assertHeading(page, t('home.greeting', { name: who.name }));
      return { context, page, main };
    }

    /** From any page: the main menu's "Văn bản" (the unit's incoming documents). */
    async function openDocuments(page: Page, unit: number): Promise<void> {
      const nav = page.getByRole('navigation', { name: t('nav.home') });
      await follow(page, () => nav.getByRole('link', { name: t('nav.documents'), exact: true }).click(), `/admin/units/${unit}/documents/incoming`);
      await assertHeading(page, t('documents.incoming.title'));
    }

    it(`${screen.pass} (${screen.width} px): register a scan → assign → draft a reply → approve and sign → number and issue → it arrives in Phìn Hồ`, { timeout: 600_000 }, async () => {
      const contexts: BrowserContext[] = [];
      const tag = screen.pass === 'phone' ? 'quý III' : 'quý IV';
      const incomingSubject = `Về việc báo cáo kết quả chuyển đổi số ${tag} năm 2026`;
      const replySubject = `Kết quả chuyển đổi số ${tag} năm 2026 của xã Mường Đăng`;
      try {
        // 1. The clerk registers the scanned paper document and presents it.
        const clerk = await signedIn(CLERK);
        contexts.push(clerk.context);
        await openDocuments(clerk.page, md);
        await check(clerk.page, 'clerk-incoming');
        await follow(clerk.page, () => clerk.main.getByRole('link', { name: t('documents.incoming.new_title') }).click(), `/admin/units/${md}/documents/incoming/new`);
        await assertHeading(clerk.page, t('documents.incoming.new_title'));
        await check(clerk.page, 'register-form');
        const form = clerk.main.locator(`form[action="/admin/units/${md}/documents/incoming"]`);
        await form.getByLabel(t('documents.incoming.field.type')).selectOption({ label: 'Công văn' });
        await form.getByLabel(t('documents.incoming.field.number_text')).fill('215/UBND-VP');
        await form.getByLabel(t('documents.incoming.field.document_date')).fill(vnDay(-1));
        await form.getByLabel(t('documents.incoming.field.sender')).fill('UBND tỉnh Điện Biên');
        await form.getByLabel(t('documents.incoming.field.subject')).fill(incomingSubject);
        await form.getByLabel(t('documents.incoming.field.pages')).fill('2');
        await form.getByLabel(t('documents.incoming.channel.paper')).check();
        await form.getByLabel(t('documents.incoming.field.files')).setInputFiles([
          { name: 'cong-van-215-trang-1.pdf', mimeType: 'application/pdf', buffer: makePdf('Cong van 215/UBND-VP trang 1') },
          { name: 'cong-van-215-trang-2.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(4000) },
        ]);
        await follow(clerk.page, () => form.getByRole('button', { name: t('documents.incoming.register_submit') }).click(), documentPath(md));
        const incomingId = idOf(clerk.page, md);
        const registered = (await sql<{ incoming_number: number; incoming_year: number }>`select incoming_number, incoming_year from documents where id = ${incomingId}`.execute(db())).rows[0]!;
        assert.ok(registered.incoming_number >= 1);
        assert.equal(await notice(clerk.page), t('documents.incoming.notice.registered', { number: registered.incoming_number }));
        assert.equal(await fact(clerk.main, t('documents.page.incoming_number')), `${registered.incoming_number}/${registered.incoming_year}`);
        assert.equal(await fact(clerk.main, t('documents.page.subject')), incomingSubject);
        assert.equal(await clerk.main.locator('ul.files > li').count(), 2, 'both scanned pages are kept');
        await check(clerk.page, 'registered');
        const present = clerk.main.locator('form[data-action="present"]');
        await present.getByLabel(t('documents.incoming.field.leader')).selectOption({ label: CHAIRMAN.name });
        await present.getByLabel(t('documents.incoming.field.note')).fill('Kính trình Chủ tịch xem xét, chỉ đạo.');
        await follow(clerk.page, () => present.getByRole('button', { name: t('documents.incoming.action.present') }).click(), `/admin/units/${md}/documents/${incomingId}`);
        assert.equal(await notice(clerk.page), t('documents.incoming.notice.presented'));
        assert.equal(await fact(clerk.main, t('documents.page.holder')), CHAIRMAN.name);
        await check(clerk.page, 'presented');

        // 2. The chairman, on his own device: "Chờ phân công", then the phiếu giải quyết.
        const chairman = await signedIn(CHAIRMAN);
        contexts.push(chairman.context);
        await openDocuments(chairman.page, md);
        const toAssign = chairman.main.getByRole('navigation', { name: t('documents.incoming.queues') }).getByRole('link', { name: new RegExp(`^${t('documents.incoming.queue.to_assign')}`) });
        assert.equal(await toAssign.getAttribute('aria-current'), 'page', 'a leader lands on "to assign"');
        assert.ok(Number(await toAssign.locator('[data-count]').innerText()) >= 1);
        await check(chairman.page, 'chairman-to-assign');
        await follow(chairman.page, () => chairman.main.locator(`tr[data-document="${incomingId}"]`).getByRole('link', { name: `Công văn: ${incomingSubject}` }).click(), `/admin/units/${md}/documents/${incomingId}`);
        const assign = chairman.main.locator('form[data-action="assign"]');
        assert.equal(await assign.getByRole('heading', { name: t('documents.incoming.action.assign') }).count(), 1);
        await check(chairman.page, 'assignment-form');
        const due = vnDay(5);
        await assign.getByLabel(t('documents.incoming.field.main')).selectOption({ label: SPECIALIST.name });
        await assign.getByLabel(t('documents.incoming.field.due')).fill(due);
        await assign.getByLabel(t('documents.incoming.field.leader_opinion')).fill('Giao đồng chí Tư chủ trì tham mưu văn bản báo cáo, trình trước hạn.');
        await follow(chairman.page, () => assign.getByRole('button', { name: t('documents.incoming.action.assign') }).click(), `/admin/units/${md}/documents/${incomingId}`);
        assert.equal(await notice(chairman.page), t('documents.incoming.notice.assigned'));
        const sheet = chairman.main.getByRole('region', { name: t('documents.page.sheet.title') });
        assert.equal((await sheet.locator('[data-main]').innerText()).trim(), SPECIALIST.name);
        assert.match(await sheet.innerText(), /Giao đồng chí Tư chủ trì/);
        assert.match(await sheet.innerText(), new RegExp(due.split('-').reverse().join('/')));
        await check(chairman.page, 'assigned');

        // 3. The specialist: "Cần xử lý", an opinion, then "Soạn văn bản trả lời".
        const specialist = await signedIn(SPECIALIST);
        contexts.push(specialist.context);
        await openDocuments(specialist.page, md);
        const toProcess = specialist.main.getByRole('navigation', { name: t('documents.incoming.queues') }).getByRole('link', { name: new RegExp(`^${t('documents.incoming.queue.to_process')}`) });
        assert.equal(await toProcess.getAttribute('aria-current'), 'page', 'a handler lands on "to process"');
        await check(specialist.page, 'specialist-to-process');
        await follow(specialist.page, () => specialist.main.locator(`tr[data-document="${incomingId}"]`).getByRole('link', { name: `Công văn: ${incomingSubject}` }).click(), `/admin/units/${md}/documents/${incomingId}`);
        await check(specialist.page, 'specialist-document');
        const opinion = specialist.main.locator('form[data-action="opinion"]');
        await opinion.getByLabel(t('documents.incoming.field.opinion')).fill('Đề xuất có văn bản thông báo kết quả gửi UBND xã Phìn Hồ để phối hợp.');
        await follow(specialist.page, () => opinion.getByRole('button', { name: t('documents.incoming.action.opinion') }).click(), `/admin/units/${md}/documents/${incomingId}`);
        assert.equal(await notice(specialist.page), t('documents.incoming.notice.opinion'));
        assert.match(await specialist.main.getByRole('region', { name: t('documents.page.sheet.title') }).innerText(), /Đề xuất có văn bản thông báo/);
        await follow(specialist.page, () => specialist.main.getByRole('link', { name: t('documents.incoming.action.reply') }).click(), `/admin/units/${md}/documents/outgoing/new`);
        assert.match(specialist.page.url(), new RegExp(`[?&]replyTo=${incomingId}$`));
        await assertHeading(specialist.page, t('documents.outgoing.new_title'));
        assert.equal((await specialist.main.locator('[data-reply-to]').innerText()).trim(), t('documents.outgoing.reply_to', { subject: incomingSubject }));
        await check(specialist.page, 'draft-form');
        const template = specialist.main.getByRole('region', { name: t('documents.outgoing.template_title') });
        await template.getByLabel(t('documents.outgoing.field.type')).selectOption({ label: 'Thông báo' });
        await template.getByLabel(t('documents.outgoing.field.subject')).fill(replySubject);
        await template.getByRole('group', { name: t('documents.outgoing.field.units') }).getByLabel('Xã Phìn Hồ').check();
        await template.getByLabel(t('documents.outgoing.field.body'), { exact: true }).fill([
          'Thực hiện Công văn số 215/UBND-VP của UBND tỉnh Điện Biên về việc báo cáo kết quả chuyển đổi số;',
          `Ủy ban nhân dân xã Mường Đăng thông báo kết quả chuyển đổi số ${tag} năm 2026 như sau:`,
          '1. 100% văn bản đến được tiếp nhận, xử lý trên hệ thống quản lý văn bản và điều hành.',
          '2. 100% văn bản đi được ký số.',
        ].join('\n'));
        await template.getByLabel(t('documents.outgoing.field.signer')).selectOption({ label: `${CHAIRMAN.name} — Chủ tịch UBND xã` });
        await follow(specialist.page, () => template.getByRole('button', { name: t('documents.outgoing.save_template') }).click(), documentPath(md));
        const outgoingId = idOf(specialist.page, md);
        assert.equal(await notice(specialist.page), t('documents.outgoing.created'));
        assert.equal(await fact(specialist.main, t('documents.page.subject')), replySubject);
        assert.equal(await specialist.main.getByRole('link', { name: t('documents.page.open') }).getAttribute('href'), `/admin/units/${md}/documents/${incomingId}`, 'the reply links to what it answers');
        await check(specialist.page, 'draft-saved');
        const submit = specialist.main.locator('form[data-step="submit"]');
        await submit.getByLabel(t('documents.outgoing.panel.to')).selectOption({ label: CHAIRMAN.name });
        await submit.getByLabel(t('documents.outgoing.panel.comment')).fill('Kính trình Chủ tịch duyệt, ký.');
        await follow(specialist.page, () => submit.getByRole('button', { name: t('documents.outgoing.action.submit'), exact: true }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        assert.equal(await notice(specialist.page), t('documents.outgoing.done.submit'));
        assert.equal(await fact(specialist.main, t('documents.page.holder')), CHAIRMAN.name);

        // 4. The chairman approves, then signs (his certificate is issued by the install's CA on first use).
        await follow(chairman.page, () => chairman.main.getByRole('navigation', { name: t('documents.tabs') }).getByRole('link', { name: t('documents.tab.outgoing') }).click(), `/admin/units/${md}/documents/outgoing`);
        await follow(chairman.page, () => chairman.main.getByRole('link', { name: t('documents.outgoing.queue.review') }).click(), `/admin/units/${md}/documents/outgoing`);
        await check(chairman.page, 'chairman-to-review');
        await follow(chairman.page, () => chairman.main.locator(`tr[data-document="${outgoingId}"]`).getByRole('link', { name: `Thông báo: ${replySubject}` }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        await check(chairman.page, 'chairman-approve');
        const approve = chairman.main.locator('form[data-step="approve"]');
        await follow(chairman.page, () => approve.getByRole('button', { name: t('documents.outgoing.action.approve'), exact: true }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        assert.equal(await notice(chairman.page), t('documents.outgoing.done.approve'));
        await check(chairman.page, 'chairman-sign');
        const sign = chairman.main.locator('form[data-step="sign"]');
        await follow(chairman.page, () => sign.getByRole('button', { name: t('documents.outgoing.action.sign'), exact: true }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        assert.equal(await notice(chairman.page), t('documents.outgoing.done.sign'));
        assert.equal(await fact(chairman.main, t('documents.page.status')), t('documents.page.status.signed'));
        await check(chairman.page, 'signed');

        // 5. The clerk numbers, seals and issues it; the issued PDF: the number, two valid signatures.
        const before = Number((await sql<{ n: string }>`select count(*)::text as n from documents where unit_id = ${md} and direction = 'outgoing' and number is not null`.execute(db())).rows[0]!.n);
        const numberText = `${String(before + 1).padStart(2, '0')}/TB-UBND`;
        await follow(clerk.page, () => clerk.main.getByRole('navigation', { name: t('documents.tabs') }).getByRole('link', { name: t('documents.tab.outgoing') }).click(), `/admin/units/${md}/documents/outgoing`);
        const issueQueue = clerk.main.getByRole('navigation', { name: t('documents.outgoing.queues') }).getByRole('link', { name: t('documents.outgoing.queue.issue') });
        assert.equal(await issueQueue.getAttribute('aria-current'), 'page', 'the clerk lands on "to number and issue"');
        await check(clerk.page, 'clerk-to-issue');
        await follow(clerk.page, () => clerk.main.locator(`tr[data-document="${outgoingId}"]`).getByRole('link', { name: `Thông báo: ${replySubject}` }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        await check(clerk.page, 'clerk-issue');
        const issue = clerk.main.locator('form[data-step="issue"]');
        await follow(clerk.page, () => issue.getByRole('button', { name: t('documents.outgoing.action.issue') }).click(), `/admin/units/${md}/documents/${outgoingId}`);
        assert.equal(await notice(clerk.page), t('documents.outgoing.done.issue', { number: numberText }));
        assert.equal(await fact(clerk.main, t('documents.page.number_text')), numberText);
        await assertHeading(clerk.page, `Thông báo ${numberText}`);
        assert.equal(await clerk.main.locator(`[data-recipients] li[data-delivery="01"]`).filter({ hasText: 'PHÌN HỒ' }).count(), 1, 'Phìn Hồ has it');
        await check(clerk.page, 'issued');
        const issuedName = `${numberText.replace(/\//g, '-')} ${replySubject}.pdf`;
        const issued = await download(clerk.page, clerk.main.getByRole('link', { name: issuedName }), `${screen.pass}-${numberText.replace(/\//g, '-')}.pdf`);
        assert.equal(issued.name, issuedName);
        assert.equal(issued.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
        const text = pdfText(issued.bytes);
        assert.match(text, new RegExp(`Số: ${escape(numberText)}`));
        assert.match(text, /THÔNG BÁO/);
        const [dd, mm, yyyy] = (await fact(clerk.main, t('documents.page.document_date'))).split('/') as [string, string, string];
        assert.match(text, new RegExp(`Mường Đăng, ngày ${dd} tháng 0?${Number(mm)} năm ${yyyy}`), 'the place and the issue date on the document');
        const root = (await sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`.execute(db())).rows[0]!.certificate;
        const report = pdfsigReport(issued.bytes, root);
        assert.equal([...report.matchAll(/Signature is Valid\./g)].length, 2, report);
        assert.equal([...report.matchAll(/Certificate is Trusted\./g)].length, 2, report);
        assert.match(report, /Lường Văn Chính/);

        // 6. Phìn Hồ's clerk: it has arrived, with Phìn Hồ's own incoming number; its file downloads.
        const arrived = (await sql<{ id: string; incoming_number: number; incoming_year: number }>`select d.id, d.incoming_number, d.incoming_year from document_recipients r join documents d on d.id = r.delivered_document_id where r.document_id = ${outgoingId}`.execute(db())).rows[0]!;
        assert.ok(arrived, 'delivered inside the install');
        const phClerk = await signedIn(PH_CLERK);
        contexts.push(phClerk.context);
        await openDocuments(phClerk.page, ph);
        const row = phClerk.main.locator(`tr[data-document="${arrived.id}"]`);
        assert.equal(await row.count(), 1, `the new document is in Phìn Hồ's queue: ${await phClerk.main.innerText()}`);
        assert.equal((await row.locator('td').first().innerText()).trim(), String(arrived.incoming_number), "Phìn Hồ's own incoming number");
        assert.match(await row.innerText(), new RegExp(escape(numberText)));
        await check(phClerk.page, 'phinho-incoming');
        await follow(phClerk.page, () => row.getByRole('link', { name: `Thông báo: ${replySubject}` }).click(), `/admin/units/${ph}/documents/${arrived.id}`);
        assert.equal(await fact(phClerk.main, t('documents.page.incoming_number')), `${arrived.incoming_number}/${arrived.incoming_year}`);
        assert.equal(await fact(phClerk.main, t('documents.page.number_text')), numberText);
        assert.equal(await fact(phClerk.main, t('documents.page.channel')), t('documents.page.channel.internal'));
        assert.match(await fact(phClerk.main, t('documents.page.sender')), /MƯỜNG ĐĂNG/);
        await check(phClerk.page, 'phinho-document');
        const received = await download(phClerk.page, phClerk.main.getByRole('link', { name: issuedName }), `${screen.pass}-phinho-${numberText.replace(/\//g, '-')}.pdf`);
        assert.equal(Buffer.compare(received.bytes, issued.bytes), 0, 'Phìn Hồ gets the very PDF Mường Đăng issued');
        for (const c of [clerk, chairman, specialist, phClerk]) assert.deepEqual(consoleErrors.get(c.page), [], 'no console errors after the last check');
      } finally {
        for (const c of contexts) await c.close();
      }
    });
  }
});
