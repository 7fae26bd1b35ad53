/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons. */
import { APPLICANT, PAGE, REFUSAL } from './domain/texts.ts';
import type { RefusalInput } from './domain/types.ts';
import { Check, checkLetter } from './domain/validate.ts';
import { header, labelled, requestIntro, signatures, title } from './pdf/parts.ts';
import { geometry, Sheet } from '../../platform/pdf/sheet.ts';

function check(input: RefusalInput): void {
  const c = new Check();
  checkLetter(c, input);
  c.text(input.desk, 'desk');
  c.list(input.reasons, 'reasons', undefined, 1);
  input.reasons.forEach((r, i) => c.required(r, `reasons.${i}`));
  c.required(input.official, 'official');
}

export async function renderRefusal(input: RefusalInput): Promise<Uint8Array> {
  check(input);
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: input.recordCode ? `${REFUSAL.title} ${input.recordCode.trim()}` : REFUSAL.title,
    subject: input.procedureName,
    author: input.agency.name,
    createdAt: input.issuedAt,
    pageLabel: PAGE,
  });
  const size = sheet.pt(8.2);
  const after = sheet.pt(2);
  const desk = input.desk?.trim() || input.agency.name.trim();
  if (input.recordCode?.trim()) sheet.continuation = `${APPLICANT.recordCode} ${input.recordCode.trim()}`;

  header(sheet, { agency: input.agency, date: input.issuedAt, number: input.documentNumber ?? null });
  title(sheet, REFUSAL.title);
  if (input.recordCode?.trim()) sheet.text(labelled(APPLICANT.recordCode, input.recordCode.trim()), { size: sheet.pt(9), align: 'center', after: sheet.pt(4) });

  requestIntro(sheet, { desk, applicant: input.applicant, procedureName: input.procedureName, size });
  sheet.text(REFUSAL.decision(desk), { size, after });
  if (input.reasons.length === 1) sheet.text(`- ${input.reasons[0]!.trim()}`, { size, after });
  else input.reasons.forEach((r, i) => sheet.item(`${i + 1}.`, r.trim(), { size, after }));
  sheet.text(REFUSAL.closing, { size, after });

  signatures(sheet, null, { heading: [REFUSAL.officialSigns], name: input.official });
  return sheet.save();
}
