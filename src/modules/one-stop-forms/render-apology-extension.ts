/** Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (a late record: why, and the new date). */
import { formatHourMinuteDay } from './domain/format.ts';
import { APOLOGY } from './domain/texts.ts';
import type { ApologyExtensionInput } from './domain/types.ts';
import { Check, checkLetter, checkSigner } from './domain/validate.ts';
import { field, labelled } from './pdf/parts.ts';
import { startLetter } from './pdf/letter.ts';

function check(input: ApologyExtensionInput): void {
  const c = new Check();
  checkLetter(c, input);
  c.required(input.recordCode, 'recordCode');
  c.date(input.receivedAt, 'receivedAt');
  c.date(input.dueAt, 'dueAt');
  c.required(input.reason, 'reason');
  c.date(input.newDueAt, 'newDueAt');
  checkSigner(c, input.signer, input.recipients);
}

export async function renderApologyExtension(input: ApologyExtensionInput): Promise<Uint8Array> {
  check(input);
  const agency = input.agency.name.trim();
  const letter = await startLetter(input, APOLOGY.title);
  letter.paragraph(APOLOGY.received(agency, formatHourMinuteDay(input.receivedAt), input.procedureName.trim()));
  letter.paragraph(labelled(APOLOGY.code, input.recordCode.trim()));
  letter.paragraph(field(APOLOGY.dueAt, formatHourMinuteDay(input.dueAt)));
  letter.paragraph(APOLOGY.late(agency));
  letter.paragraph(field(APOLOGY.reason, input.reason));
  letter.paragraph(APOLOGY.sorry(agency));
  letter.paragraph(labelled(APOLOGY.newDue, formatHourMinuteDay(input.newDueAt)));
  letter.paragraph(APOLOGY.closing);
  return letter.finish(input.signer, input.recipients);
}
