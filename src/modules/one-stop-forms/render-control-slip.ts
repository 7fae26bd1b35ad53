/** Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over of the record. */
import { formatHourMinuteDay } from './domain/format.ts';
import { APPLICANT, CONTINUED, CONTROL, PAGE, RECEIPT } from './domain/texts.ts';
import type { ControlSlipInput } from './domain/types.ts';
import { Check, checkAgency, checkApplicant, trackingUrl } from './domain/validate.ts';
import { codeBlock, field, header, title } from './pdf/parts.ts';
import { geometry, Sheet } from '../../platform/pdf/sheet.ts';
import type { Rich } from '../../platform/pdf/text.ts';

function check(input: ControlSlipInput): void {
  const c = new Check();
  checkAgency(c, input.agency);
  c.text(input.documentNumber, 'documentNumber');
  c.required(input.recordCode, 'recordCode');
  if (input.publicUrl) c.url(input.publicUrl, 'publicUrl');
  c.date(input.issuedAt, 'issuedAt');
  checkApplicant(c, input.applicant);
  c.required(input.procedureName, 'procedureName');
  c.date(input.receivedAt, 'receivedAt');
  c.date(input.dueAt, 'dueAt', true);
  c.list(input.handOvers, 'handOvers');
  input.handOvers.forEach((h, i) => {
    c.required(h?.from, `handOvers.${i}.from`);
    c.required(h.to, `handOvers.${i}.to`);
    c.date(h.at, `handOvers.${i}.at`, true);
    c.text(h.giver, `handOvers.${i}.giver`);
    c.text(h.taker, `handOvers.${i}.taker`);
    c.text(h.note, `handOvers.${i}.note`);
  });
}

const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : '……………');

export async function renderControlSlip(input: ControlSlipInput): Promise<Uint8Array> {
  check(input);
  const code = input.recordCode.trim();
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: `${CONTROL.title} ${code}`,
    subject: input.procedureName,
    author: input.agency.name,
    createdAt: input.issuedAt,
    pageLabel: PAGE,
  });
  sheet.continuation = `${APPLICANT.recordCode} ${code} ${CONTINUED}`;
  const size = sheet.pt(8.2);

  header(sheet, { agency: input.agency, date: input.issuedAt, number: input.documentNumber });
  title(sheet, CONTROL.title);
  codeBlock(sheet, code, input.publicUrl ? trackingUrl(input.publicUrl, code) : null);
  sheet.text([{ text: `${CONTROL.attached} ${APPLICANT.mr_mrs} ` }, { text: input.applicant.name.trim(), style: 'bold' }], { size });
  sheet.text(field(APPLICANT.request, input.procedureName), { size });
  sheet.text(field(CONTROL.receivedAt, formatHourMinuteDay(input.receivedAt)), { size });
  sheet.text(field(CONTROL.dueAt, input.dueAt ? formatHourMinuteDay(input.dueAt) : RECEIPT.timeBlank), { size, after: sheet.pt(4) });

  const rows = input.handOvers.map((h, i): Rich[] => [
    String(i + 1),
    [{ text: `${CONTROL.give} `, style: 'italic' }, { text: `${h.from.trim()}\n` }, { text: `${CONTROL.take} `, style: 'italic' }, { text: h.to.trim() }],
    h.at ? formatHourMinuteDay(h.at).replace(', ', ',\n') : CONTROL.timeBlank,
    [{ text: `${CONTROL.giver} `, style: 'italic' }, { text: `${blank(h.giver)}\n` }, { text: `${CONTROL.taker} `, style: 'italic' }, { text: blank(h.taker) }],
    h.result ? CONTROL.results[h.result] : '',
    h.note?.trim() ?? '',
  ]);
  const c = CONTROL.columns;
  sheet.table(
    [
      { header: c.number, weight: 6, align: 'center' },
      { header: c.agencies, weight: 26 },
      { header: c.time, weight: 20, align: 'center' },
      { header: c.people, weight: 22 },
      { header: c.result, weight: 14, align: 'center' },
      { header: c.note, weight: 12 },
    ],
    rows,
    { size: sheet.pt(7.2), headerSize: sheet.pt(7) },
  );
  return sheet.save();
}
