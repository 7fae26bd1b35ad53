/** Table exports (src/platform/exports): each format read back with an independent reader. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { sendExport, sheetNames, tablesToPdf, tableToCsv, tableToXlsx, type DataTable } from '../../src/platform/exports/index.ts';
import { readCsv } from '../../src/modules/payments/domain/csv.ts';
import { pdfText } from '../support/pdf-tools.ts';

const NA = 'N/A';

/** Every awkward cell once: quotes, commas, line breaks, formulas, Vietnamese, not applicable, zero, missing. */
const awkward: DataTable = {
  title: 'Chỉ số 2.1 — Tỷ lệ hồ sơ giải quyết đúng hạn',
  subtitle: 'Tháng 10/2026',
  columns: [
    { key: 'unit', label: 'Đơn vị', kind: 'text' },
    { key: 'total', label: 'Tổng số hồ sơ', kind: 'integer' },
    { key: 'onTime', label: 'Đúng hạn (%)', kind: 'percent' },
    { key: 'days', label: 'Số ngày, trung bình', kind: 'decimal' },
  ],
  rows: [
    { unit: 'Xã Mường Đăng', total: 1234, onTime: 87.5, days: 2.25 },
    { unit: 'Phường "Điện Biên Phủ", tổ 1\nbản Him Lam', total: 0, onTime: null, days: null },
    { unit: '=1+1', total: -3, onTime: 0, days: Number.NaN },
    { unit: '@SUM(A1)', total: 7, onTime: 100 },
  ],
  notes: ['N/A: mẫu số bằng 0.'],
};

describe('CSV export', () => {
  const bytes = tableToCsv(awkward, { naText: NA });
  const text = bytes.toString('utf8');

  it('is UTF-8 with a byte-order mark and CRLF line ends', () => {
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(text.endsWith('\r\n'));
    // The only bare LF is the one inside the quoted cell.
    assert.equal(text.replace(/\r\n/g, '').split('\n').length - 1, 1);
  });

  it('reads back cell for cell: a header of labels, quotes, commas, line breaks kept, formulas defused, N/A never 0', () => {
    const read = readCsv(text.slice(1), { delimiter: ',', maxRecords: 100, maxField: 1000 });
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.records.map((r) => r.fields), [
      ['Đơn vị', 'Tổng số hồ sơ', 'Đúng hạn (%)', 'Số ngày, trung bình'],
      ['Xã Mường Đăng', '1234', '87.50', '2.25'],
      ['Phường "Điện Biên Phủ", tổ 1\nbản Him Lam', '0', NA, NA],
      ["'=1+1", '-3', '0.00', NA],
      ["'@SUM(A1)", '7', '100.00', ''],
    ]);
  });

  it('writes only the table (no title or notes)', () => {
    assert.ok(!text.includes(awkward.title));
    assert.ok(!text.includes('mẫu số'));
  });

  it('defuses a not-applicable text that would start a formula', () => {
    const csv = tableToCsv({ title: 't', columns: [{ key: 'a', label: 'A', kind: 'percent' }], rows: [{ a: null }] }, { naText: '-' }).toString('utf8');
    assert.equal(csv, "\ufeffA\r\n'-\r\n");
  });
});

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('XLSX export', () => {
  const second: DataTable = {
    title: 'Xếp hạng các xã',
    columns: [{ key: 'rank', label: 'Hạng', kind: 'integer' }, { key: 'name', label: 'Xã, phường', kind: 'text' }],
    rows: [{ rank: 1, name: 'Phìn Hồ' }, { rank: 2, name: 'Mường Đăng' }],
  };

  it('puts each table on its own sheet: title, header of labels, numbers as numbers, N/A as text, Vietnamese intact', async () => {
    const wb = await loadWorkbook(await tableToXlsx([awkward, second], { naText: NA }));
    assert.deepEqual(wb.worksheets.map((ws) => ws.name), [awkward.title.slice(0, 31), 'Xếp hạng các xã']);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getCell('A1').value, awkward.title);
    assert.equal(ws.getCell('A1').font.bold, true);
    assert.equal(ws.getCell('A2').value, 'Tháng 10/2026');
    const header = 4;
    assert.deepEqual([1, 2, 3, 4].map((c) => ws.getRow(header).getCell(c).value), ['Đơn vị', 'Tổng số hồ sơ', 'Đúng hạn (%)', 'Số ngày, trung bình']);
    assert.equal(ws.getRow(header).getCell(1).font.bold, true);
    const view = ws.views[0] as { state: string; ySplit: number };
    assert.deepEqual([view.state, view.ySplit], ['frozen', header]);
    assert.ok(ws.autoFilter);

    const row = (r: number) => [1, 2, 3, 4].map((c) => ws.getRow(header + r).getCell(c).value);
    assert.deepEqual(row(1), ['Xã Mường Đăng', 1234, 87.5, 2.25]);
    assert.deepEqual(row(2), ['Phường "Điện Biên Phủ", tổ 1\nbản Him Lam', 0, NA, NA]);
    assert.deepEqual(row(3), ['=1+1', -3, 0, NA]);
    assert.deepEqual(row(4), ['@SUM(A1)', 7, 100, null]);
    for (const [r, c] of [[1, 2], [1, 3], [1, 4], [2, 2], [3, 2], [3, 3]] as const) assert.equal(typeof ws.getRow(header + r).getCell(c).value, 'number', `row ${r} column ${c}`);
    // Data that looks like a formula is stored as text, not run.
    assert.equal(ws.getRow(header + 3).getCell(1).type, ExcelJS.ValueType.String);
    assert.deepEqual([2, 3, 4].map((c) => ws.getRow(header + 1).getCell(c).numFmt), ['#,##0', '0.00', '#,##0.00']);
    assert.equal(ws.getRow(header + 2).getCell(3).alignment?.horizontal, 'right');
    // The notes after an empty row.
    assert.equal(ws.getRow(header + 6).getCell(1).value, 'N/A: mẫu số bằng 0.');
    // Widths fitted: the long Vietnamese text wider than the short numbers, within bounds.
    const widths = [1, 2, 3, 4].map((c) => ws.getColumn(c).width!);
    assert.ok(widths[0]! > widths[2]! && widths.every((w) => w >= 8 && w <= 60), String(widths));

    const ranks = wb.worksheets[1]!;
    assert.equal(ranks.getCell('A3').value, 'Hạng');
    assert.deepEqual([ranks.getCell('A4').value, ranks.getCell('B4').value, ranks.getCell('A5').value, ranks.getCell('B5').value], [1, 'Phìn Hồ', 2, 'Mường Đăng']);
  });

  it('takes the caller’s sheet names and makes them valid and distinct', async () => {
    const wb = await loadWorkbook(await tableToXlsx([second, second, second], { naText: NA, sheetNames: ['Xã/phường [2026]', 'xã/phường [2026]', "'History'"] }));
    assert.deepEqual(wb.worksheets.map((ws) => ws.name), ['Xã phường 2026', 'xã phường 2026 (2)', 'History (2)']);
  });

  it('sheetNames: at most 31 characters, no forbidden characters, no apostrophe at the ends, never empty', () => {
    const long = 'Tỷ lệ hồ sơ giải quyết đúng hạn theo từng lĩnh vực';
    const names = sheetNames([long, long, 'a:b*c?d', '', '  \'x\'  ', 'A'.repeat(40)]);
    assert.deepEqual(names, [long.slice(0, 31), `${long.slice(0, 27).trimEnd()} (2)`, 'a b c d', '4', 'x', 'A'.repeat(31)]);
    for (const n of names) assert.ok(n.length <= 31 && !/[[\]:*?/\\]/.test(n) && !/^'|'$/.test(n), n);
  });

  it('refuses an empty workbook', async () => {
    await assert.rejects(() => tableToXlsx([], { naText: NA }));
  });
});

const ROWS = 300;
const code = (i: number) => `HS-${String(i).padStart(4, '0')}`;
const long: DataTable = {
  title: 'Hồ sơ quá hạn — Xã Mường Đăng',
  subtitle: 'Từ 01/10/2026 đến 31/10/2026',
  columns: [
    { key: 'code', label: 'Mã hồ sơ', kind: 'text' },
    { key: 'procedure', label: 'Thủ tục', kind: 'text' },
    { key: 'days', label: 'Số ngày quá hạn', kind: 'integer' },
    { key: 'rate', label: 'Tỷ lệ đúng hạn (%)', kind: 'percent' },
  ],
  rows: Array.from({ length: ROWS }, (_, k) => {
    const i = k + 1;
    return {
      code: code(i),
      procedure: i % 9 === 0 ? 'Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (liên thông)' : 'Chứng thực bản sao từ bản chính',
      days: i * 11,
      rate: i % 10 === 0 ? null : (i * 7.25) % 100,
    };
  }),
  notes: ['Ghi chú: N/A là không áp dụng (mẫu số bằng 0).'],
};

/** Words of a PDF with their boxes, from poppler (`pdftotext -bbox`). */
function pdfWords(bytes: Uint8Array): { page: number; text: string; xMax: number }[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-export-')), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const words: { page: number; text: string; xMax: number }[] = [];
  let page = 0;
  for (const m of xml.matchAll(/<page |<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') page++;
    else words.push({ page, text: m[2]!, xMax: Number(m[1]) });
  }
  return words;
}

describe('PDF export', () => {
  const report = () => tablesToPdf({
    title: 'Báo cáo chỉ số phục vụ người dân, doanh nghiệp',
    subtitle: 'Quyết định 766/QĐ-TTg',
    generatedAt: 'Lập lúc 09:30:00 27/10/2026',
    tables: [awkward, long],
    naText: NA,
  });

  it('paginates a 300-row table with its header on every page, every row present, Vietnamese extractable, pages "n/m"', async () => {
    const bytes = await report();
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString(), '%PDF-');
    const pages = pdfText(bytes).split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length > 1, `${pages.length} pages`);
    const all = pages.join('\n');
    for (const s of ['Báo cáo chỉ số phục vụ người dân, doanh nghiệp', 'Quyết định 766/QĐ-TTg', 'Lập lúc 09:30:00 27/10/2026', 'Hồ sơ quá hạn — Xã Mường Đăng', 'Chứng thực bản sao từ bản chính', 'Phường "Điện Biên Phủ", tổ 1', 'Ghi chú: N/A là không áp dụng (mẫu số bằng 0).']) {
      assert.ok(all.includes(s), s);
    }
    for (let i = 1; i <= ROWS; i++) assert.equal(all.split(code(i)).length - 1, 1, code(i));
    // The long table's header on every page it runs over (all but the first, which holds the small table too).
    const withRows = pages.filter((p) => /HS-\d{4}/.test(p));
    assert.ok(withRows.length > 1);
    for (const p of withRows) for (const label of ['Mã hồ sơ', 'Số ngày quá hạn', 'Tỷ lệ đúng hạn (%)']) assert.ok(p.includes(label), `header "${label}" on every page`);
    pages.forEach((p, i) => assert.match(p, new RegExp(`(^|\\s)${i + 1}/${pages.length}\\s*$`), `page ${i + 1}`));
  });

  it('prints numbers as Vietnamese read them, N/A for not applicable (never 0), and right-aligns them', async () => {
    const bytes = await report();
    const text = pdfText(bytes);
    assert.match(text, /Xã Mường Đăng\s+1\.234\s+87,50\s+2,25/);
    assert.match(text, /bản Him Lam|Him Lam/);
    assert.match(text, /'?=1\+1\s+-3\s+0,00\s+N\/A/);
    // Row 10's rate is null: N/A, not 0,00.
    assert.match(text, /HS-0010\s+Chứng thực bản sao từ bản chính\s+110\s+N\/A/);
    // Right-aligned: the numbers of the days column end at the same x on every page.
    const words = pdfWords(bytes);
    const days = words.filter((w) => /^\d{1,3}(\.\d{3})*$/.test(w.text) && Number(w.text.replace(/\./g, '')) % 11 === 0 && w.page > 1);
    const ends = days.map((w) => w.xMax);
    assert.ok(days.length > 100 && days.some((w) => w.text.length === 3) && days.some((w) => w.text.length === 5), `${days.length} numbers`);
    assert.ok(Math.max(...ends) - Math.min(...ends) < 0.5, `right edges from ${Math.min(...ends)} to ${Math.max(...ends)}`);
  });

  it('draws A4 upright when asked', async () => {
    const bytes = await tablesToPdf({ title: 'Bảng', generatedAt: 'x', tables: [awkward], naText: NA, pageSize: 'A4' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-export-')), 'doc.pdf');
    fs.writeFileSync(file, bytes);
    assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /Page size:\s+595\.28 x 841\.89/);
  });
});

describe('sending an export', () => {
  it('sets the type, a Vietnamese file name with an ASCII fallback, nosniff and no caching', async () => {
    const app = Fastify();
    const body = tableToCsv(awkward, { naText: NA });
    app.get('/csv', (_req, reply) => sendExport(reply, 'csv', 'Báo cáo tháng 10/2026 "Mường Đăng"', body));
    app.get('/pdf', (_req, reply) => sendExport(reply, 'pdf', 'chi-so.pdf', new Uint8Array([37, 80, 68, 70])));
    app.get('/xlsx', (_req, reply) => sendExport(reply, 'xlsx', '', Buffer.from('x')));
    try {
      const csv = await app.inject({ url: '/csv' });
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(csv.headers['content-disposition'], `attachment; filename="Bao cao thang 102026 Muong Dang.csv"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A1ng%20102026%20M%C6%B0%E1%BB%9Dng%20%C4%90%C4%83ng.csv`);
      assert.equal(csv.headers['x-content-type-options'], 'nosniff');
      assert.equal(csv.headers['cache-control'], 'private, no-store');
      assert.deepEqual(csv.rawPayload, body);
      const pdf = await app.inject({ url: '/pdf' });
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.headers['content-disposition'], `attachment; filename="chi-so.pdf"; filename*=UTF-8''chi-so.pdf`);
      assert.equal(pdf.body, '%PDF');
      const xlsx = await app.inject({ url: '/xlsx' });
      assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(String(xlsx.headers['content-disposition']), /^attachment; filename="bao-cao\.xlsx"/);
    } finally {
      await app.close();
    }
  });
});
