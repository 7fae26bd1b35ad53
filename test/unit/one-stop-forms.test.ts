/**
 * The one-stop forms (Mẫu 01–07) rendered with realistic Vietnamese data and read back with poppler
 * (pdftotext, pdfinfo, pdffonts, pdftoppm) — tools that share no code with pdf-lib — and, where zbar-tools
 * is installed, the QR code decoded from the rendered page.
 * Set ONE_STOP_FORMS_OUT=/some/dir to keep the PDFs for looking at.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  handOverResult, renderApologyExtension, renderControlSlip, renderReceipt, renderRefusal, renderRegister, renderStopNotice,
  renderSupplementRequest, trackingUrl, type ReceiptInput, type RegisterEntry,
} from '../../src/modules/one-stop-forms/index.ts';
import { formatHourMinuteDay, formatPlaceDate } from '../../src/modules/one-stop-forms/domain/format.ts';
import { cleanText, wrap } from '../../src/platform/pdf/text.ts';
import { loadFont, toUnicodeCMap } from '../../src/platform/pdf/fonts.ts';
import { AppError } from '../../src/platform/errors.ts';

// --- poppler -------------------------------------------------------------------------------------------

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const POPPLER = has('pdftotext') && has('pdfinfo') && has('pdffonts') && has('pdftoppm');
const ZBAR = has('zbarimg');
const keep = process.env.ONE_STOP_FORMS_OUT;
let dir = '';

before(() => {
  dir = keep ? (fs.mkdirSync(keep, { recursive: true }), keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'one-stop-forms-'));
});
after(() => {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Read {
  file: string;
  /** pdftotext as printed, pages separated by form feeds. */
  raw: string;
  /** pdftotext in reading order, whitespace (line breaks included) collapsed to single spaces. */
  text: string;
  info: Record<string, string>;
  fonts: string[];
}

function save(name: string, pdf: Uint8Array): Read {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const raw = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
  const text = raw.replace(/\s+/g, ' ');
  const info = Object.fromEntries(run('pdfinfo', [file]).split('\n').filter((l) => l.includes(':')).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  }));
  const fonts = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim() !== '');
  return { file, raw, text, info, fonts };
}

/** pdfinfo's "Page size": "419.53 x 595.28 pts (A5)". */
function pageSize(read: Read): [number, number] {
  const m = /([\d.]+) x ([\d.]+) pts/.exec(read.info['Page size'] ?? '');
  assert.ok(m, `no page size in ${JSON.stringify(read.info)}`);
  return [Number(m[1]), Number(m[2])];
}

function assertFontsEmbedded(read: Read): void {
  assert.ok(read.fonts.length >= 2, `fonts: ${read.fonts.join('\n')}`);
  for (const line of read.fonts) {
    // name type encoding emb sub uni object ID: "NotoSans-Regular-1234 CID TrueType Identity-H yes no yes 4 0"
    const cols = line.trim().split(/\s+/);
    assert.match(cols[0]!, /^NotoSans-/, line);
    assert.equal(cols[cols.length - 5], 'yes', `not embedded: ${line}`);
    assert.equal(cols[cols.length - 3], 'yes', `no ToUnicode map: ${line}`);
  }
}

interface Box { page: number; x1: number; y1: number; x2: number; y2: number; word: string }

/** Every word's box from `pdftotext -bbox`, per page. */
function wordBoxes(file: string): { boxes: Box[]; pages: { width: number; height: number }[] } {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const boxes: Box[] = [];
  const pages: { width: number; height: number }[] = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else boxes.push({ page: pages.length - 1, x1: Number(m[3]), y1: Number(m[4]), x2: Number(m[5]), y2: Number(m[6]), word: m[7]! });
  }
  return { boxes, pages };
}

/**
 * No two words drawn over each other, and every word inside the page's margins. pdftotext's word boxes are
 * the font's ascent + descent (1.36 em), a little more than the line pitch (1.3 em), so neighbouring lines
 * share about 5 % of a box: two boxes collide when they share more than a quarter of one's height and more
 * than half a point across.
 */
function assertNoOverlap(read: Read, margins: { left: number; right: number; top: number; bottom: number }): void {
  const { boxes, pages } = wordBoxes(read.file);
  assert.ok(boxes.length > 20);
  const byPage = new Map<number, Box[]>();
  for (const b of boxes) byPage.set(b.page, [...(byPage.get(b.page) ?? []), b]);
  for (const [page, list] of byPage) {
    const { width, height } = pages[page]!;
    for (const b of list) {
      assert.ok(b.x1 >= margins.left - 1 && b.x2 <= width - margins.right + 1, `"${b.word}" outside the side margins on page ${page + 1}: ${b.x1}–${b.x2}`);
      assert.ok(b.y1 >= margins.top / 2 - 1 && b.y2 <= height - margins.bottom / 3 + 1, `"${b.word}" outside the page on page ${page + 1}: ${b.y1}–${b.y2}`);
    }
    const sorted = [...list].sort((a, b) => a.y1 - b.y1);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length && sorted[j]!.y1 < a.y2; j++) {
        const b = sorted[j]!;
        const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        assert.ok(!(dx > 0.5 && dy > 0.25 * Math.min(a.y2 - a.y1, b.y2 - b.y1)), `"${a.word}" and "${b.word}" overlap on page ${page + 1}`);
      }
    }
  }
}

const A5 = { left: 56.69, right: 28.35, top: 42.52, bottom: 42.52 };
const A4 = { left: 85.04, right: 42.52, top: 56.69, bottom: 56.69 };

function assertSize(read: Read, w: number, h: number): void {
  const [pw, ph] = pageSize(read);
  assert.ok(Math.abs(pw - w) < 0.02 && Math.abs(ph - h) < 0.02, `page size ${pw} x ${ph}, expected ${w} x ${h}`);
}

/** Decodes the QR codes of page `page` rendered at 200 dpi. */
function qrCodes(file: string, page = 1): string[] {
  const prefix = path.join(dir, `${path.basename(file, '.pdf')}-qr`);
  run('pdftoppm', ['-r', '200', '-f', String(page), '-l', String(page), '-png', '-singlefile', file, prefix]);
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

// --- realistic data ------------------------------------------------------------------------------------

const at = (iso: string) => new Date(iso); // ISO with +07:00: Vietnam's time

const COMMUNE = { parent: 'Ủy ban nhân dân xã Mường Đăng', name: 'Trung tâm Phục vụ hành chính công', place: 'Mường Đăng' };
const PEOPLE_COMMITTEE = { name: 'Ủy ban nhân dân xã Mường Đăng', place: 'Mường Đăng' };
const CODE = 'H11.35.01-261027-0001';
const PUBLIC_URL = 'https://dichvucong.muongdang.dienbien.gov.vn';
const LONG_PROCEDURE = 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận';
// The applicant's name arrives decomposed (NFD), as some keyboards and old systems send it.
const APPLICANT = {
  name: 'Lò Thị Hồng Nhung'.normalize('NFD'),
  idNumber: '011190001234',
  address: 'Bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên',
  phone: '0912 345 678',
  email: 'nhung.lo@example.vn',
};
const PAPERS = [
  'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao',
  'Bản sao cần chứng thực',
  'Giấy khai sinh của con (bản chính để đối chiếu)',
  'Sổ hộ khẩu hoặc giấy xác nhận thông tin về cư trú do Công an xã cấp',
  'Tờ khai đề nghị cấp bản sao trích lục hộ tịch (theo mẫu), có chữ ký của người yêu cầu',
  'Giấy xác nhận của Hội Liên hiệp Phụ nữ xã về việc hỗ trợ những hộ nghèo, người có công',
  'Văn bản ủy quyền có chứng thực trong trường hợp ủy quyền cho người khác thực hiện thủ tục',
];
const components = Array.from({ length: 30 }, (_, i) => ({
  name: `${PAPERS[i % PAPERS.length]}${i >= PAPERS.length ? ` (bộ thứ ${Math.floor(i / PAPERS.length) + 1}, đối với trường hợp người yêu cầu là người đại diện theo pháp luật của tổ chức)` : ''}`,
  originals: i % 3 === 0 ? 1 : 0,
  copies: i % 2,
}));

function receipt(overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    agency: COMMUNE,
    desk: 'Trung tâm Phục vụ hành chính công xã Mường Đăng',
    recordCode: CODE,
    publicUrl: PUBLIC_URL,
    applicant: APPLICANT,
    procedureName: LONG_PROCEDURE,
    components,
    sets: 1,
    processingTime: 'Trong ngày làm việc; nếu nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo',
    fee: { amount: 24_000, timing: 'at_intake', note: '2.000 đồng/trang, từ trang thứ ba 1.000 đồng/trang' },
    receivedAt: at('2026-10-27T09:32:00+07:00'),
    returnAt: at('2026-10-28T09:00:00+07:00'),
    returnPlace: 'Trung tâm Phục vụ hành chính công – Ủy ban nhân dân xã Mường Đăng, tỉnh Điện Biên',
    receivingOfficial: 'Quàng Văn Đức',
    register: { book: '01', entry: '125' },
    ...overrides,
  };
}

const SURNAMES = ['Lò', 'Quàng', 'Tòng', 'Lường', 'Cà', 'Nguyễn', 'Trần', 'Đỗ', 'Vừ', 'Giàng'];
const GIVEN = ['Văn Ánh', 'Thị Hồng', 'Văn Đức', 'Thị Ngọc Ữu', 'Văn Thượng', 'Thị Mỗi', 'A Dếnh', 'Thị Ơn'];
const PROCEDURES = [
  'Đăng ký khai sinh',
  'Đăng ký kết hôn',
  LONG_PROCEDURE,
  'Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)',
  'Cấp bản sao trích lục hộ tịch',
  'Xác nhận thông tin hộ tịch',
];

function registerEntries(n: number): RegisterEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const day = 1 + (i % 28);
    const received = at(`2026-10-${String(day).padStart(2, '0')}T${String(7 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00+07:00`);
    const plus = (h: number) => new Date(received.getTime() + h * 3600_000);
    return {
      code: `H11.35.01-2610${String(day).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`,
      procedureName: PROCEDURES[i % PROCEDURES.length]!,
      sets: 1 + (i % 2),
      applicantName: `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]}`,
      address: `Bản Co Muông ${i % 5 + 1}, xã Mường Đăng`,
      phone: `09${String(10_000_000 + i * 7919).slice(0, 8)}`,
      handlingAgency: i % 3 === 0 ? 'Công chức Tư pháp - Hộ tịch' : 'Ủy ban nhân dân xã Mường Đăng',
      receivedAt: received,
      dueAt: plus(48),
      transferredAt: plus(1),
      resultReceivedAt: i % 4 === 0 ? null : plus(30),
      returnedAt: i % 4 === 0 ? null : plus(47),
      note: i % 10 === 0 ? 'Trả kết quả qua dịch vụ bưu chính công ích' : null,
    };
  });
}

// --- tests ---------------------------------------------------------------------------------------------

describe('one-stop forms: formatting rules', () => {
  it('writes place and date as NĐ 30/2020 does: leading zero for days below 10 and for months 1 and 2', () => {
    assert.equal(formatPlaceDate('Mường Đăng', at('2026-03-05T08:00:00+07:00')), 'Mường Đăng, ngày 05 tháng 3 năm 2026');
    assert.equal(formatPlaceDate('Mường Đăng', at('2026-02-15T08:00:00+07:00')), 'Mường Đăng, ngày 15 tháng 02 năm 2026');
    assert.equal(formatPlaceDate('Mường Đăng', at('2026-10-27T08:00:00+07:00')), 'Mường Đăng, ngày 27 tháng 10 năm 2026');
    // 23:30 UTC is already the next day in Vietnam.
    assert.equal(formatPlaceDate('Mường Đăng', new Date('2026-12-31T23:30:00Z')), 'Mường Đăng, ngày 01 tháng 01 năm 2027');
  });

  it('writes times as the receipt does, in Vietnam time whatever the server zone, breakable only after the comma', () => {
    assert.equal(formatHourMinuteDay(new Date('2026-10-27T02:32:00Z')), '9\u00a0giờ\u00a032\u00a0phút, ngày\u00a027/10/2026');
    assert.equal(formatHourMinuteDay(at('2026-11-03T14:05:00+07:00')).replace(/\u00a0/g, ' '), '14 giờ 05 phút, ngày 03/11/2026');
    const lines = wrap(`Thời gian nhận hồ sơ: ${formatHourMinuteDay(at('2026-11-03T14:05:00+07:00'))}`, 120, 9);
    assert.deepEqual(lines.map((l) => l.pieces.map((p) => p.text).join('').replace(/\u00a0/g, ' ')), ['Thời gian nhận hồ sơ:', '14 giờ 05 phút,', 'ngày 03/11/2026']);
  });

  it('builds the tracking address under the public site, keeping a path prefix', () => {
    assert.equal(trackingUrl('https://dvc.example.vn', CODE), `https://dvc.example.vn/tra-cuu?code=${CODE}`);
    assert.equal(trackingUrl('https://dvc.example.vn/', CODE), `https://dvc.example.vn/tra-cuu?code=${CODE}`);
    assert.equal(trackingUrl('https://example.vn/dvc', 'A B'), 'https://example.vn/dvc/tra-cuu?code=A+B');
  });

  it('judges a hand-over early, on time or late from its budget', () => {
    assert.equal(handOverResult(120, 90), 'early');
    assert.equal(handOverResult(120, 120), 'on_time');
    assert.equal(handOverResult(120, 121), 'late');
  });

  it('normalises text to NFC and replaces what the font cannot draw', () => {
    assert.equal(cleanText('Nguye\u0302\u0303n\tVăn\u200b Ánh'), 'Nguyễn Văn Ánh');
    assert.equal(cleanText('漢字 🙂 ok'), '?? ? ok');
    assert.equal(cleanText('ḳ'), 'k\u0323'); // no precomposed glyph: the letter and its combining dot
  });

  it('maps every glyph back to one character, in blocks of at most 100 (ISO 32000-1 §9.10.3)', () => {
    const font = loadFont('regular');
    const cmap = toUnicodeCMap(font.kit);
    const blocks = [...cmap.matchAll(/(\d+) beginbfchar\n([^]*?)\nendbfchar/g)];
    assert.ok(blocks.length >= 7, `${blocks.length} blocks`);
    const map = new Map<string, string>();
    for (const [, count, body] of blocks) {
      const lines = body!.split('\n');
      assert.equal(lines.length, Number(count));
      assert.ok(lines.length <= 100);
      for (const line of lines) {
        const m = /^<([0-9A-F]{4})> <([0-9A-F]{4,8})>$/.exec(line);
        assert.ok(m, line);
        assert.ok(!map.has(m[1]!), `glyph ${m[1]} twice`);
        map.set(m[1]!, m[2]!);
      }
    }
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    for (const ch of 'ỗữĐđƯươẠỹ₫ Aa') assert.equal(map.get(hex(font.kit.glyphForCodePoint(ch.codePointAt(0)!).id)), hex(ch.codePointAt(0)!), ch);
    assert.equal(map.get(hex(font.kit.glyphForCodePoint(0xa0).id)), '0020', 'the no-break space reads back as a space');
  });

  it('wraps Vietnamese text at spaces within the width, and cuts only words wider than a line', () => {
    const lines = wrap(LONG_PROCEDURE, 200, 9);
    assert.ok(lines.length >= 5);
    for (const line of lines) assert.ok(line.width <= 200.01, `${line.width}`);
    const words = lines.flatMap((l) => l.pieces.map((p) => p.text).join('').split(' '));
    assert.deepEqual(words.filter((w) => w !== ''), LONG_PROCEDURE.split(' '));
    const code = wrap(`Mã ${CODE}`, 60, 9);
    assert.ok(code.every((l) => l.width <= 60.01));
    assert.equal(code.map((l) => l.pieces.map((p) => p.text).join('')).join('').replace(/\s/g, ''), `Mã${CODE}`);
  });
});

describe('one-stop forms: bad data', () => {
  it('refuses a receipt without the applicant’s name, naming the field', async () => {
    await assert.rejects(renderReceipt(receipt({ applicant: { ...APPLICANT, name: '  ' } })), (e: unknown) =>
      e instanceof AppError && e.code === 'one_stop_forms.error.required' && e.params.field === 'applicant.name');
  });

  it('refuses a tracking address that is not http(s)', async () => {
    await assert.rejects(renderReceipt(receipt({ publicUrl: 'javascript:alert(1)' })), (e: unknown) => e instanceof AppError && e.code === 'one_stop_forms.error.public_url');
  });

  it('refuses an invalid date and an empty list of what is missing', async () => {
    await assert.rejects(renderReceipt(receipt({ receivedAt: new Date('nope') })), (e: unknown) => e instanceof AppError && e.code === 'one_stop_forms.error.date');
    await assert.rejects(renderSupplementRequest({
      agency: COMMUNE, issuedAt: new Date(), applicant: APPLICANT, procedureName: 'Đăng ký khai sinh', missing: [], contact: { name: 'x' }, official: 'y',
    }), (e: unknown) => e instanceof AppError && e.code === 'one_stop_forms.error.list_empty');
  });
});

describe('one-stop forms: rendered and read back with poppler', { skip: POPPLER ? false : 'poppler-utils is not installed' }, () => {
  it('Mẫu 01 receipt: Vietnamese text, A5, embedded fonts, 30 components over pages, QR to the tracking page', async () => {
    const read = save('mau-01-giay-tiep-nhan', await renderReceipt(receipt()));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    const pages = Number(read.info.Pages);
    assert.ok(pages >= 2, `30 components should take more than one A5 page, got ${pages}`);
    for (const s of [
      'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
      'Mường Đăng, ngày 27 tháng 10 năm 2026', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', CODE, 'Lò Thị Hồng Nhung', '011190001234',
      'Ủy ban nhân dân xã Mường Đăng', '9 giờ 32 phút, ngày 27/10/2026', '9 giờ 00 phút, ngày 28/10/2026', '24.000 đồng', 'Thu trước',
      'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', 'Quàng Văn Đức', 'Số lượng hồ sơ: 01 bộ', `Trang 1/${pages}`, `Trang ${pages}/${pages}`,
      'Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 125.',
    ]) assert.ok(read.text.includes(s), `missing "${s}"`);
    assert.ok(read.text.includes(LONG_PROCEDURE), 'the long procedure name, wrapped over lines, reads back whole');
    assert.ok(!read.raw.includes('\u00a0'), 'no-break spaces read back as spaces');
    for (const s of ['ỗ', 'ữ', 'Đ', 'ợ', 'ạ', 'ẩ', 'Ư']) assert.ok(read.text.includes(s), `missing "${s}"`);
    for (let i = 1; i <= 30; i++) assert.match(read.text, new RegExp(`\\b${i} ${components[i - 1]!.name.slice(0, 20).replace(/[()]/g, '\\$&')}`), `component ${i}`);
    assertNoOverlap(read, A5);
  });

  it('the QR codes of Mẫu 01 (A5 and A4) and Mẫu 06 decode to the tracking address', { skip: ZBAR ? false : 'zbar-tools (zbarimg) is not installed' }, async () => {
    const url = `${PUBLIC_URL}/tra-cuu?code=${CODE}`;
    assert.deepEqual(qrCodes(save('qr-a5', await renderReceipt(receipt())).file), [url]);
    assert.deepEqual(qrCodes(save('qr-a4', await renderReceipt(receipt({ pageSize: 'A4' }))).file), [url]);
    const other = 'H11.35.01-261231-12345';
    assert.deepEqual(qrCodes(save('qr-other', await renderReceipt(receipt({ recordCode: other, publicUrl: 'https://example.vn/dvc/' }))).file), [`https://example.vn/dvc/tra-cuu?code=${other}`]);
    const slip = save('qr-slip', await renderControlSlip({
      agency: COMMUNE, issuedAt: at('2026-10-27T09:35:00+07:00'), recordCode: CODE, publicUrl: PUBLIC_URL, applicant: APPLICANT,
      procedureName: 'Đăng ký khai sinh', receivedAt: at('2026-10-27T09:32:00+07:00'), dueAt: null,
      handOvers: [{ from: 'Trung tâm Phục vụ hành chính công', to: 'Công chức Tư pháp - Hộ tịch' }],
    }));
    assert.deepEqual(qrCodes(slip.file), [url]);
  });

  it('Mẫu 01 on A4 when asked, and one page for a usual record', async () => {
    const read = save('mau-01-a4', await renderReceipt(receipt({ pageSize: 'A4', components: components.slice(0, 3) })));
    assertSize(read, 595.28, 841.89);
    assert.equal(read.info.Pages, '1');
    assertNoOverlap(read, A4);
    const a5 = save('mau-01-a5-short', await renderReceipt(receipt({ components: components.slice(0, 3), returnAt: null, fee: null })));
    assert.equal(a5.info.Pages, '1');
    assert.ok(a5.text.includes('Không phải nộp'));
    assert.ok(a5.text.includes('…… giờ …… phút, ngày ……/……/………'), 'a blank appointment to fill in by hand');
  });

  it('Mẫu 02 supplement request lists everything missing', async () => {
    const read = save('mau-02-yeu-cau-bo-sung', await renderSupplementRequest({
      agency: COMMUNE, documentNumber: '15/PYCBS', issuedAt: at('2026-10-27T10:15:00+07:00'), recordCode: CODE, applicant: APPLICANT,
      procedureName: 'Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      desk: 'Trung tâm Phục vụ hành chính công xã Mường Đăng',
      missing: [
        { name: 'Giấy chứng sinh', originals: 1, detail: 'Bản đã nộp bị rách, không đọc được họ tên người mẹ' },
        { name: 'Giấy tờ chứng minh nơi cư trú của người mẹ', copies: 1 },
        { name: 'Văn bản ủy quyền có chứng thực', originals: 1, detail: 'Người nộp không phải cha, mẹ của trẻ' },
      ],
      reason: 'Hồ sơ chưa đủ thành phần theo quy định tại Điều 16 Luật Hộ tịch.',
      guidance: 'Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) và Trung tâm Phục vụ hành chính công xã Mường Đăng',
      contact: { name: 'bà Tòng Thị Mỗi, công chức Tư pháp - Hộ tịch', phone: '0215 3812 345' },
      official: 'Tòng Thị Mỗi',
    }));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    for (const s of ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Số: 15/PYCBS', CODE, 'Giấy chứng sinh', 'không đọc được họ tên người mẹ',
      'Văn bản ủy quyền có chứng thực', 'Điều 16 Luật Hộ tịch', 'NGƯỜI HƯỚNG DẪN', 'Tòng Thị Mỗi', 'Mường Đăng', 'Độc lập - Tự do - Hạnh phúc']) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    assertNoOverlap(read, A5);
  });

  it('Mẫu 03 refusal gives the reasons', async () => {
    const read = save('mau-03-tu-choi', await renderRefusal({
      agency: COMMUNE, issuedAt: at('2026-10-27T10:40:00+07:00'), applicant: APPLICANT,
      procedureName: 'Đăng ký kết hôn có yếu tố nước ngoài',
      desk: 'Trung tâm Phục vụ hành chính công xã Mường Đăng',
      reasons: [
        'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã Mường Đăng.',
        'Đề nghị Ông/Bà nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh Điện Biên.',
      ],
      official: 'Quàng Văn Đức',
    }));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    for (const s of ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Số: ……/……', 'không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã Mường Đăng',
      'Trung tâm Phục vụ hành chính công tỉnh Điện Biên', 'Xin thông báo để Ông/Bà được biết và thực hiện.', 'Quàng Văn Đức']) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    assertNoOverlap(read, A5);
  });

  it('Mẫu 04 apology and extension: the reason and the new date', async () => {
    const read = save('mau-04-xin-loi-gia-han', await renderApologyExtension({
      agency: PEOPLE_COMMITTEE, documentNumber: '212/UBND-VP', issuedAt: at('2026-11-02T08:00:00+07:00'), recordCode: CODE, applicant: APPLICANT,
      procedureName: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do đổi tên, thay đổi thông tin về người sử dụng đất',
      receivedAt: at('2026-10-27T09:32:00+07:00'), dueAt: at('2026-11-03T09:32:00+07:00'),
      reason: 'Cần xác minh nguồn gốc sử dụng đất với Ủy ban nhân dân xã Mường Phăng (trước đây là một phần của huyện Điện Biên) và chờ kết quả đo đạc lại thửa đất số 125, tờ bản đồ số 07.',
      newDueAt: at('2026-11-10T16:00:00+07:00'),
      signer: { capacity: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'], title: 'PHÓ CHỦ TỊCH', name: 'Lường Văn Thượng' },
      recipients: ['Như trên;', 'Trung tâm Phục vụ hành chính công xã;', 'Lưu: VT, ĐC.'],
    }));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    for (const s of ['VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', 'Số: 212/UBND-VP', 'Kính gửi: Ông/Bà Lò Thị Hồng Nhung',
      'Ủy ban nhân dân xã Mường Đăng xin lỗi Ông/Bà', 'thửa đất số 125', '16 giờ 00 phút, ngày 10/11/2026', '9 giờ 32 phút, ngày 03/11/2026',
      'Nơi nhận:', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Lường Văn Thượng', CODE, 'Mường Đăng, ngày 02 tháng 11 năm 2026']) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    assertNoOverlap(read, A5);
  });

  it('Mẫu 05 stop notice', async () => {
    const read = save('mau-05-dung-giai-quyet', await renderStopNotice({
      agency: PEOPLE_COMMITTEE, issuedAt: at('2026-10-30T14:00:00+07:00'), recordCode: CODE, applicant: APPLICANT,
      procedureName: 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc',
      receivedAt: at('2026-10-27T09:32:00+07:00'), requestedAt: at('2026-10-29T15:10:00+07:00'),
      reason: 'Theo đề nghị dừng giải quyết của người nộp hồ sơ.',
      papers: 'Hồ sơ giấy được trả lại tại Trung tâm Phục vụ hành chính công xã; lệ phí đã nộp không được hoàn lại theo quy định.',
      signer: { capacity: ['TM. ỦY BAN NHÂN DÂN'], title: 'CHỦ TỊCH', name: 'Cà Văn Ánh' },
    }));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    for (const s of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Ngày 29/10/2026, Ông/Bà có đề nghị dừng giải quyết hồ sơ nêu trên.',
      'Ủy ban nhân dân xã Mường Đăng thông báo dừng giải quyết hồ sơ nêu trên.', 'Lưu: VT.', 'Cà Văn Ánh', 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG']) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    assertNoOverlap(read, A5);
  });

  it('Mẫu 06 control slip: one row per hand-over, with the result of each', async () => {
    const steps = [
      { from: 'Trung tâm Phục vụ hành chính công', to: 'Công chức Tư pháp - Hộ tịch', at: at('2026-10-27T10:00:00+07:00'), giver: 'Quàng Văn Đức', taker: 'Tòng Thị Mỗi', result: 'early' as const },
      { from: 'Công chức Tư pháp - Hộ tịch', to: 'Lãnh đạo Ủy ban nhân dân xã (Phó Chủ tịch phụ trách văn hóa - xã hội)', at: at('2026-10-27T14:30:00+07:00'), giver: 'Tòng Thị Mỗi', taker: 'Lường Văn Thượng', result: 'on_time' as const },
      { from: 'Lãnh đạo Ủy ban nhân dân xã', to: 'Văn thư', at: at('2026-10-28T08:15:00+07:00'), giver: 'Lường Văn Thượng', taker: 'Đỗ Thị Ngọc Ữu', result: 'late' as const, note: 'Chờ ký số' },
      { from: 'Văn thư', to: 'Trung tâm Phục vụ hành chính công', at: null, giver: null, taker: null, result: null },
    ];
    const read = save('mau-06-phieu-kiem-soat', await renderControlSlip({
      agency: COMMUNE, issuedAt: at('2026-10-27T09:35:00+07:00'), recordCode: CODE, publicUrl: PUBLIC_URL, applicant: APPLICANT,
      procedureName: LONG_PROCEDURE, receivedAt: at('2026-10-27T09:32:00+07:00'), dueAt: at('2026-10-28T09:00:00+07:00'),
      handOvers: [...steps, ...steps, ...steps],
    }));
    assertSize(read, 419.53, 595.28);
    assertFontsEmbedded(read);
    for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Trước hạn', 'Đúng hạn', 'Quá hạn', '10 giờ 00 phút, ngày 27/10/2026',
      'Người giao: Quàng Văn Đức', 'Người nhận: Đỗ Thị Ngọc Ữu', '…giờ…phút, ngày…/…/……', 'Chờ ký số', CODE, 'Kèm theo hồ sơ của Ông/Bà: Lò Thị Hồng Nhung']) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    assertNoOverlap(read, A5);
  });

  it('Mẫu 07 register: 120 records on A4 across, over several pages, header repeated', async () => {
    const entries = registerEntries(120);
    const read = save('mau-07-so-theo-doi', await renderRegister({
      agency: COMMUNE, issuedAt: at('2026-11-01T08:00:00+07:00'), from: at('2026-10-01T00:00:00+07:00'), to: at('2026-10-31T23:59:59+07:00'), book: '01', entries,
    }));
    assertSize(read, 841.89, 595.28);
    assertFontsEmbedded(read);
    const pages = Number(read.info.Pages);
    assert.ok(pages > 1, `120 rows in one page? ${pages}`);
    for (const s of ['SỔ THEO DÕI HỒ SƠ', 'Quyển số: 01', 'Từ ngày 01/10/2026 đến ngày 31/10/2026', 'Ngày, tháng, năm', 'Tổng số: 120 hồ sơ.', `Trang ${pages}/${pages}`]) {
      assert.ok(read.text.includes(s), `missing "${s}"`);
    }
    // A code wider than its column breaks after a "-" (and reads back with a space there).
    const joined = read.text.replace(/ /g, '');
    // The column header is on every page.
    const perPage = read.raw.split('\f').filter((p) => p.trim() !== '');
    assert.equal(perPage.length, pages);
    for (const p of perPage) assert.ok(p.replace(/\s+/g, ' ').includes('Cơ quan chủ trì giải quyết'), 'header repeated');
    // Every record appears exactly once.
    for (const e of entries) assert.equal(joined.split(e.code).length - 1, 1, e.code);
    assertNoOverlap(read, A4);
  });
});
