/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, listing everything missing at once. */
import { APPLICANT, COMPONENTS, PAGE, SUPPLEMENT } from './domain/texts.ts';
import type { SupplementRequestInput } from './domain/types.ts';
import { Check, checkComponents, checkLetter } from './domain/validate.ts';
import { field, header, labelled, requestIntro, signatures, title } from './pdf/parts.ts';
import { geometry, Sheet } from '../../platform/pdf/sheet.ts';
import type { Rich } from '../../platform/pdf/text.ts';

function check(input: SupplementRequestInput): void {
  const c = new Check();
  checkLetter(c, input);
  c.text(input.desk, 'desk');
  c.list(input.missing, 'missing', undefined, 1);
  checkComponents(c, input.missing, 'missing');
  input.missing.forEach((m, i) => c.text(m.detail, `missing.${i}.detail`));
  c.text(input.reason, 'reason');
  c.text(input.guidance, 'guidance');
  c.required(input.contact?.name, 'contact.name');
  c.text(input.contact.phone, 'contact.phone');
  c.required(input.official, 'official');
}

export async function renderSupplementRequest(input: SupplementRequestInput): Promise<Uint8Array> {
  check(input);
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: input.recordCode ? `${SUPPLEMENT.title} ${input.recordCode.trim()}` : SUPPLEMENT.title,
    subject: input.procedureName,
    author: input.agency.name,
    createdAt: input.issuedAt,
    pageLabel: PAGE,
  });
  const size = sheet.pt(8.2);
  const after = sheet.pt(2);
  if (input.recordCode?.trim()) sheet.continuation = `${APPLICANT.recordCode} ${input.recordCode.trim()}`;

  header(sheet, { agency: input.agency, date: input.issuedAt, number: input.documentNumber ?? null });
  title(sheet, SUPPLEMENT.title);
  if (input.recordCode?.trim()) sheet.text(labelled(APPLICANT.recordCode, input.recordCode.trim()), { size: sheet.pt(9), align: 'center', after: sheet.pt(4) });

  requestIntro(sheet, { desk: input.desk?.trim() || input.agency.name, applicant: input.applicant, procedureName: input.procedureName, size });
  sheet.text(SUPPLEMENT.intro, { size, after });
  const count = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  sheet.table(
    [
      { header: COMPONENTS.number, weight: 7, align: 'center' },
      { header: COMPONENTS.reason, weight: 63 },
      { header: COMPONENTS.originals, weight: 15, align: 'center' },
      { header: COMPONENTS.copies, weight: 15, align: 'center' },
    ],
    input.missing.map((m, i): Rich[] => [
      String(i + 1),
      m.detail?.trim() ? [{ text: m.name }, { text: `\n${m.detail.trim()}`, style: 'italic' }] : m.name,
      count(m.originals),
      count(m.copies),
    ]),
    { size: sheet.pt(7.8) },
  );
  sheet.gap(sheet.pt(3));
  if (input.reason?.trim()) sheet.text(field(SUPPLEMENT.reason, input.reason), { size, after });
  if (input.guidance?.trim()) sheet.text(field(SUPPLEMENT.guidance, input.guidance), { size, after });
  sheet.text(SUPPLEMENT.contact(input.contact.name.trim(), input.contact.phone?.trim() ?? ''), { size, after });
  sheet.text(SUPPLEMENT.apology, { size, after });

  signatures(sheet, null, { heading: [SUPPLEMENT.officialSigns], name: input.official });
  return sheet.save();
}
