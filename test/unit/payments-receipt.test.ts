/**
 * The electronic receipt of a payment (biên lai thu phí, lệ phí) and the amounts in Vietnamese words. The PDF
 * is read back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm) and, where zbar-tools is installed, its
 * QR code decoded. Set PAYMENTS_RECEIPT_OUT=/some/dir to keep the PDFs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  amountInWords, formatDong, groupThousands, numberInWords, paymentReceiptLabels, renderPaymentReceipt, type PaymentReceiptInput,
} from '../../src/modules/payments/receipt-pdf.ts';
import { AppError } from '../../src/platform/errors.ts';

describe('amountInWords', () => {
  const cases: [number, string][] = [
    [0, 'Không đồng'], [1, 'Một đồng'], [4, 'Bốn đồng'], [5, 'Năm đồng'], [10, 'Mười đồng'], [11, 'Mười một đồng'],
    [14, 'Mười bốn đồng'], [15, 'Mười lăm đồng'], [20, 'Hai mươi đồng'], [21, 'Hai mươi mốt đồng'], [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'], [55, 'Năm mươi lăm đồng'], [91, 'Chín mươi mốt đồng'], [100, 'Một trăm đồng'],
    [101, 'Một trăm linh một đồng'], [104, 'Một trăm linh bốn đồng'], [105, 'Một trăm linh năm đồng'], [110, 'Một trăm mười đồng'],
    [111, 'Một trăm mười một đồng'], [115, 'Một trăm mười lăm đồng'], [121, 'Một trăm hai mươi mốt đồng'],
    [999, 'Chín trăm chín mươi chín đồng'], [1_000, 'Một nghìn đồng'], [1_001, 'Một nghìn không trăm linh một đồng'],
    [1_005, 'Một nghìn không trăm linh năm đồng'], [1_010, 'Một nghìn không trăm mười đồng'], [1_015, 'Một nghìn không trăm mười lăm đồng'],
    [1_100, 'Một nghìn một trăm đồng'], [2_000, 'Hai nghìn đồng'], [10_000, 'Mười nghìn đồng'], [15_000, 'Mười lăm nghìn đồng'],
    [21_000, 'Hai mươi mốt nghìn đồng'], [25_000, 'Hai mươi lăm nghìn đồng'], [50_000, 'Năm mươi nghìn đồng'],
    [100_000, 'Một trăm nghìn đồng'], [105_000, 'Một trăm linh năm nghìn đồng'], [200_000, 'Hai trăm nghìn đồng'],
    [1_000_000, 'Một triệu đồng'], [1_000_005, 'Một triệu không trăm linh năm đồng'], [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'], [1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [10_000_000, 'Mười triệu đồng'], [15_500_000, 'Mười lăm triệu năm trăm nghìn đồng'],
    [123_456_789, 'Một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín đồng'],
    [1_000_000_000, 'Một tỷ đồng'], [1_000_000_001, 'Một tỷ không trăm linh một đồng'], [2_500_000_000, 'Hai tỷ năm trăm triệu đồng'],
    [21_000_000_000, 'Hai mươi mốt tỷ đồng'], [1_000_000_000_000, 'Một nghìn tỷ đồng'],
    [Number.MAX_SAFE_INTEGER, 'Chín triệu tỷ không trăm linh bảy nghìn tỷ một trăm chín mươi chín tỷ hai trăm năm mươi tư triệu bảy trăm bốn mươi nghìn chín trăm chín mươi mốt đồng'],
  ];
  for (const [n, words] of cases) {
    it(`${groupThousands(n)} → ${words}`, () => assert.equal(amountInWords(n), words));
  }

  it('says "lẻ" or nothing at the end on request', () => {
    assert.equal(amountInWords(105, { zeroTen: 'lẻ' }), 'Một trăm lẻ năm đồng');
    assert.equal(amountInWords(25_000, { unit: '' }), 'Hai mươi lăm nghìn');
    assert.equal(numberInWords(2_021), 'hai nghìn không trăm hai mươi mốt');
  });

  it('refuses what is not a whole, non-negative, safe number of đồng', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) assert.throws(() => amountInWords(bad), RangeError, String(bad));
  });

  it('writes figures with dots between thousands', () => {
    assert.deepEqual([0, 5, 999, 1_000, 25_000, 1_250_000, 1_000_000_000].map(groupThousands), ['0', '5', '999', '1.000', '25.000', '1.250.000', '1.000.000.000']);
    assert.equal(formatDong(25_000), '25.000\u00a0đ');
  });
});

// --- the PDF ---------------------------------------------------------------------------------------------

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const POPPLER = has('pdftotext') && has('pdfinfo') && has('pdffonts') && has('pdftoppm');
const ZBAR = has('zbarimg');
const keep = process.env.PAYMENTS_RECEIPT_OUT;
let dir = '';
before(() => {
  dir = keep ? (fs.mkdirSync(keep, { recursive: true }), keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'payments-receipt-'));
});
after(() => {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function save(name: string, pdf: Uint8Array): { file: string; text: string; info: string } {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return { file, text: run('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' '), info: run('pdfinfo', [file]) };
}

const VERIFY = 'https://dichvucong.muongdang.gov.vn/bien-lai/xac-thuc/4f9c2a7e1b';

function input(over: Partial<PaymentReceiptInput> = {}): PaymentReceiptInput {
  return {
    unit: { parent: 'Ủy ban nhân dân tỉnh Điện Biên', name: 'Ủy ban nhân dân xã Mường Đăng', taxCode: '5600123456', address: 'Bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên' },
    formSymbol: '01BLP0-001',
    series: 'MĐ-26E',
    number: '0000127',
    issuedAt: new Date('2026-10-27T02:33:00Z'),
    payer: { name: 'Lò Thị Hương', address: 'Bản Co Muông, xã Mường Đăng' },
    recordCode: 'H11.35.01-261027-0004',
    procedureName: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    lines: [{ name: 'Phí chứng thực chữ ký', amount: 10_000 }, { name: 'Phí chứng thực bản sao từ bản chính (3 trang)', amount: 5_000 }, { name: 'Lệ phí cấp bản sao', amount: 10_000 }],
    method: 'online',
    channel: 'Nền tảng thanh toán quốc gia – Vietcombank',
    transactionId: 'SBXa1B2c3D4e5F6g7H8i9J0',
    paidAt: new Date('2026-10-27T02:32:05Z'),
    verificationUrl: VERIFY,
    lookupCode: 'BL-4F9C2A7E1B',
    collector: 'Vàng A Sùng',
    ...over,
  };
}

const A5_TOP = 42.52;

describe('renderPaymentReceipt', { skip: !POPPLER && 'poppler-utils not installed' }, () => {
  it('prints the receipt in Vietnamese, on A5, with the total in words', async () => {
    const read = save('receipt', await renderPaymentReceipt(input()));
    assert.match(read.info, /Page size:\s+419\.53 x 595\.28 pts/);
    assert.match(read.info, /Pages:\s+1\n/);
    assert.match(read.info, /Title:\s+BIÊN LAI THU PHÍ, LỆ PHÍ MĐ-26E-0000127/);
    for (const expected of [
      'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN', 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG', 'Mã số thuế: 5600123456', 'Ký hiệu mẫu: 01BLP0-001', 'Ký hiệu: MĐ-26E', 'Số: 0000127',
      'BIÊN LAI THU PHÍ, LỆ PHÍ', '(Biên lai điện tử)', 'Ngày 27 tháng 10 năm 2026',
      'Họ và tên người nộp: Lò Thị Hương', 'Mã hồ sơ: H11.35.01-261027-0004', 'Thủ tục hành chính: Chứng thực chữ ký trong các giấy tờ, văn bản',
      'STT Tên loại phí, lệ phí Số tiền', '1 Phí chứng thực chữ ký 10.000 đ', '2 Phí chứng thực bản sao từ bản chính (3 trang) 5.000 đ',
      'Tổng cộng 25.000 đ', 'Số tiền bằng chữ: Hai mươi lăm nghìn đồng.',
      'Hình thức thanh toán: Trực tuyến', 'Kênh thanh toán: Nền tảng thanh toán quốc gia – Vietcombank', 'Mã giao dịch: SBXa1B2c3D4e5F6g7H8i9J0',
      'Thời gian thanh toán: 9 giờ 32 phút, ngày 27/10/2026', `Tra cứu, xác thực biên lai tại: ${VERIFY}`, 'Mã tra cứu: BL-4F9C2A7E1B',
      'ĐƠN VỊ THU PHÍ, LỆ PHÍ', '(Chữ ký số)', 'Vàng A Sùng',
    ]) assert.ok(read.text.includes(expected), `missing "${expected}" in: ${read.text}`);
  });

  it('embeds its fonts with a Unicode map, and draws nothing in the top margin (the unit signs it afterwards)', async () => {
    const read = save('receipt-fonts', await renderPaymentReceipt(input()));
    const fonts = run('pdffonts', [read.file]).split('\n').slice(2).filter((l) => l.trim() !== '');
    assert.ok(fonts.length >= 2);
    for (const line of fonts) {
      const cols = line.trim().split(/\s+/);
      assert.match(cols[0]!, /^NotoSans-/, line);
      assert.equal(cols[cols.length - 5], 'yes', `not embedded: ${line}`);
      assert.equal(cols[cols.length - 3], 'yes', `no ToUnicode: ${line}`);
    }
    const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', read.file, '-']);
    const tops = [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(tops.length > 50);
    assert.ok(Math.min(...tops) >= A5_TOP - 1, `a word starts ${Math.min(...tops)} pt from the top`);
  });

  it('carries a QR code that opens the verification page', { skip: !ZBAR && 'zbar-tools not installed' }, async () => {
    const read = save('receipt-qr', await renderPaymentReceipt(input()));
    const prefix = path.join(dir, 'receipt-qr');
    run('pdftoppm', ['-r', '200', '-png', '-singlefile', read.file, prefix]);
    const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.trim().split('\n'), [VERIFY]);
  });

  it('takes the caller’s labels, a desk payment, A4, and runs over pages with many lines', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ name: `Phí bản sao trang ${i + 1}`, amount: 1_000 }));
    const read = save('receipt-long', await renderPaymentReceipt(input({
      lines, method: 'cash', channel: null, transactionId: null, lookupCode: null, pageSize: 'A4',
      labels: { ...paymentReceiptLabels, title: 'Receipt of fees and charges', method: 'Paid by:', methodCash: 'cash at the desk' },
    })));
    assert.match(read.info, /Page size:\s+595\.28 x 841\.89 pts/);
    assert.match(read.info, /Pages:\s+2\n/);
    assert.ok(read.text.includes('RECEIPT OF FEES AND CHARGES'), read.text);
    assert.ok(read.text.includes('Paid by: cash at the desk'), read.text);
    assert.ok(read.text.includes('Tổng cộng 50.000 đ'), read.text);
    assert.ok(read.text.includes('Năm mươi nghìn đồng.'), read.text);
    assert.ok(read.text.includes('Trang 2/2'), read.text);
    assert.ok(read.text.includes('Ký hiệu: MĐ-26E Số: 0000127'), 'the receipt is named at the top of page 2');
    assert.ok(!read.text.includes('Mã giao dịch'), read.text);
  });
});

describe('renderPaymentReceipt: bad data', () => {
  const refused = async (over: Partial<PaymentReceiptInput>, code: string, field: string) => {
    await assert.rejects(renderPaymentReceipt(input(over)), (e: unknown) => {
      assert.ok(e instanceof AppError, String(e));
      assert.equal(e.code, code);
      assert.equal(e.params.field, field);
      return true;
    });
  };
  it('names the field it cannot print', async () => {
    await refused({ payer: { name: '  ' } }, 'one_stop_forms.error.required', 'payer.name');
    await refused({ series: '' }, 'one_stop_forms.error.required', 'series');
    await refused({ lines: [] }, 'one_stop_forms.error.list_empty', 'lines');
    await refused({ lines: [{ name: 'Phí', amount: 1.5 }] }, 'one_stop_forms.error.count', 'lines.0.amount');
    await refused({ lines: [{ name: 'Phí', amount: -1000 }] }, 'one_stop_forms.error.count', 'lines.0.amount');
    await refused({ verificationUrl: 'javascript:alert(1)' }, 'one_stop_forms.error.public_url', 'verificationUrl');
    await refused({ paidAt: new Date('nope') }, 'one_stop_forms.error.date', 'paidAt');
    await refused({ method: 'bitcoin' as never }, 'one_stop_forms.error.required', 'method');
  });
});
