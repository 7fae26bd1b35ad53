/**
 * An outgoing document drawn from its template (NĐ 30/2020/NĐ-CP Phụ lục I, as far as the platform's flow layout
 * reasonably goes), A4 upright, margins of the decree: the agency (ô 2) and the Quốc hiệu with the tiêu ngữ (ô 1),
 * the number (ô 3) and the place and date (ô 4) — both EMPTY FORM FIELDS that the clerk fills when issuing, after
 * the leader signed (see signatures' pades/form-fields.ts) — the type's name and the subject (ô 5a; a công văn:
 * "V/v …" under the number, then "Kính gửi:"), the body (ô 6), the signing capacity and title (ô 7a–b), the room of
 * the leader's digital signature (bottom right of the last page, where signResult draws it) with the name under
 * it (ô 7c), and "Nơi nhận:" (ô 9a) on the left.
 * Type face: Noto Sans, the font the platform embeds (Vietnamese complete, free licence). The decree asks for Times
 * New Roman, which is not available to embed here: sizes follow the decree (13–14 pt), the face does not.
 */
import { addFillableFields } from '../../signatures/index.ts';
import type { FillableField } from '../../signatures/index.ts';
import { geometry, Sheet } from '../../../platform/pdf/sheet.ts';
import type { BlockItem } from '../../../platform/pdf/sheet.ts';
import { textWidth } from '../../../platform/pdf/text.ts';
import { DATE_BLANK, DEAR, MOTTO, NATIONAL_NAME, NUMBER_LABEL, RECIPIENTS_LABEL, REGARDING, URGENCY_MARK } from './outgoing-texts.ts';

/** The form fields the clerk fills on issue. */
export const NUMBER_FIELD = 'SoKyHieu';
export const DATE_FIELD = 'NgayBanHanh';

/** Where signResult draws the leader's signature on the last page (sign-documents.ts: 230 × 86 pt, 40 pt from the right, 60 from the bottom). */
const SIGNATURE_BOX = { width: 230, height: 86, right: 40, bottom: 60 };
/** The verification QR code and link signResult stamps bottom left of the last page end below this height. */
const QR_TOP = 96;

export interface TemplateInput {
  /** The agency as on its seal: "ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG", printed on two lines when it starts with the collective's name. */
  agency: string;
  /** The document type's name ("Quyết định"), or null for a công văn. */
  typeName: string | null;
  subject: string;
  /** "…/QĐ-UBND": what the number field shows until the clerk fills it. */
  numberPlaceholder: string;
  /** "Mường Đăng": the date field shows "Mường Đăng, ngày … tháng … năm …" until filled. */
  place: string;
  urgency: keyof typeof URGENCY_MARK;
  /** Công văn: the addressees after "Kính gửi:". */
  addressees: string[];
  body: string;
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"…; empty when the leader signs in their own name. */
  capacity: string;
  /** "CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
  signerTitle: string;
  signerName: string;
  /** The lines of "Nơi nhận:", each starting "- ", the last "- Lưu: VT, …". */
  recipients: string[];
  author: string;
  createdAt: Date;
}

const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** The agency on two lines: the collective's name over the rest ("ỦY BAN NHÂN DÂN" / "XÃ MƯỜNG ĐĂNG"). */
function agencyLines(agency: string): string[] {
  const a = upper(agency).trim();
  const m = /^(ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)\s+(.+)$/u.exec(a);
  return m ? [m[1]!, m[2]!] : [a];
}

export async function renderOutgoingTemplate(d: TemplateInput): Promise<Uint8Array> {
  const geo = geometry('A4');
  const sheet = await Sheet.create(geo, { title: d.subject, subject: d.subject, author: d.author, createdAt: d.createdAt });
  const leftW = sheet.width * 0.4;
  const gap = 8;
  const rightX = sheet.left + leftW + gap;
  const rightW = sheet.right - rightX;

  // Ô 1 and 2.
  const agency = agencyLines(d.agency);
  sheet.columns([
    { x: sheet.left - 20, width: leftW + 20, items: agency.map((text, i): BlockItem => ({ text, size: 12.5, style: 'bold', ...(i === agency.length - 1 ? { rule: 'third' as const } : {}) })) },
    { x: rightX, width: rightW, items: [{ text: NATIONAL_NAME, size: 12, style: 'bold' }, { text: MOTTO, size: 13, style: 'bold', rule: 'full' }] },
  ]);
  sheet.gap(6);

  // Ô 3 and 4: the number and the date, as fields the clerk fills.
  const numberSize = 13;
  const dateSize = 13;
  const lineTop = sheet.y;
  const label = `${NUMBER_LABEL} `;
  const labelW = textWidth(label, 'regular', numberSize);
  const numberW = Math.max(textWidth(d.numberPlaceholder, 'regular', numberSize), textWidth('0000/QĐ-UBND', 'regular', numberSize)) + 8;
  const numberX = sheet.left - 20 + (leftW + 20 - labelW - numberW) / 2;
  sheet.columns([{ x: numberX, width: labelW + 2, items: [{ text: NUMBER_LABEL, size: numberSize, align: 'left' }] }]);
  const fieldHeight = numberSize * 1.3;
  const fields: FillableField[] = [
    { name: NUMBER_FIELD, page: 0, rect: { x: numberX + labelW, y: lineTop - fieldHeight, width: numberW, height: fieldHeight }, size: numberSize, placeholder: d.numberPlaceholder },
    { name: DATE_FIELD, page: 0, rect: { x: rightX, y: lineTop - fieldHeight, width: rightW, height: fieldHeight }, size: dateSize, align: 'center', style: 'italic', placeholder: `${d.place}, ${DATE_BLANK}` },
  ];
  sheet.y = lineTop - fieldHeight;
  const under: BlockItem[] = [];
  if (!d.typeName) under.push({ text: `${REGARDING} ${d.subject}`, size: 12 });
  if (URGENCY_MARK[d.urgency]) under.push({ text: URGENCY_MARK[d.urgency], size: 13, style: 'bold' });
  if (under.length > 0) sheet.columns([{ x: sheet.left - 20, width: leftW + 20, items: under }]);

  // Ô 5a: the type and the subject; a công văn has "Kính gửi:" instead.
  sheet.gap(14);
  if (d.typeName) {
    sheet.text(upper(d.typeName), { size: 14, style: 'bold', align: 'center', after: 0 });
    sheet.columns([{ x: sheet.left, width: sheet.width, items: [{ text: d.subject, size: 14, style: 'bold', rule: 'third' }] }]);
    sheet.gap(12);
  } else if (d.addressees.length > 0) {
    const dearW = textWidth(`${DEAR} `, 'regular', 14);
    if (d.addressees.length === 1) sheet.text(`${DEAR} ${d.addressees[0]}`, { size: 14, align: 'center', after: 10 });
    else {
      sheet.text(DEAR, { size: 14, x: sheet.left + sheet.width * 0.2, after: 0 });
      for (const a of d.addressees) sheet.text(`- ${a};`, { size: 14, x: sheet.left + sheet.width * 0.2 + dearW, width: sheet.width * 0.8 - dearW });
      sheet.gap(10);
    }
  }

  // Ô 6: the body, justified, first lines indented 1 cm.
  for (const paragraph of d.body.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '')) {
    sheet.text(paragraph, { size: 14, align: 'justify', indent: 28, after: 6 });
  }

  // Ô 7 and 9 at the foot of the last page, around the signature's fixed place.
  const sigX = geo.width - SIGNATURE_BOX.right - SIGNATURE_BOX.width;
  const sigTop = SIGNATURE_BOX.bottom + SIGNATURE_BOX.height;
  const authority: BlockItem[] = [
    ...(d.capacity ? [{ text: upper(d.capacity), size: 13, style: 'bold' as const }] : []),
    { text: upper(d.signerTitle), size: 13, style: 'bold' },
  ];
  const recipientsW = sigX - sheet.left - 10;
  const recipients: BlockItem[] = [
    { text: RECIPIENTS_LABEL, size: 12, style: 'bold', align: 'left' },
    ...d.recipients.map((r): BlockItem => ({ text: r, size: 11, align: 'left' })),
  ];
  const top = Math.max(sigTop + sheet.blockHeight(authority, SIGNATURE_BOX.width) + 4, QR_TOP + sheet.blockHeight(recipients, recipientsW));
  if (sheet.y - 12 < top) sheet.newPage();
  sheet.y = top;
  sheet.columns([
    { x: sheet.left, width: recipientsW, items: recipients },
    { x: sigX, width: SIGNATURE_BOX.width, items: authority },
  ]);
  // The name under the signature, inside the bottom margin (the signature's place is fixed by the signer).
  geo.margin.bottom = 24;
  sheet.y = SIGNATURE_BOX.bottom - 2;
  sheet.columns([{ x: sigX, width: SIGNATURE_BOX.width, items: [{ text: d.signerName, size: 13, style: 'bold' }] }]);
  const pdf = await sheet.save();
  // Fields go on page 1 (the number and date stand there); added after drawing, the file has no signature yet.
  return addFillableFields(pdf, fields);
}
