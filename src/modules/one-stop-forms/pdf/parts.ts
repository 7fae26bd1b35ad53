/**
 * The pieces every form shares: the NĐ 30/2020 header (agency on the left, Quốc hiệu and tiêu ngữ on the
 * right, number and place-and-date under them), the title, labelled lines, signatures and "Nơi nhận".
 */
import { formatPlaceDate } from '../domain/format.ts';
import { MOTTO, NATIONAL_NAME, NUMBER_BLANK, NUMBER_LABEL, RECIPIENTS_LABEL, SIGN_HINT, SIGN_SEAL_HINT } from '../domain/texts.ts';
import type { Applicant, FormAgency, Signer } from '../domain/types.ts';
import { APPLICANT, RECEIVED_FROM, TRACK_HINT } from '../domain/texts.ts';
import { drawQr } from './qr.ts';
import type { BlockItem, Sheet } from '../../../platform/pdf/sheet.ts';
import { textWidth, wrap, type Rich, type Run } from '../../../platform/pdf/text.ts';

const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** The largest size ≤ `size` at which `text` fits `width` on one line (for the Quốc hiệu on narrow pages). */
function fitting(text: string, style: 'bold' | 'regular', size: number, width: number): number {
  const w = textWidth(text, style, size);
  return w <= width ? size : Math.floor((size * width) / w * 10) / 10;
}

export interface HeaderOptions {
  agency: FormAgency;
  /** The date on the place-and-date line. */
  date: Date;
  /** "Số: …" under the agency; undefined prints nothing, null the blank "……/……". */
  number?: string | null;
}

/**
 * The two header blocks of NĐ 30/2020 Phụ lục I: the agency (ô 2) on the left, the Quốc hiệu and tiêu ngữ
 * (ô 1) on the right, then the number (ô 3) and the place and date (ô 4) level with each other. The right
 * block is as wide as the Quốc hiệu needs; the agency gets the rest.
 */
export function header(sheet: Sheet, o: HeaderOptions): void {
  const gap = sheet.pt(8);
  const size = sheet.pt(8);
  const national = fitting(NATIONAL_NAME, 'bold', sheet.pt(8.2), sheet.width * 0.6);
  const motto = fitting(MOTTO, 'bold', sheet.pt(8.8), sheet.width * 0.6);
  const dateSize = sheet.pt(8.5);
  const date = formatPlaceDate(o.agency.place.trim(), o.date);
  const rightW = Math.min(sheet.width * 0.6, Math.max(textWidth(NATIONAL_NAME, 'bold', national), textWidth(MOTTO, 'bold', motto), Math.min(textWidth(date, 'italic', dateSize), sheet.width * 0.6)) + sheet.pt(4));
  const rightX = sheet.right - rightW;
  const leftW = Math.min(rightX - gap - sheet.left, sheet.width * 0.5);

  const left: BlockItem[] = [];
  if (o.agency.parent?.trim()) left.push({ text: upper(o.agency.parent), size, style: 'regular' });
  left.push({ text: upper(o.agency.name), size, style: 'bold', rule: 'third' });
  sheet.columns([
    { x: sheet.left, width: leftW, items: left },
    { x: rightX, width: rightW, items: [
      { text: NATIONAL_NAME, size: national, style: 'bold' },
      { text: MOTTO, size: motto, style: 'bold', rule: 'full' },
    ] },
  ]);
  sheet.gap(sheet.pt(3));
  sheet.columns([
    { x: sheet.left, width: leftW, items: o.number === undefined ? [] : [{ text: `${NUMBER_LABEL} ${o.number?.trim() || NUMBER_BLANK}`, size }] },
    { x: rightX, width: rightW, items: [{ text: date, size: dateSize, style: 'italic' }] },
  ]);
}

export function title(sheet: Sheet, text: string, after = 0): void {
  sheet.gap(sheet.pt(7));
  sheet.text(text, { size: sheet.pt(10.5), style: 'bold', align: 'center', balanced: true, after: sheet.pt(4) + after });
}

/**
 * "Mã hồ sơ: …" in large type with, when there is a tracking address, the QR code on the right and the
 * address under the code (Mẫu 01, 06).
 */
export function codeBlock(sheet: Sheet, code: string, url: string | null): void {
  const codeSize = sheet.pt(10);
  const codeLine: Rich = [{ text: `${APPLICANT.recordCode} ` }, { text: code, style: 'bold' }];
  if (!url) {
    sheet.text(codeLine, { size: codeSize, align: 'center', after: sheet.pt(4) });
    return;
  }
  const qrSize = sheet.pt(64);
  const textW = sheet.width - qrSize - sheet.pt(8);
  const hintSize = sheet.pt(7);
  const hint = `${TRACK_HINT} ${url}`;
  const height = wrap(codeLine, textW, codeSize).length * sheet.lineHeight(codeSize) + wrap(hint, textW, hintSize, 'italic').length * sheet.lineHeight(hintSize);
  sheet.ensure(Math.max(qrSize, height));
  const top = sheet.y;
  sheet.y = top - Math.max(0, (qrSize - height) / 2);
  sheet.text(codeLine, { size: codeSize, width: textW });
  sheet.text(hint, { size: hintSize, style: 'italic', width: textW });
  drawQr(sheet.page, url, sheet.right - qrSize, top, qrSize);
  sheet.y = Math.min(sheet.y, top - qrSize) - sheet.pt(2);
}

/** "<desk> tiếp nhận hồ sơ của:", the applicant, and what they ask for (Mẫu 01–03). */
export function requestIntro(sheet: Sheet, o: { desk: string; applicant: Applicant; owner?: string | null; procedureName: string; size: number }): void {
  sheet.text(RECEIVED_FROM(o.desk.trim()), { size: o.size, after: sheet.pt(1.5) });
  applicantLines(sheet, o.applicant, o.size);
  if (o.owner?.trim()) sheet.text(field(APPLICANT.owner, o.owner), { size: o.size });
  sheet.text(field(APPLICANT.request, o.procedureName), { size: o.size, after: sheet.pt(3) });
}

/** "Label: value" on one wrapped paragraph; a missing value prints a dotted blank. */
export function field(label: string, value: string | null | undefined, valueStyle: 'regular' | 'bold' = 'regular'): Run[] {
  return [{ text: `${label} `, style: 'regular' }, { text: value?.trim() ? value.trim() : '………………', style: valueStyle }];
}

/** The applicant's lines: name, ID number, address, phone and email. */
export function applicantLines(sheet: Sheet, a: Applicant, size: number): void {
  sheet.text(field(APPLICANT.mr_mrs, a.name, 'bold'), { size });
  if (a.idNumber?.trim()) sheet.text(field(APPLICANT.idNumber, a.idNumber), { size });
  sheet.text(field(APPLICANT.address, a.address), { size });
  // Phone and email share a line when both fit.
  const phone = field(APPLICANT.phone, a.phone);
  const email = field(APPLICANT.email, a.email);
  const both: Run[] = [...phone, { text: '\u00a0\u00a0\u00a0\u00a0\u00a0' }, ...email];
  if (textWidth(both.map((r) => r.text).join(''), 'regular', size) <= sheet.width) sheet.text(both, { size });
  else {
    sheet.text(phone, { size });
    sheet.text(email, { size });
  }
}

export interface SignatureBlock {
  /** Lines in bold capitals above the hint ("TM. ỦY BAN NHÂN DÂN", "NGƯỜI NỘP HỒ SƠ"). */
  heading: string[];
  hint?: string;
  name?: string | null;
}

function signatureItems(sheet: Sheet, block: SignatureBlock, room: number): BlockItem[] {
  const size = sheet.pt(8.5);
  return [
    ...block.heading.map((h): BlockItem => ({ text: upper(h), size, style: 'bold' })),
    { text: block.hint ?? SIGN_HINT, size: sheet.pt(7.5), style: 'italic' },
    { text: '', size, space: room },
    { text: block.name?.trim() ?? '', size, style: 'bold' },
  ];
}

/** Two signatures side by side (Mẫu 01: applicant left, official right); `left` may be null. */
export function signatures(sheet: Sheet, left: SignatureBlock | null, right: SignatureBlock): void {
  sheet.gap(sheet.pt(6));
  const half = sheet.width / 2;
  const cols = (room: number) => [
    ...(left ? [{ x: sheet.left, width: half - sheet.pt(4), items: signatureItems(sheet, left, room) }] : []),
    { x: sheet.left + half + sheet.pt(4), width: half - sheet.pt(4), items: signatureItems(sheet, right, room) },
  ];
  sheet.columns(cols(roomToSign(sheet, (room) => cols(room))));
}

const SIGN_ROOM = 36;
const SIGN_ROOM_MIN = 26;

/**
 * The room left for handwriting: 36 pt (12.7 mm, scaled on A4), or less down to 26 pt when that keeps the
 * signatures on the page instead of moving them alone to the next one.
 */
function roomToSign(sheet: Sheet, build: (room: number) => { width: number; items: BlockItem[] }[]): number {
  const full = sheet.pt(SIGN_ROOM);
  const height = (room: number) => Math.max(...build(room).map((c) => sheet.blockHeight(c.items, c.width)));
  const free = sheet.y - sheet.bottom;
  if (height(full) <= free) return full;
  const needed = full - (height(full) - free);
  return needed >= sheet.pt(SIGN_ROOM_MIN) ? needed : full;
}

/** "Nơi nhận:" on the left and the agency's signer on the right (Mẫu 04, 05). */
export function recipientsAndSigner(sheet: Sheet, recipients: string[], signer: Signer): void {
  sheet.gap(sheet.pt(8));
  const leftW = sheet.width * 0.45;
  const small = sheet.pt(7);
  const list: BlockItem[] = [
    { text: RECIPIENTS_LABEL, size: sheet.pt(7.5), style: 'bold', align: 'left' },
    ...recipients.map((r): BlockItem => ({ text: `- ${r.trim()}`, size: small, align: 'left' })),
  ];
  const cols = (room: number) => [
    { x: sheet.left, width: leftW, items: list },
    { x: sheet.left + leftW + sheet.pt(6), width: sheet.width - leftW - sheet.pt(6), items: signatureItems(sheet, {
      heading: [...(signer.capacity ?? []), signer.title],
      hint: SIGN_SEAL_HINT,
      name: signer.name,
    }, room) },
  ];
  sheet.columns(cols(roomToSign(sheet, cols)));
}

/** Runs joined as a sentence: label in regular, value in bold. */
export function labelled(label: string, value: string): Rich {
  return [{ text: `${label} ` }, { text: value, style: 'bold' }];
}
