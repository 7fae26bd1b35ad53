/** The frame of an agency's letter to the applicant (Mẫu 04, 05): "Kính gửi", body paragraphs, "Nơi nhận". */
import { APPLICANT, DEAR, DEFAULT_RECIPIENTS, PAGE } from '../domain/texts.ts';
import type { Applicant, RecordLetterBase, Signer } from '../domain/types.ts';
import { header, recipientsAndSigner, title } from './parts.ts';
import { geometry, Sheet } from '../../../platform/pdf/sheet.ts';
import type { Rich } from '../../../platform/pdf/text.ts';

export interface Letter {
  sheet: Sheet;
  /** A body paragraph: justified, first line indented. */
  paragraph(text: Rich): void;
  finish(signer: Signer, recipients: string[] | undefined): Promise<Uint8Array>;
}

export async function startLetter(input: RecordLetterBase, formTitle: string): Promise<Letter> {
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A5'), {
    title: input.recordCode ? `${formTitle} ${input.recordCode.trim()}` : formTitle,
    subject: input.procedureName,
    author: input.agency.name,
    createdAt: input.issuedAt,
    pageLabel: PAGE,
  });
  if (input.recordCode?.trim()) sheet.continuation = `${APPLICANT.recordCode} ${input.recordCode.trim()}`;
  const size = sheet.pt(8.5);
  header(sheet, { agency: input.agency, date: input.issuedAt, number: input.documentNumber ?? null });
  title(sheet, formTitle, sheet.pt(4));
  dear(sheet, input.applicant, size);
  return {
    sheet,
    paragraph: (text) => sheet.text(text, { size, align: 'justify', indent: sheet.pt(18), after: sheet.pt(2.5) }),
    finish: async (signer, recipients) => {
      recipientsAndSigner(sheet, recipients ?? DEFAULT_RECIPIENTS, signer);
      return sheet.save();
    },
  };
}

function dear(sheet: Sheet, a: Applicant, size: number): void {
  sheet.text([{ text: `${DEAR} ${APPLICANT.mr_mrs.replace(/:$/, '')} ` }, { text: a.name.trim(), style: 'bold' }], { size, align: 'center', after: sheet.pt(1) });
  const contact = [a.address?.trim() ? `${APPLICANT.address} ${a.address.trim()}` : '', a.phone?.trim() ? `${APPLICANT.phone} ${a.phone.trim()}` : ''].filter(Boolean).join('; ');
  if (contact) sheet.text(contact, { size: sheet.pt(7.8), align: 'center', balanced: true });
  sheet.gap(sheet.pt(6));
}
