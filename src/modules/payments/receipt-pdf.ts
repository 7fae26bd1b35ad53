/**
 * The electronic receipt for fees and charges (biên lai điện tử thu phí, lệ phí) of a payment, as a PDF drawn
 * with the one-stop forms' layout and embedded Noto Sans fonts. Pure: plain data in, bytes out; the unit signs
 * it afterwards (the caller does, with the signatures module), so nothing is drawn in the top margin and the
 * collector's block leaves room for a visible signature.
 *
 * Content. The research (shared/docs/research/vn-rules.md §3.1, §6) says only that fee receipts belong to the
 * finance side, not to the one-stop forms; it has no template. What is printed follows the content the invoice
 * rules give a receipt (NĐ 123/2020/NĐ-CP Art. 32 as amended, TT 32/2025/TT-BTC; NOT verified against the texts
 * here): the receipt's name; its form symbol (ký hiệu mẫu), series (ký hiệu) and number; the collecting unit
 * with its tax code; each fee or charge and its amount; the total in figures and in words; the date it was
 * made; the collector's (digital) signature. Added for an online payment: payer, record code and procedure,
 * method and channel, the gateway's transaction id, the paid time, and a QR code to the verification page.
 * Unverified: the exact layout and wording of the legal template, the numbering rule of the form symbol and
 * series (taken as given by the caller) and whether a QR code or lookup code is required. A5 upright by default
 * (the one-stop forms' size; a receipt fits it), A4 on request.
 *
 * Words come from `labels` (Vietnamese defaults here; callers pass the catalogue's strings). Bad data is an
 * AppError `one_stop_forms.error.*` naming the field, as the forms do.
 */
import { Check, drawQr, field, formatHourMinuteDay, formPageLabel, geometry, Sheet, signatures, type BlockItem, type PageSize, type Rich } from '../one-stop-forms/index.ts';
import { amountInWords, formatDong } from './domain/amount-in-words.ts';

export { amountInWords, formatDong, groupThousands, numberInWords } from './domain/amount-in-words.ts';

export type ReceiptPaymentMethod = 'online' | 'cash' | 'transfer';

export interface PaymentReceiptLabels {
  title: string;
  electronic: string;
  /** "Ngày {day} tháng {month} năm {year}". */
  date: string;
  formSymbol: string;
  series: string;
  number: string;
  taxCode: string;
  unitAddress: string;
  payerName: string;
  payerAddress: string;
  recordCode: string;
  procedure: string;
  lineNumber: string;
  lineName: string;
  lineAmount: string;
  total: string;
  inWords: string;
  method: string;
  methodOnline: string;
  methodCash: string;
  methodTransfer: string;
  channel: string;
  transaction: string;
  paidAt: string;
  verify: string;
  lookupCode: string;
  collector: string;
  collectorHint: string;
}

/** Defaults only: callers pass the catalogue's strings. */
export const paymentReceiptLabels: PaymentReceiptLabels = {
  title: 'BIÊN LAI THU PHÍ, LỆ PHÍ',
  electronic: '(Biên lai điện tử)',
  date: 'Ngày {day} tháng {month} năm {year}',
  formSymbol: 'Ký hiệu mẫu:',
  series: 'Ký hiệu:',
  number: 'Số:',
  taxCode: 'Mã số thuế:',
  unitAddress: 'Địa chỉ:',
  payerName: 'Họ và tên người nộp:',
  payerAddress: 'Địa chỉ:',
  recordCode: 'Mã hồ sơ:',
  procedure: 'Thủ tục hành chính:',
  lineNumber: 'STT',
  lineName: 'Tên loại phí, lệ phí',
  lineAmount: 'Số tiền',
  total: 'Tổng cộng',
  inWords: 'Số tiền bằng chữ:',
  method: 'Hình thức thanh toán:',
  methodOnline: 'Trực tuyến',
  methodCash: 'Tiền mặt',
  methodTransfer: 'Chuyển khoản',
  channel: 'Kênh thanh toán:',
  transaction: 'Mã giao dịch:',
  paidAt: 'Thời gian thanh toán:',
  verify: 'Tra cứu, xác thực biên lai tại:',
  lookupCode: 'Mã tra cứu:',
  collector: 'Đơn vị thu phí, lệ phí',
  collectorHint: '(Chữ ký số)',
};

export interface PaymentReceiptInput {
  unit: {
    /** The body above the collecting unit, first line: "Ủy ban nhân dân tỉnh Điện Biên". Optional. */
    parent?: string | null;
    /** "Ủy ban nhân dân xã Mường Đăng". */
    name: string;
    taxCode?: string | null;
    address?: string | null;
  };
  /** Ký hiệu mẫu biên lai, as registered with the tax office. */
  formSymbol: string;
  /** Ký hiệu biên lai. */
  series: string;
  /** Số biên lai, as the unit's sequence gives it. */
  number: string;
  /** When the receipt was made (its date line). */
  issuedAt: Date;
  payer: { name: string; address?: string | null };
  recordCode: string;
  procedureName: string;
  /** The fees and charges paid, whole đồng each. */
  lines: { name: string; amount: number }[];
  method: ReceiptPaymentMethod;
  /** "Nền tảng thanh toán quốc gia – Vietcombank". */
  channel?: string | null;
  /** The gateway's transaction id (online and transfer payments). */
  transactionId?: string | null;
  paidAt: Date;
  /** Where the QR code leads: the receipt's verification page. */
  verificationUrl: string;
  lookupCode?: string | null;
  /** The collector's name under the signature block. */
  collector?: string | null;
  pageSize?: PageSize;
  labels?: Partial<PaymentReceiptLabels>;
}

const MAX_LINES = 50;

function check(input: PaymentReceiptInput): void {
  const c = new Check();
  c.required(input.unit?.name, 'unit.name');
  for (const k of ['parent', 'taxCode', 'address'] as const) c.text(input.unit[k], `unit.${k}`);
  c.required(input.formSymbol, 'formSymbol');
  c.required(input.series, 'series');
  c.required(input.number, 'number');
  c.date(input.issuedAt, 'issuedAt');
  c.required(input.payer?.name, 'payer.name');
  c.text(input.payer.address, 'payer.address');
  c.required(input.recordCode, 'recordCode');
  c.required(input.procedureName, 'procedureName');
  c.list(input.lines, 'lines', MAX_LINES, 1);
  input.lines.forEach((line, i) => {
    c.required(line?.name, `lines.${i}.name`);
    c.money(line.amount, `lines.${i}.amount`);
  });
  c.required(input.method && ['online', 'cash', 'transfer'].includes(input.method) ? input.method : '', 'method');
  c.text(input.channel, 'channel');
  c.text(input.transactionId, 'transactionId');
  c.date(input.paidAt, 'paidAt');
  c.url(input.verificationUrl, 'verificationUrl');
  c.text(input.lookupCode, 'lookupCode');
  c.text(input.collector, 'collector');
}

/** The date line in Vietnam time: "Ngày 05 tháng 3 năm 2026" (months 1–2 with a zero, as NĐ 30/2020 writes). */
function dateLine(template: string, at: Date): string {
  const d = new Date(at.getTime() + 7 * 3_600_000);
  const month = d.getUTCMonth() + 1;
  const values: Record<string, string> = {
    day: String(d.getUTCDate()).padStart(2, '0'),
    month: month < 3 ? `0${month}` : String(month),
    year: String(d.getUTCFullYear()),
  };
  return template.replace(/\{(day|month|year)\}/g, (_, k: string) => values[k]!);
}

const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** The unit on the left, the receipt's symbol, series and number on the right. */
function head(sheet: Sheet, input: PaymentReceiptInput, l: PaymentReceiptLabels): void {
  const size = sheet.pt(8);
  const rightW = sheet.width * 0.36;
  const left: BlockItem[] = [];
  if (input.unit.parent?.trim()) left.push({ text: upper(input.unit.parent), size, align: 'left' });
  left.push({ text: upper(input.unit.name), size, style: 'bold', align: 'left' });
  if (input.unit.taxCode?.trim()) left.push({ text: field(l.taxCode, input.unit.taxCode), size: sheet.pt(7.5), align: 'left' });
  if (input.unit.address?.trim()) left.push({ text: field(l.unitAddress, input.unit.address), size: sheet.pt(7.5), align: 'left' });
  const right: BlockItem[] = [
    { text: field(l.formSymbol, input.formSymbol), size: sheet.pt(7.5), align: 'left' },
    { text: field(l.series, input.series), size: sheet.pt(7.5), align: 'left' },
    { text: field(l.number, input.number, 'bold'), size, align: 'left' },
  ];
  sheet.columns([
    { x: sheet.left, width: sheet.width - rightW - sheet.pt(8), items: left },
    { x: sheet.right - rightW, width: rightW, items: right },
  ]);
}

/** The QR code on the right, the verification address and lookup code beside it. */
function verification(sheet: Sheet, input: PaymentReceiptInput, l: PaymentReceiptLabels): void {
  const qr = sheet.pt(64);
  const textW = sheet.width - qr - sheet.pt(8);
  const small = sheet.pt(7);
  const items: BlockItem[] = [{ text: `${l.verify} ${input.verificationUrl.trim()}`, size: small, style: 'italic', align: 'left' }];
  if (input.lookupCode?.trim()) items.push({ text: field(l.lookupCode, input.lookupCode, 'bold'), size: sheet.pt(7.8), align: 'left' });
  sheet.gap(sheet.pt(3));
  sheet.ensure(Math.max(qr, sheet.blockHeight(items, textW)));
  const top = sheet.y;
  sheet.y = top - Math.max(0, (qr - sheet.blockHeight(items, textW)) / 2);
  sheet.columns([{ x: sheet.left, width: textW, items }]);
  drawQr(sheet.page, input.verificationUrl.trim(), sheet.right - qr, top, qr);
  sheet.y = Math.min(sheet.y, top - qr);
}

/** The receipt as PDF bytes. */
export async function renderPaymentReceipt(input: PaymentReceiptInput): Promise<Uint8Array> {
  check(input);
  const l = { ...paymentReceiptLabels, ...input.labels };
  const total = input.lines.reduce((sum, line) => sum + line.amount, 0);
  const id = `${l.series} ${input.series.trim()} ${l.number} ${input.number.trim()}`;
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: `${upper(l.title)} ${input.series.trim()}-${input.number.trim()}`,
    subject: `${input.recordCode.trim()} ${input.procedureName.trim()}`,
    author: input.unit.name,
    createdAt: input.issuedAt,
    pageLabel: formPageLabel,
  });
  sheet.continuation = id;
  const size = sheet.pt(8.2);
  const after = sheet.pt(1.2);

  head(sheet, input, l);
  sheet.gap(sheet.pt(8));
  sheet.text(upper(l.title), { size: sheet.pt(11), style: 'bold', align: 'center', balanced: true });
  sheet.text(l.electronic, { size: sheet.pt(8), style: 'italic', align: 'center' });
  sheet.text(dateLine(l.date, input.issuedAt), { size: sheet.pt(8), style: 'italic', align: 'center', after: sheet.pt(6) });

  sheet.text(field(l.payerName, input.payer.name, 'bold'), { size, after });
  if (input.payer.address?.trim()) sheet.text(field(l.payerAddress, input.payer.address), { size, after });
  sheet.text(field(l.recordCode, input.recordCode, 'bold'), { size, after });
  sheet.text(field(l.procedure, input.procedureName), { size, after: sheet.pt(4) });

  const bold = (text: string): Rich => [{ text, style: 'bold' }];
  sheet.table(
    [
      { header: l.lineNumber, weight: 9, align: 'center' },
      { header: l.lineName, weight: 63 },
      { header: l.lineAmount, weight: 28, align: 'right' },
    ],
    [
      ...input.lines.map((line, i) => [String(i + 1), line.name.trim(), formatDong(line.amount)]),
      ['', bold(l.total), bold(formatDong(total))],
    ],
    { size: sheet.pt(7.8) },
  );
  sheet.gap(sheet.pt(3));
  sheet.text([{ text: `${l.inWords} ` }, { text: `${amountInWords(total)}.`, style: 'bold' }], { size, after: sheet.pt(4) });

  const method = { online: l.methodOnline, cash: l.methodCash, transfer: l.methodTransfer }[input.method];
  sheet.text(field(l.method, method), { size, after });
  if (input.channel?.trim()) sheet.text(field(l.channel, input.channel), { size, after });
  if (input.transactionId?.trim()) sheet.text(field(l.transaction, input.transactionId, 'bold'), { size, after });
  sheet.text(field(l.paidAt, formatHourMinuteDay(input.paidAt)), { size, after });

  verification(sheet, input, l);
  signatures(sheet, null, { heading: [l.collector], hint: l.collectorHint, name: input.collector ?? null });
  return sheet.save();
}
