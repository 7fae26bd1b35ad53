/**
 * End to end, in a real browser: the reporting pages of issue #7, on a 360 px phone and on a 1280 px desktop.
 *
 *   (a) The chairman of Xã Mường Đăng signs in; the home page shows this month's indicators; "Mở bảng điều hành"
 *       opens the commune's dashboard: the overdue count in today's workload, the indicator table (2.1 = 3 of 7
 *       on time), the 12-month trend chart. The number of late records of 2.1 opens the drill-down, which lists
 *       exactly the late records (the three still open past their appointment among them); one record opens;
 *       back on the dashboard, the XLSX download is read back with exceljs (the 2.1 row holds the rate the page
 *       shows) and the PDF download with pdftotext (it names the commune).
 *   (b) The provincial supervisor opens the ranking, sorts it by 2.1 (the GET form), sees the bar chart and opens
 *       its data table; changes one setting on the scoring settings page and sees the notice.
 *   (c) Signed out, the public transparency page /chi-so.
 *
 * The records are inserted with SQL (as test/http/reports.test.ts does) so the numbers are known: fourteen in Mường
 * Đăng over this month (Vietnam time) and the three before it, two in Phìn Hồ.
 *
 * Every page: a full-page screenshot in test-results/reports-screenshots/, axe-core (WCAG 2.0/2.1 A and AA plus
 * best practice: zero violations), no browser console errors, no sideways scrolling at the viewport's width.
 *
 *   node scripts/run-tests.mjs test/e2e/reports-journey.test.ts
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`) and pdftotext (poppler-utils).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { assertHeading, CHROMIUM, CHROMIUM_ARGS, consoleErrors, follow, newPage, pageChecker, pathOf, ROOT } from '../support/browser.ts';
import { pdfText } from '../support/pdf-tools.ts';
import { translator } from '../../src/platform/i18n/index.ts';

const SCREENSHOTS = path.join(ROOT, 'test-results', 'reports-screenshots');
const t = translator('vi');
const CHAIRMAN = { login: 'chutich.muongdang', name: 'Lường Văn Chính' };
const SUPERVISOR = { login: 'giamsat', name: 'Nguyễn Thị Giám' };
const BIRTH = '1.001193'; // issues a paper result: online counts for 3.3 only with the electronic result
const COPY = '2.000635';

// --- the clock, in Vietnam -------------------------------------------------------------------------

const VN = 7 * 3600_000;
const DAY = 86400_000;
const NOW = Date.now();
const vnToday = new Date(NOW + VN);
/** The instant the month `back` months before this one starts, in Vietnam. */
const monthStart = (back: number) => Date.UTC(vnToday.getUTCFullYear(), vnToday.getUTCMonth() - back, 1) - VN;
/** An instant in an earlier month: day `day` at `hour` o'clock, Vietnam time. */
const inMonth = (back: number, day: number, hour: number) => new Date(monthStart(back) + (day - 1) * DAY + hour * 3600_000);
/** An instant this month, a share of the way from its start to now (so never in the future, whatever the day). */
const soFar = (share: number) => new Date(monthStart(0) + (NOW - monthStart(0)) * share);

interface Fixture {
  key: string;
  unit: 'md' | 'ph';
  status: number;
  channel: 1 | 2;
  received: Date;
  due: Date;
  finished?: Date;
  result?: boolean;
  procedure?: string;
}

/**
 * Mường Đăng this month: three on time (two finished, one open and not yet due) and four late (one finished after
 * its appointment; three open past it, one of them received last month): 2.1 = 3 / 7. Earlier months give the
 * trend its lines. Phìn Hồ: one on time, one overdue.
 */
const FIXTURES: Fixture[] = [
  { key: 'online-on-time', unit: 'md', status: 10, channel: 2, received: soFar(0.05), due: soFar(0.5), finished: soFar(0.2), result: true },
  { key: 'desk-on-time', unit: 'md', status: 10, channel: 1, received: soFar(0.1), due: soFar(0.6), finished: soFar(0.3), result: true, procedure: COPY },
  { key: 'finished-late', unit: 'md', status: 10, channel: 1, received: soFar(0.05), due: soFar(0.15), finished: soFar(0.4), result: true },
  { key: 'overdue-desk', unit: 'md', status: 4, channel: 1, received: soFar(0.2), due: soFar(0.5) },
  { key: 'overdue-online', unit: 'md', status: 4, channel: 2, received: soFar(0.3), due: soFar(0.7), procedure: COPY },
  { key: 'open-not-due', unit: 'md', status: 4, channel: 2, received: soFar(0.8), due: new Date(NOW + 5 * DAY) },
  { key: 'overdue-carried', unit: 'md', status: 4, channel: 1, received: inMonth(1, 20, 9), due: inMonth(1, 25, 17) },
  { key: 'm1-online', unit: 'md', status: 10, channel: 2, received: inMonth(1, 3, 9), due: inMonth(1, 6, 17), finished: inMonth(1, 5, 10), result: true },
  { key: 'm1-desk', unit: 'md', status: 10, channel: 1, received: inMonth(1, 8, 9), due: inMonth(1, 12, 17), finished: inMonth(1, 10, 15), result: true, procedure: COPY },
  { key: 'm1-late', unit: 'md', status: 10, channel: 2, received: inMonth(1, 14, 9), due: inMonth(1, 17, 17), finished: inMonth(1, 20, 10), result: true },
  { key: 'm2-online', unit: 'md', status: 10, channel: 2, received: inMonth(2, 4, 9), due: inMonth(2, 7, 17), finished: inMonth(2, 6, 10), result: true },
  { key: 'm2-late', unit: 'md', status: 10, channel: 1, received: inMonth(2, 10, 9), due: inMonth(2, 14, 17), finished: inMonth(2, 18, 10), result: true },
  { key: 'm3-online', unit: 'md', status: 10, channel: 2, received: inMonth(3, 5, 9), due: inMonth(3, 9, 17), finished: inMonth(3, 8, 10), result: true },
  { key: 'm3-online-2', unit: 'md', status: 10, channel: 2, received: inMonth(3, 12, 9), due: inMonth(3, 15, 17), finished: inMonth(3, 14, 10), result: true },
  { key: 'ph-online', unit: 'ph', status: 10, channel: 2, received: soFar(0.1), due: soFar(0.6), finished: soFar(0.3), result: true },
  { key: 'ph-overdue', unit: 'ph', status: 4, channel: 1, received: soFar(0.2), due: soFar(0.4) },
];
const LATE = ['finished-late', 'overdue-desk', 'overdue-online', 'overdue-carried'];
const OVERDUE = ['overdue-desk', 'overdue-online', 'overdue-carried'];
const ON_TIME = ['online-on-time', 'desk-on-time', 'open-not-due'];
const RATE_2_1 = Math.round((ON_TIME.length / (ON_TIME.length + LATE.length)) * 10000) / 100; // 42.86

const vnNumber = (v: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v);

describe('a leader reads the service index, drills into late records and exports; the province ranks and configures (Chromium, axe-core, 360 and 1280 px)', () => {
  let tApp: TestApp;
  let browser: Browser;
  let base: string;
  let md: number;
  let province: number;
  const codes: Record<string, string> = {};

  before(async () => {
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    tApp = await createTestApp();
    md = tApp.unit('Xã Mường Đăng').id;
    province = tApp.unit('Tỉnh Điện Biên').id;
    const units = { md: tApp.unit('Xã Mường Đăng'), ph: tApp.unit('Xã Phìn Hồ') };
    let n = 0;
    for (const f of FIXTURES) {
      n += 1;
      const unit = units[f.unit];
      const yymmdd = new Date(f.received.getTime() + VN).toISOString().slice(2, 10).replace(/-/g, '');
      const code = `${unit.code}-${yymmdd}-${String(9000 + n)}`;
      codes[f.key] = code;
      const inserted = await sql`insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number, applicant_address, submitted_at, received_at, due_at, finished_at, result_public_id)
        select ${unit.id}, ${code}, p.id, p.code, p.name, ${f.status}, ${f.channel}, ${`Người Nộp ${n}`}, '011190001234', 'Bản Co Muông, xã Mường Đăng', ${f.received}, ${f.received}, ${f.due}, ${f.finished ?? null}, ${f.result ? `res-e2e-${n}` : null}
        from procedures p where p.code = ${f.procedure ?? BIRTH} and p.status = 'published' order by p.version desc limit 1`.execute(tApp.database.db);
      assert.equal(Number(inserted.numAffectedRows), 1, `record ${f.key} inserted`);
    }
    await tApp.app.listen({ port: 0, host: '127.0.0.1' });
    const address = tApp.app.server.address();
    assert.ok(address && typeof address === 'object', 'the server listens on a TCP port');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await tApp?.close();
  });

  /** Screenshot, axe, console errors and sideways scrolling of every page (test/support/browser.ts). */
  const checkPage = pageChecker(SCREENSHOTS);

  async function signIn(page: Page, who: { login: string; name: string }): Promise<void> {
    await page.goto('/login');
    const main = page.getByRole('main');
    await main.getByLabel('Tên đăng nhập, số điện thoại hoặc email').fill(who.login);
    await main.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await follow(page, () => main.getByRole('button', { name: 'Đăng nhập' }).click(), '/');
    await assertHeading(page, `Xin chào, ${who.name}`);
  }

  /** Clicks a download link and returns the file's bytes (Playwright's download event, as a person's click). */
  async function download(page: Page, click: () => Promise<void>, saveAs: string): Promise<{ bytes: Buffer; name: string }> {
    const started = page.waitForEvent('download');
    await click();
    const file = await started;
    const target = path.join(SCREENSHOTS, saveAs);
    await file.saveAs(target);
    assert.equal(await file.failure(), null, `the download of ${saveAs} completed`);
    return { bytes: fs.readFileSync(target), name: file.suggestedFilename() };
  }

  for (const screen of [{ pass: 'phone', width: 360, height: 740, mobile: true }, { pass: 'desktop', width: 1280, height: 900, mobile: false }]) {
    const newContext = (): Promise<BrowserContext> => browser.newContext({
      baseURL: base, locale: 'vi-VN', viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1, isMobile: screen.mobile, hasTouch: screen.mobile, acceptDownloads: true,
    });
    const check = (page: Page, name: string) => checkPage(page, screen.pass, name, screen.width);

    it(`${screen.pass} (${screen.width} px): the chairman's dashboard, the late records behind 2.1, a record, XLSX and PDF`, { timeout: 300_000 }, async () => {
      const context = await newContext();
      context.setDefaultTimeout(15_000);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        const dashboard = `/admin/units/${md}/reports`;

        // 1. Home: this month's indicators, 2.1 below its target.
        await signIn(page, CHAIRMAN);
        const panel = main.getByRole('region', { name: t('home.index_title') });
        const rateItem = panel.getByRole('listitem').filter({ hasText: t('reports.indicator.2.1') });
        assert.match(await rateItem.innerText(), new RegExp(`${vnNumber(RATE_2_1).replace('.', '\\.')} %`));
        assert.equal(await rateItem.locator('.count.alert').count(), 1, '2.1 is shown as below its target');
        await check(page, 'home-chairman');

        // 2. The dashboard: the workload (three open records past their appointment), the indicators, the trend.
        await follow(page, () => panel.getByRole('link', { name: t('home.index_link') }).click(), dashboard);
        await assertHeading(page, t('reports.unit.title', { unit: 'Xã Mường Đăng' }));
        const workload = main.getByRole('region', { name: t('reports.workload') });
        const overdue = workload.getByRole('link', { name: new RegExp(`${t('records.queue.overdue')}$`) });
        assert.equal((await overdue.locator('[data-queue="overdue"]').innerText()).trim(), String(OVERDUE.length));
        assert.equal(await overdue.locator('.count.alert').count(), 1, 'the overdue count stands out');
        const table = main.getByRole('table', { name: t('reports.indicators_caption') });
        const row21 = table.locator('tr[data-indicator="2.1"]');
        const shownRate = (await row21.locator('td[data-rate]').innerText()).trim();
        assert.equal(shownRate, `${vnNumber(RATE_2_1)} %`);
        assert.equal(Number(await row21.locator('td[data-rate]').getAttribute('data-rate')), RATE_2_1);
        assert.equal((await row21.locator('a[data-set="on_time"]').innerText()).trim(), String(ON_TIME.length));
        assert.equal((await row21.locator('a[data-set="processed"]').innerText()).trim(), String(ON_TIME.length + LATE.length));
        assert.match(await row21.innerText(), new RegExp(t('reports.target_missed')));
        const trend = main.locator('figure#trend');
        assert.equal(await trend.locator('svg[role="img"]').count(), 1, 'the trend chart is an image with a text alternative');
        assert.ok((await trend.locator('.chart-markers use').count()) >= 4, 'four months of 2.1 at least are plotted');
        await trend.getByText(t('reports.chart.table')).click();
        assert.ok(await trend.locator('details.chart-data').evaluate((d) => (d as HTMLDetailsElement).open), 'the data table opens');
        await check(page, 'dashboard');

        // 3. The number of late records of 2.1: exactly those records, the overdue ones among them.
        const late = row21.locator('a[data-set="late"]');
        assert.equal((await late.innerText()).trim(), String(LATE.length));
        await follow(page, () => late.click(), `${dashboard}/records`);
        assert.match(page.url(), /[?&]set=late(&|$)/);
        await assertHeading(page, t('reports.set.late'));
        const listed = (await main.getByRole('table').locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim()).sort();
        assert.deepEqual(listed, LATE.map((k) => codes[k]!).sort(), 'the late records, and only those');
        for (const key of OVERDUE) assert.ok(listed.includes(codes[key]!), `${key} is listed`);
        await check(page, 'drill-late');

        // 4. One overdue record opens from the list; back to the list, then to the dashboard.
        const code = codes['overdue-desk']!;
        await follow(page, () => main.getByRole('link', { name: code, exact: true }).click(), /^\/admin\/units\/\d+\/records\/\d+$/);
        assert.ok((await page.getByRole('heading', { level: 1 }).innerText()).includes(code), 'the record page is the record');
        await check(page, 'record');
        await page.goBack();
        await page.waitForLoadState('load');
        assert.equal(pathOf(page), `${dashboard}/records`);
        await follow(page, () => main.getByRole('link', { name: t('reports.drill.back', { unit: 'Xã Mường Đăng' }) }).click(), dashboard);

        // 5. XLSX: the file opens and its 2.1 row holds the rate the page shows.
        const score = main.getByRole('region', { name: new RegExp(`^${t('reports.score_title', { period: '' }).trim()}`) });
        const xlsx = await download(page, () => score.getByRole('link', { name: t('reports.export.xlsx') }).click(), `${screen.pass}-chi-so.xlsx`);
        assert.match(xlsx.name, /^chi-so-H11\.35\.01-\d{4}-\d{2}\.xlsx$/);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
        let rate: unknown;
        book.worksheets[0]!.eachRow((r) => {
          if (r.getCell(1).value === '2.1') rate = r.getCell(4).value;
        });
        assert.equal(rate, RATE_2_1, 'the spreadsheet holds the rate of 2.1');
        assert.equal(`${vnNumber(rate as number)} %`, shownRate, 'the same figure as on the page');

        // 6. PDF: a PDF naming the commune.
        const pdf = await download(page, () => score.getByRole('link', { name: t('reports.export.pdf') }).click(), `${screen.pass}-chi-so.pdf`);
        assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
        const text = pdfText(pdf.bytes);
        assert.match(text, /Xã Mường Đăng/);
        assert.match(text, new RegExp(t('reports.indicator.2.1')));
        assert.equal(consoleErrors.get(page)!.length, 0, `no console errors while downloading: ${consoleErrors.get(page)!.join(' | ')}`);
      } finally {
        await context.close();
      }
    });

    it(`${screen.pass} (${screen.width} px): the supervisor ranks by 2.1, reads the chart and its table, saves a setting; /chi-so signed out`, { timeout: 300_000 }, async () => {
      const context = await newContext();
      context.setDefaultTimeout(15_000);
      try {
        const page = await newPage(context);
        const main = page.getByRole('main');
        const ranking = `/admin/units/${province}/reports/ranking`;

        // 1. Home → the ranking.
        await signIn(page, SUPERVISOR);
        await check(page, 'home-supervisor');
        await follow(page, () => main.getByRole('link', { name: t('home.index_ranking') }).click(), ranking);
        await assertHeading(page, t('reports.ranking.title', { province: 'Tỉnh Điện Biên' }));

        // 2. Sorted by 2.1 through the GET form: Phìn Hồ (1 of 2 on time) before Mường Đăng (3 of 7).
        await main.getByLabel(t('reports.sort.label')).selectOption({ label: `2.1 ${t('reports.indicator.2.1')}` });
        await follow(page, () => main.getByRole('button', { name: t('reports.period.show') }).first().click(), ranking);
        assert.equal(new URL(page.url()).searchParams.get('sort'), 'r_2.1');
        const table = main.getByRole('table', { name: t('reports.ranking.caption') });
        assert.equal(await table.locator('th[aria-sort="descending"]').innerText().then((s) => s.trim().startsWith('2.1')), true, 'the 2.1 column is marked as the sort');
        const order = (await table.locator('tbody tr th[scope="row"]').allInnerTexts()).map((s) => s.trim());
        assert.deepEqual(order.slice(0, 2), ['Xã Phìn Hồ', 'Xã Mường Đăng']);
        assert.equal(order.length, 3);

        // 3. The bar chart, and its data table.
        const chart = main.locator('figure#scores');
        assert.equal(await chart.locator('svg[role="img"]').count(), 1);
        assert.equal(await chart.locator('.chart-bars rect').count(), 3, 'a bar per commune or ward');
        await chart.getByText(t('reports.chart.table')).click();
        const data = chart.locator('details.chart-data table');
        assert.ok(await data.isVisible(), 'the data table is open');
        assert.equal(await data.locator('tbody tr').count(), 3);
        await check(page, 'ranking-by-2.1');

        // 4. The scoring settings: one change (2.1's target), saved, the notice shown, the value kept.
        await page.goto(`/admin/units/${province}/reports/settings`);
        await assertHeading(page, t('reports.settings.title', { province: 'Tỉnh Điện Biên' }));
        await check(page, 'settings');
        const target = main.getByLabel(`2.1 ${t('reports.indicator.2.1')}: ${t('reports.settings.targets')}`);
        const newTarget = screen.pass === 'phone' ? '95' : '92';
        await target.fill(newTarget);
        await follow(page, () => main.getByRole('button', { name: t('reports.settings.save') }).click(), `/admin/units/${province}/reports/settings`);
        assert.match(await page.getByRole('status').innerText(), new RegExp(t('reports.settings.saved')));
        assert.equal(await main.getByLabel(`2.1 ${t('reports.indicator.2.1')}: ${t('reports.settings.targets')}`).inputValue(), newTarget);
        assert.match(await main.innerText(), /Lưu lần cuối bởi Nguyễn Thị Giám/);
        await check(page, 'settings-saved');
      } finally {
        await context.close();
      }

      // 5. Signed out: the public page, the same ranking, no names of people and no way behind the numbers.
      const publicContext = await newContext();
      publicContext.setDefaultTimeout(15_000);
      try {
        const page = await newPage(publicContext);
        await page.goto('/chi-so');
        await assertHeading(page, t('reports.public.title', { province: 'Tỉnh Điện Biên' }));
        const main = page.getByRole('main');
        const body = await main.innerText();
        assert.match(body, /Xã Mường Đăng/);
        assert.ok(!body.includes('Người Nộp'), 'no applicant names');
        assert.equal(await main.locator('a[href^="/admin/"]').count(), 0, 'no links behind the numbers');
        assert.equal(await main.locator('svg[role="img"]').count(), 1);
        await check(page, 'public-index');
      } finally {
        await publicContext.close();
      }
    });
  }
});
