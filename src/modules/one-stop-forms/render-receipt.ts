/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the tracking QR code. */
import { formatCount, formatHourMinuteDay, formatMoney } from './domain/format.ts';
import { APPLICANT, COMPONENTS, CONTINUED, FEE_NONE, FEE_TIMING, PAGE, RECEIPT } from './domain/texts.ts';
import type { ComponentLine, ReceiptInput } from './domain/types.ts';
import { Check, checkAgency, checkApplicant, checkComponents, trackingUrl } from './domain/validate.ts';
import { codeBlock, field, header, labelled, requestIntro, signatures, title } from './pdf/parts.ts';
import { geometry, Sheet } from '../../platform/pdf/sheet.ts';

function check(input: ReceiptInput): void {
  const c = new Check();
  checkAgency(c, input.agency);
  c.text(input.desk, 'desk');
  c.required(input.recordCode, 'recordCode');
  c.url(input.publicUrl, 'publicUrl');
  checkApplicant(c, input.applicant);
  c.text(input.owner, 'owner');
  c.required(input.procedureName, 'procedureName');
  checkComponents(c, input.components, 'components');
  c.count(input.sets, 'sets', false);
  c.required(input.processingTime, 'processingTime');
  if (input.fee) {
    c.money(input.fee.amount, 'fee.amount');
    c.text(input.fee.note, 'fee.note');
  }
  c.date(input.receivedAt, 'receivedAt');
  c.date(input.returnAt, 'returnAt', true);
  c.required(input.returnPlace, 'returnPlace');
  c.required(input.receivingOfficial, 'receivingOfficial');
  if (input.register) {
    c.required(input.register.book, 'register.book');
    c.required(input.register.entry, 'register.entry');
  }
}

/** The components table: TT | Tên giấy tờ | Bản chính | Bản sao. */
export function componentsTable(sheet: Sheet, list: ComponentLine[], size: number): void {
  const count = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  sheet.table(
    [
      { header: COMPONENTS.number, weight: 7, align: 'center' },
      { header: COMPONENTS.name, weight: 63 },
      { header: COMPONENTS.originals, weight: 15, align: 'center' },
      { header: COMPONENTS.copies, weight: 15, align: 'center' },
    ],
    list.map((line, i) => [String(i + 1), line.name, count(line.originals), count(line.copies)]),
    { size, headerSize: size },
  );
}

function feeText(fee: ReceiptInput['fee']): string {
  if (!fee || fee.amount === 0) return FEE_NONE;
  const parts = [formatMoney(fee.amount)];
  if (fee.note?.trim()) parts.push(fee.note.trim());
  const text = parts.join(', ');
  return fee.timing ? `${text} (${FEE_TIMING[fee.timing]})` : text;
}

export async function renderReceipt(input: ReceiptInput): Promise<Uint8Array> {
  check(input);
  const code = input.recordCode.trim();
  const url = trackingUrl(input.publicUrl, code);
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: `${RECEIPT.title} ${code}`,
    subject: input.procedureName,
    author: input.agency.name,
    createdAt: input.receivedAt,
    pageLabel: PAGE,
  });
  sheet.continuation = `${APPLICANT.recordCode} ${code} ${CONTINUED}`;
  const size = sheet.pt(8.2);
  const after = sheet.pt(1.5);

  header(sheet, { agency: input.agency, date: input.receivedAt });
  title(sheet, RECEIPT.title);

  codeBlock(sheet, code, url);
  requestIntro(sheet, { desk: input.desk?.trim() || input.agency.name, applicant: input.applicant, owner: input.owner, procedureName: input.procedureName, size });

  sheet.item('1.', RECEIPT.components, { size, after });
  componentsTable(sheet, input.components, sheet.pt(7.8));
  sheet.gap(sheet.pt(3));
  sheet.item('2.', `${RECEIPT.sets} ${formatCount(input.sets)} ${RECEIPT.setsUnit}.`, { size, after });
  sheet.item('3.', labelled(RECEIPT.legalTime, input.processingTime.trim()), { size, after });
  sheet.item('4.', field(RECEIPT.fee, feeText(input.fee)), { size, after });
  sheet.item('5.', labelled(RECEIPT.receivedAt, formatHourMinuteDay(input.receivedAt)), { size, after });
  sheet.item('6.', labelled(RECEIPT.returnAt, input.returnAt ? formatHourMinuteDay(input.returnAt) : RECEIPT.timeBlank), { size, after });
  sheet.item('7.', field(RECEIPT.returnPlace, input.returnPlace), { size, after });
  if (input.register) sheet.text(RECEIPT.register(input.register.book.trim(), input.register.entry.trim()), { size, style: 'italic' });

  signatures(sheet, { heading: [RECEIPT.applicantSigns], name: input.applicant.name }, { heading: [RECEIPT.officialSigns], name: input.receivingOfficial });
  return sheet.save();
}
